"""Human-readable rendering with rich; machines get JSON from the models themselves."""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtus_check.api import INTERNAL, PrecheckResult
from mtus_check.models.verdict import Verdict

VERDICT_STYLE = {
    "certify": "bold green",
    "non-certify": "bold red",
    "needs-info": "bold yellow",
    "no-guideline": "bold blue",
}
STATUS_STYLE = {"pass": "green", "fail": "red", "unknown": "yellow"}


def describe_request(request: dict[str, object]) -> str:
    """A one-line description of the normalized request."""
    parts = [str(request.get("service", "?")).replace("_", " ")]
    if "quantity" in request:
        parts.append(f"x {request['quantity']}")
    if "frequency_per_week" in request:
        parts.append(f"{request['frequency_per_week']:g}/week")
    if "duration_weeks" in request:
        parts.append(f"{request['duration_weeks']:g} weeks")
    if "body_region" in request:
        parts.append(str(request["body_region"]).replace("_", " "))
    return ", ".join(parts)


def describe_versions(verdict: Verdict) -> str:
    """The guideline versions a verdict used and their periods, each once."""
    seen: dict[str, None] = {}
    for v in verdict.rules_used:
        period = f"{v.effective_from} to {v.effective_to}" if v.effective_to else f"{v.effective_from} onward"
        seen[f"{v.guideline}{f' {v.version}' if v.version else ''} (in force {period})"] = None
    return f"rules in force on {verdict.as_of}: " + "; ".join(seen) if verdict.as_of else "rules: " + "; ".join(seen)


def _labelled(label: str, text: str, style: str = "bold", indent: str = "  ") -> Text:
    """`label text` with the label styled: user text is never read as rich markup."""
    return Text(indent) + Text(label, style=style) + Text(f" {text}")


def render_verdict(console: Console, verdict: Verdict, source: str, read: dict[str, Any] | None = None) -> None:
    title = Text()
    label = verdict.id or ("request" if source.startswith("<flags>") else source)
    title.append(f"{label}: ", style="bold")
    title.append(describe_request(verdict.request))
    title.append("  ")
    title.append(verdict.verdict.upper(), style=VERDICT_STYLE[verdict.verdict])
    console.print(title)
    if read is not None:
        render_read(console, read)
    console.print(Text(f"  {verdict.summary}"))
    for note in verdict.notes:
        console.print(Text(f"  note: {note}", style="dim"))
    if verdict.rules_used:
        console.print(Text(f"  {describe_versions(verdict)}", style="dim"))
    if verdict.findings:
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), pad_edge=False)
        table.add_column("  status", no_wrap=True)
        table.add_column("rule", no_wrap=True)
        table.add_column("reason and citation")
        for f in verdict.findings:
            rule = Text(f.rule + ("\n(unverified)" if f.confidence == "unverified" else ""))
            cell = Text(f.reason)
            cell.append(f"\n{f.citation.text}", style="dim")
            table.add_row(Text(f"  {f.status}", style=STATUS_STYLE[f.status]), rule, cell)
        console.print(table)
    if verdict.missing:
        console.print(Text("  ") + Text("missing documentation:", style="bold"))
        for item in verdict.missing:
            console.print(Text(f"    - {item}"))
    if verdict.modify_to:
        change = ", ".join(f"{k} {v}" for k, v in verdict.modify_to.items())
        console.print(
            _labelled(
                "would pass as:", f"{change} (utilization review may modify; IMR decides the request as submitted)"
            )
        )
    if verdict.formulary is not None:
        drugs = verdict.formulary
        console.print(_labelled("formulary:", drugs.prospective_review))
        for line in (drugs.special_fill, drugs.perioperative_fill, drugs.brand):
            if line:
                console.print(Text(f"    {line}"))
    if verdict.derived:
        console.print(Text(f"  derived: {'; '.join(verdict.derived)}", style="dim"))
    console.print()


def print_problems(result: PrecheckResult) -> None:
    """Diagnostics to stderr, one greppable line each (never wrapped)."""
    for p in result.problems:
        print(p.format(), file=sys.stderr)


def render_result(console: Console, result: PrecheckResult) -> None:
    if result.verdict is not None:
        render_verdict(console, result.verdict, str(result.location), result.read)
    print_problems(result)


def render_counts(console: Console, counts: Counter[str]) -> None:
    """The closing line of a batch: how many of each verdict, and how many could not be checked."""
    shown = {k: n for k, n in sorted(counts.items()) if n and k != INTERNAL}  # internal errors count as errors
    if sum(shown.values()) > 1:
        console.print(", ".join(f"{n} {k}" for k, n in shown.items()), style="bold")


def render_read(console: Console, read: dict[str, Any]) -> None:
    """What was read from a request's own words, each value with its quote, to check and correct."""
    console.print(_labelled("read from:", str(read["text"])))
    parts = []
    for name, fact in read["facts"].items():
        where = "" if fact["section"] != "request" else f" ('{fact['quote']}')" if fact["quote"] else ""
        parts.append(
            f"{name} {fact['value']}" + (where or (" (from the note)" if fact["section"] != "request" else ""))
        )
    if parts:
        console.print(_labelled("read as:", "; ".join(parts)))
    for note in read["notes"]:
        console.print(Text(f"  note: {note}", style="dim"))
