"""What reading a letter produces: the parsed letter, its items, and extracted facts with evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from mtus_check.models.request import Request

Decision = Literal["overturned", "upheld"]


class ItemRef(BaseModel):
    """A link from one item to another item of the same letter, and what that item is to it."""

    model_config = ConfigDict(frozen=True)

    index: int = Field(..., ge=1, description="The other item's index in the letter")
    relation: Literal["surgery"] = Field(..., description="surgery: the surgery this item goes with")


class Evidence(BaseModel):
    """Where a value came from: the quoted text and its span in that section's text
    (request: the item's request_text; rationale: the item's rationale; summary: the letter's summary;
    item: the request_text of the item `ref` names; verdict: mtus-check's own verdict on the item
    `ref` names, which an audit gives the items that follow a surgery)."""

    model_config = ConfigDict(frozen=True)

    section: str
    quote: str
    start: int
    end: int
    ref: ItemRef | None = None

    @model_serializer(mode="wrap")
    def _without_empty_ref(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # most evidence lies in the item's own text: no "ref": null on every quote
        data: dict[str, Any] = handler(self)
        if data.get("ref") is None:
            data.pop("ref", None)
        return data


class ExtractedFact(BaseModel):
    """One fact read from a letter, with the text it came from."""

    model_config = ConfigDict(frozen=True)

    value: Any
    evidence: Evidence


class GuidelineRef(BaseModel):
    """One guideline a reviewer or claims administrator cited."""

    source: Literal["mtus", "non-mtus", "none"]
    guideline: str | None = None
    year: int | None = None
    sections: list[str] = Field(default_factory=list)
    pages: str | None = None
    text: str


class LetterItem(BaseModel):
    """One disputed item: the request as written, the decision, citations and rationale."""

    index: int
    request_text: str
    decision: Decision
    decision_text: str
    eligible_text: str | None = Field(None, description="The IMR-eligible remainder when UR modified the request")
    claims_administrator_guideline: list[GuidelineRef] = Field(default_factory=list)
    maximus_guideline: list[GuidelineRef] = Field(default_factory=list)
    rationale: str = ""
    request: Request | None = None
    facts: dict[str, ExtractedFact] = Field(default_factory=dict)
    reviewer_findings: dict[str, ExtractedFact] = Field(
        default_factory=dict,
        description="What the reviewer's rationale says of each fact (met: true, not met or not documented: "
        "false); never used for the blind prediction",
    )
    notes: list[str] = Field(default_factory=list)


class Reviewer(BaseModel):
    specialty: str | None = None
    licensure: str | None = None


class Claimant(BaseModel):
    age: int | None = None
    sex: Literal["female", "male"] | None = None


class ParsedLetter(BaseModel):
    """A letter read and parsed, or the reason it could not be."""

    source: str
    letter_id: str
    layout: str | None = None
    ok: bool = True
    error: str | None = None
    error_kind: str | None = None
    case_number: str | None = None
    date_of_injury: dt.date | None = None
    ur_denial_date: dt.date | None = None
    date_assigned: dt.date | None = None
    decision_date: dt.date | None = None
    application_received: dt.date | None = None
    reviewer: Reviewer = Field(default_factory=Reviewer)
    claimant: Claimant = Field(default_factory=Claimant)
    diagnoses: list[str] = Field(default_factory=list)
    treatments: list[str] = Field(default_factory=list)
    summary: str = ""
    items: list[LetterItem] = Field(default_factory=list)
    text_chars: int = 0

    @property
    def date_of_service(self) -> dt.date | None:
        """The date the items are decided as of: the UR denial's (the request's), else the review's."""
        return self.ur_denial_date or self.decision_date or self.date_assigned
