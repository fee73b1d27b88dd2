"""Matching funds: sponsors who add to what the diaspora gives, by a ratio, within caps."""
