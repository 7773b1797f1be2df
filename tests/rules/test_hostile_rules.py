"""Hostile rule files (tests/rules/hostile_rules/): each is a located problem in validate and a
clear refusal in precheck and rules test, never a traceback or a pack that silently loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mtus_check.cli.main import app
from mtus_check.engine import Engine, durable_backend
from mtus_check.engine.probe import service_problems
from mtus_check.rules.loader import load_pack
from tests.conftest import ONE_RULE_PACK

HERE = Path(__file__).parent / "hostile_rules"
EXPECTED = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
runner = CliRunner()


def _copy_pack(tmp_path: Path) -> Path:
    """An editable copy of the one-rule pack."""
    pack = tmp_path / "pack"
    shutil.copytree(ONE_RULE_PACK, pack)
    return pack


def _pack_with(tmp_path: Path, rule_file: Path) -> Path:
    pack = _copy_pack(tmp_path)
    shutil.copy(rule_file, pack / "rules" / "hostile.yaml")
    return pack


def test_every_snippet_has_an_expectation() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in HERE.glob("*.yaml") if p.name != "expected.yaml")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_rule_file_is_a_located_problem(tmp_path: Path, name: str) -> None:
    pack = _pack_with(tmp_path, HERE / name)
    where = f"{pack / 'rules' / 'hostile.yaml'}:{EXPECTED[name]['at']}: [error]"
    says = EXPECTED[name]["says"]

    validate = runner.invoke(app, ["rules", "validate", "--rules", str(pack)])
    assert validate.exit_code == 1, validate.output
    line = next((x for x in validate.stdout.splitlines() if x.startswith(where)), "")
    assert says in line, validate.stdout

    for command in (["precheck", "--service", "massage", "--quantity", "8"], ["rules", "test"]):
        result = runner.invoke(app, [*command, "--rules", str(pack)])
        assert result.exit_code == 2, (command, result.output)
        assert where in result.stderr and says in result.stderr
        assert "Traceback" not in result.output


def _many_rules(count: int) -> str:
    rule = """  - id: many.massage.r{i}
    title: Generated rule number {i}
    citation: {{guideline: MTUS, section: Massage therapy, pages: "60", effective_from: 2009-07-18}}
    applies_to: {{service: massage}}
    criteria:
      - {{field: quantity, at_most: {limit}, fail: "{{value}} visits; at most {{limit}}"}}
"""
    return "rules:\n" + "".join(rule.format(i=i, limit=10 + i) for i in range(count))


def test_a_service_with_300_rules_is_checked(tmp_path: Path) -> None:
    # durable-rules refuses a ruleset of 256 or more rules (error 108); a service's rules are
    # registered in parts, so every one of them is evaluated, and both evaluators agree
    pack_dir = _copy_pack(tmp_path)
    (pack_dir / "rules" / "many.yaml").write_text(_many_rules(300), encoding="utf-8")
    pack = load_pack(pack_dir)
    assert service_problems(pack) == []
    request = {"service": "massage", "quantity": 150}
    verdict = Engine(pack).check(request)
    failed = {f.rule for f in verdict.findings if f.status == "fail"}
    assert len(failed) == 140 + 1  # the 140 rules with a limit under 150, and the pack's own rule
    assert verdict.model_dump() == Engine(pack, backend="reference").check(request).model_dump()


def test_validate_reports_a_ruleset_durable_rules_refuses(tmp_path: Path, monkeypatch) -> None:
    # registered whole, 300 rules are more than durable-rules takes: validate says so, located
    pack_dir = _copy_pack(tmp_path)
    (pack_dir / "rules" / "many.yaml").write_text(_many_rules(300), encoding="utf-8")
    monkeypatch.setattr(durable_backend, "RULES_PER_RULESET", 100_000)
    problems = service_problems(load_pack(pack_dir))
    assert [p.code for p in problems] == ["engine-ruleset"]
    assert "service 'massage'" in problems[0].message and "error code" in problems[0].message
    assert problems[0].location.line > 0


def test_bad_run_regex_is_a_usage_error() -> None:
    result = runner.invoke(app, ["rules", "test", "--run", "massage["])
    assert result.exit_code == 2
    assert "--run 'massage[' is not a regular expression" in result.stderr
    assert "massage\\[" in result.stderr


def test_rule_text_with_markup_is_printed_as_written(tmp_path: Path) -> None:
    pack = _copy_pack(tmp_path)
    rule_file = pack / "rules" / "massage.yaml"
    text = rule_file.read_text(encoding="utf-8")
    text = text.replace("section: Massage therapy", 'section: "Massage [sic] therapy [/]"')
    rule_file.write_text(text.replace("the limit is {limit}", "the limit [bold]is[/bold] {limit} :pill:"), "utf-8")
    for command in (
        ["rules", "show", "golden.massage.visits"],
        ["precheck", "--service", "massage", "--quantity", "8"],
    ):
        result = runner.invoke(app, [*command, "--rules", str(pack)], env={"COLUMNS": "300"})
        assert result.exit_code == 0, result.output
        assert "Massage [sic] therapy [/]" in result.stdout
    assert "the limit [bold]is[/bold] 6 :pill:" in result.stdout


def test_case_request_with_an_impossible_date_is_located(tmp_path: Path) -> None:
    pack = _copy_pack(tmp_path)
    cases = pack / "rules" / "massage.cases.yaml"
    cases.write_text(
        "cases:\n  - name: bad_date\n    request: {service: massage, quantity: 4, date_of_service: 2015-02-30}\n"
        "    expect: {verdict: certify}\n",
        encoding="utf-8",
    )
    for command in (["rules", "validate"], ["rules", "test"]):
        result = runner.invoke(app, [*command, "--rules", str(pack)])
        assert result.exit_code in (1, 2), result.output
        assert f"{cases}:3:63: [error] date_of_service: not a real date" in result.output


def test_validate_warns_on_a_criterion_without_pass_text(tmp_path: Path) -> None:
    from mtus_check.rules.lint import lint

    pack = _copy_pack(tmp_path)
    assert not [p for p in lint(load_pack(pack)) if p.code == "lint-criterion-pass"]
    rule_file = pack / "rules" / "massage.yaml"
    text = rule_file.read_text(encoding="utf-8")
    pass_line = '        pass: "{value} visits requested, within the limit of {limit}"\n'
    rule_file.write_text(text.replace(pass_line, ""), encoding="utf-8")
    warnings = [p for p in lint(load_pack(pack)) if p.code == "lint-criterion-pass"]
    assert [w.message for w in warnings] == ["golden.massage.visits: criterion on quantity has no pass: text"]
    assert warnings[0].severity == "warning"
