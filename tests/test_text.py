"""The shared text helpers: offset-keeping case folding and the one-pass word indexes."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mtus_check.letters.sentences import sentences
from mtus_check.text import CueIndex, PhraseIndex, Substrings

PHRASES = ["low back", "low back pain", "back", "pt", "b.c", "x1"]


def _regex_words(text: str) -> list[tuple[str, int, int]]:
    """What a longest-first whole-word regex alternation finds: the behaviour PhraseIndex keeps."""
    ordered = sorted(PHRASES, key=len, reverse=True)
    rx = re.compile(r"(?<![a-z0-9])(" + "|".join(map(re.escape, ordered)) + r")(?![a-z0-9])")
    return [(m.group(1), m.start(1), m.end(1)) for m in rx.finditer(text)]


def test_phrase_index_prefers_the_longest_phrase_at_a_start() -> None:
    assert PhraseIndex(PHRASES).words("chronic low back pain and back") == [
        ("low back pain", 8, 21),
        ("back", 26, 30),
    ]


def test_phrase_index_matches_whole_words_only() -> None:
    assert PhraseIndex(PHRASES).words("accepted backpack pt.") == [("pt", 18, 20)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="lowbackptx1. ", max_size=30))
def test_phrase_index_agrees_with_the_regex_it_replaces(text: str) -> None:
    assert PhraseIndex(PHRASES).words(text) == _regex_words(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="lowbackptx1. ", max_size=30))
def test_substrings_agree_with_the_regex_alternation_they_replace(text: str) -> None:
    rx = re.compile("|".join(map(re.escape, PHRASES)))
    assert Substrings(PHRASES).any_in(text) == bool(rx.search(text))


def test_cue_index_finds_words_inside_longer_words() -> None:
    index = CueIndex()
    normal, neuro, surg = index.register("normal"), index.register("neuro"), index.register("surg")
    found = index.found("abnormal postsurgical exam")
    assert found & normal and found & surg and not found & neuro
    assert index.register("normal", "surg") == normal | surg


def test_a_cue_with_a_leading_space_finds_a_word_start_even_first_in_the_text() -> None:
    index = CueIndex()
    ct = index.register(" ct")
    assert index.found("ct scan of the spine") & ct
    assert index.found("a ct scan") & ct
    assert not index.found("in fact, the scan") & ct


def test_cue_words_added_after_a_scan_count_from_the_next_scan() -> None:
    index = CueIndex()
    pain = index.register("pain")
    assert index.found("numb hands, low back pain") == pain
    numb = index.register("numb")  # a rule pack's vocabulary, loaded later
    assert index.found("numb hands, low back pain") == pain | numb


def test_sentence_offsets_skip_the_gap_between_sentences() -> None:
    text = 'He said "stop." "Then" he left.'
    found = [(s.text, s.start) for s in sentences(text, 10, "summary")]
    assert found == [('He said "stop."', 10), ('"Then" he left.', 26)]  # the closing quote ends its sentence


def test_vocabulary_matches_quote_the_original_text_across_punctuation_and_spaces() -> None:
    from mtus_check.rules.loader import load_pack

    text = "Pain in the Low --  Back, and (the)  neck."
    found = [(key, text[start:end]) for key, start, end in load_pack().vocabulary.body_regions.matches(text)]
    assert found == [("lumbar", "Low --  Back"), ("cervical", "neck")]


def test_a_templated_lists_next_label_starts_a_sentence() -> None:
    """Lines of a templated note joined without end marks: each "Label:" is a sentence of its own,
    so a negation in one ("negative for fever") does not reach the next label's findings."""
    text = "ROS: negative for fever Neuro: decreased sensation L5 Straight leg raise: positive on the left"
    found = [s.text for s in sentences(text, 0, "summary")]
    assert found == [
        "ROS: negative for fever",
        "Neuro: decreased sensation L5",
        "Straight leg raise: positive on the left",
    ]
    # a colon inside a sentence, after a lower-case word or a time, is no label
    told = "The provider noted: decreased sensation at 10:30 in the clinic"
    assert [s.text for s in sentences(told, 0, "summary")] == [told]
    # a label of several capitalised words is one label ("Prior PT:"), not two
    assert [s.text for s in sentences("Red flags: none Prior PT: 12 visits", 0, "summary")] == [
        "Red flags: none",
        "Prior PT: 12 visits",
    ]


def test_a_bulleted_lists_next_item_starts_a_sentence() -> None:
    """A bulleted list flowed into lines ("... no better. - Surgeon: no surgery"): each bullet opens
    a sentence as a capital would, so one item's words and negations stay in that item."""
    text = 'She is "no better." - surgeon: not a candidate. * off work since 2013. \u2022 exercises daily.'
    assert [s.text for s in sentences(text, 0, "summary")] == [
        'She is "no better."',  # the closing quote ends its sentence; each bullet starts its item
        "- surgeon: not a candidate.",
        "* off work since 2013.",
        "\u2022 exercises daily.",
    ]
    # a hyphen inside a sentence ("6-8/10", "a 30-day trial - as needed") is no bullet
    told = "Pain is 6-8/10. A 30-day trial - as needed - was asked."
    assert [s.text for s in sentences(told, 0, "summary")] == [
        "Pain is 6-8/10.",
        "A 30-day trial - as needed - was asked.",
    ]
