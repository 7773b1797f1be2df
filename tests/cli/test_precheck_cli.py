"""The precheck command as a user runs it: output, JSON fields, exit codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mtus_check.cli.main import app
from tests.conftest import FIXTURES

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_flags_human_output() -> None:
    result = invoke(
        "precheck", "--service", "massage", "--quantity", "8", "--body-region", "low back",
        "--date-of-service", "2016-01-04",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "NON-CERTIFY" in result.output
    assert "cpmtg.massage.visits" in result.output
    assert "would pass as: quantity 6" in result.output


def test_json_has_stable_fields() -> None:
    result = invoke("precheck", "--service", "massage", "--quantity", "8", "--date-of-service", "2016-01-04", "--json")
    assert result.exit_code == 0
    obj = json.loads(result.stdout.splitlines()[0])
    assert {"verdict", "findings", "missing", "modify_to", "rule_pack"} <= obj.keys()
    finding = obj["findings"][0]
    assert {"rule", "status", "citation", "reason"} <= finding.keys()
    assert obj["verdict"] == "non-certify" and obj["modify_to"] == {"quantity": 6}


def test_file_of_requests(tmp_path) -> None:
    result = invoke("precheck", str(FIXTURES / "requests" / "seed-letters.yaml"), "--json")
    assert result.exit_code == 0
    verdicts = [json.loads(line)["verdict"] for line in result.stdout.splitlines()]
    # the acupuncture extension lacks documented functional improvement in the case summary
    assert verdicts == ["needs-info", "certify", "certify"]


def test_batch_with_bad_lines_reports_and_goes_on() -> None:
    result = invoke("precheck", str(FIXTURES / "requests" / "batch-with-errors.jsonl"), "--json")
    assert result.exit_code == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["verdict"] is not None for line in lines] == [True, False, True, False, True]
    assert (lines[2]["verdict"], lines[2]["summary"]) == (
        "no-guideline",
        "service not recognized: acupunture (did you mean acupuncture?)",
    )


def test_unknown_service_is_no_guideline() -> None:
    result = invoke("precheck", "--service", "massge", "--quantity", "4", "--json")
    assert result.exit_code == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["verdict"] == "no-guideline"
    assert verdict["summary"] == "service not recognized: massge (did you mean massage?)"


def test_no_request_is_a_usage_error() -> None:
    result = invoke("precheck")
    assert result.exit_code == 2
    assert "give a request file or at least --service" in result.stderr


def test_other_rule_pack(tmp_path) -> None:
    result = invoke("precheck", "--service", "massage", "--rules", str(tmp_path))
    assert result.exit_code == 2
    assert "needs a pack.yaml" in result.stderr


def test_any_request_field_as_a_fact_flag() -> None:
    result = runner.invoke(
        app,
        ["precheck", "--service", "PT", "--quantity", "14", "--fact", "postsurgical=true",
         "--fact", "surgery=arthroscopic rotator cuff repair", "--fact", "course=initial", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["verdict"] == "non-certify"
    assert verdict["modify_to"] == {"quantity": 12}


def test_misspelled_fact_flag_suggests_the_field() -> None:
    result = runner.invoke(app, ["precheck", "--service", "PT", "--fact", "postsurgica=true"])
    assert result.exit_code == 2
    assert "did you mean postsurgical" in result.stderr
