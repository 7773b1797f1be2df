"""Audit records: one per disputed item, and the checks raised on it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from mtus_check.letters.models import Evidence

Severity = Literal["error", "warning", "info"]
Outcome = Literal["overturned", "upheld"]


class Check(BaseModel):
    """A rationale check raised on an item, with the text it rests on."""

    check: str
    severity: Severity
    message: str
    evidence: Evidence | None = None


def is_flag(check: Check) -> bool:
    """Errors and warnings flag an item; info-level checks are listed but do not."""
    return check.severity in ("error", "warning")


class ItemRecord(BaseModel):
    """One line of items.jsonl: an item, its prediction, the reviewer's decision, the checks."""

    letter_id: str
    source: str
    case_number: str | None = None
    layout: str | None = None
    item: int
    letter_items: int = Field(description="Items in this letter: a resumed run redoes letters with fewer lines")
    request_text: str
    service: str
    service_category: str
    request: dict[str, Any]
    facts: dict[str, Any]
    verdict: str
    verdict_summary: str
    rules: list[str] = Field(default_factory=list)
    findings: list[dict[str, Any]] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    needs_info_kind: str | None = Field(
        None, description="needs-info: 'documentation' (required of the provider: predicts upheld) or 'unstated'"
    )
    predicted: Outcome | None = Field(None, description="Blind prediction from the case facts; null: not decided")
    reviewer_findings: dict[str, Any] = Field(
        default_factory=dict, description="What the reviewer's rationale says of each fact, with its evidence"
    )
    predicted_from_findings: Outcome | None = Field(
        None, description="The same rules with the reviewer's stated findings over the case facts"
    )
    verdict_from_findings: str | None = None
    hinges_on_documentation: bool = False
    actual: Outcome
    agreement: bool | None = None
    checks: list[Check] = Field(default_factory=list)
    reviewer_specialty: str | None = None
    year: int | None = None
    duplicate_of: str | None = None
    error: str | None = None
    tool_version: str
    rule_pack: dict[str, str]


class LetterError(BaseModel):
    """One line of errors.jsonl: a letter that could not be audited, and why."""

    source: str
    letter_id: str
    error_kind: str
    error: str
    tool_version: str
    rule_pack: dict[str, str]
