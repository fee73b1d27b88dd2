"""Notifications: messages sent to people, in their own language."""
