"""ConText's token patterns, run only where their required words occur, find what spaCy's Matcher
with every pattern finds, match for match and in the same order."""

from __future__ import annotations

import pytest
from spacy.matcher import Matcher

from mtus_check.letters.facts import fact_reader
from mtus_check.letters.phrasing import load_phrasing
from mtus_check.letters.sparse_matcher import SparseMatcher, requirements
from mtus_check.rules.loader import load_pack

PACK = load_pack()
READER = fact_reader(PACK.reading.facts, PACK.reading.vocabulary).context()
# sentences that hold two or more of the general rules' token patterns, and one that holds none
SENTENCES = [
    "The patient was not seen and MRI has been ruled out, but he may be ruled out for surgery.",
    "No new weakness; her mother's history of diabetes is not significant, though pain is possible.",
    "Should the patient come back for care, he can rule out a tear; it does not look like a sprain.",
    "Negative for fever, without any evidence of infection, apart from the patient was not working.",
    "Lumbar range of motion improved after therapy.",
]


def _sparse() -> SparseMatcher:
    matcher = READER._context._ConText__matcher._MedspacyMatcher__matcher
    assert isinstance(matcher, SparseMatcher), "ConText runs its token patterns with the full Matcher"
    return matcher


def _texts() -> list[str]:
    return SENTENCES + sorted({loaded.case.text for loaded in load_phrasing(PACK)})


def test_the_same_matches_in_the_same_order_as_every_pattern_run():
    sparse = _sparse()
    full = Matcher(READER._nlp.vocab)
    for key, pattern, on_match in sparse._patterns:
        full.add(key, [pattern], on_match=on_match)
    found = 0
    for text in _texts():
        doc = READER._sentence_doc(text)
        expected = full(doc)
        assert sparse(doc) == expected, text
        found += bool(expected)
    assert found >= len(SENTENCES) - 1  # the check compared matches, not only empty lists


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": {"REGEX": "^deni"}}],  # a test the check does not read
        [{"LOWER": "no", "LENGTH": 2}],  # two tests on one token
        [{"LOWER": "no", "OP": "?"}],  # nothing required
        [{"LOWER": "no", "OP": "{1,2}"}],  # a repeat
    ],
)
def test_a_pattern_the_check_cannot_read_is_run_on_every_doc(pattern):
    assert requirements(pattern) == ()
    _same_as_matcher(pattern, ("She denies any numbness.", "No swelling.", "No no.", "Swelling persists."))


def test_a_token_the_check_cannot_read_asks_for_nothing_the_others_still_do():
    # ", and ... is reported": a gap of one to eight words that are not a negation or punctuation
    gap = {"LOWER": {"NOT_IN": ["no", "not"]}, "IS_PUNCT": False, "OP": "{1,8}"}
    pattern = [{"LOWER": "and"}, gap, {"LOWER": {"IN": ["is", "was"]}}, {"LOWER": "reported"}]
    words = [{"and"}, {"is", "was"}, {"reported"}]
    assert requirements(pattern) == tuple(("LOWER", frozenset(w)) for w in words)
    _same_as_matcher(
        pattern,
        ("Pain, and tingling in the hand is reported.", "Pain, and no tingling is reported.", "Pain is reported."),
    )


def _same_as_matcher(pattern, texts):
    sparse = SparseMatcher(READER._nlp.vocab)
    sparse.add("TEST", [pattern])
    full = Matcher(READER._nlp.vocab)
    full.add("TEST", [pattern])
    for text in texts:
        doc = READER._sentence_doc(text)
        assert sparse(doc) == full(doc), text
