"""Benchmarks for syncer (not part of the installed package)."""
