"""A measure of function compared with numbers over time (rules/facts/measures.yaml): which way it
moved decides functional improvement; a range, a supposition or another person's numbers do not."""

from __future__ import annotations

import pytest

from mtus_check.letters.measure_change import MeasureChanges
from mtus_check.letters.sentences import sentences
from mtus_check.rules.loader import load_pack
from mtus_check.rules.shorthand import spelling
from tests.conftest import RULES


def _changes(text: str, measures: tuple[str, ...] = ("disability_questionnaire", "tolerance")) -> list[bool]:
    pack = load_pack(RULES)
    assert pack.facts.measures is not None
    finder = MeasureChanges(pack.facts.measures, measures)
    [sentence] = sentences(text, 0, "summary", spelling(pack.facts.shorthand))
    return [c.better for c in finder.find(sentence.lower, sentence.written, sentence.shifts)]


@pytest.mark.parametrize(
    ("text", "better"),
    [
        ("ODI 46% -> 28% after PT.", [True]),  # lower is better for a questionnaire
        ("ODI 28% -> 46% after PT.", [False]),
        ("Sitting 20 min → 1 hr.", [True]),  # units of one kind compare: an hour is 60 minutes
        ("Walking from 2 blocks to a mile.", [True]),
        ("Standing tolerance is 30 minutes, down from an hour.", [False]),
        ("Walking tolerance improved to 45 minutes from 10 minutes.", [True]),
        ("Lifting went from 20 lb to 20 lb.", [False]),  # the same number is no improvement
    ],
)
def test_a_change_is_read_with_its_direction(text: str, better: list[bool]) -> None:
    assert _changes(text) == better


@pytest.mark.parametrize(
    "text",
    [
        "She can sit 20 to 30 minutes at a time.",  # a range, written without an arrow or "from"
        "Walking from 10 minutes to 2 blocks.",  # time against distance: not comparable
        "Walking tolerance went from 15 to 30.",  # a tolerance needs a unit
        "Her blood pressure went from 150 to 130.",  # not a measure of function
        "The Oswestry score ranges from 0 to 100 percent.",  # a scale's span, told with "from"
        "Walking tolerance ranged from 10 to 30 minutes over the week.",
    ],
)
def test_what_is_not_a_change_of_a_measure_is_not_read(text: str) -> None:
    assert _changes(text) == []


def _work(text: str) -> list[bool]:
    return _changes(text, ("tolerance", "work_shift"))


@pytest.mark.parametrize(
    ("text", "better"),
    [
        # the measure told after "from", before or after its first number
        ("She has gone from sitting 10 minutes at her desk to 30 minutes.", [True]),
        ("He went from forty minutes walking on the treadmill to fifteen.", [False]),
        # a shift's length, its unit joined by a hyphen, "a full" before the second number
        ("He went from working six-hour shifts to full ten-hour shifts.", [True]),
        ("Her shifts went from five hours to a full eight.", [True]),
        ("6 h shifts -> full 10 h shifts since the trial.", [True]),
        # shorthand "B, was A"
        ("Walks 2 blocks, was 6 blocks last year.", [False]),
        # a range of shifts, written without an arrow or "from": no change
        ("He works 6 to 8 hour shifts.", []),
        ("He works 6 hour shifts to 8 hours a day.", []),
    ],
)
def test_a_measure_told_after_from_or_as_was_is_read(text: str, better: list[bool]) -> None:
    assert _work(text) == better


@pytest.mark.parametrize(
    ("text", "better"),
    [
        # the now-figure told with how it is kept up ("at a time") before "up from"
        ("She can stand for an hour at a time, up from 15 minutes.", [True]),
        ("He can sit for 10 minutes at a stretch, down from 30 minutes.", [False]),
    ],
)
def test_a_change_told_with_at_a_time_before_up_from(text: str, better: list[bool]) -> None:
    assert _changes(text) == better


@pytest.mark.parametrize(
    ("text", "better"),
    [
        # each number dated by the care between them: before it, and after it or now
        ("ODI 48% pre-injection, 48% at 1 month.", [False]),
        ("Her Oswestry disability index was 48% before the injection and 40% a month later.", [True]),
        ("Sitting tolerance 20 minutes before therapy, 60 minutes now.", [True]),
        ("Walking 30 minutes at baseline and 10 minutes at the last visit.", [False]),
        ("Pain 6/10 when therapy started, 7/10 at discharge.", [False]),
        ("Pain 8 out of 10 prior to the injection and 3 out of 10 afterwards.", [True]),
        # two numbers without both marks are no change over time (with and without a device or drug)
        ("ODI 52% without the brace and 40% with it.", []),
        ("Pain 8/10 before medication.", []),
    ],
)
def test_two_numbers_dated_before_and_after_the_care_are_a_change(text: str, better: list[bool]) -> None:
    assert _changes(text, ("disability_questionnaire", "tolerance", "pain_score")) == better
