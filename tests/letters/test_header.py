"""Letter-wide fields read from the case summary: the claimant's age and sex, the diagnoses."""

from __future__ import annotations

import datetime as dt

import pytest

from mtus_check.letters.header import claimant, diagnoses, narrative_dates
from mtus_check.letters.models import ParsedLetter


@pytest.mark.parametrize(
    ("text", "age", "sex"),
    [
        ("The injured worker is a 44 year old female warehouse picker.", 44, "female"),
        ("This 52-year-old male injured worker reported an injury.", 52, "male"),
        ("58 y/o M, DOI 04/11/2011, neck injury lifting a transmission.", 58, "male"),
        ("Pt is a 47 yo F cashier with low back pain.", 47, "female"),
        ("A 63 y.o. male with right knee pain.", 63, "male"),
        ("The patient is 58 and works as a welder.", None, None),
    ],
)
def test_age_and_sex_as_summaries_and_progress_notes_write_them(text: str, age: int | None, sex: str | None) -> None:
    found = claimant(text)
    assert (found.age, found.sex) == (age, sex)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diagnoses include lumbar strain and sciatica. He works.", ["lumbar strain", "sciatica"]),
        ("Dx: lumbar strain, lumbar myofascial pain. Tx: PT.", ["lumbar strain", "lumbar myofascial pain"]),
        ("Diagnoses: neck strain; carpal tunnel syndrome. Seen 5/1.", ["neck strain", "carpal tunnel syndrome"]),
        ("Diagnosis: right knee sprain. Plan: MRI.", ["right knee sprain"]),
        # the letters dx inside a word are no label
        ("Rdx: none. Pain 5/10.", []),
        # a numbered list runs on over its numbers, each number a break
        (
            "Diagnoses: 1. Lumbar radiculopathy. 2. Depression. Plan: gabapentin 300 mg.",
            ["Lumbar radiculopathy", "Depression"],
        ),
        # the diagnosis told with "has been"
        ("Her diagnosis since then has been cervical strain. She works.", ["cervical strain"]),
        ("The working diagnosis has been carpal tunnel syndrome. EMG is pending.", ["carpal tunnel syndrome"]),
    ],
)
def test_a_diagnosis_line_in_prose_or_as_a_templated_label(text: str, expected: list[str]) -> None:
    assert diagnoses(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The worker was injured on 3/3/2013 lifting boxes.", dt.date(2013, 3, 3)),
        # what was hurt told between the injury and its date
        ("She sustained an industrial injury to her neck and left shoulder on 6/14/2009.", dt.date(2009, 6, 14)),
        ("He injured his lower back on 2/8/2016 lifting a package.", dt.date(2016, 2, 8)),
        # the date as notes and summaries also write it: an ordinal day, the day first, periods,
        # and the label abbreviated
        ("She has a date of injury of April 2nd, 2014.", dt.date(2014, 4, 2)),
        ("He was injured at work on 21 August 2015 unloading a truck.", dt.date(2015, 8, 21)),
        ("The patient has a date of injury of 3.9.2011.", dt.date(2011, 3, 9)),
        ("41 y/o M, DOI 11/5/13, low back pain.", dt.date(2013, 11, 5)),
        # the date right after the verb, as progress notes write it
        ("Pt is a 52 yo M warehouse worker, injured 4/22/2015 lifting a pallet.", dt.date(2015, 4, 22)),
        ("He was injured on 14 Smarch 2015.", None),
        # ... but not another event's date
        ("He injured his knee in 2010 and had surgery on 5/1/2012.", None),
        ("She hurt her wrist, which was splinted on 7/7/2015.", None),
    ],
)
def test_the_date_of_injury_told_in_the_narrative(text: str, expected: dt.date | None) -> None:
    letter = ParsedLetter(source="letter.txt", letter_id="letter")
    narrative_dates(text, letter)
    assert letter.date_of_injury == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Utilization Review Determination dated 3/9/2016 non-certified the request.", dt.date(2016, 3, 9)),
        # abbreviated, as a telegraphic summary writes it
        ("UR 02/01/2017: non-certified.", dt.date(2017, 2, 1)),
        ("Prior UR on 5/5/2015 modified the request to 6 visits.", dt.date(2015, 5, 5)),
        # a word that only ends in the letters is no review
        ("Her four 3/3/2016 visits were reviewed.", None),
    ],
)
def test_the_review_date_told_in_the_narrative(text: str, expected: dt.date | None) -> None:
    letter = ParsedLetter(source="letter.txt", letter_id="letter")
    narrative_dates(text, letter)
    assert letter.ur_denial_date == expected
