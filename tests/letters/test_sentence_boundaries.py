"""The reader's sentence splitter ends sentences where a person marks them
(tests/letters/cases/sentence_boundaries*.yaml, three writers): after a sentence's end mark, not after a title,
an initial, a citation's page or a dose's shorthand; the cases it is known to miss are strict
xfails, so a fix shows."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from mtus_check.bench.sentences import SPLITTERS, gold_starts, load_cases, split_starts
from mtus_check.letters.boundaries import spans

CASES: list[dict[str, Any]] = [
    case
    for name in ("sentence_boundaries.yaml", "sentence_boundaries_heldout.yaml", "sentence_boundaries_round3.yaml")
    for case in load_cases(Path(__file__).parent / "cases" / name)
]
SPLIT = SPLITTERS["mtus-check"]()


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c["known_miss"])) if c.get("known_miss") else c
        for c in CASES
    ],
    ids=[f"{i + 1}-{c['kind']}" for i, c in enumerate(CASES)],
)
def test_sentences_end_where_marked(case: dict[str, Any]) -> None:
    text = case["text"]
    assert split_starts(text, SPLIT(text)) == gold_starts(text, case["sentences"])


def test_the_marked_sentences_are_the_whole_text_in_order() -> None:
    """A case marks every word of its text once (a mistyped sentence would test nothing)."""
    for case in CASES:
        assert "".join("".join(case["sentences"]).split()) == "".join(case["text"].split()), case["text"]


def test_the_splitter_keeps_every_character_once_in_order() -> None:
    """Each sentence ends before the next starts, and only spaces fall between them: no word, bullet
    or closing quote is dropped or read twice (the boundaries above are compared by starts only)."""
    for case in CASES:
        text, spans = case["text"], SPLIT(case["text"])
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start and not text[end:start].strip(), (text, text[end:start])
        kept = "".join(text[start:end] for start, end in spans)
        assert "".join(kept.split()) == "".join(text.split()), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Transition to a home program. Not met. No program is described.",
            ["Transition to a home program. Not met.", "No program is described."],
        ),
        ("Duration of symptoms. Met; pain began in March.", ["Duration of symptoms. Met; pain began in March."]),
        ("She saw the surgeon. Met with him twice since.", ["She saw the surgeon.", "Met with him twice since."]),
    ],
)
def test_a_criterions_verdict_told_alone_stays_with_the_criterion(text: str, expected: list[str]) -> None:
    """'X. Not met.' is X's verdict: split off, it would leave the criterion read as the record's."""
    assert [text[a:b].strip() for a, b in spans(text)] == expected
