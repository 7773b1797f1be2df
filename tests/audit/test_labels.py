"""`audit --labels`: scoring against a user's own labels, in every output, and bad label files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtus_check.audit.labels import load_labels
from mtus_check.cli.main import app
from mtus_check.errors import ProblemsError
from tests.conftest import FIXTURES

runner = CliRunner()
LETTERS = FIXTURES / "letters"


def audit_json(out: Path, *args: str) -> dict:
    result = runner.invoke(app, ["audit", str(LETTERS), "--out", str(out), "--force", "--json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list[dict]]:
    """The fixtures audited once, scored against the decisions read from the letters."""
    out = tmp_path_factory.mktemp("plain")
    summary = audit_json(out)
    records = [json.loads(line) for line in (out / "items.jsonl").read_text().splitlines()]
    return summary, records


FLIP = {"overturned": "Upheld", "upheld": "Overturned"}


def test_labels_that_repeat_the_letters_score_the_same(tmp_path: Path, audited: tuple[dict, list[dict]]) -> None:
    summary, records = audited
    path = tmp_path / "labels.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["letter", "item", "decision"])
        for r in records:
            writer.writerow([Path(r["source"]).stem, r["item"], r["actual"].capitalize()])
    labelled = audit_json(tmp_path / "out", "--labels", str(path))
    assert labelled["score"] == summary["score"] and labelled["score_from_findings"] == summary["score_from_findings"]
    assert labelled["labels"] == {"source": str(path), "unlabelled": 0, "differ_from_letters": 0, "unmatched": []}
    report = (tmp_path / "out" / "report.md").read_text()
    assert f"labels from {path}" in report and "decisions read from the letters" not in report


def test_flipped_labels_turn_balanced_accuracy_around(tmp_path: Path, audited: tuple[dict, list[dict]]) -> None:
    """Every label the opposite of the letter's decision: balanced accuracy becomes 1 - itself,
    in --json and in both reports, through the same scoring."""
    summary, records = audited
    letters: dict[str, list[dict]] = {}
    for r in records:  # the corpus shape: one entry per letter, its items by request text
        letters.setdefault(Path(r["source"]).name, []).append(
            {"request": r["request_text"], "decision": FLIP[r["actual"]]}
        )
    path = tmp_path / "labels.json"
    path.write_text(json.dumps([{"file": name, "items": items} for name, items in letters.items()], indent=1))
    flipped = audit_json(tmp_path / "out", "--labels", str(path))
    before = summary["score"]["balanced_accuracy"]["value"]
    assert flipped["score"]["balanced_accuracy"]["value"] == pytest.approx(1 - before, abs=1e-4)
    assert flipped["labels"]["differ_from_letters"] == len(records)
    assert flipped["score"]["overturned"] == summary["score"]["upheld"]
    value = f"{flipped['score']['balanced_accuracy']['value']:.2f}"
    for name in ("report.md", "report.html"):
        assert "balanced accuracy (no prediction = upheld), 95% CI" in (tmp_path / "out" / name).read_text()
        assert value in (tmp_path / "out" / name).read_text()


def test_unlabelled_items_are_counted_and_stray_labels_listed(tmp_path: Path, audited: tuple[dict, list[dict]]) -> None:
    _, records = audited
    first = records[0]
    path = tmp_path / "labels.json"
    entries = [
        {"letter": Path(first["source"]).name, "item": 1, "decision": first["actual"]},
        {"letter": "no-such-letter", "item": 2, "decision": "Upheld"},
        {"letter": Path(first["source"]).stem, "item": 9, "decision": "Upheld"},
    ]
    path.write_text("[\n" + ",\n".join(" " + json.dumps(e) for e in entries) + "\n]\n")  # one label a line
    labelled = audit_json(tmp_path / "out", "--labels", str(path))
    assert labelled["score"]["items"] == 1
    assert labelled["labels"]["unlabelled"] == len(records) - 1
    assert labelled["labels"]["unmatched"] == [
        f"{path}:3:2: no-such-letter item 2",
        f"{path}:4:2: {Path(first['source']).stem} item 9",
    ]
    report = (tmp_path / "out" / "report.md").read_text()
    assert (
        "## Labels that match no item (2)" in report
        and f"| items without a label (not scored) | {len(records) - 1} |" in report
    )


def test_a_label_names_the_letter_by_case_number(tmp_path: Path, audited: tuple[dict, list[dict]]) -> None:
    _, records = audited
    numbered = next(r for r in records if r["case_number"])
    path = tmp_path / "labels.csv"
    path.write_text(f"letter,item,decision\n{numbered['case_number']},{numbered['item']},{FLIP[numbered['actual']]}\n")
    labelled = audit_json(tmp_path / "out", "--labels", str(path))
    assert labelled["score"]["items"] == 1 and labelled["labels"]["differ_from_letters"] == 1


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("bad.csv", "letter,item,decision\nimr-1,1,Upheld\nimr-1,2,maybe\n", "bad.csv:3:1: [error] decision 'maybe'"),
        ("bad.csv", "letter,item,decision\nimr-1,0,Upheld\n", "bad.csv:2:1: [error] item 0 is neither"),
        ("bad.csv", "letter,request\nimr-1,1\n", "bad.csv:1:1: [error] the header row lacks decision"),
        ("bad.csv", "letter,item,decision\nimr-1,1,Upheld\nimr-1,1,Overturned\n", "bad.csv:3:1: [error] imr-1 item 1"),
        ("bad.json", '[{"letter": "a",}]', "bad.json:1:17: [error] this is not valid JSON"),
        ("bad.json", '[\n {"letter": "a", "decision": "Upheld"}\n]', "bad.json:2:2: [error] no item given"),
        ("bad.json", '[\n {"file": "a", "items": [\n  {"request": "MRI"}]}\n]', "bad.json:3:3: [error] decision None"),
        ("bad.json", '{"letter": "a"}', "bad.json:1:1: [error] the file is not a list"),
        ("bad.json", "[]", "bad.json: [error] the file holds no labels"),
        ("bad.txt", "letter,item,decision\n", "bad.txt: [error] labels must be a .json or .csv file"),
    ],
)
def test_bad_labels_stop_the_audit_before_it_starts(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    out = tmp_path / "out"
    result = runner.invoke(app, ["audit", str(LETTERS), "--out", str(out), "--labels", str(path)])
    assert result.exit_code == 2
    assert expected.replace(name, str(path), 1) in result.stderr and "Fix:" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_the_corpus_shape_reads_decisions_in_the_2013_wording(tmp_path: Path) -> None:
    path = tmp_path / "labels.json"
    entry = {"file": "n13.txt", "items": [{"decision": "not medically necessary"}, {"decision": "medically necessary"}]}
    path.write_text(json.dumps([entry]))
    labels = load_labels(path).labels
    assert [(label.letter, label.item, label.decision) for label in labels] == [
        ("n13.txt", 1, "upheld"),
        ("n13.txt", 2, "overturned"),
    ]
    with pytest.raises(ProblemsError):
        load_labels(tmp_path / "missing.json")
