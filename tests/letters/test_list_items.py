"""A bulleted list's items carry the words that introduce them (letters/list_items.py)."""

from __future__ import annotations

from mtus_check.letters.list_items import lead_ins
from mtus_check.letters.sentences import sentences


def _leads(text: str) -> list[tuple[str, str]]:
    told = sentences(text, 0, "rationale")
    return [(s.text, lead) for s, lead in zip(told, lead_ins(told), strict=True)]


def test_every_item_carries_the_lead_in_and_only_its_own_words() -> None:
    read = _leads("There is no documentation of: - pain scores - a home program - goals. The request is denied.")
    assert [lead for _, lead in read] == ["", "There is no documentation of:", "There is no documentation of:", ""]


def test_a_lead_in_told_as_a_sentence_of_its_own_reaches_the_items() -> None:
    read = _leads("The records lack the following: - pain scores - a home program.")
    assert all(lead == "The records lack the following:" for text, lead in read if text.startswith("- "))


def test_sentences_that_are_no_list_items_carry_nothing() -> None:
    read = _leads("Therapy: 12 visits were given. Function improved at L4 - L5 levels. She walks daily.")
    assert all(lead == "" for _, lead in read)


def test_a_selection_without_the_lead_in_leaves_its_items_without_one() -> None:
    told = sentences("There is no documentation of: - pain scores - a home program.", 0, "rationale")
    assert lead_ins(told[1:]) == [""] * len(told[1:])
