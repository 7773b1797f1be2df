"""A case summary's account of the care given to date, told as a list or in prose, says a
service it leaves out was not given (a first course); a sentence that is no such account (another
body region, an earlier episode, a plan, a partial list, a broader word) says nothing
(tests/letters/cases/treatments_to_date.yaml). Read end to end, as a letter's item."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from mtus_check.letters import parse_text
from mtus_check.letters.sentences import Sentence
from mtus_check.letters.treatments import listed, not_among_treatments
from mtus_check.rules.loader import RulePack
from tests.letters.frame import framed_letter

CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "cases" / "treatments_to_date.yaml").read_text())[
    "cases"
]
Told = Callable[[str], list[Sentence]]  # the conftest fixture `summary`


@pytest.mark.parametrize("case", CASES, ids=[f"{i}:{c['request'][:24]}" for i, c in enumerate(CASES)])
def test_the_care_given_to_date_decides_a_first_course(pack: RulePack, case: dict[str, Any]) -> None:
    [item] = parse_text(framed_letter(case["request"], case["told"]), "letter.txt", pack.reading).items
    found = item.facts.get("prior_sessions")
    assert (found.value if found else None) == case["prior_sessions"], case["told"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Treatment has included medication.", 0),  # a list of the treatments to date without it
        ("Treatments and evaluation to date have included Pamelor, Robaxin, and physical therapy.", 0),
        ("Treatment to date has included acupuncture and medications.", None),  # listed: count unknown
        ("The injured worker is undergoing treatment for low back strain.", None),  # no list at all
        ("Her treatment so far has consisted of medications and a HEP.", 0),
        ("Treatment thus far has included rest and ibuprofen.", 0),
        ("Home exercises, TENS and medications were her treatments.", 0),
        ("Her pain has been managed with ibuprofen and a home exercise program.", 0),
    ],
)
def test_a_treatment_list_without_the_service_means_none_received(
    summary: Told, pack: RulePack, text: str, count: int | None
) -> None:
    acupuncture = listed(pack.vocabulary, "acupuncture")
    assert acupuncture is not None
    found = not_among_treatments(summary(text), acupuncture, pack.vocabulary)
    assert (found.value if found else None) == count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Treatment to date: PT and ibuprofen.", None),  # a two-letter name is the service too
        ("Treatment to date: ibuprofen and rest.", 0),
    ],
)
def test_a_treatment_list_names_the_service_by_its_abbreviation(
    summary: Told, pack: RulePack, text: str, count: int | None
) -> None:
    therapy = listed(pack.vocabulary, "physical_therapy")
    assert therapy is not None
    found = not_among_treatments(summary(text), therapy, pack.vocabulary)
    assert (found.value if found else None) == count


def test_a_list_speaks_only_for_the_services_the_vocabulary_marks(pack: RulePack) -> None:
    """Drugs, tests and equipment are not told by a list of treatments (rules/vocabulary.yaml)."""
    assert listed(pack.vocabulary, "mri") is None
    assert listed(pack.vocabulary, "opioid") is None
    injection = listed(pack.vocabulary, "trigger_point_injection")
    assert injection is not None and "injections" in injection.broader
