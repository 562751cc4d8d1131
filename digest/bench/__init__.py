"""Benchmarks: scripts that print figures (``python -m digest.bench NAME``); never timed tests."""
