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


def test_a_treatment_never_given_has_no_effect_on_function(pack: RulePack) -> None:
    """A function gain told with no treatment named speaks for the drug asked for, not for a
    chiropractic request the summary says was never given (its prior sessions are 0)."""
    from mtus_check.letters import parse_text, read_letter
    from tests.conftest import FIXTURES
    from tests.letters.test_paraphrase import _with_summary

    frame = FIXTURES / "letters" / "notice-2013" / "n13-three.txt"
    summary = read_letter(frame, pack.reading).summary
    new = (
        "The patient is a 40 year-old man with a lumbar strain. He takes Norco 10/325 three times a day. "
        "Over the last year he has gone from walking 10 minutes to 40 minutes. "
        "He has never had chiropractic care for the low back."
    )
    letter = parse_text(_with_summary(frame.read_text(), summary, new), str(frame), pack.reading)
    norco, _mri, chiro = (item.facts for item in letter.items)  # the frame's three items, in order
    assert chiro["prior_sessions"].value == 0
    assert "functional_improvement" not in chiro
    assert norco["functional_improvement"].value is True
