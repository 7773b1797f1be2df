"""The library API behind every CLI command: everything the CLI does is callable from here."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtus_check import __version__
from mtus_check.engine import Engine, RequestError, formulary, periods
from mtus_check.errors import Location, Problem
from mtus_check.models.request import Request
from mtus_check.models.verdict import PackInfo, Verdict
from mtus_check.requests_io import RequestRecord, read_requests
from mtus_check.rules.loader import RulePack, load_pack

if TYPE_CHECKING:
    from mtus_check.letters import ParsedLetter

_ENGINES: dict[tuple[str, str], Engine] = {}


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
    read: dict[str, Any] | None = None  # what was read from a request's own words (api_text)

    def to_json(self) -> dict[str, Any]:
        extra = {"read": self.read} if self.read is not None else {}
        if self.verdict is not None:
            return {"source": str(self.location), **self.verdict.model_dump(mode="json"), **extra}
        return {
            "source": str(self.location),
            "verdict": None,
            "error": "; ".join(p.message + (f" Fix: {p.fix}" if p.fix else "") for p in self.problems),
            **extra,
        }


def check_records(
    engine: Engine, records: Iterable[RequestRecord], as_of: dt.date | None = None, today: dt.date | None = None
) -> Iterator[PrecheckResult]:
    """Check each readable request; carry unreadable ones through as problems. With `today`, a
    request with no date (and no `as_of`) is checked against the rules in force that day, and
    says so; without, against the newest version of each rule."""
    for record in records:
        if record.request is None:
            yield PrecheckResult(record.location, problems=record.problems)
            continue
        date, notes = dating(record.request, as_of, today)
        try:
            verdict = engine.check(record.request, as_of=date)
        except RequestError as exc:
            yield PrecheckResult(
                record.location,
                problems=[Problem(record.location, exc.message, code=f"request-{exc.field_name}", fix=exc.fix)],
            )
            continue
        verdict = periods.annotate(verdict, engine.pack, notes)
        yield PrecheckResult(record.location, formulary.annotate(verdict, record.request, engine.pack))


def dating(request: Request, as_of: dt.date | None, today: dt.date | None) -> tuple[dt.date | None, list[str]]:
    """The date to check an undated request on, and the note saying so."""
    if request.date_of_service is not None or as_of is not None or today is None:
        return as_of, []
    return today, [f"no request date given: checked against the rules in force today, {today} (set date_of_service)"]


def precheck_file(
    path: str | Path, rules: Path | None = None, as_of: dt.date | None = None
) -> Iterator[PrecheckResult]:
    """Pre-check every request in a YAML/JSON/JSONL file (or '-' for stdin)."""
    engine = engine_for(rules)
    yield from check_records(engine, read_requests(path, engine.pack.request_facts), as_of)


def precheck(request: Request | dict[str, Any], rules: Path | None = None, as_of: dt.date | None = None) -> Verdict:
    """Pre-check one request given as a model or a dict."""
    return engine_for(rules).check(request, as_of=as_of)


def extract(paths: list[Path], rules: Path | None = None, pack: RulePack | None = None) -> Iterator[ParsedLetter]:
    """Read every letter under `paths` (files or directories; '-' for stdin) with requests extracted,
    using `pack` when already loaded, else the pack at `rules`."""
    from mtus_check.letters import parse_text, read_letters

    reading = (pack or load_pack(rules)).reading
    for path in paths:
        if str(path) == "-":
            yield parse_text(sys.stdin.read(), "<stdin>", reading)
        else:
            yield from read_letters([path], reading)


def extract_bytes(data: bytes, source: str, pack: RulePack) -> ParsedLetter:
    """Read one letter given as bytes (text or PDF), e.g. an upload; unreadable bytes give a letter
    that is not ok, with the reason."""
    from mtus_check.letters import ParsedLetter, parse_text
    from mtus_check.letters.reader import letter_id
    from mtus_check.letters.source import LetterReadError, decode_text

    try:
        loaded = decode_text(data, source)
    except LetterReadError as exc:
        return ParsedLetter(
            source=source, letter_id=letter_id(source, ""), ok=False, error=str(exc), error_kind=exc.kind
        )
    return parse_text(loaded.text, source, pack.reading)


def provenance(pack_info: PackInfo) -> dict[str, Any]:
    """What every output records: tool version and rule pack version and hash."""
    return {"tool_version": __version__, "rule_pack": pack_info.model_dump()}


def pack(rules: Path | None = None) -> RulePack:
    """Load and validate a rule pack."""
    return load_pack(rules)
