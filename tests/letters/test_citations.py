"""Guideline lines, as each era of letters writes them, into guideline, sections, pages and source."""

from __future__ import annotations

import pytest

from mtus_check.letters.citations import parse_guidelines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (  # 2016-2017 header letters
            "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Massage therapy.",
            [("mtus", "Chronic Pain Medical Treatment 2016", ["Massage therapy"], None)],
        ),
        (
            "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Knee & Leg, "
            "Platelet-rich plasma (PRP).",
            [("non-mtus", "Official Disability Guidelines (ODG), Knee & Leg, Platelet-rich plasma (PRP)", [], None)],
        ),
        (  # a topic after a comma, with a page
            "Decision based on MTUS Chronic Pain Medical Treatment Guidelines, Massage Therapy, page 60.",
            [("mtus", "Chronic Pain Medical Treatment Guidelines", ["Massage Therapy"], "60")],
        ),
        (  # 2013 notices: a preamble and where the guideline belongs
            "The Expert Reviewer based his/her decision on the MTUS Chronic Pain Medical Treatment Guidelines, "
            "Opioids, pages 74-96, which are part of the MTUS.",
            [("mtus", "Chronic Pain Medical Treatment Guidelines", ["Opioids"], "74-96")],
        ),
        (
            "The Expert Reviewer based his decision on the Official Disability Guidelines (ODG), Low Back "
            "Chapter, which is not part of the MTUS.",
            [("non-mtus", "Official Disability Guidelines (ODG), Low Back Chapter", [], None)],
        ),
        (
            "The Claims Administrator based its decision on the Official Disability Guidelines (ODG), Pain Chapter.",
            [("non-mtus", "Official Disability Guidelines (ODG), Pain Chapter", [], None)],
        ),
    ],
)
def test_guideline_lines(line: str, expected: list[tuple[str, str, list[str], str | None]]) -> None:
    refs = parse_guidelines(line)
    assert [(r.source, r.guideline, r.sections, r.pages) for r in refs] == expected


def test_a_line_citing_nothing() -> None:
    refs = parse_guidelines("The Claims Administrator did not cite any medical evidence for its decision.")
    assert [r.source for r in refs] == ["none"]
