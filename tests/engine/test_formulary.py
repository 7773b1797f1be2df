"""The MTUS Drug Formulary on a drug request: prospective review, the Special Fill and
Perioperative Fill windows, brand against generic, all from rules/formulary/ data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from mtus_check.cli.main import app
from tests.conftest import RULES

runner = CliRunner()


def precheck(*args: str) -> dict:
    result = runner.invoke(app, ["precheck", *args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_drug_dated_today_gets_the_formulary_windows() -> None:
    out = precheck("--text", "Norco 10/325 #60", "--date-of-service", "2026-03-05",
                   "--fact", "date_of_injury=2026-03-01", "--fact", "surgery_date=2026-03-10")  # fmt: skip
    drugs = out["formulary"]
    assert drugs["drug"] == "Norco" and drugs["status"] == "not_in_this_copy"
    assert "prospective review" in drugs["prospective_review"]
    assert "day 4 after the injury, inside the window" in drugs["special_fill"]
    assert "5 days before the surgery, outside the window" in drugs["perioperative_fill"]
    assert "8 CCR 9792.27.13(a), (b)" in drugs["perioperative_fill"]


def test_no_formulary_before_it_took_effect() -> None:
    out = precheck("--text", "Norco 10/325 #60", "--date-of-service", "2016-03-05")
    assert out["formulary"] is None


def _pack_with_list(tmp_path: Path, entries: list[dict]) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(RULES, root)
    path = root / "formulary" / "mtus-drug-formulary.yaml"
    data = yaml.safe_load(path.read_text())
    data["drug_list"]["entries"] = entries
    data["drug_list"]["version"] = "test copy"
    path.write_text(yaml.safe_dump(data))
    return root


def test_adding_a_drug_is_a_data_edit(tmp_path: Path) -> None:
    # entries made up for the test: the statuses are not claims about the real list
    rules = _pack_with_list(tmp_path, [
        {"drug": "testoprofen", "names": ["Testbrand"], "brands": ["Testbrand"], "status": "exempt",
         "source": "test"},
        {"drug": "testocodone", "status": "non_exempt", "special_fill_days": 4, "source": "test"},
    ])  # fmt: skip
    exempt = precheck("--service", "nsaid", "--fact", "drug=Testbrand", "--date-of-service", "2026-03-05",
                      "--rules", str(rules))  # fmt: skip
    assert exempt["formulary"]["status"] == "exempt"
    assert "Testbrand is a brand name of testoprofen" in exempt["formulary"]["brand"]
    assert exempt["formulary"]["special_fill"] is None
    listed = precheck("--service", "opioid", "--fact", "drug=testocodone", "--date-of-service", "2026-03-12",
                      "--fact", "date_of_injury=2026-03-01", "--rules", str(rules))  # fmt: skip
    assert listed["formulary"]["status"] == "non_exempt"
    assert "day 11 after the injury, outside the window" in listed["formulary"]["special_fill"]
    assert "supply limit on the list: 4 days" in listed["formulary"]["special_fill"]


def test_bad_formulary_data_is_a_located_rule_error(tmp_path: Path) -> None:
    rules = _pack_with_list(tmp_path, [{"drug": "testocodone", "status": "sometimes", "source": "test"}])
    result = runner.invoke(app, ["rules", "validate", str(rules)])
    assert result.exit_code != 0
    assert "mtus-drug-formulary.yaml" in result.output and "status" in result.output
