"""A state told in the simple past with its length is over (letters.episode)."""

from __future__ import annotations

import pytest

from mtus_check.letters.episode import ended_episode


@pytest.mark.parametrize(
    ("sentence", "mention", "ended"),
    [
        ("She was on warfarin for three months after a DVT.", "warfarin", True),
        ("He used crutches for about 6 weeks after the fracture.", "crutches", True),
        ("She was confined to the house for a few weeks last year.", "confined to the house", True),
        # a state up to now, or one the sentence says goes on
        ("She has been on warfarin for three months.", "warfarin", False),
        ("He was on warfarin for the past three months.", "warfarin", False),
        ("He was on warfarin for three months and is still taking it.", "warfarin", False),
        # a length that is not the state's ("for atrial fibrillation"), or in another clause
        ("She was prescribed warfarin for atrial fibrillation.", "warfarin", False),
        ("She takes warfarin, and she was in the hospital for two days.", "warfarin", False),
        # "had" tells an event as often as a state: a bleed with its length is history, not over
        ("He had GI bleeding for two days in 2015.", "GI bleeding", False),
    ],
)
def test_a_past_state_with_its_length_is_over(sentence: str, mention: str, ended: bool) -> None:
    lower = sentence.lower()
    start = lower.index(mention.lower())
    assert ended_episode(lower, start, start + len(mention)) is ended
