"""`rules validate PATH` as an author uses it: a pack, a folder of it, or one file in its pack."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtus_check.cli.main import app
from tests.conftest import RULES

runner = CliRunner()
MASSAGE = Path("mtus/chronic-pain/massage.yaml")
MASSAGE_CASES = Path("mtus/chronic-pain/massage.cases.yaml")


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "my-rules"
    shutil.copytree(RULES, root)
    monkeypatch.chdir(root)  # paths as an author types them, relative to the pack
    return root


def _validate(*args: str):
    return runner.invoke(app, ["rules", "validate", *args])


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_one_rule_file_validates_in_its_pack(pack: Path) -> None:
    result = _validate(str(MASSAGE))
    assert result.exit_code == 0, result.output
    summary = result.stdout.splitlines()[-1]
    assert summary.startswith(f"ok: {MASSAGE} (") and "in 1 file) in pack mtus-core" in summary
    # the other files' warnings are counted, not listed: the author asked about this file
    assert "physical-medicine.yaml" not in result.stdout


def test_an_error_in_the_file_is_located_on_stdout_and_exits_1(pack: Path) -> None:
    _edit(MASSAGE, "at_most: 6", "at_mots: 6")
    result = _validate(str(MASSAGE))
    assert result.exit_code == 1
    first, summary = result.stdout.splitlines()[0], result.stdout.splitlines()[-1]
    assert first.startswith(f"{MASSAGE}:") and "[error] unknown key 'at_mots'" in first and "at_most" in first
    assert summary.startswith("failed: ") and "1 error" in summary
    assert result.stderr == ""  # `> out.txt` captures everything


def test_a_case_file_and_a_vocabulary_file_validate(pack: Path) -> None:
    assert _validate(str(MASSAGE_CASES)).exit_code == 0
    assert _validate("vocabulary.yaml").exit_code == 0
    _edit(MASSAGE_CASES, "verdict:", "verdikt:")
    result = _validate(str(MASSAGE_CASES))
    assert result.exit_code == 1
    assert f"{MASSAGE_CASES}:" in result.stdout and "verdikt" in result.stdout


def test_an_error_elsewhere_is_counted_and_named(pack: Path) -> None:
    _edit(MASSAGE_CASES, "verdict:", "verdikt:")
    result = _validate("mtus/acupuncture/acupuncture.yaml")
    assert result.exit_code == 1  # the file could not be checked against the cases
    summary = result.stdout.splitlines()[-1]
    assert "elsewhere in the pack: 1 error" in summary and "mtus-check rules validate ." in summary
    assert "not fully checked" in summary
    assert "verdikt" not in result.stdout


def test_a_folder_inside_the_pack(pack: Path) -> None:
    _edit(MASSAGE, "at_most: 6", "at_mots: 6")
    assert _validate("mtus/acupuncture").exit_code == 1  # the pack does not load: not fully checked
    result = _validate("mtus/chronic-pain")
    assert result.exit_code == 1 and "massage.yaml:" in result.stdout


def test_json_is_one_object_with_located_problems(pack: Path) -> None:
    _edit(MASSAGE, "at_most: 6", "at_mots: 6")
    result = _validate(str(MASSAGE), "--format", "json")
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    report = json.loads(line)
    assert report["ok"] is False and report["errors"] == 1 and report["path"] == str(MASSAGE)
    (problem,) = report["problems"]
    assert problem["file"] == str(MASSAGE) and problem["line"] > 0 and problem["severity"] == "error"
    assert {"column", "code", "message", "fix"} <= problem.keys()
    ok = json.loads(_validate("--json").stdout)
    assert ok["ok"] is True and ok["errors"] == 0 and ok["pack"]["name"] == "mtus-core"


def test_the_whole_pack_summary(pack: Path) -> None:
    result = _validate(".")
    assert result.exit_code == 0
    summary = result.stdout.splitlines()[-1]
    assert summary.startswith("ok: ") and " rules in " in summary and "pack mtus-core" in summary


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("no-such.yaml", "no such file or folder"),
        ("schema/rule-file.schema.json", "not a file a rule pack reads"),
    ],
)
def test_a_path_that_is_no_pack_file_is_a_usage_error(pack: Path, path: str, says: str) -> None:
    result = _validate(path)
    assert result.exit_code == 2 and says in result.stderr and "Fix:" in result.stderr


def test_a_folder_outside_any_pack_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "loose.yaml").write_text("rules: []\n", encoding="utf-8")
    result = _validate(str(tmp_path / "loose.yaml"))
    assert result.exit_code == 2 and "not inside a rule pack" in result.stderr
