"""Every rule's test cases (rules/**/<topic>.cases.yaml), one pytest test per case."""

from __future__ import annotations

import pytest

from mtus_check.engine import Engine
from mtus_check.engine.cases import check_case, load_cases
from mtus_check.rules.loader import load_pack
from tests.conftest import RULES

CASES = load_cases(load_pack(RULES))


@pytest.mark.parametrize("loaded", CASES, ids=[c.case_id.replace("::", "_") for c in CASES])
def test_rule_case(engine: Engine, loaded) -> None:
    result = check_case(engine, loaded)
    if result.outcome == "skipped":
        pytest.skip(result.failures[0])
    assert result.outcome == "passed", (
        f"{loaded.location}\n" + "\n".join(result.failures) + "\nactual, ready to paste:\n" + result.actual
    )


def test_every_rule_has_cases(pack) -> None:
    tested = {rid for c in CASES for rid, status in c.case.expect.findings.items() if status != "absent"}
    untested = sorted({r.id for r in pack.rules} - tested)
    assert not untested, f"rules without a case asserting their finding: {untested}"


def test_every_rule_has_its_guidance_fields(pack) -> None:
    for loaded in pack.rules:
        rule = loaded.rule
        assert rule.title and rule.groups, loaded.location
        assert loaded.citation.guideline and loaded.citation.section, loaded.location
        assert loaded.citation.quote, f"{loaded.location}: cite the limit as reviewers quote it"
        assert rule.reason or all(c.fail or c.stated for c in rule.criteria), loaded.location
