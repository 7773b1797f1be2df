"""`mtus-check extract`: read IMR letters into items, decisions, requests and facts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtus_check import api
from mtus_check.cli.options import FormatOption, JsonFlag, OutputFormat, RulesOption, pick_format, plain_console
from mtus_check.errors import ExitCode
from mtus_check.rules.loader import load_pack

if TYPE_CHECKING:
    from mtus_check.letters.models import ParsedLetter

_DECISION_STYLE = {"overturned": "bold green", "upheld": "bold red"}
_SHOWN_FACTS = (
    "quantity",
    "frequency_per_week",
    "duration_weeks",
    "body_region",
    "side",
    "course",
    "prior_sessions",
    "functional_improvement",
    "adjunct_exercise",
    "return_to_work",
    "drug",
    "strength",
    "ingredients",
)


def _shown(value: object) -> str:
    """A fact's value as a person reads it: a list as its items ("Flurbiprofen, Baclofen")."""
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _render(console: Console, letter: ParsedLetter) -> None:
    head = Text(f"{letter.source}", style="bold")
    if not letter.ok:
        console.print(head + Text(f"  not read ({letter.error_kind}): {letter.error}", style="red"))
        return
    dates = ", ".join(
        f"{label} {value}"
        for label, value in (
            ("injury", letter.date_of_injury),
            ("UR denial", letter.ur_denial_date),
            ("decided", letter.decision_date),
        )
        if value
    )
    head.append(f"  {letter.layout}  {letter.case_number or letter.letter_id}  {dates}", style="")
    console.print(head)
    who = ", ".join(x for x in (letter.reviewer.specialty, letter.reviewer.licensure) if x)
    if who:
        console.print(f"  reviewer: {who}", highlight=False)
    table = Table(box=None, padding=(0, 1), header_style="bold")
    for column in ("  #", "request", "decision", "service", "facts"):
        table.add_column(column)
    for item in letter.items:
        facts = "; ".join(f"{k}={_shown(item.facts[k].value)}" for k in _SHOWN_FACTS if k in item.facts)
        service = item.request.service if item.request else "-"
        table.add_row(
            f"  {item.index}",
            item.request_text,
            Text(item.decision, style=_DECISION_STYLE[item.decision]),
            service,
            facts,
        )
    console.print(table)
    console.print()


def extract(
    paths: Annotated[list[Path], typer.Argument(help="Letter files (.txt, .pdf) or folders; '-' for stdin.")],
    rules: RulesOption = None,
    fmt: FormatOption = OutputFormat.human,
    as_json: JsonFlag = False,
) -> int:
    """Read IMR letters: layout, dates, reviewer, and each item's decision, request and facts with evidence."""
    pack = load_pack(rules)
    console = plain_console()
    failed = 0
    for letter in api.extract(paths, pack=pack):
        if not letter.ok:
            failed += 1
            print(f"{letter.source}: [error] {letter.error} ({letter.error_kind})", file=sys.stderr)
        if pick_format(fmt, as_json) is OutputFormat.json:
            print(json.dumps({**letter.model_dump(mode="json"), **api.provenance(pack.info)}, ensure_ascii=False))
        else:
            _render(console, letter)
    return ExitCode.USAGE if failed else ExitCode.OK
