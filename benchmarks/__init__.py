"""Benchmarks at network scale (`make bench`); never run by the test suite."""
