"""`mtus-check rules test-facts`: run the fact specs' phrasing cases (rules/facts/*.cases.yaml)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from mtus_check.cli.errors import handle_errors
from mtus_check.cli.options import FormatOption, JsonFlag, OutputFormat, RulesOption, pick_format, plain_console
from mtus_check.cli.rules_cmd import app
from mtus_check.errors import ExitCode
from mtus_check.letters.phrasing import load_phrasing, run_phrasing
from mtus_check.rules.fact_cases import untested_alternatives
from mtus_check.rules.loader import load_pack


def _show(value: bool | float | None) -> str:
    if value is None or isinstance(value, bool):
        return "null" if value is None else str(value).lower()
    return f"{value:g}"


@app.command("test-facts")
@handle_errors
def test_facts(
    path: Annotated[Path | None, typer.Argument(help="Rule pack folder (default: the bundled pack).")] = None,
    run: Annotated[str | None, typer.Option("--run", help="Only cases whose id (fact::n) matches this regex.")] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="List every case.")] = False,
    rules: RulesOption = None,
    fmt: FormatOption = OutputFormat.human,
    as_json: JsonFlag = False,
) -> int:
    """Read each phrasing case's sentence and compare the fact read with the one expected."""
    pack = load_pack(path or rules)
    cases = load_phrasing(pack)
    results = run_phrasing(pack, cases, run)
    counts = {k: sum(r.outcome == k for r in results) for k in ("passed", "failed", "skipped")}
    # every phrase alternative needs a case; a whole-pack property, so not narrowed by --run
    coverage = untested_alternatives(pack, cases)
    for problem in coverage:
        print(problem.format(), file=sys.stderr)
    untested = sum(p.severity == "error" for p in coverage)
    if pick_format(fmt, as_json) is OutputFormat.json:
        for r in results:
            case = r.loaded.case
            record = {"case": r.loaded.case_id, "source": str(r.loaded.location), "outcome": r.outcome}
            print(
                json.dumps(record | {"text": case.text, "mode": case.mode, "expect": case.expect, "actual": r.actual})
            )
    else:
        console = plain_console()
        for r in results:
            if r.outcome == "passed" and not verbose:
                continue
            style = {"passed": "green", "failed": "red", "skipped": "yellow"}[r.outcome]
            case = r.loaded.case
            line = f"{r.loaded.case_id} ({r.loaded.location}) expect {_show(case.expect)}, read {_show(r.actual)}"
            line += " (as a reviewer's finding)" if case.mode == "findings" else ""
            console.print(Text(f"{r.outcome.upper():8}", style=style) + Text(line))
            console.print(Text(f"         {case.text}"))
        print(", ".join(f"{n} {k}" for k, n in counts.items()) + f", {untested} untested phrase alternatives")
    return ExitCode.FINDINGS if counts["failed"] or untested else ExitCode.OK


@app.command("facts")
@handle_errors
def facts_cmd(
    path: Annotated[Path | None, typer.Argument(help="Rule pack folder (default: the bundled pack).")] = None,
    rules: RulesOption = None,
    fmt: FormatOption = OutputFormat.human,
    as_json: JsonFlag = False,
) -> int:
    """The facts the pack declares (rules/facts/NAME.yaml): what a request and `--fact` may state."""
    pack = load_pack(path or rules)
    rows = [
        {"fact": s.fact, "type": s.type, "reader": s.reader, "label": s.label, "description": s.description}
        for s in pack.facts.declared
    ]
    if pick_format(fmt, as_json) is OutputFormat.json:
        for row in rows:
            print(json.dumps(row))
        return ExitCode.OK
    table = Table("fact", "type", "read by", "label")
    for row in rows:
        table.add_row(row["fact"], row["type"], row["reader"], row["label"])
    plain_console().print(table)
    return ExitCode.OK
