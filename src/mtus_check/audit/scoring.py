"""How well predictions match reviewers' decisions, scored the same way everywhere.

The headline is balanced accuracy over every item, an item with no prediction counted as a
prediction of "upheld" (the base rate is about 9 upheld in 10, so plain agreement rewards
answering "upheld" every time; balanced accuracy does not). Beside it: the always-upheld
baseline on the same items (0.5 by construction), the precision and recall of certify, and a
95% interval for each from resampling whole letters (items of one letter are not independent).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 20261201  # fixed: the same items give the same interval, byte for byte


@dataclass(frozen=True)
class Scored:
    """One item as the scorer sees it."""

    letter: str
    predicted: str | None  # "overturned", "upheld" or None (no prediction)
    actual: str  # "overturned" or "upheld"
    verdict: str = ""


@dataclass(frozen=True)
class Interval:
    value: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Score:
    """Counts and rates over a set of items, with letter-bootstrap intervals."""

    items: int
    letters: int
    overturned: int
    upheld: int
    verdicts: Mapping[str, int]
    balanced_accuracy: Interval
    certify_precision: Interval
    certify_recall: Interval
    accuracy: Interval
    always_upheld_accuracy: float | None
    certified: int = 0
    certified_right: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def always_upheld_balanced_accuracy(self) -> float | None:
        """Always answering "upheld" finds every upheld item and no overturned one: 0.5."""
        return 0.5 if self.items else None

    def as_json(self) -> dict[str, Any]:
        def iv(i: Interval) -> dict[str, float | None]:
            return {"value": _round(i.value), "low": _round(i.low), "high": _round(i.high)}

        return {
            "items": self.items,
            "letters": self.letters,
            "overturned": self.overturned,
            "upheld": self.upheld,
            "verdicts": dict(sorted(self.verdicts.items())),
            "balanced_accuracy": iv(self.balanced_accuracy),
            "always_upheld_balanced_accuracy": self.always_upheld_balanced_accuracy,
            "accuracy": iv(self.accuracy),
            "always_upheld_accuracy": _round(self.always_upheld_accuracy),
            "certify_precision": iv(self.certify_precision),
            "certify_recall": iv(self.certify_recall),
            "certified": self.certified,
            "certified_right": self.certified_right,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


Counts = tuple[int, int, int, int]


def _counts(items: Sequence[Scored]) -> Counts:
    """(true certify, false certify, overturned not found, upheld rightly): no prediction = upheld."""
    tp = fp = fn = tn = 0
    for i in items:
        said_over = i.predicted == "overturned"
        if i.actual == "overturned":
            tp, fn = tp + said_over, fn + (not said_over)
        else:
            fp, tn = fp + said_over, tn + (not said_over)
    return tp, fp, fn, tn


# each metric is a function of the four counts: a resample adds up its letters' counts
def _balanced_accuracy(c: Counts) -> float | None:
    tp, fp, fn, tn = c
    if tp + fn == 0 or tn + fp == 0:
        return None  # one class absent: balanced accuracy is undefined
    return (tp / (tp + fn) + tn / (tn + fp)) / 2


def _certify_precision(c: Counts) -> float | None:
    tp, fp, _, _ = c
    return tp / (tp + fp) if tp + fp else None


def _certify_recall(c: Counts) -> float | None:
    tp, _, fn, _ = c
    return tp / (tp + fn) if tp + fn else None


def _accuracy(c: Counts) -> float | None:
    tp, fp, fn, tn = c
    total = tp + fp + fn + tn  # every item is counted in exactly one of the four
    return (tp + tn) / total if total else None


def balanced_accuracy(items: Sequence[Scored]) -> float | None:
    return _balanced_accuracy(_counts(items))


def certify_precision(items: Sequence[Scored]) -> float | None:
    return _certify_precision(_counts(items))


def certify_recall(items: Sequence[Scored]) -> float | None:
    return _certify_recall(_counts(items))


def accuracy(items: Sequence[Scored]) -> float | None:
    return _accuracy(_counts(items))


Metric = Callable[[Counts], float | None]


def _bootstrap(by_letter: list[list[Scored]], metrics: Sequence[Metric]) -> list[tuple[float | None, float | None]]:
    """2.5th and 97.5th percentiles of each metric over letter resamples (seeded: deterministic)."""
    rng = random.Random(BOOTSTRAP_SEED)
    samples: list[list[float]] = [[] for _ in metrics]
    per_letter = [_counts(items) for items in by_letter]
    n = len(by_letter)
    for _ in range(BOOTSTRAP_SAMPLES if n else 0):
        tp = fp = fn = tn = 0
        for _ in range(n):
            a, b, c, d = per_letter[rng.randrange(n)]
            tp, fp, fn, tn = tp + a, fp + b, fn + c, tn + d
        for values, metric in zip(samples, metrics, strict=True):
            value = metric((tp, fp, fn, tn))
            if value is not None:
                values.append(value)
    bounds: list[tuple[float | None, float | None]] = []
    for values in samples:
        if len(values) < BOOTSTRAP_SAMPLES // 2:
            bounds.append((None, None))  # mostly undefined: no honest interval
            continue
        values.sort()
        bounds.append((values[int(0.025 * (len(values) - 1))], values[int(0.975 * (len(values) - 1))]))
    return bounds


def score(items: Iterable[Scored]) -> Score:
    """Score items (one letter's items stay together when resampling)."""
    listed = list(items)
    letters: dict[str, list[Scored]] = {}
    for i in listed:
        letters.setdefault(i.letter, []).append(i)
    metrics: list[Metric] = [_balanced_accuracy, _certify_precision, _certify_recall, _accuracy]
    bounds = _bootstrap(list(letters.values()), metrics)
    counts = _counts(listed)
    intervals = [Interval(m(counts), lo, hi) for m, (lo, hi) in zip(metrics, bounds, strict=True)]
    tp, fp, _, _ = counts
    upheld = sum(i.actual == "upheld" for i in listed)
    verdicts: dict[str, int] = {}
    for i in listed:
        verdicts[i.verdict] = verdicts.get(i.verdict, 0) + 1
    return Score(
        items=len(listed),
        letters=len(letters),
        overturned=len(listed) - upheld,
        upheld=upheld,
        verdicts=verdicts,
        balanced_accuracy=intervals[0],
        certify_precision=intervals[1],
        certify_recall=intervals[2],
        accuracy=intervals[3],
        always_upheld_accuracy=upheld / len(listed) if listed else None,
        certified=tp + fp,
        certified_right=tp,
    )


def scored_from_records(records: Iterable[Mapping[str, Any]], key: str = "predicted") -> list[Scored]:
    """Items of items.jsonl to score: duplicates left out (a letter read twice counts once)."""
    return [
        Scored(letter=r["letter_id"], predicted=r.get(key), actual=r["actual"], verdict=r.get("verdict") or "")
        for r in records
        if not r.get("duplicate_of")
    ]
