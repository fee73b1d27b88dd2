"""The api domain."""
