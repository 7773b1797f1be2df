"""Validate a rule pack, or one folder or file of it in the context of its pack.

An author editing one rule file asks about that file; its rules are still checked against the
pack's vocabulary, facts and cases, so the whole pack is loaded and the problems are split into
those in the file (or folder) asked about and those elsewhere in the pack.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel

from mtus_check.engine.cases import load_cases, untested_rules
from mtus_check.engine.probe import service_problems
from mtus_check.errors import Location, MtusCheckError, Problem, ProblemsError
from mtus_check.models.verdict import PackInfo
from mtus_check.rules.fact_cases import load_phrasing, untested_alternatives
from mtus_check.rules.lint import lint
from mtus_check.rules.loader import PACK_FILE, RulePack, default_pack_path, load_pack

PACK_FILE_SUFFIXES = (".yaml", ".yml")


class ProblemOut(BaseModel):
    """One problem, as `rules validate --format json` prints it."""

    file: str
    line: int
    column: int
    severity: str
    code: str
    message: str
    fix: str

    @classmethod
    def of(cls, p: Problem) -> ProblemOut:
        loc = p.location
        return cls(
            file=loc.path,
            line=loc.line,
            column=loc.column,
            severity=p.severity,
            code=p.code,
            message=p.message,
            fix=p.fix,
        )

    def format(self) -> str:
        """`file:line:col: [severity] message Fix: ... (code)`, as every command prints problems."""
        where = Location(self.file, self.line, self.column)
        return Problem(where, self.message, code=self.code, severity=self.severity, fix=self.fix).format()


class PackCheck(BaseModel):
    """The result of validating `path`: a pack, or a folder or file inside one."""

    path: str  # what was asked about
    pack_root: str
    pack: PackInfo | None  # None when the pack could not be loaded
    ok: bool  # every check ran and found no error in `path`
    complete: bool  # false: the pack has errors that stop the later checks (lint, cases)
    errors: int
    warnings: int
    rules: int  # rule versions defined in `path` (0 when the pack could not be loaded)
    files: int  # files of the pack in `path`
    problems: list[ProblemOut]  # in `path`, sorted by file, line, column
    elsewhere_errors: int  # problems in other files of the pack (when `path` is part of it)
    elsewhere_warnings: int


def pack_root_of(path: Path) -> Path:
    """The pack `path` belongs to: the nearest folder at or above it holding pack.yaml."""
    if not path.exists():
        raise MtusCheckError(f"{path}: no such file or folder. Fix: give a rule pack folder or a file inside one")
    start = path.resolve() if path.is_dir() else path.resolve().parent
    for folder in (start, *start.parents):
        if (folder / PACK_FILE).is_file():
            return folder
    raise MtusCheckError(
        f"{path}: not inside a rule pack (no {PACK_FILE} in it or in any folder above it). "
        "Fix: give a folder holding pack.yaml, or a file inside one (`mtus-check rules init DIR` writes one)"
    )


def _inside(problem: Problem, target: Path) -> bool:
    """Whether the problem is located in `target` (a file, or a folder: anywhere below it)."""
    where = Path(problem.location.path).resolve()
    return where == target or where.is_relative_to(target)


def _yaml_files(target: Path) -> list[Path]:
    """The files of the pack in `target`: a pack reads every YAML file below its root."""
    if target.is_file():
        return [target]
    return sorted(p for p in target.rglob("*") if p.suffix in PACK_FILE_SUFFIXES and p.is_file())


def check_pack(path: Path | None = None) -> PackCheck:
    """Validate the pack at or around `path` (default: the bundled pack); raise MtusCheckError
    when `path` is not a pack, a folder of one or a file a pack reads."""
    asked = path if path is not None else default_pack_path()
    root = pack_root_of(asked)
    if not asked.is_absolute():  # problems are located as the user named the path
        root = Path(os.path.relpath(root))
    target = asked.resolve()
    if target.is_file() and target.suffix not in PACK_FILE_SUFFIXES:
        raise MtusCheckError(
            f"{asked}: not a file a rule pack reads (rule, case, fact or vocabulary files are YAML). "
            f"Fix: give a .yaml file of the pack, or the pack folder {root}"
        )
    pack: RulePack | None = None
    complete = False  # every check ran (a pack that does not load is not linted)
    try:
        pack = load_pack(root)
        cases = load_cases(pack)
        phrasing = load_phrasing(pack)
        problems = lint(pack) + untested_rules(pack, cases)
        problems += untested_alternatives(pack, phrasing) + service_problems(pack)
        complete = True
    except ProblemsError as exc:
        problems = list(exc.problems)
    mine = sorted(p for p in problems if _inside(p, target))
    other = [p for p in problems if not _inside(p, target)]
    errors = sum(p.severity == "error" for p in mine)
    files = _yaml_files(target)
    rules = [r for r in pack.rules if Path(r.location.path).resolve() in files] if pack else []
    return PackCheck(
        path=str(asked),
        pack_root=str(root),
        pack=pack.info if pack else None,
        ok=errors == 0 and complete,
        complete=complete,
        errors=errors,
        warnings=len(mine) - errors,
        rules=len(rules),
        files=len(files),
        problems=[ProblemOut.of(p) for p in mine],
        elsewhere_errors=sum(p.severity == "error" for p in other),
        elsewhere_warnings=sum(p.severity != "error" for p in other),
    )
