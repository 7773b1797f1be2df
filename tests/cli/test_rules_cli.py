"""`mtus-check rules ...` as a rule author uses it."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from mtus_check.cli.main import app
from tests.conftest import RULES

runner = CliRunner()


def test_list_json() -> None:
    result = runner.invoke(app, ["rules", "list", "--json"])
    assert result.exit_code == 0
    rules = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(r["rule"] == "cpmtg.massage.visits" and r["citation"]["pages"] == "60" for r in rules)


def test_list_table_shows_every_rule_and_its_exclusions() -> None:
    result = runner.invoke(app, ["rules", "list"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "cpmtg.massage.visits" in result.stdout
    assert "not postsurgical=true" in result.stdout


def test_show_rule() -> None:
    result = runner.invoke(app, ["rules", "show", "cpmtg.massage.visits"])
    assert result.exit_code == 0
    assert "quantity at most 6" in result.stdout and "p. 60" in result.stdout


def test_show_unknown_rule_suggests() -> None:
    result = runner.invoke(app, ["rules", "show", "cpmtg.massage.visit"])
    assert result.exit_code == 2
    assert "cpmtg.massage.visits" in result.stderr


def test_validate_ok() -> None:
    result = runner.invoke(app, ["rules", "validate"])
    assert result.exit_code == 0 and result.stdout.splitlines()[-1].startswith("ok:")


def test_validate_reports_every_problem_with_location(tmp_path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(RULES, root)
    massage = root / "mtus/chronic-pain/massage.yaml"
    massage.write_text(
        massage.read_text().replace("at_most: 6", "at_mots: 6", 1).replace("service: massage", "service: masage")
    )
    result = runner.invoke(app, ["rules", "validate", str(root)])
    assert result.exit_code == 1  # validate's findings
    lines = [line for line in result.stdout.splitlines() if "massage.yaml:" in line]
    assert len(lines) == 2, result.stdout
    assert all(":[" not in line and "[error]" in line for line in lines)


def test_rule_tests_pass_and_count() -> None:
    result = runner.invoke(app, ["rules", "test"])
    assert result.exit_code == 0, result.stdout
    assert "0 failed" in result.stdout


def test_changed_limit_fails_its_cases(tmp_path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(RULES, root)
    massage = root / "mtus/chronic-pain/massage.yaml"
    massage.write_text(massage.read_text().replace("at_most: 6", "at_most: 8", 1))
    result = runner.invoke(app, ["rules", "test", str(root), "--run", "massage"])
    assert result.exit_code == 1
    assert "FAILED" in result.stdout and "seven_visits_fail" in result.stdout
    assert "ready to paste" in result.stdout


def test_coverage_lists_services_without_rules() -> None:
    from tests.conftest import FIXTURES

    result = runner.invoke(app, ["rules", "coverage", str(FIXTURES / "letters"), "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    expected = sum(len(json.loads(p.read_text())["items"]) for p in (FIXTURES / "letters").rglob("*.expected.json"))
    assert data["items"] == expected and 0 < data["covered"] <= data["items"]
    assert sum(u["items"] for u in data["uncovered"]) == data["items"] - data["covered"]


def test_extract_reads_stdin() -> None:
    from tests.conftest import FIXTURES

    text = (FIXTURES / "letters" / "final-determination" / "seed-004.txt").read_text()
    result = runner.invoke(app, ["extract", "-", "--json"], input=text)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["items"][0]["decision"] == "overturned"


def test_rules_facts_lists_every_declared_fact() -> None:
    result = CliRunner().invoke(app, ["rules", "facts", "--json"])
    assert result.exit_code == 0
    rows = {r["fact"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert rows["functional_improvement"]["reader"] == "phrases"
    assert rows["med_mg_per_day"]["type"] == "number" and rows["current_medications"]["type"] == "list"
