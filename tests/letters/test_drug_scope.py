"""A drug request's relief and function come from sentences about that drug, not from what a
note records for another drug the patient takes (tests/letters/cases/drug_scope.yaml). Read
end to end, as a letter's item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from mtus_check.letters import parse_text
from mtus_check.rules.loader import RulePack
from tests.letters.frame import framed_letter

CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "cases" / "drug_scope.yaml").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f"{i}:{c['request'][:20]}" for i, c in enumerate(CASES)])
def test_another_drugs_relief_is_not_the_requested_drugs(pack: RulePack, case: dict[str, Any]) -> None:
    [item] = parse_text(framed_letter(case["request"], case["told"]), "letter.txt", pack.reading).items
    for name, expected in case["expect"].items():
        found = item.facts.get(name)
        assert (found.value if found else None) == expected, (name, case["told"])
