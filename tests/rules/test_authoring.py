"""Rule authoring without code: schema, lint, impact of a change, pack listing, hot reload."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from mtus_check.cli.main import app
from mtus_check.errors import ProblemsError
from mtus_check.rules.jsonschema import KINDS, schema, schema_text
from mtus_check.rules.lint import lint
from mtus_check.rules.loader import load_pack, rule_files
from mtus_check.rules.schema import RuleFile
from mtus_check.watch import PackWatcher
from tests.conftest import FIXTURES, RULES
from tests.rules.conftest import edit

runner = CliRunner()
MASSAGE = "mtus/chronic-pain/massage.yaml"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_committed_schema_is_current(name: str) -> None:
    committed = RULES / "schema" / f"{name}.schema.json"
    assert committed.read_text() == schema_text(name), "run: mtus-check rules schema --out rules/schema"


def test_request_schema_takes_its_facts_from_the_specs(pack_dir: Path) -> None:
    """A fact is declared once: a new spec file is a request field, in the schema and in precheck."""
    validator = jsonschema.Draft202012Validator(schema("request"))
    assert not list(validator.iter_errors({"service": "massage", "quantity": 6, "functional_improvement": True}))
    assert list(validator.iter_errors({"service": "massage", "functional_improvment": True}))
    assert list(validator.iter_errors({"service": "massage", "pain_relief_percent": 140}))
    (pack_dir / "facts" / "driving.yaml").write_text(
        "fact: driving\nlabel: driving\ndescription: The patient drives a car.\nasserts: ['{drives|driving}']\n"
    )
    assert "driving" in schema("request", pack_dir)["properties"]
    request = ["precheck", "--rules", str(pack_dir), "--service", "massage", "--json"]
    assert runner.invoke(app, [*request, "--fact", "driving=true"]).exit_code == 0
    result = runner.invoke(app, [*request, "--fact", "drivng=true"])
    assert result.exit_code == 2 and "did you mean driving" in result.output + result.stderr


class _JsonLikeLoader(yaml.SafeLoader):
    """Reads YAML as editors do for JSON Schema: dates stay strings."""


_JsonLikeLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load(path: Path) -> dict:
    return yaml.load(path.read_text(), Loader=_JsonLikeLoader)


def test_schema_and_loader_agree_on_the_bundled_pack() -> None:
    validator = jsonschema.Draft202012Validator(schema("rule-file"))
    for path in rule_files(RULES):
        data = _load(path)
        assert not list(validator.iter_errors(data)), path
        RuleFile.model_validate(data)


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r["rules"][0]["criteria"][0].update(at_mots=6),  # unknown key
        lambda r: r["rules"][0].pop("citation"),  # missing citation
        lambda r: r["rules"][0]["criteria"][0].update(at_most="six"),  # wrong type
        lambda r: r["rules"][0].update(id="Not An Id"),  # bad id
    ],
)
def test_schema_and_loader_reject_the_same_mistakes(change) -> None:
    data = _load(RULES / MASSAGE)
    change(data)
    assert list(jsonschema.Draft202012Validator(schema("rule-file")).iter_errors(data))
    with pytest.raises(Exception):  # noqa: B017 - pydantic's ValidationError
        RuleFile.model_validate(data)


def test_lint_finds_contradiction(pack_dir: Path) -> None:
    text = (pack_dir / MASSAGE).read_text()
    clash = text.replace("id: cpmtg.massage.visits", "id: cpmtg.massage.more").replace("at_most: 6", "at_least: 8", 1)
    (pack_dir / "mtus/chronic-pain/massage-more.yaml").write_text(clash)
    problems = lint(load_pack(pack_dir))
    assert any(
        p.code == "lint-contradiction"
        and "cpmtg.massage.more" in p.message
        and "cpmtg.massage.visits" in p.message
        and "cannot both pass" in p.message
        for p in problems
    )


def test_lint_finds_impossible_criterion(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, "at_most: 6", "at_most: 0")
    problems = lint(load_pack(pack_dir))
    assert any(p.code == "lint-impossible" and "can never hold" in p.message for p in problems)


def test_lint_warns_on_missing_page_and_future_date(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, '      pages: "60"\n', "")
    edit(pack_dir, MASSAGE, "    notes: >-\n", "    groups_note: x\n    notes_removed: >-\n")
    with pytest.raises(ProblemsError):  # unknown keys are still errors
        load_pack(pack_dir)


def test_validate_exit_codes_and_located_lint(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, "at_most: 6", "at_most: 0")
    result = runner.invoke(app, ["rules", "validate", str(pack_dir)])
    assert result.exit_code == 1
    assert "massage.yaml:" in result.stdout and "[error]" in result.stdout and "Fix:" in result.stdout
    assert runner.invoke(app, ["rules", "validate"]).exit_code == 0


def test_changed_limit_walkthrough(pack_dir: Path) -> None:
    """A new user changes massage's limit from 6 to 8: validate passes, the cases that
    now fail are shown, and diff lists the fixture items that change."""
    path = pack_dir / MASSAGE
    path.write_text(path.read_text().replace("at_most: 6", "at_most: 8"))  # the visit limit and the total
    assert runner.invoke(app, ["rules", "validate", str(pack_dir)]).exit_code == 0
    tested = runner.invoke(app, ["rules", "test", str(pack_dir), "--run", "massage"])
    assert tested.exit_code == 1 and "seven_visits_fail" in tested.stdout
    result = runner.invoke(
        app,
        [
            "rules",
            "diff",
            str(RULES),
            str(pack_dir),
            "--corpus",
            str(FIXTURES / "letters"),
            "--json",
            "--fail-on-change",
        ],
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["changed"] == 1
    (change,) = report["changes"]
    assert change["before"] == "non-certify" and change["after"] == "certify" and change["actual"] == "upheld"
    assert change["rules"] == ["cpmtg.massage.visits"]
    assert report["agreement_after"] < report["agreement_before"]


def test_diff_of_identical_packs_is_empty() -> None:
    result = runner.invoke(
        app, ["rules", "diff", str(RULES), str(RULES), "--corpus", str(FIXTURES / "letters"), "--fail-on-change"]
    )
    assert result.exit_code == 0 and result.stdout.startswith("0 of")


def test_pack_listing_has_hashes() -> None:
    result = runner.invoke(app, ["rules", "pack", "--json"])
    data = json.loads(result.stdout)
    assert data["hash"] == load_pack(RULES).info.hash
    assert any(f["file"] == MASSAGE and len(f["sha256"]) == 64 for f in data["files"])


def test_watcher_reloads_and_keeps_last_good_pack(pack_dir: Path) -> None:
    watcher = PackWatcher(pack_dir)
    assert watcher.engine().check({"service": "massage", "quantity": 8}).verdict == "non-certify"
    edit(pack_dir, MASSAGE, "at_most: 6", "at_most: 8")
    assert watcher.engine().check({"service": "massage", "quantity": 8}).verdict == "certify"
    edit(pack_dir, MASSAGE, "at_most: 8", "at_mots: 8")  # a broken edit
    engine = watcher.engine()
    assert watcher.problems and "at_mots" in watcher.problems[0].message
    assert engine.check({"service": "massage", "quantity": 8}).verdict == "certify"  # last good pack


def test_lint_warns_when_a_case_number_is_a_rule_s_source(pack_dir: Path) -> None:
    """A rule that cites one IMR letter (in its citation or a comment) fits that letter, not the guideline."""
    edit(pack_dir, MASSAGE, "      section: Massage therapy\n", "      section: IMR CM16-0123456\n")
    edit(pack_dir, MASSAGE, "rules:\n", "# limit taken from CM17-0000001\nrules:\n")
    problems = [p for p in lint(load_pack(pack_dir)) if p.code == "lint-case-number"]
    assert [(Path(p.location.path).name, p.location.line) for p in problems] == [
        ("massage.yaml", 4),
        ("massage.yaml", 12),
    ]
    assert all(p.severity == "warning" and "guideline text" in p.fix for p in problems)


def test_lint_warns_on_each_criterion_without_a_page(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, '      pages: "60"\n', "")
    problems = [p for p in lint(load_pack(pack_dir)) if p.code == "lint-criterion-page" and "massage" in p.message]
    fields = sorted(p.message.split("criterion on ")[1].split()[0] for p in problems)
    assert fields == ["adjunct_exercise", "quantity", "total_sessions"]
    assert all(p.message.startswith("cpmtg.massage.visits:") and p.severity == "warning" for p in problems)
    edit(pack_dir, MASSAGE, "      - field: quantity\n", '      - field: quantity\n        page: "60"\n')
    again = [p for p in lint(load_pack(pack_dir)) if p.code == "lint-criterion-page" and "massage" in p.message]
    assert len(again) == 2


def test_validate_warns_on_an_alternative_no_case_exercises(pack_dir: Path) -> None:
    """Each alternative of a set needs a case of its own: one tested sibling does not cover it."""
    groups = "    groups: [chronic-pain, physical-medicine, passive-treatment]\n"
    in_set = groups + "    alternatives: cpmtg.massage\n"
    edit(pack_dir, MASSAGE, groups, in_set)
    text = (pack_dir / MASSAGE).read_text()
    sibling = (
        text[text.index("  - id: cpmtg.massage.visits") :]
        .replace("id: cpmtg.massage.visits", "id: cpmtg.massage.visits-other")
        .replace("      service: massage\n", "      service: massage\n      diagnosis: crps\n")
    )
    (pack_dir / MASSAGE).write_text(text + "\n" + sibling)
    result = runner.invoke(app, ["rules", "validate", str(pack_dir)])
    assert result.exit_code == 0, result.stdout
    untested = [line for line in result.stdout.splitlines() if "(lint-untested)" in line]
    assert len(untested) == 1 and "cpmtg.massage.visits-other: no case expects it" in untested[0]


def test_request_schema_takes_a_request_in_its_own_words() -> None:
    """A request names its service or says it in words (`text`), with any field beside it."""
    validator = jsonschema.Draft202012Validator(schema("request"))
    assert not list(validator.iter_errors({"text": "Acupuncture 2x/week x 3 weeks, lumbar", "prior_sessions": 6}))
    assert not list(validator.iter_errors({"text": "massage x 6", "service": "massage"}))
    assert list(validator.iter_errors({"quantity": 6}))  # neither service nor text
    assert list(validator.iter_errors({"text": ""}))
    assert list(validator.iter_errors({"text": "massage x 6", "quantiy": 6}))


def test_a_rule_cases_request_is_fields_in_the_schema_as_in_the_loader(pack_dir: Path) -> None:
    from referencing import Registry, Resource

    registry = Registry().with_resource("request.schema.json", Resource.from_contents(schema("request")))
    validator = jsonschema.Draft202012Validator(schema("cases"), registry=registry)
    path = pack_dir / "mtus/chronic-pain/massage.cases.yaml"
    data = _load(path)
    assert not list(validator.iter_errors(data))
    data["cases"][0]["request"] = {"text": "Massage x 6, low back"}
    assert list(validator.iter_errors(data))  # the editor says so, as the loader does
    path.write_text(path.read_text().replace("request: {", "request: {text: Massage x 6, ", 1))
    result = runner.invoke(app, ["rules", "test", str(pack_dir)])
    assert result.exit_code != 0 and "massage.cases.yaml:" in result.output
