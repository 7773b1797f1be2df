"""The library API behind every CLI command: everything the CLI does is callable from here."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic_core import to_json

from mtus_check import __version__
from mtus_check.engine import Engine, RequestError
from mtus_check.errors import Location, Problem
from mtus_check.models.request import Request
from mtus_check.models.verdict import PackInfo, Verdict
from mtus_check.requests_io import RequestRecord, read_requests
from mtus_check.rules.loader import RulePack, load_pack

if TYPE_CHECKING:
    from mtus_check.letters import ParsedLetter
    from mtus_check.rules.facts_loader import Reading

_ENGINES: dict[tuple[str, str], Engine] = {}
INTERNAL = "internal-error"  # the problem code of a request mtus-check failed on (a bug)


def engine_for(rules: Path | None = None, backend: str = "durable") -> Engine:
    """A (cached) engine for the pack at `rules` (default: the bundled pack)."""
    pack = load_pack(rules)
    key = (pack.info.hash, backend)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(pack, backend)  # type: ignore[arg-type]
    return _ENGINES[key]


@dataclass
class PrecheckResult:
    """The verdict for one request, or why it could not be checked."""

    location: Location
    verdict: Verdict | None = None
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON line as a dict (parsed from `to_json_line`, so the two never differ)."""
        result: dict[str, Any] = json.loads(self.to_json_line())
        return result

    def to_json_line(self) -> str:
        """One line of `precheck --json` (the format is documented in the README and pinned by
        tests): `source` first, then the verdict's fields in model order, written by pydantic's
        serializer; a request that could not be checked gets `verdict: null`, `error` and `problems`."""
        source = to_json(str(self.location)).decode()
        if self.verdict is not None:
            return f'{{"source":{source},{self.verdict.model_dump_json()[1:]}'
        record = CheckError(
            error="; ".join(p.message + (f" Fix: {p.fix}" if p.fix else "") for p in self.problems),
            problems=[
                ProblemRecord(location=str(p.location), code=p.code, message=p.message, fix=p.fix)
                for p in self.problems
            ],
        )
        return f'{{"source":{source},{record.model_dump_json()[1:]}'


class ProblemRecord(BaseModel):
    """One located problem of a request that could not be checked."""

    location: str
    code: str
    message: str
    fix: str


class CheckError(BaseModel):
    """The fields of a `precheck --json` line for a request that could not be checked."""

    verdict: None = None
    error: str
    problems: list[ProblemRecord]


def check_records(
    engine: Engine, records: Iterable[RequestRecord], as_of: dt.date | None = None
) -> Iterator[PrecheckResult]:
    """Check each readable request; carry unreadable ones through as problems."""
    for record in records:
        if record.request is None:
            yield PrecheckResult(record.location, problems=record.problems)
            continue
        try:
            yield PrecheckResult(record.location, engine.check(record.request, as_of=as_of))
        except RequestError as exc:
            yield PrecheckResult(
                record.location,
                problems=[Problem(record.location, exc.message, code=f"request-{exc.field_name}", fix=exc.fix)],
            )
        except Exception as exc:  # a bug: recorded for this request, and the batch goes on
            message = f"mtus-check failed on this request ({type(exc).__name__}: {exc})"
            fix = "this is a bug in mtus-check: please report it with this line"
            yield PrecheckResult(record.location, problems=[Problem(record.location, message, INTERNAL, fix=fix)])


def precheck_file(
    path: str | Path, rules: Path | None = None, as_of: dt.date | None = None
) -> Iterator[PrecheckResult]:
    """Pre-check every request in a YAML/JSON/JSONL file (or '-' for stdin)."""
    yield from check_records(engine_for(rules), read_requests(path), as_of)


def precheck(request: Request | dict[str, Any], rules: Path | None = None, as_of: dt.date | None = None) -> Verdict:
    """Pre-check one request given as a model or a dict."""
    return engine_for(rules).check(request, as_of=as_of)


def extract(paths: list[Path], rules: Path | None = None, pack: RulePack | None = None) -> Iterator[ParsedLetter]:
    """Read every letter under `paths` (files or directories; '-' for stdin) with requests extracted,
    using `pack` when already loaded, else the pack at `rules`."""
    from mtus_check.letters import read_letters

    reading = (pack or load_pack(rules)).reading
    for path in paths:
        if str(path) == "-":
            yield _stdin_letter(reading)
        else:
            yield from read_letters([path], reading)


def _stdin_letter(reading: Reading) -> ParsedLetter:
    """The letter on standard input, read as bytes the way a letter file is (UTF-8, else
    Latin-1; a PDF or binary data recognized as such)."""
    from mtus_check.letters import parse_text
    from mtus_check.letters.models import ParsedLetter
    from mtus_check.letters.source import LetterReadError, decode_text

    try:
        loaded = decode_text(sys.stdin.buffer.read(), "<stdin>")
    except LetterReadError as exc:
        return ParsedLetter(source="<stdin>", letter_id="stdin", ok=False, error=str(exc), error_kind=exc.kind)
    return parse_text(loaded.text, "<stdin>", reading)


def provenance(pack_info: PackInfo) -> dict[str, Any]:
    """What every output records: tool version and rule pack version and hash."""
    return {"tool_version": __version__, "rule_pack": pack_info.model_dump()}


def pack(rules: Path | None = None) -> RulePack:
    """Load and validate a rule pack."""
    return load_pack(rules)
