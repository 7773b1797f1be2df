"""The audit's reports as an auditor reads them: items.csv columns, the tables by group with
counts, the pictures, the glossary."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtus_check.audit.glossary import GLOSSARY
from mtus_check.audit.report import CSV_COLUMNS, SMALL_GROUP
from mtus_check.cli.main import app
from tests.conftest import FIXTURES

runner = CliRunner()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("audit") / "out"
    result = runner.invoke(app, ["audit", str(FIXTURES / "letters"), "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def _rows(out: Path) -> list[dict[str, str]]:
    with open(out / "items.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _items(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "items.jsonl").read_text().splitlines()]


def test_items_csv_names_the_deciding_rule_reason_citation_and_missing_documentation(out: Path) -> None:
    rows = _rows(out)
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert {"rule", "status", "reason", "citation", "missing_documentation", "predicted", "actual", "flag"} <= set(
        rows[0]
    )
    items = _items(out)
    assert len(rows) == len(items)
    for row, item in zip(rows, items, strict=True):
        if item["findings"]:
            # the rule the verdict's summary names, with that finding's status, reason and citation
            assert item["verdict_summary"].endswith(f"({row['rule']})")
            finding = next(f for f in item["findings"] if f["rule"] == row["rule"])
            assert (row["status"], row["reason"], row["citation"]) == (
                finding["status"],
                finding["reason"],
                finding["citation"],
            )
        assert row["missing_documentation"] == "; ".join(item["missing"])
    needs_info = [r for r in rows if r["verdict"] == "needs-info"]
    assert needs_info and all(r["status"] == "unknown" and r["missing_documentation"] for r in needs_info)
    assert all(r["status"] == "fail" for r in rows if r["verdict"] == "non-certify")


def test_items_csv_flag_says_why_an_item_is_flagged(out: Path) -> None:
    rows = _rows(out)
    for row in rows:
        if row["agreement"] == "False":
            assert "disagreement" in row["flag"].split()
    flagged = sum(bool(r["flag"]) for r in rows)
    assert flagged and f"## Flagged items ({flagged};" in (out / "report.md").read_text()


def _table(report: str, title: str) -> list[list[str]]:
    section = report.split(f"## {title}", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[1:]]  # no header


def test_the_table_by_service_counts_items_and_leads_with_the_shortfalls(out: Path) -> None:
    report = (out / "report.md").read_text()
    rows = _table(report, "By service")
    items = _items(out)
    assert sum(int(r[1]) for r in rows) == len(items)
    assert sum(int(r[2]) for r in rows) == sum(i["actual"] == "overturned" for i in items)
    for name, n, _overturned, predicted, right, agreement, not_predicted in rows:
        assert int(right) <= int(predicted) <= int(n) and int(not_predicted) == int(n) - int(predicted)
        if int(predicted):
            share = round(100 * int(right) / int(predicted))
            assert agreement.startswith(f"{share}% [")  # a rate with its interval
            assert agreement.endswith(" *") == (int(predicted) < SMALL_GROUP), name
        else:
            assert agreement == "-"
    shortfalls = [int(r[1]) - int(r[4]) for r in rows]
    assert shortfalls == sorted(shortfalls, reverse=True)


def test_the_html_report_draws_counts_not_only_shares(out: Path) -> None:
    page = (out / "report.html").read_text()
    report = (out / "report.md").read_text()
    matrix = _table(report, "Confusion matrix")
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == 2
    confusion, services = svgs
    numbers = re.findall(r'font-size="16"[^>]*>(\d+)<', confusion)
    assert numbers == [cell for row in matrix for cell in row[1:]]  # the picture shows the table's counts
    for name, n, *_ in _table(report, "By service"):
        assert f">{name}<" in services
        assert f">{n} item{'' if n == '1' else 's'}<" in services


@pytest.mark.parametrize("name", ["report.md", "report.html"])
def test_both_reports_end_with_the_glossary(out: Path, name: str) -> None:
    text = (out / name).read_text()
    heading = "## Glossary" if name == "report.md" else '<h2 id="glossary">Glossary</h2>'
    glossary = text.split(heading, 1)[1]
    for term in ("needs-info", "not decided", "no guideline", "covered", "certify precision", "certify recall"):
        assert term in dict(GLOSSARY)
        assert (f"**{term}**" if name == "report.md" else f"<dt>{term}</dt>") in glossary
    assert "predicted upheld" in glossary and "not decided" in glossary
