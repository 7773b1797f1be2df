"""The example requests (including the seed letters' items) pre-check as expected, for the
expected rule."""

from __future__ import annotations

import pytest
import yaml

from mtus_check.api import check_records
from mtus_check.engine import Engine
from mtus_check.requests_io import read_requests
from tests.conftest import FIXTURES

EXPECTED = yaml.safe_load((FIXTURES / "requests" / "expected.yaml").read_text())
# requests by their fields, and in their own words (text:, read by the letter reader)
NAMES = ("seed-letters.yaml", "examples.jsonl", "in-words.yaml", "in-words.jsonl")
FILES = [FIXTURES / "requests" / name for name in NAMES]


def _results(engine: Engine) -> dict[str, object]:
    out = {}
    for path in FILES:
        for result in check_records(engine, read_requests(path)):
            assert result.verdict is not None, result.problems
            out[result.verdict.id] = result.verdict
    return out


@pytest.mark.parametrize("request_id", sorted(EXPECTED))
def test_fixture_request(engine: Engine, request_id: str) -> None:
    verdict = _results(engine)[request_id]
    expected = EXPECTED[request_id]
    assert verdict.verdict == expected["verdict"], verdict.summary
    deciding = [
        f.rule
        for f in verdict.findings
        if f.status == {"certify": "pass", "non-certify": "fail", "needs-info": "unknown"}[expected["verdict"]]
    ]
    assert expected["rule"] in deciding


def test_seed_items_match_the_reviewers(engine: Engine) -> None:
    outcome = {"certify": "Overturned", "non-certify": "Upheld", "needs-info": "Upheld"}
    results = _results(engine)
    for request_id, expected in EXPECTED.items():
        if "reviewer" in expected:
            # a seed item the case summary does not support says so (agrees_with_reviewer: false)
            agrees = outcome[results[request_id].verdict] == expected["reviewer"]
            assert agrees == expected.get("agrees_with_reviewer", True), request_id
