"""The MTUS Drug Formulary as data (rules/formulary/): the policy's windows and limits, each with
its section, and the pack's copy of the MTUS Drug List (entries with their source and the list's
version). Adding a drug is a data edit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mtus_check.errors import Location, Problem
from mtus_check.rules.vocabulary import normalize_words
from mtus_check.validation import load_model

FORMULARY_FOLDER = "formulary"


class _Strict(BaseModel):
    # validators built when a formulary file is first read (a cached pack never validates)
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Window(_Strict):
    """A period around an event in which a fill needs no prospective review."""

    section: str = Field(..., min_length=3)
    days_before: int = Field(0, ge=0, description="Days before the event (the event is day zero)")
    days_after: int = Field(..., ge=0, description="Days after the event; the day after it is day one")
    text: str = Field(..., min_length=3, description="The conditions, in our words")


class Policy(_Strict):
    """The formulary's rules, with the period they are in force."""

    guideline: str
    section: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    exempt: str = Field(..., description="What an Exempt drug means, with its section")
    non_exempt: str = Field(..., description="What a Non-Exempt or unlisted drug means, with its section")
    brand: str = Field(..., description="A brand-name drug where a generic exists, with its section")
    special_fill: Window
    perioperative_fill: Window
    source: str


class DrugEntry(_Strict):
    """One drug of the MTUS Drug List, as the list gives it."""

    drug: str = Field(..., min_length=2, description="Active ingredient(s) as listed")
    names: list[str] = Field(default_factory=list, description="Other names it is written as (brands, short forms)")
    brands: list[str] = Field(default_factory=list, description="Which of the names are brand names")
    status: Literal["exempt", "non_exempt"]
    special_fill_days: int | None = Field(None, ge=1, description="Supply limit under Special Fill; absent = none")
    perioperative_fill_days: int | None = Field(None, ge=1, description="Supply limit under Perioperative Fill")
    source: str = Field(..., min_length=3, description="The list version and page the entry was read from")


class DrugList(_Strict):
    name: str
    section: str
    version: str = Field(..., description="The list version this copy follows, or 'none encoded'")
    effective_from: dt.date | None = None
    source: str
    entries: list[DrugEntry] = Field(default_factory=list)


class FormularyFile(_Strict):
    policy: Policy
    drug_list: DrugList


@dataclass(frozen=True)
class Formulary:
    """The pack's formulary data; None when the pack has no rules/formulary/."""

    policy: Policy
    drug_list: DrugList
    files: tuple[Path, ...]

    def lookup(self, drug: str) -> tuple[DrugEntry, str] | None:
        """The list entry a written drug name matches, and the name it matched."""
        wanted = normalize_words(drug)
        for entry in self.drug_list.entries:
            for name in (entry.drug, *entry.names):
                if normalize_words(name) == wanted:
                    return entry, name
        return None


def load_formulary(root: Path, problems: list[Problem]) -> Formulary | None:
    folder = root / FORMULARY_FOLDER
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        return None
    if len(files) > 1:
        problems.append(
            Problem(Location(str(folder)), "the formulary folder holds more than one file", code="formulary",
                    fix="keep the policy and the drug list in one file")
        )  # fmt: skip
        return None
    read = load_model(files[0], FormularyFile, problems, "formulary")
    if read is None:
        return None
    spec = read[1]
    return Formulary(spec.policy, spec.drug_list, (files[0],))
