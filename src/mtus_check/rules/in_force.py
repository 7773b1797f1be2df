"""Which guideline the MTUS puts in force on a date, for a service: data in rules/in-force/.

The pack's rules cover some periods only (many end when the ACOEM-based MTUS took effect on
2017-12-01). For a request outside every version of its rules, a pre-check says which period the
pack covers and which guideline applies on the request's date, encoded in the pack or not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from mtus_check.errors import Problem
from mtus_check.validation import load_model

IN_FORCE_FOLDER = "in-force"


class InForceEntry(BaseModel):
    """One guideline in force over a period, for the services it names (or every service)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built when first read

    guideline: str = Field(..., min_length=3, description="The guideline's name as the regulation gives it")
    section: str = Field(..., min_length=3, description="The regulation section(s) adopting it")
    effective_from: dt.date
    effective_to: dt.date | None = Field(None, description="Last day in force; absent = still in force")
    encoded: bool = Field(..., description="true: the pack's rules encode it; false: cited, not encoded")
    services: list[str] = Field(default_factory=list, description="Service keys; empty with no categories = any")
    categories: list[str] = Field(default_factory=list, description="Service categories (vocabulary)")
    when: list[str] = Field(default_factory=list, description="Request yes/no facts that must be true")
    body_regions: dict[str, str] = Field(
        default_factory=dict, description="Body region key -> the part of the guideline for that region"
    )
    note: str = Field("", description="Shown with the entry, e.g. why it is not encoded")
    source: str = Field(..., min_length=3, description="Where the period and the name were verified")

    def covers(self, date: dt.date) -> bool:
        return self.effective_from <= date and (self.effective_to is None or date <= self.effective_to)

    @property
    def specific(self) -> bool:
        return bool(self.services or self.categories or self.when)

    def matches(self, service: str, category: str | None, facts: dict[str, object]) -> bool:
        if self.services and service not in self.services:
            return False
        if self.categories and category not in self.categories:
            return False
        return all(facts.get(name) is True for name in self.when)

    def describe(self, body_region: str | None) -> str:
        part = self.body_regions.get(body_region or "")
        name = f"{self.guideline}: {part}" if part else self.guideline
        status = "encoded in this pack" if self.encoded else "not encoded in this pack"
        return f"{name} ({self.section}, from {self.effective_from}); {status}"


class InForceFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built when first read

    entries: list[InForceEntry]


@dataclass(frozen=True)
class InForce:
    """The pack's in-force entries (none when the pack has no rules/in-force/)."""

    entries: tuple[InForceEntry, ...] = ()
    files: tuple[Path, ...] = ()

    def applying(
        self, date: dt.date, service: str, category: str | None, facts: dict[str, object]
    ) -> list[InForceEntry]:
        """The entries in force on `date` for the request: the specific ones (for its service,
        category or facts) when any match, else the general ones."""
        current = [e for e in self.entries if e.covers(date)]
        specific = [e for e in current if e.specific and e.matches(service, category, facts)]
        return specific or [e for e in current if not e.specific]


def in_force_files(root: Path) -> list[Path]:
    folder = root / IN_FORCE_FOLDER
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_in_force(root: Path, problems: list[Problem]) -> InForce:
    """Read rules/in-force/*.yaml; problems are added to `problems` with file:line:col."""
    entries: list[InForceEntry] = []
    files = in_force_files(root)
    for path in files:
        read = load_model(path, InForceFile, problems, "in-force")
        if read is not None:
            entries.extend(read[1].entries)
    return InForce(tuple(entries), tuple(files))
