"""Sentence splitters compared: the reader's own (letters/sentences.py) against the clinical
splitters medspaCy ships, PyRuSH (medspaCy's rules) and pySBD, on sentence boundaries marked by
hand (tests/letters/cases/sentence_boundaries*.yaml, three writers) and on speed over a folder
of letters.

This is how the reader's splitter was chosen, and how to check the choice again: a splitter
that finds more of the marked boundaries without false ones, at a speed the audit can bear,
replaces it behind letters/sentences.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

Splitter = Callable[[str], list[tuple[int, int]]]  # a text -> its sentences' (start, end)


def _ours() -> Splitter:
    from mtus_check.letters import sentences

    # the splitter itself, without the cache the reader keeps of its last texts (timed per pass)
    uncached = sentences._split.__wrapped__

    def split(text: str) -> list[tuple[int, int]]:
        return [(s.start, s.start + len(s.text)) for s in uncached(text, 0, "summary")]

    return split


def _pyrush() -> Splitter:
    import medspacy
    from PyRuSH import RuSH

    rules = Path(medspacy.__file__).resolve().parents[1] / "resources" / "en" / "rush_rules.tsv"
    rush = RuSH(str(rules))

    def split(text: str) -> list[tuple[int, int]]:
        return [(s.begin, s.end) for s in rush.segToSentenceSpans(text)]

    return split


def _pysbd() -> Splitter:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def split(text: str) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in segmenter.segment(text)]

    return split


SPLITTERS: dict[str, Callable[[], Splitter]] = {"mtus-check": _ours, "PyRuSH": _pyrush, "pySBD": _pysbd}


def split_starts(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Where each sentence after the first begins (its first non-space character)."""
    out = set()
    for start, end in spans:
        part = text[start:end]
        out.add(start + len(part) - len(part.lstrip()))
    return out - {min(out, default=0)}


def gold_starts(text: str, marked: list[str]) -> set[int]:
    """The marked sentences' starts in `text`, found in order."""
    out, pos = [], 0
    for sentence in marked:
        at = text.index(sentence, pos)
        out.append(at)
        pos = at + len(sentence)
    return set(out[1:])


def load_cases(path: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load(path.read_text())["cases"]
    return cases


def accuracy(split: Splitter, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Boundary precision and recall over every case, and the cases split exactly as marked."""
    hits = found = marked = exact = 0
    missed: dict[str, int] = {}
    for case in cases:
        gold = gold_starts(case["text"], case["sentences"])
        got = split_starts(case["text"], split(case["text"]))
        hits += len(gold & got)
        found += len(got)
        marked += len(gold)
        exact += gold == got
        if gold != got:
            missed[case["kind"]] = missed.get(case["kind"], 0) + 1
    precision, recall = hits / max(found, 1), hits / max(marked, 1)
    return {
        "boundary_precision": round(precision, 3),
        "boundary_recall": round(recall, 3),
        "boundary_f1": round(2 * precision * recall / max(precision + recall, 1e-9), 3),
        "cases_exact": f"{exact}/{len(cases)}",
        "kinds_missed": dict(sorted(missed.items())),
    }


def _texts(folder: Path) -> list[str]:
    """Every case summary and rationale of the letters in `folder`, as the reader splits them."""
    from mtus_check.letters import parse_text

    out = []
    for path in sorted(folder.glob("*.txt")):
        letter = parse_text(path.read_text(errors="replace"), source=str(path))
        out += [letter.summary or "", *(item.rationale or "" for item in letter.items)]
    return [t for t in out if t]


def speed(split: Splitter, texts: list[str], rounds: int) -> float:
    """Characters split per CPU second, best of `rounds` passes."""
    chars, best = sum(map(len, texts)), float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for text in texts:
            split(text)
        best = min(best, time.process_time() - started)
    return round(chars / max(best, 1e-9))


def compare(cases_paths: list[Path], folder: Path | None, rounds: int = 3) -> dict[str, Any]:
    """Each splitter's accuracy on the marked boundaries and, with `folder`, its speed."""
    cases = [case for path in cases_paths for case in load_cases(path)]
    texts = _texts(folder) if folder is not None else []
    out: dict[str, Any] = {"cases": len(cases), "boundaries": sum(len(c["sentences"]) - 1 for c in cases)}
    for name, make in SPLITTERS.items():
        split = make()
        row = accuracy(split, cases)
        if texts:
            row["chars_per_cpu_s"] = speed(split, texts, rounds)
        out.update({f"{name} {key}": value for key, value in row.items()})
    return out
