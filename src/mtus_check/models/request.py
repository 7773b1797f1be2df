"""The canonical treatment request: what is asked for and the facts that decide it.

Every optional field defaults to None, which means *unknown* (not stated), never false.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# The key of a request file's mapping that gives the request in its own words instead of (or with)
# its fields; read by the letter reader into a Request (requests_io, api.read_words).
TEXT = "text"


class Course(StrEnum):
    """Where in a course of treatment the request falls."""

    INITIAL = "initial"  # first trial of this service
    EXTENSION = "extension"  # more of a service already received
    FLARE_UP = "flare_up"  # recurrence after a course that ended
    MAINTENANCE = "maintenance"  # elective / ongoing care without a goal of improvement


class Request(BaseModel):
    """One disputed item as a request for treatment. Readable from YAML or JSON.

    The fields below are the request itself (what is asked for, the claim's dates). Every other
    key is a *fact* about the patient (functional_improvement: true, med_mg_per_day: 90, ...):
    facts are declared once, by the rule pack's specs (rules/facts/NAME.yaml), so this model keeps
    them as a generic mapping and the rules layer validates them against the loaded pack
    (`rules.request_facts`): unknown names and wrong types are located errors there."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    id: str | None = Field(None, description="Your label for this request (shown in reports).")
    service: str = Field(
        ..., min_length=1, description="What is requested; a service or synonym from rules/vocabulary.yaml."
    )
    quantity: int | None = Field(None, ge=1, le=1000, description="Sessions, visits or units requested.")
    frequency_per_week: float | None = Field(None, gt=0, le=21, description="Sessions per week.")
    duration_weeks: float | None = Field(None, gt=0, le=520, description="Weeks the requested course lasts.")
    body_region: str | None = Field(None, description="Body region treated; synonyms such as 'low back' are accepted.")
    other_body_regions: list[str] | None = Field(
        None, description="Further body regions the same request treats ('neck, low back and wrist')."
    )
    side: Literal["left", "right", "bilateral"] | None = Field(None, description="Side treated.")
    diagnoses: list[str] | None = Field(None, description="Diagnoses, as free text or ICD-10 / ICD-9 codes.")
    prior_sessions: int | None = Field(
        None, ge=0, le=1000, description="Sessions of the same service already received."
    )
    course: Course | None = Field(
        None,
        description="initial, extension, flare_up or maintenance; derived from prior_sessions when absent.",
    )
    postsurgical: bool | None = Field(None, description="Treatment after surgery (postsurgical guidelines govern it).")
    oral_suspension: bool | None = Field(None, description="A drug asked for as an oral suspension.")
    perioperative: bool | None = Field(
        None,
        description="Asked for together with a surgery (pre-operative clearance or tests, assistant, post-op items).",
    )
    drug: str | None = Field(None, description="Drug name as written.")
    strength: str | None = Field(None, description="Drug strength as written, e.g. 50mg or 5%.")
    ingredients: list[str] | None = Field(
        None,
        description="The drugs a compounded or combined product holds, by name ('baclofen', 'lidocaine cream', "
        "'Lidoderm patch'); each is read by the topical_agents section of rules/vocabulary.yaml.",
    )
    date_of_service: dt.date | None = Field(None, description="Date of the request; selects rule versions in force.")
    date_of_injury: dt.date | None = Field(None, description="Date of the industrial injury.")
    age: int | None = Field(None, ge=0, le=120, description="The patient's age in years.")

    @property
    def facts(self) -> dict[str, Any]:
        """The stated facts (every key that is not a field of the request itself)."""
        return {k: v for k, v in (self.model_extra or {}).items() if v is not None}

    def fact(self, name: str) -> Any:
        """One fact's value, or None when it is not stated (unknown)."""
        return (self.model_extra or {}).get(name)


FieldKind = Literal["number", "boolean", "category", "categories"]


@dataclass(frozen=True)
class FactField:
    """A field rules may test: its kind, how people call it, what documents it."""

    name: str
    kind: FieldKind
    label: str
    vocabulary: str | None = None  # vocabulary section whose keys are the allowed values
    values: tuple[str, ...] = ()  # allowed values for a fixed category
    adjustable: bool = False  # a smaller value is a smaller request (used for modify_to)
    derived_from: tuple[str, ...] = ()
    # a rule scoped on it applies only when it is stated (it names a kind of request, like
    # "postsurgical"); such rules ask for it, if they must, with a `stated` criterion
    scope_when_stated: bool = False


# The request's own fields rules may test, and the numbers derived from them. The facts about the
# patient come from the pack's specs (rules/facts/); RulePack.fields is both, and rules may name
# nothing else (the loader checks it).
REQUEST_FIELDS: dict[str, FactField] = {
    f.name: f
    for f in (
        FactField("service", "category", "service", vocabulary="services"),
        FactField("quantity", "number", "sessions requested", adjustable=True),
        FactField("frequency_per_week", "number", "sessions per week", adjustable=True),
        FactField("duration_weeks", "number", "weeks of treatment", adjustable=True),
        FactField("body_region", "category", "body region", vocabulary="body_regions"),
        FactField(
            "body_regions",
            "categories",
            "body regions",
            vocabulary="body_regions",
            derived_from=("body_region", "other_body_regions"),
        ),
        FactField("side", "category", "side", values=("left", "right", "bilateral")),
        FactField("diagnosis", "categories", "diagnosis", vocabulary="diagnosis_categories"),
        FactField("ingredients", "categories", "ingredients", vocabulary="topical_agents"),
        FactField("prior_sessions", "number", "sessions already received"),
        FactField(
            "course",
            "category",
            "course (initial trial, extension, flare-up or maintenance)",
            values=tuple(c.value for c in Course),
        ),
        FactField("postsurgical", "boolean", "treatment after surgery", scope_when_stated=True),
        FactField("oral_suspension", "boolean", "a drug asked for as an oral suspension", scope_when_stated=True),
        FactField("perioperative", "boolean", "a service asked for with a surgery", scope_when_stated=True),
        FactField(
            "surgery_type",
            "category",
            "surgery",
            vocabulary="surgeries",
            derived_from=("surgery",),
            scope_when_stated=True,
        ),
        FactField(
            "weeks_since_injury",
            "number",
            "weeks since the injury",
            derived_from=("date_of_injury", "date_of_service"),
        ),
        # how long the symptoms have lasted: the stated length (the pack's fact symptom_weeks),
        # else the weeks since the injury (symptoms assumed to date from a specific injury, so not
        # for the pack's fact cumulative_injury)
        FactField(
            "weeks_of_symptoms",
            "number",
            "weeks of symptoms",
            derived_from=("symptom_weeks", "cumulative_injury", "date_of_injury", "date_of_service"),
        ),
        FactField(
            "weeks_since_surgery",
            "number",
            "weeks since the surgery",
            derived_from=("surgery_date", "date_of_service"),
        ),
        FactField("age", "number", "age in years"),
        FactField(
            "total_sessions",
            "number",
            "total sessions (already received plus requested)",
            adjustable=True,
            derived_from=("prior_sessions", "quantity"),
        ),
    )
}
