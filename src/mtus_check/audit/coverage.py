"""Which disputed items no rule covers, by service: the next rules to write."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from mtus_check.audit.predict import letter_verdicts
from mtus_check.engine import Engine
from mtus_check.letters.reader import read_letters


@dataclass
class Coverage:
    letters: int = 0
    unreadable: int = 0
    items: int = 0
    covered: int = 0
    uncovered: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def share(self) -> float | None:
        return self.covered / self.items if self.items else None


def coverage(engine: Engine, paths: list[Path], as_of: dt.date | None = None, examples: int = 3) -> Coverage:
    """Count items with and without an applicable rule, over every letter under `paths`."""
    out = Coverage()
    for letter in read_letters(paths, engine.pack.reading):
        out.letters += 1
        if not letter.ok:
            out.unreadable += 1
            continue
        for item, (verdict, _) in zip(letter.items, letter_verdicts(letter, engine, as_of), strict=True):
            out.items += 1
            service = (item.request and engine.pack.vocabulary.services.lookup(item.request.service)) or "unclassified"
            if verdict is not None and verdict.verdict != "no-guideline":
                out.covered += 1
                continue
            out.uncovered[service] += 1
            shown = out.examples.setdefault(service, [])
            if len(shown) < examples:
                shown.append(item.request_text)
    return out
