"""The review domain."""
