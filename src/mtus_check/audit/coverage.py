"""Which disputed items no rule covers, by service: the next rules to write."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mtus_check.audit import corpus
from mtus_check.audit.pool import Lost
from mtus_check.audit.predict import letter_verdicts
from mtus_check.letters.reader import read_letter

# per letter: None when it could not be read, else (service, covered, request text) per item
LetterCoverage = list[tuple[str, bool, str]] | None


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


def _letter(path: str) -> LetterCoverage:
    """One letter's items, each with its service and whether a rule applies (worker side)."""
    (engine,) = corpus.engines()
    letter = read_letter(Path(path), engine.pack.reading)
    if not letter.ok:
        return None
    out = []
    for item, (verdict, _) in zip(letter.items, letter_verdicts(letter, engine, corpus.as_of()), strict=True):
        service = (item.request and engine.pack.vocabulary.services.lookup(item.request.service)) or "unclassified"
        out.append((service, verdict is not None and verdict.verdict != "no-guideline", item.request_text))
    return out


def coverage(
    rules: Path | None,
    paths: list[Path],
    as_of: dt.date | None = None,
    examples: int = 3,
    workers: int = 1,
    on_letter: Callable[[int, int], None] | None = None,
) -> Coverage:
    """Count items with and without an applicable rule, over every letter under `paths`."""
    out = Coverage()
    for _, found in corpus.map_letters(paths, [rules], _letter, workers, as_of, on_letter):
        out.letters += 1
        if found is None or isinstance(found, Lost):
            out.unreadable += 1
            continue
        for service, covered, request_text in found:
            out.items += 1
            if covered:
                out.covered += 1
                continue
            out.uncovered[service] += 1
            shown = out.examples.setdefault(service, [])
            if len(shown) < examples:
                shown.append(request_text)
    return out
