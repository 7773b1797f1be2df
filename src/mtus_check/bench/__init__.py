"""Benchmarks, each beside an anchor it is measured against. Run: python -m mtus_check.bench

Numbers go in notes and the README, never in unit tests (machines are noisy).
"""

from mtus_check.bench.common import generate

__all__ = ["generate"]
