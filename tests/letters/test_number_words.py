"""Numbers dictated in words: ages and morphine-equivalent doses read as their digits would be."""

from __future__ import annotations

import pytest

from mtus_check.letters.header import claimant
from mtus_check.letters.number_words import cardinal


@pytest.mark.parametrize(
    ("text", "value"),
    [("fifty-two", 52), ("sixty eight", 68), ("one hundred eighty", 180), ("two hundred and forty", 240),
     ("forty", 40), ("12", 12), ("nineteen", 19)],
)  # fmt: skip
def test_a_cardinal_in_words_is_its_number(text, value):
    assert cardinal(text) == value


@pytest.mark.parametrize("text", ["several", "a few", "forty-ish", ""])
def test_words_that_are_no_number_read_as_none(text):
    assert cardinal(text) is None


@pytest.mark.parametrize(
    ("summary", "age", "sex"),
    [
        ("The injured worker is a fifty-two year old female records clerk.", 52, "female"),
        ("She is a sixty-eight-year-old woman who fell at work.", 68, "female"),
        ("A 49 year old right-handed male cashier injured his neck.", 49, "male"),
        ("58 y/o M roofer, fell from a ladder.", 58, "male"),
    ],
)
def test_age_is_read_in_digits_or_words(summary, age, sex):
    found = claimant(summary)
    assert (found.age, found.sex) == (age, sex)


def test_a_relatives_age_in_words_is_not_the_patients():
    assert claimant("Her seventy year old mother has arthritis.").age is None
