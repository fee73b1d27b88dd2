"""Benchmarks of Twiza on PostgreSQL: `python -m bench <benchmark>` (`make bench` runs them all).

Each benchmark merges its figures into bench/results.json under its own name
and rewrites bench/results.md, the Markdown table of every benchmark's runs.
"""
