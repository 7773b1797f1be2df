"""Read treatment requests from YAML, JSON or JSONL files, one bad record never stopping the rest."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mtus_check.errors import Location, Problem, ProblemsError
from mtus_check.models.request import Request
from mtus_check.rules.request_facts import RequestFacts
from mtus_check.rules.yamlpos import Positions, load_yaml_documents
from mtus_check.validation import problems_from_validation


@dataclass
class RequestRecord:
    """One request read from a file: the model, or the problems that kept it from being one."""

    location: Location
    request: Request | None = None
    problems: list[Problem] = field(default_factory=list)


def _record(data: Any, positions: Positions, prefix: tuple[Any, ...], facts: RequestFacts | None) -> RequestRecord:
    where = positions.locate(prefix)
    if not isinstance(data, dict):
        return RequestRecord(
            where,
            problems=[
                Problem(
                    where,
                    "a request must be a mapping of field: value",
                    code="request-shape",
                    fix="write e.g. service: massage",
                )
            ],
        )
    problems: list[Problem] = []
    typed: dict[str, Any] = {}
    if facts is not None:
        # facts are declared by the pack's specs: typed and located here, like the request's own fields
        stated = {k: v for k, v in data.items() if k not in Request.model_fields}
        typed, problems = facts.check(stated, positions, prefix)
    try:
        request = Request.model_validate(data | typed)
    except ValidationError as exc:
        problems = problems_from_validation(exc, Request, positions, prefix, "request") + problems
        return RequestRecord(where, problems=problems)
    return RequestRecord(where, problems=problems) if problems else RequestRecord(where, request)


def _from_jsonl(text: str, source: str, facts: RequestFacts | None) -> Iterator[RequestRecord]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = Location(source, number, 1)
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RequestRecord(
                where,
                problems=[
                    Problem(
                        Location(source, number, exc.colno),
                        f"not valid JSON: {exc.msg}",
                        code="json-syntax",
                        fix="one JSON object per line",
                    )
                ],
            )
            continue
        positions = Positions(source, {(): (number, 1)})
        yield _record(data, positions, (), facts)


def parse_requests(
    text: str, source: str, jsonl: bool = False, facts: RequestFacts | None = None
) -> Iterator[RequestRecord]:
    """Requests in `text`: a mapping, a list of mappings, several YAML documents, or JSONL.
    `facts`: the pack's (RulePack.request_facts), to check the facts each request states."""
    if jsonl:
        yield from _from_jsonl(text, source, facts)
        return
    try:
        documents = list(load_yaml_documents(text, source))
    except ProblemsError as exc:
        yield RequestRecord(exc.problems[0].location, problems=exc.problems)
        return
    for doc in documents:
        if doc.data is None:
            continue
        if isinstance(doc.data, list):
            for i, item in enumerate(doc.data):
                yield _record(item, doc.positions, (i,), facts)
        else:
            yield _record(doc.data, doc.positions, (), facts)


def read_requests(path: str | Path, facts: RequestFacts | None = None) -> Iterator[RequestRecord]:
    """Requests from a file path, or from standard input when path is '-' (`facts`: as parse_requests)."""
    source = str(path)
    if source == "-":
        text = sys.stdin.read()
        stripped = text.lstrip()
        jsonl = stripped.startswith("{") and "\n{" in stripped.strip()
        yield from parse_requests(text, "<stdin>", jsonl, facts)
        return
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemsError(
            [
                Problem(
                    Location(source),
                    f"cannot read request file: {exc}",
                    code="file-unreadable",
                    fix="check the path and that the file is UTF-8 text",
                )
            ]
        ) from None
    if not text.strip():
        raise ProblemsError(
            [
                Problem(
                    Location(source),
                    "the request file is empty",
                    code="request-empty",
                    fix="write at least one request, e.g. service: massage",
                )
            ]
        )
    yield from parse_requests(text, source, p.suffix.lower() in (".jsonl", ".ndjson"), facts)


def records_from_data(data: Any, source: str, facts: RequestFacts | None = None) -> Iterator[RequestRecord]:
    """Requests already parsed from JSON (a mapping or a list of mappings), e.g. an HTTP body;
    each list item is located as source[i] (`facts`: as parse_requests)."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield _record(item, Positions(f"{source}[{i}]", {}), (), facts)
    else:
        yield _record(data, Positions(source, {}), (), facts)
