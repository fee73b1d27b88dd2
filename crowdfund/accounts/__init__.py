"""Accounts: registration, login, two-factor authentication, roles."""
