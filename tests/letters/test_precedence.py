"""Which source decides an item's fact is data (rules/facts/sources.yaml), and the letter's shared
facts are read once into a record nobody changes."""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import ValidationError

from mtus_check.letters import parse_text
from mtus_check.letters.letter_facts import LetterFacts
from mtus_check.letters.models import Evidence, ExtractedFact, ItemRef
from mtus_check.letters.precedence import decide
from mtus_check.rules.factspec import SourcesFile
from mtus_check.rules.loader import RulePack
from tests.conftest import FIXTURES


def fact(value: object, section: str = "summary") -> ExtractedFact:
    return ExtractedFact(value=value, evidence=Evidence(section=section, quote=str(value), start=0, end=1))


SURGERY = ExtractedFact(
    value="knee arthroscopy",
    evidence=Evidence(
        section="item", quote="knee arthroscopy", start=0, end=16, ref=ItemRef(index=1, relation="surgery")
    ),
)


def test_the_request_decides_before_the_summary(pack: RulePack) -> None:
    facts, origin = decide(
        {"request": {"course": fact("extension", "request")}, "summary": {"course": fact("initial")}},
        pack.facts.sources,
    )
    assert facts["course"].value == "extension" and origin["course"] == "request"


def test_a_stated_count_decides_the_course(pack: RulePack) -> None:
    facts, origin = decide({"summary": {"prior_sessions": fact(6), "course": fact("extension")}}, pack.facts.sources)
    assert "course" not in facts and origin == {"prior_sessions": "summary"}


def test_the_summary_count_steps_aside_while_the_surgery_is_decided(pack: RulePack) -> None:
    facts, _ = decide(
        {
            "surgery_item": {"surgery": SURGERY, "course": fact("initial", "item")},
            "summary": {"prior_sessions": fact(6)},
        },
        pack.facts.sources,
    )
    assert "prior_sessions" not in facts and facts["course"].value == "initial"


def test_a_list_of_treatments_yields_to_the_summary_saying_it_was_had(pack: RulePack) -> None:
    stated = {"summary": {"course": fact("extension")}, "treatments_list": {"prior_sessions": fact(0)}}
    facts, origin = decide(stated, pack.facts.sources)  # type: ignore[arg-type]
    assert facts["course"].value == "extension" and "prior_sessions" not in origin


def test_facts_come_out_in_source_order() -> None:
    facts, _ = decide(
        {"summary": {"red_flags": fact(True), "course": fact("initial")}, "request": {"quantity": fact(6, "request")}},
        SourcesFile(sources={"request": "r", "summary": "s"}, default=("request", "summary")),
    )
    assert list(facts) == ["quantity", "red_flags", "course"]


def test_the_order_is_the_files_to_change() -> None:
    """Edit the data, not the reader: listing the summary first makes it decide."""
    summary_first = SourcesFile.model_validate(
        {"sources": {"request": "r", "summary": "s"}, "default": ["request", "summary"],
         "facts": {"course": {"from": ["summary", "request"]}}}
    )  # fmt: skip
    facts, origin = decide(
        {"request": {"course": fact("extension", "request")}, "summary": {"course": fact("initial")}}, summary_first
    )
    assert facts["course"].value == "initial" and origin["course"] == "summary"


def test_letter_facts_are_read_once_and_frozen(pack: RulePack) -> None:
    path = FIXTURES / "letters" / "final-determination-header" / "fdh-shoulder-surgery.txt"
    letter = parse_text(path.read_text(), str(path), pack.reading)
    shared = LetterFacts.read(letter, pack.reading)
    assert shared.surgery == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        shared.surgery = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        shared.regions[0] = frozenset()  # type: ignore[index]
    with pytest.raises(ValidationError):  # a frozen fact cannot be edited by an item
        letter.items[1].facts["surgery"].value = "another surgery"  # type: ignore[misc]
    # items share the summary's facts: the same objects, read once for the letter
    therapy, cold = letter.items[2].facts, letter.items[3].facts
    assert therapy["imaging_lesion"] is cold["imaging_lesion"]
    assert therapy["imaging_lesion"] == shared.lesion
    assert therapy["surgery"].evidence.ref == ItemRef(index=1, relation="surgery")


def test_a_surgery_request_is_the_surgery_not_one_the_summary_tells_of(pack: RulePack) -> None:
    """The summary names a relative's fusion; the item asks for a shoulder arthroscopy: its surgery
    (and so its surgery_type) is its own request."""
    path = FIXTURES / "letters" / "final-determination-header" / "fdh-shoulder-surgery.txt"
    text = path.read_text().replace(
        "CLINICAL CASE SUMMARY", "CLINICAL CASE SUMMARY\nHis father had a lumbar fusion in 2010.", 1
    )
    letter = parse_text(text, str(path), pack.reading)
    surgery = letter.items[0].facts["surgery"]
    assert surgery.value == "Right shoulder arthroscopy with rotator cuff repair"
    assert surgery.evidence.section == "request"


@pytest.mark.parametrize(
    ("told", "course"),
    [
        ("", None),
        ("She has never taken omeprazole.", "initial"),
        ("She has not tried omeprazole or any other acid reducer.", "initial"),
        ("Her husband has never taken omeprazole.", None),
    ],
)
def test_a_drug_the_patient_has_not_tried_is_a_first_course(pack: RulePack, told: str, course: str | None) -> None:
    path = FIXTURES / "letters" / "final-determination-header" / "fdh-esi-ppi-chiro.txt"
    text = path.read_text().replace(
        "The Utilization Review on 1-24-2017", f"{told} The Utilization Review on 1-24-2017"
    )
    letter = parse_text(text, str(path), pack.reading)
    omeprazole = next(i for i in letter.items if i.request_text.startswith("Omeprazole"))
    found = omeprazole.facts.get("course")
    assert (found.value if found else None) == course
    cyclobenzaprine = next(i for i in letter.items if i.request_text.startswith("Cyclobenzaprine"))
    assert cyclobenzaprine.facts["course"].value == "extension"  # taken since August: continued
