"""The library API behind every CLI command: everything the CLI does is callable from here."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic_core import to_json

from mtus_check import __version__
from mtus_check.engine import Engine, RequestError, formulary, periods
from mtus_check.errors import Location, Problem
from mtus_check.models.request import TEXT, Request
from mtus_check.models.verdict import PackInfo, Verdict
from mtus_check.requests_io import RequestRecord, complete, read_requests
from mtus_check.rules.loader import RulePack, load_pack

if TYPE_CHECKING:
    from mtus_check.audit import Summary
    from mtus_check.letters import ParsedLetter
    from mtus_check.letters.free_text import ReadRequest

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
    read: dict[str, Any] | None = None  # what was read from a request's own words (api_text)

    def to_json(self) -> dict[str, Any]:
        """The JSON line as a dict (parsed from `to_json_line`, so the two never differ)."""
        result: dict[str, Any] = json.loads(self.to_json_line())
        return result

    def to_json_line(self) -> str:
        """One line of `precheck --json` (the format is documented in the README and pinned by
        tests): `source` first, then the verdict's fields in model order, written by pydantic's
        serializer, then `read` when the request was read from words; a request that could not
        be checked gets `verdict: null`, `error` and `problems`."""
        source = to_json(str(self.location)).decode()
        read = f',"read":{to_json(self.read).decode()}' if self.read is not None else ""
        if self.verdict is not None:
            return f'{{"source":{source},{self.verdict.model_dump_json()[1:-1]}{read}}}'
        record = CheckError(
            error="; ".join(p.message + (f" Fix: {p.fix}" if p.fix else "") for p in self.problems),
            problems=[
                ProblemRecord(location=str(p.location), code=p.code, message=p.message, fix=p.fix)
                for p in self.problems
            ],
        )
        return f'{{"source":{source},{record.model_dump_json()[1:-1]}{read}}}'


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
    engine: Engine, records: Iterable[RequestRecord], as_of: dt.date | None = None, today: dt.date | None = None
) -> Iterator[PrecheckResult]:
    """Check each readable request; carry unreadable ones through as problems. With `today`, a
    request with no date (and no `as_of`) is checked against the rules in force that day, and
    says so; without, against the newest version of each rule."""
    for record in records:
        if record.pending:  # a request in its own words: read it now, by the letter reader
            record = read_words(record, engine.pack)
        if record.request is None:
            yield PrecheckResult(record.location, problems=record.problems, read=record.read)
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
        except Exception as exc:  # a bug: recorded for this request, and the batch goes on
            message = f"mtus-check failed on this request ({type(exc).__name__}: {exc})"
            fix = "this is a bug in mtus-check: please report it with this line"
            yield PrecheckResult(record.location, problems=[Problem(record.location, message, INTERNAL, fix=fix)])
            continue
        verdict = periods.annotate(verdict, engine.pack, notes)
        read = overridden(record.read, record.stated, verdict.request) if record.read is not None else None
        yield PrecheckResult(record.location, formulary.annotate(verdict, record.request, engine.pack), read=read)


def shown(read: ReadRequest) -> dict[str, Any]:
    """What was read from a request's words, for the user to check: each value with its quote;
    `overridden` is filled once the request is checked (see `overridden`)."""
    return {
        "text": read.text,
        "facts": {
            name: {"value": fact.value, "quote": fact.evidence.quote, "section": fact.evidence.section}
            for name, fact in sorted(read.facts.items())
        },
        "notes": list(read.notes),
        "overridden": {},
    }


def read_words(record: RequestRecord, pack: RulePack) -> RequestRecord:
    """A pending record (`text:` in a request file or body) read by the letter reader and
    completed: the fields given beside the text win over what it says, and are checked and
    located like any request's; a text naming no known service is a problem at its line."""
    from mtus_check.letters.free_text import read_request_text  # only when a request is in words

    assert record.text is not None and record.positions is not None
    read = read_request_text(record.text, pack.reading)
    if read.request is None:
        where = record.positions.locate((*record.prefix, TEXT))
        problem = Problem(where, read.problem or "", code="request-service", fix=read.fix or "")
        return RequestRecord(where, problems=[problem], read=shown(read))
    data = read.request.model_dump(exclude_none=True) | record.stated
    done = complete(data, record.positions, record.prefix, pack.request_facts)
    done.read, done.stated = shown(read), record.stated
    return done


def overridden(read: dict[str, Any], stated: dict[str, Any], used: dict[str, Any]) -> dict[str, Any]:
    """`read` with each value the user's own fields changed: in `overridden` ({name: {text, used}})
    and as a note, so a text and a field that disagree are never silent."""
    out = read | {"overridden": {}, "notes": list(read["notes"])}
    for name in sorted(set(stated) & set(read["facts"])):
        fact, value = read["facts"][name], used.get(name, stated[name])
        if _same(fact["value"], value):
            continue
        out["overridden"][name] = {"text": fact["value"], "used": value}
        quote = f" ('{fact['quote']}')" if fact["quote"] and fact["section"] == "request" else ""
        out["notes"].append(f"{name}: read as {fact['value']}{quote}, given as {value}: the {name} given is used")
    return out


def _same(a: Any, b: Any) -> bool:
    """One value read and one given: equal as numbers (6 and 6.0), else as words."""
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (a, b))
    return float(a) == float(b) if numbers else str(a).strip().lower() == str(b).strip().lower()


def dating(request: Request, as_of: dt.date | None, today: dt.date | None) -> tuple[dt.date | None, list[str]]:
    """The date to check an undated request on, and the note saying so."""
    if request.date_of_service is not None or as_of is not None or today is None:
        return as_of, []
    return today, [_undated(today)]


@functools.lru_cache(maxsize=4)
def _undated(today: dt.date) -> str:
    """The note of an undated request (a batch is checked on one day: written once)."""
    return f"no request date given: checked against the rules in force today, {today} (set date_of_service)"


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
    from mtus_check.letters import read_letters

    pack = pack or load_pack(rules)
    for path in paths:
        if str(path) == "-":  # bytes, read as a letter file is (UTF-8 or Latin-1, PDF, binary refused)
            yield extract_bytes(sys.stdin.buffer.read(), "<stdin>", pack)
        else:
            yield from read_letters([path], pack.reading)


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


def audit(paths: list[Path], out: Path, rules: Path | None = None, workers: int = 1, force: bool = False) -> Summary:
    """Audit every letter under `paths` into the folder `out` (items.jsonl, errors.jsonl, report.md,
    report.html, items.csv), as `mtus-check audit` does; returns the summary the reports show."""
    from mtus_check.audit import AuditOptions, run_audit, write_reports

    run_audit(AuditOptions(paths=paths, out=out, rules=rules, workers=workers, force=force))
    return write_reports(out)
