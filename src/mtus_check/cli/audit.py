"""`mtus-check audit`: predicted vs reviewer for every item of a folder of IMR letters."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from mtus_check.cli.options import FormatOption, JsonFlag, OutputFormat, RulesOption, pick_format, plain_console
from mtus_check.errors import ExitCode
from mtus_check.letters.limits import (
    DEFAULT_MAX_CHARS,
    DEFAULT_MAX_MB,
    DEFAULT_MAX_PAGES,
    DEFAULT_MEMORY_MB,
    DEFAULT_SECONDS,
    LetterLimits,
)


class FailOn(StrEnum):
    disagreement = "disagreement"
    flag = "flag"


def _summary_json(s: Any, out: Path, elapsed: float) -> dict[str, object]:
    return {
        "out": str(out),
        "letters": len(s.letters),
        "items": s.items,
        "errors": sum(s.errors.values()),
        "duplicates": s.duplicates,
        "predicted": s.predicted,
        "undecided": s.undecided,
        "score": s.score.as_json(),
        "score_from_findings": s.score_findings.as_json(),
        "no_guideline": s.verdicts["no-guideline"],
        "agreement": s.agreement,
        "recall_overturned": s.recall("overturned"),
        "recall_upheld": s.recall("upheld"),
        "mean_recall": s.mean_recall,
        "flagged": s.flagged_count,
        "labels": {
            "source": s.labels_source,  # null: the decisions read from the letters
            "unlabelled": s.unlabelled,
            "differ_from_letters": s.labels_differ,
            "unmatched": s.unmatched_labels,
        },
        "rule_pack": s.rule_pack,
        "seconds": round(elapsed, 3),
    }


def audit(
    paths: Annotated[list[Path], typer.Argument(help="Letter files (.txt, .pdf) or folders.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for items.jsonl, items.csv, errors.jsonl, reports.")
    ] = Path("audit-out"),
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    as_of: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Rule versions for letters without a date.")
    ] = None,
    resume: Annotated[bool, typer.Option(help="Skip letters already in the output folder.")] = False,
    force: Annotated[bool, typer.Option(help="Replace results already in the output folder.")] = False,
    fail_on: Annotated[FailOn | None, typer.Option(help="Exit 1 when any disagreement / any flag is found.")] = None,
    labels: Annotated[
        Path | None,
        typer.Option(
            "--labels",
            help="Score against your own labels (.json or .csv: letter, item, decision; see README, Scoring) "
            "instead of the decisions read from the letters.",
        ),
    ] = None,
    letter_seconds: Annotated[
        float, typer.Option(min=0, help="Time limit per letter in seconds (0: none); a letter over it is an error.")
    ] = DEFAULT_SECONDS,
    letter_memory_mb: Annotated[
        float, typer.Option(min=0, help="Memory one letter may add to its worker, in MB (0: none).")
    ] = DEFAULT_MEMORY_MB,
    max_mb: Annotated[float, typer.Option(min=0.001, help="Largest letter file read, in MB.")] = DEFAULT_MAX_MB,
    max_pages: Annotated[int, typer.Option(min=1, help="Most PDF pages read per letter.")] = DEFAULT_MAX_PAGES,
    max_chars: Annotated[int, typer.Option(min=1, help="Most text characters read per letter.")] = DEFAULT_MAX_CHARS,
    rules: RulesOption = None,
    fmt: FormatOption = OutputFormat.human,
    as_json: JsonFlag = False,
) -> int:
    """Audit IMR letters: predict each item from the rules, compare with the reviewer, check the rationale."""
    # imported here: the audit stack is heavy and other commands should start fast
    from mtus_check.audit import AuditOptions, AuditProgress, run_audit, write_reports
    from mtus_check.audit.labels import load_labels
    from mtus_check.audit.report_tables import interval, labels_origin

    given = load_labels(labels) if labels else None  # a bad labels file stops the run before it starts

    options = AuditOptions(
        paths=paths,
        out=out,
        workers=workers,
        as_of=as_of.date() if as_of else None,
        rules=rules,
        resume=resume,
        force=force,
        limits=LetterLimits(max_mb=max_mb, max_pages=max_pages, max_chars=max_chars),
        seconds=letter_seconds or None,
        memory_mb=letter_memory_mb or None,
    )
    started = time.perf_counter()
    err = Console(stderr=True)
    interactive = sys.stderr.isatty()
    try:
        if interactive:
            columns = (
                TextColumn("auditing"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:.0f} letters/s"),
                TimeRemainingColumn(),
            )
            with Progress(*columns, console=err, transient=True) as bar:
                task = bar.add_task("audit", total=None, rate=0.0)

                def tick(p: AuditProgress, total: int) -> None:
                    bar.update(
                        task,
                        total=total,
                        completed=p.letters,
                        rate=p.letters / max(time.perf_counter() - started, 1e-9),
                    )

                progress = run_audit(options, tick)
        else:
            progress = run_audit(options)
    except KeyboardInterrupt:
        print(f"interrupted: {out} holds complete lines only; run again with --resume to continue", file=sys.stderr)
        return 130
    summary = write_reports(out, given)
    elapsed = time.perf_counter() - started
    if pick_format(fmt, as_json) is OutputFormat.json:
        print(json.dumps(_summary_json(summary, out, elapsed)))
    else:
        console = plain_console()
        console.print(
            f"audited {progress.letters} letters ({progress.skipped} already done, {progress.errors} not read)"
            f" in {elapsed:.1f}s -> {out}/",
            highlight=False,
        )
        blind, own = summary.score, summary.score_findings
        console.print(
            f"{summary.items} items: balanced accuracy {interval(blind.balanced_accuracy)} (always upheld 0.50; "
            f"no prediction counted as upheld); certify right {blind.certified_right} of {blind.certified}; "
            f"from the reviewer's findings {interval(own.balanced_accuracy)}; not decided {summary.undecided}, "
            f"no guideline {summary.verdicts['no-guideline']}; flagged items {summary.flagged_count}",
            highlight=False,
        )
        if summary.labels_source:
            console.print(
                f"scored against {labels_origin(summary)}: {summary.unlabelled} items without a label (not scored), "
                f"{len(summary.unmatched_labels)} labels matching no item (listed in the report), "
                f"{summary.labels_differ} labels differing from the letters",
                highlight=False,
            )
        console.print(f"reports: {out / 'report.md'}, {out / 'report.html'}", highlight=False)
    not_read = sum(summary.errors.values())
    if not_read:
        # the reports are written and every other letter audited; the exit code says it was not all
        print(
            f"{not_read} letter(s) could not be audited: each is in {out / 'errors.jsonl'} with the reason "
            "(a limit it exceeded names the option that raises it)",
            file=sys.stderr,
        )
        return ExitCode.USAGE
    if fail_on is FailOn.disagreement and progress.disagreements:
        return ExitCode.FINDINGS
    if fail_on is FailOn.flag and progress.flagged:
        return ExitCode.FINDINGS
    return ExitCode.OK
