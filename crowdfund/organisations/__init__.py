"""Organisations: communes, associations and cooperatives that own projects."""
