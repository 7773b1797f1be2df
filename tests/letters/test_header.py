"""Letter-wide fields read from the case summary: the claimant's age and sex, the diagnoses."""

from __future__ import annotations

import pytest

from mtus_check.letters.header import claimant, diagnoses


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
