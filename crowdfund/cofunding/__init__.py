"""Institutional co-funding (the 3x1 model): communes, regions and ministries commit their share."""
