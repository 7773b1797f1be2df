"""The phrase-coverage lint: every alternative of a fact spec's phrases needs a phrasing case that
uses it; the baseline of alternatives untested when the lint came in only shrinks."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mtus_check.cli.main import app
from mtus_check.rules.fact_cases import alternatives, load_phrasing, untested_alternatives
from mtus_check.rules.loader import load_pack
from tests.conftest import RULES
from tests.rules.conftest import edit

runner = CliRunner()
SPEC = "facts/homebound.yaml"
CASES = "facts/homebound.cases.yaml"
BASELINE = "facts/untested-phrases.yaml"


def test_alternatives_choose_one_branch_at_a_time() -> None:
    chosen = [p for _, p in alternatives("confined to {|the} {home|bed}")]
    assert chosen == [
        "confined to {|} {home|bed}",
        "confined to {the} {home|bed}",
        *[
            "confined to {|the} {home}",
            "confined to {|the} {bed}",
        ],
    ]
    assert [p for _, p in alternatives("homebound")] == ["homebound"]


def test_bundled_pack_has_no_untested_alternative_beyond_its_baseline() -> None:
    pack = load_pack(RULES)
    assert not [p for p in untested_alternatives(pack, load_phrasing(pack)) if p.severity == "error"]


def test_new_alternative_without_a_case_fails_validate_and_test_facts_at_its_line(pack_dir: Path) -> None:
    edit(pack_dir, SPEC, "asserts:\n", "asserts:\n  - '{shut-in|shut in}'\n")
    for command in (["rules", "validate", str(pack_dir)], ["rules", "test-facts", str(pack_dir)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, command
        assert "homebound.yaml:6:" in result.output and "'shut in'" in result.output
        assert "lint-untested-phrase" in result.output
    # a case that uses it satisfies the lint
    edit(
        pack_dir,
        CASES,
        "cases:\n",
        "cases:\n  - {text: He is a shut-in and has been shut in since the stroke., expect: true}\n",
    )
    assert runner.invoke(app, ["rules", "validate", str(pack_dir)]).exit_code == 0


def test_baseline_entry_no_longer_untested_must_be_removed(pack_dir: Path) -> None:
    text = (pack_dir / BASELINE).read_text()
    (pack_dir / BASELINE).write_text(text + "homebound_gone:\n  - \"'x' of {x|y} in '{x|y}'\"\n")
    pack = load_pack(pack_dir)
    problems = [p for p in untested_alternatives(pack, load_phrasing(pack)) if p.severity == "error"]
    assert [p.message for p in problems] == [
        "homebound_gone: 'x' of {x|y} in '{x|y}' is covered by a case now (or no longer exists)"
    ]
    assert "untested-phrases.yaml" in str(problems[0].location)


def test_removing_a_baseline_entry_without_a_case_fails(pack_dir: Path) -> None:
    edit(pack_dir, SPEC, "asserts:\n", "asserts:\n  - '{shut-in|shut in}'\n")
    entries = [f"  - \"'{word}' of {{shut-in|shut in}} in '{{shut-in|shut in}}'\"\n" for word in ("shut-in", "shut in")]
    text = (pack_dir / BASELINE).read_text()
    (pack_dir / BASELINE).write_text(text + "homebound:\n" + "".join(entries))
    assert runner.invoke(app, ["rules", "validate", str(pack_dir)]).exit_code == 0
    (pack_dir / BASELINE).write_text(text + "homebound:\n" + entries[0])
    result = runner.invoke(app, ["rules", "validate", str(pack_dir)])
    assert result.exit_code == 1 and "lint-untested-phrase" in result.stdout
    assert "'shut in'" in result.stdout


def test_readme_worked_example_of_a_new_fact_passes(pack_dir: Path) -> None:
    """rules/README.md's 'Add a fact' example, as written: one spec and its cases make a fact."""
    import re

    readme = (RULES / "README.md").read_text()
    for block in re.findall(r"```yaml\n(# facts/drives.*?)```", readme, re.S):
        (pack_dir / "facts" / block.split("\n")[0].split("/")[-1]).write_text(block)
    assert (pack_dir / "facts" / "drives.cases.yaml").is_file()
    assert runner.invoke(app, ["rules", "validate", str(pack_dir)]).exit_code == 0
    result = runner.invoke(app, ["rules", "test-facts", str(pack_dir), "--run", "drives"])
    assert result.exit_code == 0 and "0 failed" in result.stdout
    checked = ["precheck", "--rules", str(pack_dir), "--service", "massage", "--quantity", "4", "--json"]
    assert '"drives":true' in runner.invoke(app, [*checked, "--fact", "drives=true"]).stdout


def test_a_case_in_findings_mode_reads_the_sentence_as_a_reviewer_finding(pack_dir: Path) -> None:
    """The same sentence: unknown in a case summary (the record's silence is not the fact being
    false), not met as a reviewer's finding."""
    said = "It is unclear whether she is homebound."
    edit(
        pack_dir,
        CASES,
        "cases:\n",
        f"cases:\n  - {{text: {said}, expect: null}}\n  - {{text: {said}, mode: findings, expect: false}}\n",
    )
    result = runner.invoke(app, ["rules", "test-facts", str(pack_dir), "--run", "homebound::[12]$", "--json"])
    assert result.exit_code == 0, result.output
    read = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [(r["mode"], r["actual"], r["outcome"]) for r in read] == [
        ("case", None, "passed"),
        ("findings", False, "passed"),
    ]


def test_two_context_rules_of_the_same_words_fail_validate_at_the_second(pack_dir: Path) -> None:
    path = pack_dir / "facts/context.yaml"
    path.write_text(path.read_text() + "  - {phrase: Expected To, category: HYPOTHETICAL}\n")
    result = runner.invoke(app, ["rules", "validate", str(pack_dir)])
    assert result.exit_code == 1
    assert "context.yaml:" in result.output and "'Expected To' is also the trigger of rule" in result.output


SCOPED = "facts/neurologic_findings.yaml"


def test_a_scoped_group_with_an_unknown_scope_is_a_located_error(pack_dir: Path) -> None:
    edit(pack_dir, SCOPED, "  - scope: limb\n", "  - scope: wrist\n")
    result = runner.invoke(app, ["rules", "validate", str(pack_dir)])
    assert result.exit_code == 1
    assert "neurologic_findings.yaml:" in result.output and "limb" in result.output and "wrist" in result.output


def test_a_scoped_groups_alternative_without_a_case_fails_at_its_line(pack_dir: Path) -> None:
    text = (pack_dir / SCOPED).read_text()
    line = text[: text.index("  - scope: limb")].count("\n") + 1
    edit(pack_dir, SCOPED, "    asserts:\n", "    asserts:\n      - '{Wartenberg*} sign'\n")
    result = runner.invoke(app, ["rules", "validate", str(pack_dir)])
    assert result.exit_code == 1 and "lint-untested-phrase" in result.output
    assert f"neurologic_findings.yaml:{line + 7}:" in result.output and "Wartenberg" in result.output


def test_a_clause_gap_without_its_declaration_is_a_located_error(pack_dir: Path) -> None:
    text = (pack_dir / SPEC).read_text()
    line = text[: text.index("asserts:\n")].count("\n") + 2
    edit(pack_dir, SPEC, "asserts:\n", "asserts:\n  - 'homebound ..; since'\n")
    result = runner.invoke(app, ["rules", "validate", str(pack_dir)])
    assert result.exit_code == 1
    assert f"homebound.yaml:{line}:" in result.output and "needs the spec's clause_gap" in result.output


def test_a_clause_gap_bars_words_only(pack_dir: Path) -> None:
    edit(pack_dir, SPEC, "asserts:\n", "clause_gap: {words: 8, never: ['helped it']}\nasserts:\n")
    result = runner.invoke(app, ["rules", "validate", str(pack_dir)])
    assert result.exit_code == 1
    assert "homebound.yaml:" in result.output and "'helped it' is not one word" in result.output
