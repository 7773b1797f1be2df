"""The library API for requests in their own words: a request line or a clinical note (RFA,
PR-2) read by the letter reader, then pre-checked like any request, with what was read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mtus_check.api import PrecheckResult, check_records, shown
from mtus_check.engine import Engine
from mtus_check.errors import Location, Problem, ProblemsError
from mtus_check.letters.free_text import ReadNote, ReadRequest, read_note, read_request_text
from mtus_check.letters.source import LetterReadError, read_letter_file
from mtus_check.models.request import Request
from mtus_check.requests_io import RequestRecord
from mtus_check.rules.loader import RulePack


def read_texts(texts: Iterable[str], pack: RulePack) -> list[ReadRequest]:
    """Each request text read on its own (no case summary: its facts are unknown)."""
    reads = [read_request_text(text, pack.reading) for text in texts]
    for number, read in enumerate(reads, start=1):
        read.line = number  # <text>:N is the N-th --text
    return reads


def read_note_file(path: Path, pack: RulePack) -> ReadNote:
    """A clinical note (.txt or .pdf) read into its requests and facts; raise ProblemsError when
    the file cannot be read or names no requested treatment."""
    try:
        text = read_letter_file(path).text
    except LetterReadError as exc:
        raise ProblemsError(
            [Problem(Location(str(path)), f"cannot read the note: {exc}", code="note-unreadable",
                     fix="give a text file or a PDF with a text layer")]
        ) from None  # fmt: skip
    note = read_note(text, str(path), pack.reading)
    if note.problem:
        raise ProblemsError(
            [Problem(Location(str(path)), note.problem, code="note-no-requests",
                     fix="list the requests under a heading such as 'Requested treatment:' or 'Request for "
                     "authorization:', one per line")]
        )  # fmt: skip
    return note


def _record(read: ReadRequest, source: str, stated: dict[str, Any]) -> RequestRecord:
    where = Location(source, read.line, 1)
    if read.request is None:
        problem = Problem(where, read.problem or "", code="request-service", fix=read.fix or "")
        return RequestRecord(where, problems=[problem], read=shown(read))
    try:
        request = Request.model_validate(read.request.model_dump(exclude_none=True) | stated)
    except ValidationError as exc:
        message = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return RequestRecord(where, problems=[Problem(where, message, code="request-field")], read=shown(read))
    return RequestRecord(where, request, stated=stated, read=shown(read))


def check_read(
    engine: Engine,
    reads: list[ReadRequest],
    source: str,
    stated: dict[str, Any] | None = None,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
) -> Iterator[PrecheckResult]:
    """Pre-check requests read from text; `stated` fields (the user's own) win over what was read."""
    yield from check_records(engine, [_record(read, source, stated or {}) for read in reads], as_of, today)


def check_body(
    engine: Engine, data: Any, source: str = "request", as_of: dt.date | None = None, today: dt.date | None = None
) -> list[PrecheckResult]:
    """Pre-check what an HTTP body holds: a request, or a list of them, where a request may also be
    given in its own words ({"text": ...}) or as a clinical note's text ({"note": ...}, one result per
    treatment it requests); the other fields of such a mapping are the user's and win over what was
    read. A bad item gives its problems and the rest go on."""
    from mtus_check.letters.free_text import read_note
    from mtus_check.requests_io import records_from_data

    items = data if isinstance(data, list) else [data]
    out: list[PrecheckResult] = []
    for i, item in enumerate(items):
        where = f"{source}[{i}]" if isinstance(data, list) else source
        words = {k: item[k] for k in ("text", "note") if isinstance(item, dict) and k in item}
        if not words:
            out += check_records(engine, records_from_data(item, where), as_of, today)
            continue
        stated = {k: v for k, v in item.items() if k not in words}
        problem = _words_problem(words)
        if problem:
            message, code, fix = problem
            out.append(PrecheckResult(Location(where), problems=[Problem(Location(where), message, code, fix=fix)]))
        elif "text" in words:  # read as a request file's `text:` is (requests_io, api.read_words)
            out += check_records(engine, records_from_data(item, where), as_of, today)
        else:
            note = read_note(words["note"], where, engine.pack.reading)
            if note.problem:
                fix = "list the requests under a heading such as 'Requested treatment:', one per line"
                problem_ = Problem(Location(where), note.problem, "note-no-requests", fix=fix)
                out.append(PrecheckResult(Location(where), problems=[problem_]))
                continue
            if note.date_of_service is not None:
                stated = {"date_of_service": note.date_of_service} | stated
            out += check_read(engine, note.requests, where, stated, as_of, today)
    return out


def _words_problem(words: dict[str, Any]) -> tuple[str, str, str] | None:
    """(message, code, fix) when a text or note is not usable, else None."""
    if len(words) > 1:
        return "give either text or note, not both", "request-shape", "send one request per mapping"
    ((name, value),) = words.items()
    if not isinstance(value, str) or not value.strip():
        return f"{name} must be non-empty text", "request-shape", f'write e.g. "{name}": "massage 6 visits"'
    return None
