"""`mtus-check precheck`: will a request pass, under which rule, what is missing.

The options as typer reads them; what the command does is in `cli.precheck_run`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from mtus_check.cli import precheck_run
from mtus_check.cli.options import FormatOption, JsonFlag, OutputFormat, RulesOption


def precheck(
    request_file: Annotated[
        str | None,
        typer.Argument(
            help="Request file: YAML/JSON (one request or a list) or JSONL; '-' for stdin.",
            show_default=False,
        ),
    ] = None,
    service: Annotated[str | None, typer.Option(help="Service, e.g. massage, acupuncture, 'physical therapy'.")] = None,
    quantity: Annotated[int | None, typer.Option(help="Sessions or visits requested.")] = None,
    frequency_per_week: Annotated[float | None, typer.Option("--frequency", help="Sessions per week.")] = None,
    duration_weeks: Annotated[float | None, typer.Option("--weeks", help="Weeks of treatment.")] = None,
    body_region: Annotated[str | None, typer.Option(help="Body region, e.g. 'low back'.")] = None,
    diagnosis: Annotated[list[str] | None, typer.Option(help="Diagnosis text or ICD code (repeatable).")] = None,
    prior_sessions: Annotated[int | None, typer.Option(help="Sessions of this service already received.")] = None,
    course: Annotated[str | None, typer.Option(help="initial, extension, flare_up or maintenance.")] = None,
    date_of_service: Annotated[
        str | None, typer.Option(help="Request date YYYY-MM-DD (selects rule versions).")
    ] = None,
    fact: Annotated[
        list[str] | None,
        typer.Option(
            help="Any other request field, or a fact the rule pack declares (rules/facts/; `mtus-check rules "
            "facts` lists them), as NAME=VALUE (repeatable), e.g. --fact functional_improvement=true "
            "--fact 'surgery=rotator cuff repair'."
        ),
    ] = None,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Use rule versions in force on this date."),
    ] = None,
    text: Annotated[
        list[str] | None,
        typer.Option(
            "--text",
            help="A request in its own words, e.g. 'Acupuncture 2x/week x 3 weeks, lumbar' (repeatable); "
            "other flags add or correct facts.",
        ),
    ] = None,
    note: Annotated[
        Path | None,
        typer.Option(help="A clinical note (RFA or PR-2, .txt or .pdf): one verdict per requested treatment."),
    ] = None,
    rules: RulesOption = None,
    fmt: FormatOption = OutputFormat.human,
    as_json: JsonFlag = False,
    watch: Annotated[bool, typer.Option(help="Re-run when the request or a rule file changes (Ctrl-C stops).")] = False,
) -> int:
    """Pre-check treatment requests against the MTUS rules: verdict, rule, citation, what is missing."""
    return precheck_run.precheck(
        request_file,
        service=service,
        quantity=quantity,
        frequency_per_week=frequency_per_week,
        duration_weeks=duration_weeks,
        body_region=body_region,
        diagnosis=diagnosis,
        prior_sessions=prior_sessions,
        course=course,
        date_of_service=date_of_service,
        fact=fact,
        as_of=as_of,
        text=text,
        note=note,
        rules=rules,
        fmt=fmt,
        as_json=as_json,
        watch=watch,
    )
