"""Synthetic letters and PDFs with known ground truth, for benchmarks and tests."""
