"""Human-readable rendering with rich; machines get JSON from the models themselves."""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
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


# A reason column narrower than this reads as a word a line: below it the rule id moves into it.
MIN_REASON_WIDTH = 30


def _labelled(label: str, text: str, style: str = "bold", indent: int = 2) -> Indented:
    """`label text` with the label styled: user text is never read as rich markup."""
    return _indented(Text(label, style=style) + Text(f" {text}"), indent)


class Indented:
    """A renderable indented as a block: a line wrapped at any width keeps the indent, and no line
    ends in padding spaces (output piped to a file or pasted into a ticket stays clean)."""

    def __init__(self, renderable: RenderableType, indent: int) -> None:
        self.renderable, self.indent = renderable, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        inner = options.update_width(max(options.max_width - self.indent, 10))
        for line in console.render_lines(self.renderable, inner, pad=False):
            while line and not line[-1].text.rstrip():
                line.pop()
            if line:
                last = line[-1]
                line[-1] = Segment(last.text.rstrip(), last.style, last.control)
            yield Segment(" " * self.indent)
            yield from line
            yield Segment.line()


def _indented(renderable: RenderableType, indent: int = 2) -> Indented:
    return Indented(renderable, indent)


def _findings_table(verdict: Verdict, width: int) -> Table:
    """Status, rule and reason with citation; the rule id is never cut (it is what an author copies),
    so on a narrow terminal it heads the reason column instead of having its own."""
    statuses = [f.status for f in verdict.findings]
    rules = [f.rule for f in verdict.findings]
    wide = 2 + max(map(len, statuses)) + 1 + max(map(len, rules)) + 1 + MIN_REASON_WIDTH <= width
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), pad_edge=False)
    table.add_column("status", no_wrap=True)
    if wide:
        table.add_column("rule", no_wrap=True)
    table.add_column("reason and citation" if wide else "rule, reason and citation", overflow="fold")
    for f in verdict.findings:
        rule = Text(f.rule + ("\n(unverified)" if f.confidence == "unverified" else ""))
        cell = Text(f.reason)
        cell.append(f"\n{f.citation.text}", style="dim")
        status = Text(f.status, style=STATUS_STYLE[f.status])
        table.add_row(status, rule, cell) if wide else table.add_row(status, rule + "\n" + cell)
    return table


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
    console.print(_indented(Text(verdict.summary)))
    for note in verdict.notes:
        console.print(_indented(Text(f"note: {note}", style="dim")))
    if verdict.rules_used:
        console.print(_indented(Text(describe_versions(verdict), style="dim")))
    if verdict.findings:
        console.print(_indented(_findings_table(verdict, console.width)))
    if verdict.missing:
        console.print(_indented(Text("missing documentation:", style="bold")))
        console.print(_indented(_bullets(verdict.missing), 4))
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
                console.print(_indented(Text(line), 4))
    if verdict.derived:
        console.print(_indented(Text(f"derived: {'; '.join(verdict.derived)}", style="dim")))
    console.print()


def _bullets(items: list[str]) -> Table:
    """A list whose wrapped lines hang under the text, not under the dash."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in items:
        grid.add_row("-", Text(item))
    return grid


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
        console.print(_indented(Text(f"note: {note}", style="dim")))
