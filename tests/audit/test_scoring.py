"""Scoring: the resampled intervals are those of resampling the items themselves."""

from __future__ import annotations

import random

from mtus_check.audit import scoring
from mtus_check.audit.scoring import Scored, score


def _items() -> list[Scored]:
    rng = random.Random(11)
    out = []
    for letter in range(40):
        for _ in range(rng.randint(1, 4)):
            actual = "overturned" if rng.random() < 0.25 else "upheld"
            predicted = rng.choice(["overturned", "upheld", None])
            out.append(Scored(letter=f"L{letter}", predicted=predicted, actual=actual, verdict="certify"))
    return out


def _percentiles_by_resampling_items(items: list[Scored]) -> list[tuple[float | None, float | None]]:
    """The plain way: draw letters, gather their items, compute each metric on the items."""
    letters: dict[str, list[Scored]] = {}
    for i in items:
        letters.setdefault(i.letter, []).append(i)
    by_letter = list(letters.values())
    metrics = [scoring.balanced_accuracy, scoring.certify_precision, scoring.certify_recall, scoring.accuracy]
    rng = random.Random(scoring.BOOTSTRAP_SEED)
    samples: list[list[float]] = [[] for _ in metrics]
    for _ in range(scoring.BOOTSTRAP_SAMPLES):
        drawn = [i for _ in by_letter for i in by_letter[rng.randrange(len(by_letter))]]
        for values, metric in zip(samples, metrics, strict=True):
            value = metric(drawn)
            if value is not None:
                values.append(value)
    out: list[tuple[float | None, float | None]] = []
    for values in samples:
        values.sort()
        out.append((values[int(0.025 * (len(values) - 1))], values[int(0.975 * (len(values) - 1))]))
    return out


def test_intervals_equal_resampling_the_items() -> None:
    items = _items()
    got = score(items)
    intervals = [got.balanced_accuracy, got.certify_precision, got.certify_recall, got.accuracy]
    assert [(i.low, i.high) for i in intervals] == _percentiles_by_resampling_items(items)
