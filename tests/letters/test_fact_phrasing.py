"""Every phrasing case of the fact specs reads as it expects (cases marked skip are the reader's
known gaps, reported as skipped), and the cases keep each fact honest about context."""

from __future__ import annotations

import pytest

from mtus_check.letters.phrasing import load_phrasing, run_phrasing
from mtus_check.rules.loader import load_pack

PACK = load_pack()
CASES = load_phrasing(PACK)


@pytest.mark.parametrize("loaded", CASES, ids=[c.case_id for c in CASES])
def test_phrasing_case(loaded):
    if loaded.case.skip:
        pytest.skip(loaded.case.skip)
    [result] = run_phrasing(PACK, [loaded])
    assert result.actual == loaded.case.expect, f"{loaded.case.text!r} ({loaded.location})"


def test_every_fact_spec_has_phrasing_cases_of_several_kinds():
    kinds: dict[str, set[str]] = {}
    for c in CASES:
        kinds.setdefault(c.fact, set()).add(c.case.kind or "")
    assert {s.fact for s in PACK.facts.specs} <= set(kinds)
    for fact, seen in kinds.items():
        assert {"affirmed", "negated", "guideline"} <= seen, fact


def test_most_cases_are_read_not_skipped():
    """The known gaps stay a minority; a spec change that breaks many cases shows here too."""
    skipped = sum(bool(c.case.skip) for c in CASES)
    assert skipped / len(CASES) < 0.25
