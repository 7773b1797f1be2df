"""Read treatment requests from YAML, JSON or JSONL, one at a time, one bad record never
stopping the rest.

A request may also be given in its own words, `text: "Acupuncture 2x/week x 3 weeks, lumbar"`,
with fields beside it that win over what the text says. Such a record comes out *pending*: the
text and the fields, still to be read by the letter reader (a layer above this one, in the api),
then completed here (`complete`) so that the fields given beside it are checked and located like
any request's.

Files are read as a stream: a JSONL line or a YAML document is read, checked and let go
before the next, so memory does not grow with the batch. Every bad line or document becomes
a record with its file:line:col, what is wrong and how to fix it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from mtus_check.errors import Location, Problem, ProblemsError
from mtus_check.models.request import TEXT, Request
from mtus_check.rules.request_facts import RequestFacts
from mtus_check.rules.yamlpos import Positions, load_yaml_documents
from mtus_check.validation import problems_from_validation

MAX_LINE_BYTES = 1 << 20  # a request is a few hundred bytes; a longer line is refused, not read whole
JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass
class RequestRecord:
    """One request read from a file: the model, or the problems that kept it from being one."""

    location: Location
    request: Request | None = None
    problems: list[Problem] = field(default_factory=list)
    text: str | None = None  # pending: a request in its own words, not read yet
    stated: dict[str, Any] = field(default_factory=dict)  # the fields given beside the text (they win)
    positions: Positions | None = None  # where the pending record's values are, to locate problems
    prefix: tuple[Any, ...] = ()
    read: dict[str, Any] | None = None  # what was read from the text, shown to the user

    @property
    def pending(self) -> bool:
        return self.text is not None and self.request is None and not self.problems


# the request's own fields, asked for each key of each request (pydantic's model_fields is a
# property that costs more than the rest of sorting a request's keys)
_FIELDS = frozenset(Request.model_fields)


def _bad(where: Location, message: str, code: str, fix: str) -> RequestRecord:
    return RequestRecord(where, problems=[Problem(where, message, code=code, fix=fix)])


def _record(
    data: Any,
    positions: Positions,
    prefix: tuple[Any, ...],
    facts: RequestFacts | None,
    where: Location | None = None,
) -> RequestRecord:
    where = where or positions.locate(prefix)
    if not isinstance(data, dict):
        return _bad(
            where, "a request must be a mapping of field: value", "request-shape", "write e.g. service: massage"
        )
    if TEXT in data:
        return _pending(data, positions, prefix, where)
    return complete(data, positions, prefix, facts, where)


def _pending(data: dict[Any, Any], positions: Positions, prefix: tuple[Any, ...], where: Location) -> RequestRecord:
    text = data[TEXT]
    if not isinstance(text, str) or not text.strip():
        return _bad(
            positions.locate((*prefix, TEXT)),
            'text must be the request in words, e.g. text: "Acupuncture 2x/week x 3 weeks, lumbar"',
            "request-shape",
            "write the request as text, or give its fields (service, quantity, ...) without text",
        )
    stated = {k: v for k, v in data.items() if k != TEXT}
    return RequestRecord(where, text=text, stated=stated, positions=positions, prefix=prefix)


def complete(
    data: dict[Any, Any],
    positions: Positions,
    prefix: tuple[Any, ...],
    facts: RequestFacts | None,
    where: Location | None = None,
) -> RequestRecord:
    """A request mapping validated: the model, or its problems located at their file:line (a
    value with no position, such as one read from a text, at the mapping's: `where`, when the
    caller has it already)."""
    where = where or positions.locate(prefix)
    problems: list[Problem] = []
    typed: dict[str, Any] = {}
    if facts is not None:
        # facts are declared by the pack's specs: typed and located here, like the request's own fields
        stated = {k: v for k, v in data.items() if k not in _FIELDS}
        typed, problems = facts.check(stated, positions, prefix)
    try:
        request = Request.model_validate(data | typed)
    except ValidationError as exc:
        try:
            problems = problems_from_validation(exc, Request, positions, prefix, "request") + problems
        except Exception:  # a bug in the translation must not cost the batch: pydantic's own words
            messages = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            return _bad(where, messages, "request", "correct the fields named")
        return RequestRecord(where, problems=problems)
    return RequestRecord(where, problems=problems) if problems else RequestRecord(where, request)


@dataclass
class _Line:
    """One line of input, decoded; `bad_byte` is the column of the first byte that is not UTF-8."""

    number: int
    text: str
    bad_byte: int = 0
    too_long: bool = False


def _lines(stream: IO[bytes]) -> Iterator[_Line]:
    """Decoded lines of a byte stream, each at most MAX_LINE_BYTES (the rest of a longer line
    is skipped, never held)."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        too_long = len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n")
        while too_long and raw and not raw.endswith(b"\n"):
            raw = stream.readline(MAX_LINE_BYTES + 1)
        if too_long:
            yield _Line(number, "", too_long=True)
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]  # a byte order mark some editors write
        try:
            yield _Line(number, raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield _Line(number, raw.decode("utf-8", "surrogateescape"), bad_byte=exc.start + 1)


def _not_utf8(where: Location) -> RequestRecord:
    return _bad(where, "this line is not UTF-8 text", "request-encoding", "save the file as UTF-8")


def _too_long(where: Location) -> RequestRecord:
    return _bad(
        where,
        f"this line is longer than {MAX_LINE_BYTES:,} bytes",
        "request-too-long",
        "one request per line, a few hundred bytes each",
    )


def _from_jsonl(lines: Iterable[_Line], source: str, facts: RequestFacts | None) -> Iterator[RequestRecord]:
    for line in lines:
        where = Location(source, line.number, 1)
        if line.too_long:
            yield _too_long(where)
            continue
        if line.bad_byte:
            yield _not_utf8(Location(source, line.number, line.bad_byte))
            continue
        if not line.text.strip():
            continue
        try:
            data = json.loads(line.text)
        except json.JSONDecodeError as exc:
            yield _bad(
                Location(source, line.number, exc.colno),
                f"not valid JSON: {exc.msg}",
                "json-syntax",
                "one JSON object per line",
            )
            continue
        except ValueError:  # Python refuses to read integers of more than 4,300 digits
            yield _bad(
                where,
                f"a number on this line has more than {sys.get_int_max_str_digits():,} digits",
                "json-number",
                "check the line for a runaway number; no request field takes one that long",
            )
            continue
        except RecursionError:
            yield _bad(where, "values on this line are nested too deeply", "json-too-deep", "one flat JSON object")
            continue
        yield _record(data, Positions(source, {(): (line.number, 1)}), (), facts, where)  # where it locates ()


def _yaml_lines(lines: Iterable[_Line], source: str, bad: list[RequestRecord]) -> Iterator[str]:
    """The text of each line for the YAML reader; a line it cannot take is noted in `bad` and
    replaced by a comment, so the documents around it are still read."""
    for line in lines:
        if line.too_long or line.bad_byte:
            where = Location(source, line.number, line.bad_byte or 1)
            bad.append(_too_long(where) if line.too_long else _not_utf8(where))
            yield "# (unreadable line)\n"
        else:
            yield line.text


def _from_yaml(lines: Iterable[_Line], source: str, facts: RequestFacts | None) -> Iterator[RequestRecord]:
    bad: list[RequestRecord] = []
    for doc in load_yaml_documents(_yaml_lines(lines, source, bad), source):
        # the unreadable lines of this document are reported, and the document with them
        spoiled, bad[:] = list(bad), []
        yield from spoiled
        if isinstance(doc, ProblemsError):
            yield RequestRecord(doc.problems[0].location, problems=doc.problems)
        elif spoiled or doc.data is None:
            continue
        elif isinstance(doc.data, list):
            for i, item in enumerate(doc.data):
                yield _record(item, doc.positions, (i,), facts)
        else:
            yield _record(doc.data, doc.positions, (), facts)
    yield from bad


def parse_requests(
    text: str, source: str, jsonl: bool = False, facts: RequestFacts | None = None
) -> Iterator[RequestRecord]:
    """Requests in `text`: a mapping, a list of mappings, several YAML documents, or JSONL.
    `facts`: the pack's (RulePack.request_facts), to check the facts each request states."""
    lines = (_Line(n, line) for n, line in enumerate(text.splitlines(keepends=True), start=1))
    yield from (_from_jsonl(lines, source, facts) if jsonl else _from_yaml(lines, source, facts))


def _looks_jsonl(first: str) -> bool:
    """A first line holding one complete JSON object: the input is JSONL (else YAML, which JSON is)."""
    if not first.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return True  # a broken first JSON line: still JSONL, and reported as that line


def read_stream(
    stream: IO[bytes], source: str, jsonl: bool | None = None, facts: RequestFacts | None = None
) -> Iterator[RequestRecord]:
    """Requests from a byte stream, one at a time; `jsonl=None` decides from the first line
    (`facts`: as parse_requests)."""
    lines = _lines(stream)
    seen: list[_Line] = []
    if jsonl is None:
        for line in lines:
            seen.append(line)
            if line.too_long or line.bad_byte or line.text.strip():
                jsonl = not line.too_long and not line.bad_byte and _looks_jsonl(line.text)
                break
    all_lines = _chain(seen, lines)
    records = _from_jsonl(all_lines, source, facts) if jsonl else _from_yaml(all_lines, source, facts)
    empty = True
    for record in records:
        empty = False
        yield record
    if empty:
        raise ProblemsError(
            [
                Problem(
                    Location(source),
                    "no request found: the input is empty",
                    code="request-empty",
                    fix="write at least one request, e.g. service: massage",
                )
            ]
        )


def _chain(first: list[_Line], rest: Iterator[_Line]) -> Iterator[_Line]:
    yield from first
    yield from rest


def read_requests(path: str | Path, facts: RequestFacts | None = None) -> Iterator[RequestRecord]:
    """Requests from a file path, or from standard input when path is '-', read as a stream
    (`facts`: as parse_requests)."""
    source = str(path)
    if source == "-":
        yield from read_stream(sys.stdin.buffer, "<stdin>", facts=facts)
        return
    p = Path(path)
    try:
        stream = p.open("rb")
    except OSError as exc:
        raise ProblemsError(
            [
                Problem(
                    Location(source),
                    f"cannot read request file: {exc.strerror or exc}",
                    code="file-unreadable",
                    fix="check the path and that it is a file you may read",
                )
            ]
        ) from None
    with stream:
        yield from read_stream(stream, source, True if p.suffix.lower() in JSONL_SUFFIXES else None, facts)


def records_from_data(data: Any, source: str, facts: RequestFacts | None = None) -> Iterator[RequestRecord]:
    """Requests already parsed from JSON (a mapping or a list of mappings), e.g. an HTTP body;
    each list item is located as source[i] (`facts`: as parse_requests)."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield _record(item, Positions(f"{source}[{i}]", {}), (), facts)
    else:
        yield _record(data, Positions(source, {}), (), facts)
