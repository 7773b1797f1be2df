"""Robustness over every request case (tests/letters/cases/request_*.yaml): each text through
`mtus-check precheck --text` and through the audit's item path (a letter item extracted and
decided) ends in a verdict, never a traceback or an `error` verdict; a service the vocabulary
does not know is `no-guideline` ("service not recognized: <text>") in the audit, and a located
request-service problem (exit 2) in the pre-check, where the user can correct the words."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from mtus_check.audit.predict import letter_records
from mtus_check.cli.main import app
from mtus_check.engine import Engine
from mtus_check.engine.core import SERVICE_NOT_RECOGNIZED
from mtus_check.letters.extract import extract_item
from mtus_check.letters.letter_facts import LetterFacts
from mtus_check.letters.models import LetterItem, ParsedLetter
from mtus_check.rules.loader import RulePack

CASES = Path(__file__).parents[1] / "letters" / "cases"


def _texts() -> tuple[list[str], list[str]]:
    known: list[str] = []
    unknown: list[str] = []
    for path in sorted(CASES.glob("request_*.yaml")):
        data = yaml.safe_load(path.read_text())
        known += [t for group in data["groups"] for t in group["texts"]]
        unknown += data.get("unknown", [])
    return known, unknown


KNOWN, UNKNOWN = _texts()


def _letter(texts: list[str]) -> ParsedLetter:
    items = [LetterItem(index=i, request_text=t, decision="upheld", decision_text="") for i, t in enumerate(texts, 1)]
    letter = ParsedLetter(source="<sweep>", letter_id="sweep", items=items)
    letter.date_assigned = dt.date(2016, 3, 1)
    return letter


def test_every_case_is_decided_on_the_audit_path(pack: RulePack, engine: Engine) -> None:
    assert len(KNOWN) > 250 and UNKNOWN
    for start in range(0, len(KNOWN + UNKNOWN), 40):  # letters of 40 items, as a long letter might be
        letter = _letter((KNOWN + UNKNOWN)[start : start + 40])
        shared = LetterFacts.read(letter, pack.reading)
        for item in letter.items:
            extract_item(item, letter, pack.reading, shared)
        records, error = letter_records(letter, engine, None)
        assert error is None
        errors = {r.request_text: r.verdict_summary for r in records if r.verdict == "error"}
        assert errors == {}
        for record in records:
            if record.request_text in UNKNOWN:
                assert record.verdict == "no-guideline"
                assert record.verdict_summary.startswith(f"{SERVICE_NOT_RECOGNIZED}: {record.request_text}")


def test_every_case_is_decided_by_the_pre_check() -> None:
    args = [a for text in KNOWN for a in ("--text", text)]
    result = CliRunner().invoke(app, ["precheck", *args, "--date-of-service", "2016-03-01", "--json"])
    assert result.exit_code in (0, 1), result.stderr  # 1: some verdicts are findings
    assert "Traceback" not in result.output
    verdicts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [v["read"]["text"] for v in verdicts] == KNOWN
    assert not [v for v in verdicts if v.get("verdict") is None]


def test_an_unknown_service_is_a_located_problem_in_the_pre_check() -> None:
    args = [a for text in UNKNOWN for a in ("--text", text)]
    result = CliRunner().invoke(app, ["precheck", *args, "--json"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    for text in UNKNOWN:
        assert f"no service in the vocabulary matches '{text}'" in result.stderr
