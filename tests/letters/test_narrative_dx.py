"""Diagnoses told in the case summary's sentences (letters/narrative_dx.py): each sentence of
tests/letters/cases/narrative_diagnoses.yaml states the diagnosis categories it expects, none
when the diagnosis is negated, only possible, someone else's or guideline text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from mtus_check.letters import parse_text
from mtus_check.letters.facts import fact_reader
from mtus_check.letters.narrative_dx import narrative_diagnoses
from mtus_check.letters.sentences import sentences
from mtus_check.rules.loader import RulePack
from mtus_check.rules.shorthand import spelling

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "cases" / "narrative_diagnoses.yaml").read_text()
)["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_a_diagnosis_told_in_a_sentence_is_read_in_its_context(pack: RulePack, case: dict[str, Any]) -> None:
    facts, vocabulary = pack.reading.facts, pack.reading.vocabulary
    told = sentences(case["text"], 0, "summary", spelling(facts.shorthand))
    found = narrative_diagnoses(told, vocabulary, fact_reader(facts, vocabulary).context())
    assert vocabulary.categorize_diagnoses(found) == case["expect"]


LETTER = """MEDICAL PROFESSIONAL REVIEW
Case Number: CM99-0000001

ISSUE AT DISPUTE:
1. Gabapentin 600mg #90: Overturned

CASE SUMMARY:
The patient is a 44 year old male warehouse worker with a date of injury of 03/02/2015. {told}
He has never taken gabapentin. The provider asked for gabapentin to be started.

RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:
1. The request is medically necessary.
"""


@pytest.mark.parametrize(
    ("told", "verdict"),
    [
        ("He was diagnosed with cervical radiculopathy after an EMG in 2016.", "certify"),
        ("There is no evidence of cervical radiculopathy.", "needs-info"),
        # a diagnosis list's entry that only asks the question is none
        ("Diagnoses: cervical radiculopathy; cervical strain.", "certify"),
        ("Diagnoses: cervical strain; r/o cervical radiculopathy.", "non-certify"),
        ("Dx: neck sprain, rule out cervical radiculopathy.", "non-certify"),
    ],
)
def test_a_drug_for_neuropathic_pain_is_decided_on_a_diagnosis_the_summary_tells(
    pack: RulePack, told: str, verdict: str
) -> None:
    from mtus_check.engine import Engine

    letter = parse_text(LETTER.format(told=told), reading=pack.reading)
    [item] = letter.items
    assert item.request is not None
    assert Engine(pack).check(item.request).verdict == verdict
