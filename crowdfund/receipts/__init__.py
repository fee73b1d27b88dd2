"""Receipts for captured pledges, numbered per year, and each donor's annual giving statement."""
