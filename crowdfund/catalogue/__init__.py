"""The catalogue domain."""
