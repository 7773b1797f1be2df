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
    criteria: list[CriterionResult] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    confidence: str = "confirmed"
    alternatives: str | None = None


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
    findings: list[Finding] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    needs_info_kind: NeedsInfoKind | None = None
    modify_to: dict[str, Any] | None = None
    request: dict[str, Any] = Field(default_factory=dict)
    derived: list[str] = Field(default_factory=list)
    as_of: dt.date | None = None
    rule_pack: PackInfo
