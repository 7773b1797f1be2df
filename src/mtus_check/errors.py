"""Error types shared by every layer, and the exit codes the CLI maps them to.

Three kinds, caught once at the CLI boundary: a user error (clean message), a list of
located problems in user files, and anything else (an internal bug).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes, the same for every command (documented in the README)."""

    OK = 0
    FINDINGS = 1  # the command ran and found what it reports (failures, bad items)
    USAGE = 2  # bad arguments, unreadable input, invalid rule files
    INTERNAL = 3  # a bug in mtus-check


@dataclass(frozen=True, order=True)
class Location:
    """A place in a user file; line and column are 1-based, 0 when unknown."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a user file, formatted like yamllint/opa check."""

    location: Location
    message: str
    code: str = "error"
    severity: str = "error"
    fix: str = ""

    def format(self) -> str:
        text = f"{self.location}: [{self.severity}] {self.message}"
        if self.fix:
            text += f" Fix: {self.fix}"
        return f"{text} ({self.code})"


class MtusCheckError(Exception):
    """A user error: bad input or arguments. Its message is shown without a traceback."""

    exit_code = ExitCode.USAGE


@dataclass
class ProblemsError(MtusCheckError):
    """One or more located problems found in user files (rules, requests)."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)
