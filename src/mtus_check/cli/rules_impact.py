"""`mtus-check rules coverage` and `rules diff`: what the rules cover, and what a change does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from mtus_check.cli.errors import handle_errors
from mtus_check.cli.options import FormatOption, JsonFlag, OutputFormat, RulesOption, pick_format, plain_console
from mtus_check.cli.progress import letters_progress
from mtus_check.cli.rules_cmd import app
from mtus_check.errors import ExitCode, MtusCheckError
from mtus_check.rules.loader import load_pack

WorkersOption = Annotated[
    int, typer.Option("--workers", min=1, max=64, help="Worker processes reading letters (as audit --workers).")
]


def _coverage_dates(rules: Path | None, fmt: OutputFormat) -> int:
    """Each service with the periods its rules cover, oldest first."""
    from mtus_check.engine.periods import guideline_periods, service_periods

    pack = load_pack(rules)
    periods, by_guideline = service_periods(pack), guideline_periods(pack)
    if fmt is OutputFormat.json:
        for service, spans in periods.items():
            guidelines = {
                name: [p.model_dump(mode="json") for p in found] for name, found in by_guideline[service].items()
            }
            covered = [p.model_dump(mode="json") for p in spans]
            print(json.dumps({"service": service, "covered": covered, "by_guideline": guidelines}))
        return ExitCode.OK
    table = Table(title="periods the pack's rules cover, by service", header_style="bold")
    table.add_column("service")
    table.add_column("covered")
    table.add_column("by guideline")
    for service, spans in periods.items():
        detail = "\n".join(
            f"{name}: {'; '.join(str(p) for p in found)}" for name, found in by_guideline[service].items()
        )
        table.add_row(service, "; ".join(str(p) for p in spans), detail)
    plain_console().print(table)
    return ExitCode.OK


@app.command("coverage")
@handle_errors
def coverage_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(help="Letter files or folders.", show_default=False)] = None,
    dates: Annotated[bool, typer.Option("--dates", help="List each service's covered periods instead.")] = False,
    workers: WorkersOption = 1,
    rules: RulesOption = None,
    fmt: FormatOption = OutputFormat.human,
    as_json: JsonFlag = False,
) -> int:
    """Which disputed items in a folder of letters have no applicable rule, by service; with
    --dates, the periods the pack's rules cover for each service."""
    from mtus_check.audit.coverage import coverage

    if dates:
        return _coverage_dates(rules, pick_format(fmt, as_json))
    if not paths:
        raise MtusCheckError("give letter files or folders, or --dates. Try: mtus-check rules coverage --help")
    with letters_progress("reading letters") as tick:
        result = coverage(rules, paths, workers=workers, on_letter=tick)
    if pick_format(fmt, as_json) is OutputFormat.json:
        print(
            json.dumps(
                {
                    "letters": result.letters,
                    "unreadable": result.unreadable,
                    "items": result.items,
                    "covered": result.covered,
                    "share": result.share,
                    "uncovered": [
                        {"service": s, "items": n, "examples": result.examples[s]}
                        for s, n in result.uncovered.most_common()
                    ],
                }
            )
        )
        return ExitCode.OK
    console = plain_console()
    share = f"{100 * result.share:.1f}%" if result.share is not None else "-"
    console.print(
        f"{result.covered} of {result.items} items ({share}) in {result.letters} letters have an "
        f"applicable rule; {result.unreadable} letters not read",
        highlight=False,
    )
    table = Table(title="items with no applicable rule", header_style="bold")
    for column in ("service", "items", "examples"):
        table.add_column(column)
    for service, count in result.uncovered.most_common():
        table.add_row(service, str(count), "; ".join(result.examples[service]))
    console.print(table)
    return ExitCode.OK


@app.command("diff")
@handle_errors
def diff_cmd(
    old: Annotated[str, typer.Argument(help="Old pack: a folder, or a git revision of rules/ (e.g. HEAD~1).")],
    new: Annotated[str, typer.Argument(help="New pack: a folder, or a git revision.")],
    corpus: Annotated[list[Path], typer.Option("--corpus", help="Letters (files or folders) to evaluate.")],
    fail_on_change: Annotated[bool, typer.Option(help="Exit 1 when any item changes verdict.")] = False,
    workers: WorkersOption = 1,
    fmt: FormatOption = OutputFormat.human,
    as_json: JsonFlag = False,
) -> int:
    """Which items of a corpus change verdict between two rule packs, grouped by rule."""
    from mtus_check.audit.diff import diff
    from mtus_check.audit.report_tables import percent

    with letters_progress("comparing packs") as tick:
        result = diff(old, new, corpus, workers=workers, on_letter=tick)
    rate = {"before": result.before.rate, "after": result.after.rate}
    if pick_format(fmt, as_json) is OutputFormat.json:
        print(
            json.dumps(
                {
                    "old": result.old_hash,
                    "new": result.new_hash,
                    "items": result.items,
                    "unreadable": result.unreadable,
                    "changed": len(result.changes),
                    "agreement_before": rate["before"],
                    "agreement_after": rate["after"],
                    "changes": [vars(c) for c in result.changes],
                }
            )
        )
    else:
        console = plain_console()
        pct = {k: percent(v) for k, v in rate.items()}
        console.print(
            f"{len(result.changes)} of {result.items} items change; agreement with reviewers "
            f"{pct['before']} -> {pct['after']} (pack {result.old_hash[:12]} -> {result.new_hash[:12]})"
            + (f"; {result.unreadable} letters not read" if result.unreadable else ""),
            highlight=False,
        )
        for rule, changes in result.by_rule().items():
            console.print(Text(f"{rule}: {len(changes)} item(s)", style="bold"))
            for c in changes:
                console.print(
                    f"  {c.before} -> {c.after} (reviewer {c.actual})  {c.request_text[:70]}  "
                    f"[{Path(c.source).name} #{c.item}]",
                    highlight=False,
                    markup=False,
                )
    return ExitCode.FINDINGS if fail_on_change and result.changes else ExitCode.OK
