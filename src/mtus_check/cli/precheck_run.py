"""`mtus-check precheck` without typer: what the command does once its arguments are parsed.
`cli.precheck` declares the options for typer; `cli.main.run` calls `precheck` here directly for
the plain `precheck FILE [--json]` (typer's import and its option parsing cost 0.02-0.04 s of a
one-request pre-check's 0.23-0.27 s)."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from mtus_check import api
from mtus_check.cli.output import OutputFormat, pick_format, plain_console
from mtus_check.engine import Engine
from mtus_check.errors import ExitCode, MtusCheckError, ProblemsError
from mtus_check.models.request import Request
from mtus_check.requests_io import RequestRecord, parse_requests, read_requests
from mtus_check.rules.yamlpos import load_yaml_text

if TYPE_CHECKING:
    from rich.console import Console


def _request_from_flags(
    facts: list[str] | None = None, declared: tuple[str, ...] = (), **flags: object
) -> dict[str, object]:
    """The request the flags describe; `declared`: the fact names of the rule pack's specs."""
    out = {k: v for k, v in flags.items() if v is not None and v != []}
    names = [*Request.model_fields, *declared]
    for item in facts or []:
        name, sep, text = item.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or not name:
            raise MtusCheckError(f"--fact '{item}' needs the form NAME=VALUE, e.g. --fact postsurgical=true")
        if name not in names:
            near = difflib.get_close_matches(name, names, n=2)
            hint = f"did you mean {' or '.join(near)}?" if near else "`mtus-check rules facts` lists the facts"
            raise MtusCheckError(f"--fact {name}: not a request field or a fact the rule pack declares; {hint}")
        out[name] = _fact_value(text, name)
    return out


def _fact_value(text: str, name: str) -> object:
    """A --fact value read as a request file would (true/false, numbers, dates, lists); text
    that is not YAML, or a value YAML cannot make (an impossible date), stays text and the
    request's validation says what is wrong with it."""
    if not text.strip():
        return None
    try:
        value = load_yaml_text(text, f"--fact {name}").data
    except ProblemsError:
        return text
    return value.isoformat() if isinstance(value, dt.date) else value


def precheck(
    request_file: str | None = None,
    service: str | None = None,
    quantity: int | None = None,
    frequency_per_week: float | None = None,
    duration_weeks: float | None = None,
    body_region: str | None = None,
    diagnosis: list[str] | None = None,
    prior_sessions: int | None = None,
    course: str | None = None,
    date_of_service: str | None = None,
    fact: list[str] | None = None,
    as_of: dt.datetime | None = None,
    text: list[str] | None = None,
    note: Path | None = None,
    rules: Path | None = None,
    fmt: OutputFormat = OutputFormat.human,
    as_json: bool = False,
    watch: bool = False,
) -> int:
    """Pre-check treatment requests against the MTUS rules: verdict, rule, citation, what is missing."""
    engine = api.engine_for(rules)
    flags = _request_from_flags(
        fact,
        tuple(s.fact for s in engine.pack.facts.declared),
        service=service,
        quantity=quantity,
        frequency_per_week=frequency_per_week,
        duration_weeks=duration_weeks,
        body_region=body_region,
        diagnoses=diagnosis or None,
        prior_sessions=prior_sessions,
        course=course,
        date_of_service=date_of_service,
    )
    if text or note is not None:
        return _precheck_words(request_file, text or [], note, flags, rules, as_of, pick_format(fmt, as_json))
    if request_file is None and not flags:
        raise MtusCheckError("give a request file or at least --service. Try: mtus-check precheck --help")
    if request_file is not None and flags:
        raise MtusCheckError("give either a request file or request flags, not both")
    as_of_date = as_of.date() if as_of else None
    if watch:
        return _watch(request_file, flags, rules, as_of_date, pick_format(fmt, as_json))
    results = api.check_records(engine, _records(request_file, flags, engine), as_of_date, today=dt.date.today())
    return _exit_code(_emit(results, pick_format(fmt, as_json)))


def _exit_code(counts: Counter[str]) -> int:
    if counts[api.INTERNAL]:
        return int(ExitCode.INTERNAL)
    return int(ExitCode.USAGE if counts["error"] else ExitCode.OK)


def _precheck_words(
    request_file: str | None,
    texts: list[str],
    note: Path | None,
    flags: dict[str, object],
    rules: Path | None,
    as_of: dt.datetime | None,
    fmt: OutputFormat,
) -> int:
    """`--text` and `--note`: requests in their own words, read by the letter reader."""
    from mtus_check import api_text

    if request_file is not None or (texts and note is not None):
        raise MtusCheckError("give one of: a request file, --text or --note")
    engine = api.engine_for(rules)
    if note is not None:
        read = api_text.read_note_file(note, engine.pack)
        reads, source = read.requests, str(note)
        if read.date_of_service is not None:
            flags = {"date_of_service": read.date_of_service} | flags
    else:
        reads, source = api_text.read_texts(texts, engine.pack), "<text>"
    as_of_date = as_of.date() if as_of else None
    results = api_text.check_read(engine, reads, source, flags, as_of_date, dt.date.today())
    return _exit_code(_emit(results, fmt))


def _records(request_file: str | None, flags: dict[str, object], engine: Engine) -> Iterator[RequestRecord]:
    """The requests of the file, or the one request the flags describe, facts checked by the pack."""
    if request_file is not None:
        return read_requests(request_file, engine.pack.request_facts)
    return parse_requests(json.dumps(flags, default=str), "<flags>", True, engine.pack.request_facts)


def _emit(results: Iterable[api.PrecheckResult], fmt: OutputFormat, console: Console | None = None) -> Counter[str]:
    """Print each result as soon as it is made (nothing is kept: memory stays flat at any
    batch size); return how many of each verdict, with "error" for requests not checked."""
    counts: Counter[str] = Counter()
    if fmt is OutputFormat.json:  # JSON lines need neither rich nor the renderers
        write = sys.stdout.write
        for r in results:
            counts[r.verdict.verdict if r.verdict else "error"] += 1
            write(r.to_json_line() + "\n")
            if r.problems:
                counts[api.INTERNAL] += any(p.code == api.INTERNAL for p in r.problems)
                sys.stdout.flush()  # keep stdout and stderr in step for a reader of both
                print(*(p.format() for p in r.problems), sep="\n", file=sys.stderr)
        sys.stdout.flush()
        return counts
    from mtus_check.cli.render import render_counts, render_result

    console = console or plain_console()
    for r in results:
        counts[r.verdict.verdict if r.verdict else "error"] += 1
        counts[api.INTERNAL] += any(p.code == api.INTERNAL for p in r.problems)
        render_result(console, r)
    render_counts(console, counts)
    return counts


def _watch(
    request_file: str | None, flags: dict[str, object], rules: Path | None, as_of: dt.date | None, fmt: OutputFormat
) -> int:
    """Re-run the pre-check when the request file or the rule pack changes."""
    import time

    from mtus_check.watch import PackWatcher

    watcher = PackWatcher(rules)
    last: tuple[object, ...] = ()
    console = plain_console()
    try:
        while True:
            engine = watcher.engine()
            mtime = Path(request_file).stat().st_mtime if request_file and request_file != "-" else 0.0
            # run again when the pack, the request file or the pack's problems change (not every tick)
            state = (watcher.reloads, mtime, tuple(p.format() for p in watcher.problems))
            if state != last:
                last = state
                for problem in watcher.problems:
                    print(problem.format(), file=sys.stderr)
                if watcher.problems:
                    print("rule pack has errors: still using the last good pack", file=sys.stderr)
                if fmt is not OutputFormat.json:
                    console.rule(f"pack {engine.pack.info.hash[:12]}")
                _emit(
                    api.check_records(engine, _records(request_file, flags, engine), as_of, dt.date.today()),
                    fmt,
                    console,
                )
            time.sleep(1.0)
    except KeyboardInterrupt:
        return ExitCode.OK
