"""Which sentences may state a treatment's effect for an item (letters/treatment_scope.py):
each sentence of tests/letters/cases/treatment_scope.yaml, for the service it names, speaks of
that service's effect or does not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from mtus_check.letters.sentences import sentences
from mtus_check.letters.treatment_scope import about_treatment
from mtus_check.rules.loader import RulePack

CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "cases" / "treatment_scope.yaml").read_text())[
    "cases"
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['service']}: {c['text'][:50]}" for c in CASES])
def test_a_sentence_speaks_of_its_own_treatments_effect(pack: RulePack, case: dict[str, Any]) -> None:
    [sentence] = sentences(case["text"], 0, "summary")
    assert about_treatment(case["service"], pack.vocabulary)(sentence) is case["speaks"]
