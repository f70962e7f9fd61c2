"""The demo dataset: real facts from the source documents plus simulated values."""
