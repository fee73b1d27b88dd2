"""Uploaded files: validated by content, stored privately under random names."""
