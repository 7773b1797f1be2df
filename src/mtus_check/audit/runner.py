"""Audit a corpus: stream letters through workers, write complete JSONL lines in a fixed
order, resume where a run stopped, then derive CSV and reports from items.jsonl."""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtus_check import __version__
from mtus_check.audit.models import LetterError, is_flag
from mtus_check.audit.pool import FORK, Lost, Supervisor
from mtus_check.audit.predict import letter_records
from mtus_check.collector import settle_once
from mtus_check.engine import Engine
from mtus_check.errors import MtusCheckError
from mtus_check.letters.limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, LetterLimits
from mtus_check.letters.reader import read_letter
from mtus_check.letters.source import letter_files
from mtus_check.rules.loader import load_pack

ITEMS, ERRORS = "items.jsonl", "errors.jsonl"
# errors a --resume tries again: the letter may pass with a raised limit or on a calmer machine
RETRIED = frozenset({"limit-time", "limit-memory", "worker-died", "internal"})
OUTPUTS = (ITEMS, ERRORS, "items.csv", "report.md", "report.html")


@dataclass
class AuditOptions:
    paths: list[Path]
    out: Path
    workers: int = 1
    as_of: dt.date | None = None
    rules: Path | None = None
    resume: bool = False
    force: bool = False
    limits: LetterLimits = field(default_factory=LetterLimits)
    seconds: float | None = DEFAULT_SECONDS  # per letter; None: no limit
    memory_mb: float | None = DEFAULT_MEMORY_MB  # per letter, above what the worker holds; None: no limit


@dataclass
class AuditProgress:
    letters: int = 0
    items: int = 0
    errors: int = 0
    disagreements: int = 0
    flagged: int = 0
    skipped: int = 0
    duplicates: int = 0
    seen_cases: dict[str, str] = field(default_factory=dict)


# --- worker side: one engine per process ----------------------------------------------------

_ENGINE: Engine | None = None
_ENGINE_RULES: tuple[str | None] | None = None  # the --rules the engine was loaded from
_AS_OF: dt.date | None = None
_LIMITS = LetterLimits()
_MEMORY_MB: float | None = None

Result = tuple[str, str | None, list[str], str | None, int, int]


def _init_worker(
    rules: str | None, as_of: dt.date | None, limits: LetterLimits, memory_mb: float | None
) -> dict[str, str]:
    """Load the engine once per worker; cap the memory a letter may add. Returns the pack's info."""
    global _ENGINE, _AS_OF, _LIMITS, _MEMORY_MB, _ENGINE_RULES
    if _ENGINE is None or (rules,) != _ENGINE_RULES:  # a forked worker has the parent's already
        _ENGINE = Engine(load_pack(Path(rules) if rules else None))
        _ENGINE_RULES = (rules,)
    _AS_OF, _LIMITS, _MEMORY_MB = as_of, limits, memory_mb
    if memory_mb is not None:
        _limit_memory(memory_mb)
    return _ENGINE.pack.info.model_dump()


def _limit_memory(memory_mb: float) -> None:
    """RLIMIT_DATA (private writable memory; not address space, which PDFium reserves in bulk)
    at what the worker holds now plus `memory_mb`: past it allocation fails, a MemoryError in
    Python or a crash in PDFium, and the letter's error names the limit."""
    with open("/proc/self/status", encoding="ascii") as status:
        held = next((int(line.split()[1]) * 1024 for line in status if line.startswith("VmData:")), 0)
    if held:
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        soft = held + int(memory_mb * 2**20)
        resource.setrlimit(resource.RLIMIT_DATA, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def _audit_one(path: str) -> Result:
    """(source, case number, item lines, error line, disagreements, flagged) for one letter.
    Whatever goes wrong inside one letter is that letter's error record, never the batch's."""
    assert _ENGINE is not None
    try:
        # only the facts some rule reads: the audit needs no others, and they cost time
        letter = read_letter(Path(path), _ENGINE.pack.reading, _ENGINE.pack.fields_for, _LIMITS)
        records, error = letter_records(letter, _ENGINE, _AS_OF)
        lines = [r.model_dump_json() for r in records]
        disagreements = sum(r.agreement is False for r in records)
        flagged = sum(any(is_flag(c) for c in r.checks) for r in records)
        settle_once()  # the pack and the reader, built by now, out of the collector's sight
        return path, letter.case_number, lines, error.model_dump_json() if error else None, disagreements, flagged
    except MemoryError:
        return _error_result(path, _ENGINE.pack.info.model_dump(), "limit-memory", _memory_message(_MEMORY_MB))
    except Exception as exc:  # a bug must not stop the batch: this letter's error record
        message = f"internal error: {type(exc).__name__}: {str(exc)[:300]} (please report it with the letter)"
        return _error_result(path, _ENGINE.pack.info.model_dump(), "internal", message)


def _memory_message(memory_mb: float | None) -> str:
    if memory_mb is None:
        return "out of memory while reading the letter"
    return (
        f"the letter needs more memory than the limit of {memory_mb:g} MB per letter; if it is genuine, "
        "raise the limit with --letter-memory-mb and run again with --resume"
    )


def _error_result(path: str, pack_info: dict[str, str], kind: str, message: str) -> Result:
    error = LetterError(
        source=path,
        letter_id=Path(path).stem,
        error_kind=kind,
        error=message,
        tool_version=__version__,
        rule_pack=pack_info,
    )
    return path, None, [], error.model_dump_json(), 0, 0


def _lost(path: str, lost: Lost, options: AuditOptions, pack_info: dict[str, str]) -> Result:
    """The error record of a letter whose worker died or ran out of time."""
    if lost.kind == "limit-time":
        message = (
            f"the letter was still being read after {lost.detail}, the time limit per letter; if it is genuine, "
            "raise the limit with --letter-seconds and run again with --resume"
        )
    elif lost.kind == "worker-died":
        memory = (
            f"the memory limit of {options.memory_mb:g} MB per letter (--letter-memory-mb) or "
            if (options.memory_mb is not None)
            else ""
        )
        message = (
            f"the worker reading this letter died ({lost.detail}); {memory}a crash in the PDF library or "
            "the system running out of memory does this; the worker was replaced and the audit went on "
            "(--resume tries the letter again)"
        )
    else:
        message = lost.detail
    return _error_result(path, pack_info, lost.kind, message)


# --- main side --------------------------------------------------------------------------------


def _done_sources(out: Path, cases: dict[str, str]) -> set[str]:
    """Letters an earlier run finished (and their case numbers, into `cases`). Lines of a
    letter cut short by an interruption (a torn line, or fewer lines than its items) are
    removed so that the letter is audited again."""
    done: set[str] = set()
    items = out / ITEMS
    if items.exists():
        lines, records = _complete_lines(items)
        counts: dict[str, int] = {}
        for record in records:
            counts[record["source"]] = counts.get(record["source"], 0) + 1
        whole = {r["source"] for r in records if counts[r["source"]] == r["letter_items"]}
        kept = [(line, r) for line, r in zip(lines, records, strict=True) if r["source"] in whole]
        if len(kept) != len(records):
            items.write_text("".join(line + "\n" for line, _ in kept), encoding="utf-8")
        done |= whole
        for _, record in kept:
            if record.get("case_number") and not record.get("duplicate_of"):
                cases.setdefault(record["case_number"], record["source"])
    errors = out / ERRORS
    if errors.exists():
        lines, records = _complete_lines(errors)
        kept = [(line, r) for line, r in zip(lines, records, strict=True) if r.get("error_kind") not in RETRIED]
        if len(kept) != len(records):  # tried again: their lines go, a new one comes if they fail again
            errors.write_text("".join(line + "\n" for line, _ in kept), encoding="utf-8")
        done |= {record["source"] for _, record in kept}
    return done


def _complete_lines(path: Path) -> tuple[list[str], list[dict[str, Any]]]:
    """The file's whole JSON lines and their records; a torn last line is cut off the file."""
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
        path.write_bytes(data)
    lines, records = [], []
    for line in data.decode("utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
        lines.append(line)
    return lines, records


def prepare_out(options: AuditOptions, cases: dict[str, str]) -> set[str]:
    """Create the output folder; refuse to overwrite results without --resume or --force."""
    out = options.out
    if out.exists() and not out.is_dir():
        raise MtusCheckError(f"{out} is a file, not a folder: give --out a folder to write the audit results in.")
    existing = [name for name in OUTPUTS if (out / name).exists()]
    if existing and not (options.resume or options.force):
        raise MtusCheckError(
            f"{out} already holds audit results ({', '.join(existing)}). "
            "Use --resume to continue that run or --force to replace it."
        )
    out.mkdir(parents=True, exist_ok=True)
    if options.force and not options.resume:
        for name in existing:
            (out / name).unlink()
        return set()
    return _done_sources(out, cases) if options.resume else set()


def _results(files: list[str], options: AuditOptions) -> Iterator[Result]:
    """Every letter's result in input order (the output is the same whatever the worker count).
    Letters run in supervised worker processes, one worker too: a letter that crashes or hangs
    its worker becomes an error record instead of ending or stalling the run."""
    if not files:
        return
    rules = str(options.rules) if options.rules else None
    initargs = (rules, options.as_of, options.limits, options.memory_mb)
    if FORK:  # loaded once here: every worker, a replacement too, starts with it
        _init_worker(rules, options.as_of, options.limits, None)
    with Supervisor(options.workers, _init_worker, initargs, _audit_one, options.seconds) as pool:
        for path, result in zip(files, pool.map(files), strict=True):
            yield _lost(path, result, options, pool.ready_info) if isinstance(result, Lost) else result


def run_audit(options: AuditOptions, on_letter: Callable[[AuditProgress, int], None] | None = None) -> AuditProgress:
    """Audit every letter under options.paths into options.out; returns counts."""
    cases: dict[str, str] = {}
    done = prepare_out(options, cases)
    files = [str(p) for p in letter_files(options.paths)]
    progress = AuditProgress(skipped=sum(f in done for f in files), seen_cases=cases)
    todo = [f for f in files if f not in done]
    if not files:
        raise MtusCheckError("no .txt or .pdf letters found under " + ", ".join(map(str, options.paths)))
    with (
        open(options.out / ITEMS, "a", encoding="utf-8") as items,
        open(options.out / ERRORS, "a", encoding="utf-8") as errors,
    ):
        for source, case, lines, error, disagreements, flagged in _results(todo, options):
            duplicate_of = progress.seen_cases.get(case) if case else None
            if case and duplicate_of is None:
                progress.seen_cases[case] = source
            if duplicate_of:
                progress.duplicates += 1
                lines = [_mark_duplicate(line, duplicate_of) for line in lines]
            if lines:
                items.write("".join(line + "\n" for line in lines))  # one write: whole lines only
                items.flush()
            if error:
                errors.write(error + "\n")
                errors.flush()
                progress.errors += 1
            progress.letters += 1
            progress.items += len(lines)
            progress.disagreements += 0 if duplicate_of else disagreements
            progress.flagged += flagged
            if on_letter:
                on_letter(progress, len(todo))
    return progress


def _mark_duplicate(line: str, first: str) -> str:
    record = json.loads(line)
    record["duplicate_of"] = first
    return json.dumps(record, separators=(",", ":"), ensure_ascii=False)


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
