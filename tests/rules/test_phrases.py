"""Phrases compile to patterns matched on lower-cased text, and their anchors never hide a match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from mtus_check.letters.phrasing import load_phrasing
from mtus_check.rules.factspec import ContextRule
from mtus_check.rules.loader import load_pack
from mtus_check.rules.phrases import (
    clause_gap_regex,
    compile_phrases,
    first_characters,
    phrase_error,
    phrase_literals,
    phrase_regex,
    phrase_requirements,
    phrase_search,
)
from mtus_check.text import lowercase


def test_phrases_match_lower_cased_text_with_offsets_kept() -> None:
    pattern = compile_phrases(["Failed Physical Therapy"])
    assert pattern is not None
    text = "He FAILED physical-therapy last year."
    match = pattern.search(lowercase(text))
    assert match is not None and text[match.start() : match.end()] == "FAILED physical-therapy"


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("medications provided some relief", True),
        ("medications provided good lasting relief", True),
        # a negation inside the mention would be read as part of what the phrase states
        ("medications provided no lasting relief", False),
        ("medications provided not much relief", False),
        ("medications provided without relief", False),
        ("medications provided little or no relief", False),
        ("medications haven't provided relief", False),
        ("medications provided him relief", True),
    ],
)
def test_a_gap_never_skips_a_negation(text: str, matches: bool) -> None:
    pattern = compile_phrases(["medication* ... provide* ... relief"])
    assert pattern is not None
    assert bool(pattern.search(lowercase(text))) is matches


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("she had therapy, ice and a brace; pain persists", True),
        ("she had therapy and the pain persists", True),
        ("therapy; pain persists", True),
        # up to six words skipped: "a course of naproxen and a brace; the pain" is nine
        ("she had therapy, a course of naproxen and a brace; the pain persists", False),
        # never a negation, never a word the spec bars
        ("she had therapy, not injections, and pain persists", False),
        ("she had therapy, which helped, and some pain persists", False),
        ("continue therapy, and if pain persists, repeat the mri", False),
        ("she had therapy, which has helpful exercises, and pain persists", False),
    ],
)
def test_a_clause_gap_joins_clauses_within_its_words(text: str, matches: bool) -> None:
    pattern = compile_phrases(["therapy ..; persists"], clause_gap_regex(6, ["help*", "if"]))
    assert pattern is not None
    assert bool(pattern.search(text)) is matches


def test_a_clause_gap_follows_a_brace_group_that_ends_its_clause() -> None:
    pattern = compile_phrases(["{therapy|brace} ..; {persists|still has}"], clause_gap_regex(6, []))
    assert pattern is not None
    match = pattern.search("after a brace, ice and rest, she still has pain")
    assert match is not None and match.group() == "brace, ice and rest, she still has"


def test_a_phrase_with_a_clause_gap_needs_its_spec_to_declare_one() -> None:
    assert phrase_error("therapy ..; persists") == "'..;' needs the spec's clause_gap: (words:, never:)"
    assert phrase_error("therapy ..; persists", clause_gap=True) is None
    assert phrase_error("..; persists", clause_gap=True) == "'..;' joins two parts of a phrase: once, between two words"
    assert (
        phrase_error("a ..; b ..; c", clause_gap=True) == "'..;' joins two parts of a phrase: once, between two words"
    )
    with pytest.raises(ValueError, match="clause_gap"):
        phrase_regex("therapy ..; persists")
    # the clause gap holds no word a match needs
    assert phrase_requirements("therapy ..; persists") == (frozenset({"persists"}), frozenset({"therapy"}))


@pytest.mark.parametrize(
    ("phrase", "required"),
    [
        ("failed physical therapy", ({"physical"}, {"therapy"}, {"failed"})),
        ("{tried|failed} physical therapy", ({"physical"}, {"therapy"}, {"failed", "tried"})),
        ("{participat*|engag*} in {an|a|} exercise program", ({"exercise"}, {"program"}, {"engag", "participat"})),
        ("{a|} {b|}", ()),
    ],
)
def test_requirements_are_the_most_selective_words_a_match_holds(phrase: str, required: tuple[set[str], ...]) -> None:
    assert phrase_requirements(phrase) == tuple(frozenset(r) for r in required)


def test_every_phrase_match_in_the_cases_holds_each_required_word() -> None:
    """The reader tries only the phrases whose required words a sentence holds: no phrasing case
    may match a phrase without them."""
    pack = load_pack()
    for loaded in load_phrasing(pack):
        spec = pack.facts.get(loaded.fact)
        assert spec is not None
        lower = lowercase(loaded.case.text)
        for phrase in [p for _, _, _, listed in spec.phrase_lists() for p in listed]:
            pattern = compile_phrases([phrase], spec.clause_gap_regex())
            if pattern is not None and pattern.search(lower):
                for words in phrase_requirements(phrase):
                    assert any(w in lower for w in words), (loaded.case_id, phrase)


# phrase text made of the syntax's own characters and the ones regular expressions care about
_PHRASE_CHARS = st.sampled_from(list("ab *{}|.()[]\\?+^$-'"))


@given(st.text(_PHRASE_CHARS, max_size=30))
def test_a_phrase_the_loader_accepts_compiles(phrase: str) -> None:
    # the loader no longer compiles each phrase to check it: accepted must mean compilable
    if phrase_error(phrase) is None:
        re.compile(phrase_regex(phrase))


@pytest.mark.parametrize("phrase", ["{a|b", "a}", "} a {"])
def test_a_phrase_with_unpaired_braces_is_refused(phrase: str) -> None:
    assert phrase_error(phrase) is not None


@pytest.mark.parametrize(
    ("phrase", "literals"),
    [
        ("no mention", ("no mention",)),
        (
            "{by|through} {her|the} employer",
            ("by her employer", "by the employer", "through her employer", "through the employer"),
        ),
        ("{|the} patient", ("patient", "the patient")),
    ],
)
def test_a_context_phrase_stands_for_each_word_sequence_of_its_alternatives(
    phrase: str, literals: tuple[str, ...]
) -> None:
    assert phrase_literals(phrase) == literals


@pytest.mark.parametrize(
    ("phrase", "why"),
    [
        ("{by|through her employer", "braces"),
        ("... is reported", "between two words"),
        (", and ...", "between two words"),
        ("employ* by", "run of words"),
    ],
)
def test_a_context_trigger_with_an_open_gap_stem_or_open_brace_is_refused(phrase: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        ContextRule(phrase=phrase, category="OTHER_PERSON")


def _spans(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)] if pattern else []


def test_a_phrase_search_finds_what_the_phrases_pattern_finds_in_every_case() -> None:
    """The reader searches with PhraseSearch: each fact's phrases, together and one by one, must
    find the same spans as their pattern in every phrasing case of the pack."""
    pack = load_pack()
    texts = sorted({lowercase(loaded.case.text) for loaded in load_phrasing(pack)})
    found = 0
    for spec in pack.facts.specs:
        lists = [listed for _, _, _, listed in spec.phrase_lists() if listed]
        for phrases in [*lists, *([p] for listed in lists for p in listed)]:
            search = phrase_search(phrases, spec.clause_gap_regex())
            pattern = compile_phrases(phrases, spec.clause_gap_regex())
            for text in texts:
                expected = _spans(pattern, text)
                assert (search.spans(text) if search else []) == expected, (phrases, text)
                found += bool(expected)
    assert found


_WORDS = st.sampled_from(["no", "pain", "relief", "50%", "%", "a", "ab", "b", "physical", "therapy"])


@given(
    st.lists(st.lists(_WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=4),
    st.lists(st.one_of(_WORDS, st.sampled_from([" ", "  ", "-", ":", ".", ",", "x", "5", "\n"])), max_size=25),
)
def test_a_phrase_search_keeps_the_patterns_boundaries_and_order(phrases: list[str], pieces: list[str]) -> None:
    # matches at the text's start and end, next to signs and digits, inside words, overlapping
    text = "".join(pieces)
    search = phrase_search(phrases)
    assert search is not None
    assert search.spans(text) == _spans(compile_phrases(phrases), text)


@pytest.mark.parametrize(
    ("source", "first"),
    [
        ("(?:ab|c[de])x", {"a", "c"}),
        ("(?:a|)b", {"a", "b"}),
        ("(?:(?<!\\w)|(?!\\w))a", {"a"}),  # an assertion takes no character
        ("a?", None),  # may match empty
        ("\\sa", None),  # a class read as any
    ],
)
def test_first_characters_read_from_a_pattern(source: str, first: set[str] | None) -> None:
    assert first_characters(source) == (frozenset(first) if first is not None else None)
