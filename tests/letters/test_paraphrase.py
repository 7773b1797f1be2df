"""The same case in other words reads the same: a case summary told in other clinical words
(tests/letters/cases/paraphrase.yaml), or with its sentences in another order, gives every
item the same facts (and the held-out set paraphrase_heldout.yaml, written before the reader was run
on it, and the later sets paraphrase_heldout2.yaml to paraphrase_heldout5.yaml); an item's rationale told
in other reviewer words (tests/letters/cases/rationale_paraphrase.yaml, and the held-out sets
rationale_heldout.yaml to rationale_heldout5.yaml, each written before the reader was run on it)
gives the same reviewer findings; a request written the ways RFAs and letters write it
(tests/letters/cases/request_paraphrase.yaml) reads to the same request. Like the re-wrapping test,
this checks the reader generalizes rather than fits the sentences it was written against."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from mtus_check.letters import ParsedLetter, parse_text, read_letter
from mtus_check.letters.free_text import read_request_text
from mtus_check.letters.normalize import normalize
from mtus_check.letters.sentences import sentences
from mtus_check.rules.loader import RulePack
from tests.conftest import FIXTURES

LETTERS = sorted((FIXTURES / "letters").rglob("*.txt"))
CASES = Path(__file__).parent / "cases"
GROUPS: list[dict[str, Any]] = yaml.safe_load((CASES / "paraphrase.yaml").read_text())["groups"]
# written blind, before the reader was run on them: how it reads case summaries it was not written against
# (paraphrase_heldout2.yaml and paraphrase_heldout4.yaml: the drug items; paraphrase_heldout3.yaml and
# paraphrase_heldout5.yaml: studies and therapies)
HELDOUT_GROUPS: list[dict[str, Any]] = [
    group
    for name in (
        "paraphrase_heldout.yaml",
        "paraphrase_heldout2.yaml",
        "paraphrase_heldout3.yaml",
        "paraphrase_heldout4.yaml",
        "paraphrase_heldout5.yaml",
        "paraphrase_heldout6.yaml",
        "paraphrase_heldout7.yaml",  # the drug items, set 7
    )
    for group in yaml.safe_load((CASES / name).read_text())["groups"]
]
RATIONALE_GROUPS: list[dict[str, Any]] = yaml.safe_load((CASES / "rationale_paraphrase.yaml").read_text())["groups"]
# written blind, before the reader was run on them: how it reads reviewer English it was not written against
HELDOUT_RATIONALE_GROUPS: list[dict[str, Any]] = [
    group
    for name in (
        "rationale_heldout.yaml",
        "rationale_heldout2.yaml",
        "rationale_heldout3.yaml",
        "rationale_heldout4.yaml",
        "rationale_heldout5.yaml",
    )
    for group in yaml.safe_load((CASES / name).read_text())["groups"]
]


def _facts(letter: ParsedLetter) -> list[dict[str, Any]]:
    """Each item's facts; a list (the drugs taken) as a set: the order they are told in is not a fact."""
    return [
        {name: sorted(f.value) if isinstance(f.value, list) else f.value for name, f in item.facts.items()}
        for item in letter.items
    ]


def _with_summary(text: str, summary: str, new: str) -> str:
    """The letter `text` with its case summary (`summary`, as parsed: lines joined) replaced
    (or any other section: an item's rationale)."""
    # a word broken at its hyphen over lines ("4-" / "6") is read joined
    words = (re.escape(w).replace(r"\-", r"-\s*") for w in summary.split())
    found = re.search(r"\s+".join(words), text)
    assert found is not None, "the parsed section is not in the letter's text"
    return text[: found.start()] + new + text[found.end() :]


def _findings(letter: ParsedLetter, index: int) -> dict[str, Any]:
    """Item `index`'s reviewer findings (name -> value)."""
    return {name: f.value for name, f in letter.items[index - 1].reviewer_findings.items()}


def _differences(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        f"item {i}: {name}": (x.get(name), y.get(name))
        for i, (x, y) in enumerate(zip(a, b, strict=True), 1)
        for name in sorted(set(x) | set(y))
        if x.get(name) != y.get(name)
    }


def _params(groups: list[dict[str, Any]]) -> list[Any]:
    """The groups as test parameters named by their names; a known gap (`gap`: what is not read
    yet) must fail, and when it passes, the group loses its `gap`."""
    return [
        pytest.param(g, marks=pytest.mark.xfail(strict=True, reason=g["gap"]), id=g["name"])
        if "gap" in g
        else pytest.param(g, id=g["name"])
        for g in groups
    ]


@pytest.mark.parametrize("path", LETTERS, ids=[f"{p.parent.name}/{p.stem}" for p in LETTERS])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summary_sentences_in_another_order_read_the_same(pack: RulePack, path: Path, seed: int) -> None:
    text = path.read_text()
    letter = read_letter(path, pack.reading)
    told = [s.text for s in sentences(" ".join(letter.summary.split()), 0, "summary")]
    shuffled = told[:]
    random.Random(seed).shuffle(shuffled)
    relaid = parse_text(_with_summary(text, letter.summary, " ".join(shuffled)), str(path), pack.reading)
    assert _differences(_facts(letter), _facts(relaid)) == {}


@pytest.mark.parametrize("group", _params(GROUPS))
def test_a_summary_told_in_other_words_reads_the_same(pack: RulePack, group: dict[str, Any]) -> None:
    _assert_summaries_read(pack, group)


@pytest.mark.parametrize("group", _params(HELDOUT_GROUPS))
def test_a_held_out_summary_reads_to_its_facts(pack: RulePack, group: dict[str, Any]) -> None:
    _assert_summaries_read(pack, group)


def _assert_summaries_read(pack: RulePack, group: dict[str, Any]) -> None:
    """Every summary of `group`, put in place of its frame's case summary, reads to the group's
    `expect` for each item, and to the same facts as the group's first summary."""
    frame = FIXTURES / "letters" / group["frame"]
    text = frame.read_text()
    summary = read_letter(frame, pack.reading).summary
    read = [
        _facts(parse_text(_with_summary(text, summary, told), str(frame), pack.reading)) for told in group["summaries"]
    ]
    for n, facts in enumerate(read):
        for index, expected in group["expect"].items():
            got = {name: facts[index - 1].get(name) for name in expected}
            assert got == expected, f"summary {n + 1}, item {index}"
        assert _differences(read[0], facts) == {}, f"summary {n + 1} against summary 1"


@pytest.mark.parametrize("group", _params(RATIONALE_GROUPS))
def test_a_rationale_told_in_other_words_reads_the_same_findings(pack: RulePack, group: dict[str, Any]) -> None:
    _assert_rationales_read(pack, group)


@pytest.mark.parametrize("group", _params(HELDOUT_RATIONALE_GROUPS))
def test_a_held_out_rationale_reads_to_its_findings(pack: RulePack, group: dict[str, Any]) -> None:
    _assert_rationales_read(pack, group)


def _assert_rationales_read(pack: RulePack, group: dict[str, Any]) -> None:
    """Every rationale of `group`, put in place of its frame item's rationale, reads to exactly
    the group's findings."""
    frame = FIXTURES / "letters" / group["frame"]
    text = frame.read_text()
    index = group["item"]
    rationale = read_letter(frame, pack.reading).items[index - 1].rationale
    wrong: dict[int, dict[str, Any]] = {}
    for n, given in enumerate(group["rationales"], 1):
        # a rationale may state more than the group's findings (`also`: a fact of the case it retells)
        told, also = (given, {}) if isinstance(given, str) else (given["text"], given.get("also", {}))
        letter = parse_text(_with_summary(text, rationale, " ".join(told.split())), str(frame), pack.reading)
        # read whole, as the letter's text is read: a bullet character is a dash, a curly quote straight
        assert letter.items[index - 1].rationale.split() == normalize(told).split(), f"rationale {n} was not read whole"
        # exactly these: guideline text, a hedge's criterion and the conclusion add none
        if (found := _findings(letter, index)) != {**group["findings"], **also}:
            wrong[n] = found
    assert wrong == {}, f"rationales read otherwise than {group['findings']}"


REQUESTS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "cases" / "request_paraphrase.yaml").read_text()
)["groups"]


@pytest.mark.parametrize("group", REQUESTS, ids=[g["name"] for g in REQUESTS])
def test_a_request_written_another_way_reads_the_same(pack: RulePack, group: dict[str, Any]) -> None:
    for text in group["texts"]:
        read = read_request_text(text, pack.reading)
        assert read.request is not None, f"{text!r}: {read.problem}"
        got = read.request.model_dump()
        assert {name: got.get(name) for name in group["expect"]} == group["expect"], text
