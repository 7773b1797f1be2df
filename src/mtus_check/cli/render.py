"""Human-readable rendering with rich; machines get JSON from the models themselves."""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtus_check.api import PrecheckResult
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
    console.print(f"  {verdict.summary}", highlight=False)
    for note in verdict.notes:
        console.print(f"  [dim]note: {note}[/dim]", highlight=False)
    if verdict.rules_used:
        console.print(f"  [dim]{describe_versions(verdict)}[/dim]", highlight=False)
    if verdict.findings:
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), pad_edge=False)
        table.add_column("  status", no_wrap=True)
        table.add_column("rule", no_wrap=True)
        table.add_column("reason and citation")
        for f in verdict.findings:
            rule = f.rule + ("\n(unverified)" if f.confidence == "unverified" else "")
            cell = Text(f.reason)
            cell.append(f"\n{f.citation.text}", style="dim")
            table.add_row(Text(f"  {f.status}", style=STATUS_STYLE[f.status]), rule, cell)
        console.print(table)
    if verdict.missing:
        console.print("  [bold]missing documentation:[/bold]")
        for item in verdict.missing:
            console.print(f"    - {item}", highlight=False)
    if verdict.modify_to:
        change = ", ".join(f"{k} {v}" for k, v in verdict.modify_to.items())
        console.print(
            f"  [bold]would pass as:[/bold] {change} (utilization review may modify; "
            "IMR decides the request as submitted)",
            highlight=False,
        )
    if verdict.formulary is not None:
        drugs = verdict.formulary
        console.print(f"  [bold]formulary:[/bold] {drugs.prospective_review}", highlight=False)
        for line in (drugs.special_fill, drugs.perioperative_fill, drugs.brand):
            if line:
                console.print(f"    {line}", highlight=False)
    if verdict.derived:
        console.print(f"  [dim]derived: {'; '.join(verdict.derived)}[/dim]", highlight=False)
    console.print()


def print_problems(results: list[PrecheckResult]) -> None:
    """Diagnostics to stderr, one greppable line each (never wrapped)."""
    for r in results:
        for p in r.problems:
            print(p.format(), file=sys.stderr)


def render_read(console: Console, read: dict[str, Any]) -> None:
    """What was read from a request's own words, each value with its quote, to check and correct."""
    console.print(f"  [bold]read from:[/bold] {read['text']}", highlight=False)
    parts = []
    for name, fact in read["facts"].items():
        where = "" if fact["section"] != "request" else f" ('{fact['quote']}')" if fact["quote"] else ""
        parts.append(
            f"{name} {fact['value']}" + (where or (" (from the note)" if fact["section"] != "request" else ""))
        )
    if parts:
        console.print(f"  [bold]read as:[/bold] {'; '.join(parts)}", highlight=False)
    for note in read["notes"]:
        console.print(f"  [dim]note: {note}[/dim]", highlight=False)


def render_results(console: Console, results: list[PrecheckResult]) -> None:
    for r in results:
        if r.verdict is not None:
            render_verdict(console, r.verdict, str(r.location), r.read)
    print_problems(results)
    counts: dict[str, int] = {}
    for r in results:
        key = r.verdict.verdict if r.verdict else "error"
        counts[key] = counts.get(key, 0) + 1
    if len(results) > 1:
        console.print(", ".join(f"{n} {k}" for k, n in sorted(counts.items())), style="bold")
