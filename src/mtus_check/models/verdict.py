"""What the engine says about a request: findings per rule and an overall verdict."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

Status = Literal["pass", "fail", "unknown"]
VerdictKind = Literal["certify", "non-certify", "needs-info", "no-guideline"]
# what a needs-info verdict lacks: documentation the guideline requires of the provider (reviewers
# then deny), or only facts nobody has stated yet (the request is not decided)
NeedsInfoKind = Literal["documentation", "unstated"]


# Default factories in Python rather than the builtins `list` and `dict`: pydantic asks each
# factory for its signature, and for a builtin that means parsing its text signature with
# `tokenize` (whose pattern is compiled on first use): 2 ms once and 0.15 ms a field at
# import, in every process that builds a verdict.
def _list() -> list[Any]:
    return []


def _dict() -> dict[str, Any]:
    return {}


class Citation(BaseModel):
    """Where a rule comes from: guideline, section, pages and the period it is in force."""

    guideline: str
    version: str | None = None
    section: str
    pages: str | None = None
    quote: str | None = None
    source: Literal["mtus", "non-mtus", "statute"] = "mtus"
    effective_from: dt.date
    effective_to: dt.date | None = None
    text: str = ""


class CriterionResult(BaseModel):
    """One test of one rule against the request, with the numbers compared."""

    field: str
    test: str
    expected: Any
    actual: Any = None
    status: Status | Literal["not-stated"]  # not-stated: checked only when stated, and it was not
    reason: str
    page: str | None = None  # the guideline page of this criterion
    required_documentation: bool = False  # the guideline makes the provider document it


class Finding(BaseModel):
    """The outcome of one applicable rule."""

    rule: str
    title: str
    status: Status
    citation: Citation
    reason: str
    criteria: list[CriterionResult] = Field(default_factory=_list)
    missing: list[str] = Field(default_factory=_list)
    confidence: str = "confirmed"
    alternatives: str | None = None


class RuleVersion(BaseModel):
    """One rule version a verdict used, with the period it is in force."""

    rule: str
    guideline: str
    version: str | None = None
    effective_from: dt.date
    effective_to: dt.date | None = None


class Period(BaseModel):
    """A period some version of a service's rules is in force (to: None = still in force)."""

    effective_from: dt.date
    effective_to: dt.date | None = None

    def __str__(self) -> str:
        start, end = self.effective_from, self.effective_to
        return f"{start} to {end}" if end else f"{start} onward"


class PackCoverage(BaseModel):
    """For a request no rule version covers: what the pack covers and what is in force instead."""

    service: str
    date: dt.date
    covered: list[Period] = Field(default_factory=_list, description="When the pack's rules for the service apply")
    in_force: list[str] = Field(default_factory=_list, description="The MTUS in force on the date, encoded or not")


class FormularyCheck(BaseModel):
    """What the MTUS Drug Formulary says of a drug request on its date."""

    drug: str
    list_version: str
    status: Literal["exempt", "non_exempt", "not_in_this_copy"]
    prospective_review: str
    special_fill: str | None = None
    perioperative_fill: str | None = None
    brand: str | None = None
    sections: list[str] = Field(default_factory=_list)


class PackInfo(BaseModel):
    """Identifies the rule pack a result was computed with."""

    name: str
    version: str
    hash: str


class Verdict(BaseModel):
    """The overall answer for one request."""

    id: str | None = None
    verdict: VerdictKind
    summary: str
    findings: list[Finding] = Field(default_factory=_list)
    missing: list[str] = Field(default_factory=_list)
    needs_info_kind: NeedsInfoKind | None = None
    modify_to: dict[str, Any] | None = None
    request: dict[str, Any] = Field(default_factory=_dict)
    derived: list[str] = Field(default_factory=_list)
    as_of: dt.date | None = None
    rules_used: list[RuleVersion] = Field(default_factory=_list)
    coverage: PackCoverage | None = None
    formulary: FormularyCheck | None = None
    notes: list[str] = Field(default_factory=_list)
    rule_pack: PackInfo
