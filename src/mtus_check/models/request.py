"""The canonical treatment request: what is asked for and the facts that decide it.

Every optional field defaults to None, which means *unknown* (not stated), never false.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Course(StrEnum):
    """Where in a course of treatment the request falls."""

    INITIAL = "initial"  # first trial of this service
    EXTENSION = "extension"  # more of a service already received
    FLARE_UP = "flare_up"  # recurrence after a course that ended
    MAINTENANCE = "maintenance"  # elective / ongoing care without a goal of improvement


class Request(BaseModel):
    """One disputed item as a request for treatment. Readable from YAML or JSON."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

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
    functional_improvement: bool | None = Field(
        None, description="Objective functional improvement from prior treatment is documented."
    )
    adjunct_exercise: bool | None = Field(None, description="Part of an active program (exercise or home exercise).")
    return_to_work: bool | None = Field(None, description="The patient has returned to work.")
    red_flags: bool | None = Field(None, description="Red flags (fracture, tumor, infection, cauda equina) documented.")
    neurologic_findings: bool | None = Field(None, description="Objective neurologic findings on examination.")
    failed_conservative_care: bool | None = Field(None, description="Conservative care tried and failed.")
    surgery_considered: bool | None = Field(None, description="Surgery is being considered.")
    medication_reduced_or_not_tolerated: bool | None = Field(
        None, description="Pain medication is reduced, or not tolerated (the acupuncture guidelines' condition)."
    )
    radiculopathy_corroborated: bool | None = Field(
        None, description="Radiculopathy is corroborated by imaging or electrodiagnostic testing."
    )
    referral_reason: bool | None = Field(
        None,
        description="A reason for a specialist referral is documented: an uncertain or complex diagnosis, "
        "psychosocial factors, or a plan of care needing the specialist's expertise.",
    )
    imaging_lesion: bool | None = Field(
        None, description="Imaging shows a lesion surgery is known to repair (e.g. a full-thickness tear)."
    )
    pain_relief_percent: float | None = Field(None, ge=0, le=100, description="Percent pain relief from treatment.")
    pain_function_documented: bool | None = Field(None, description="Pain and function on the medication documented.")
    urine_drug_testing: bool | None = Field(None, description="Urine drug testing documented.")
    med_mg_per_day: float | None = Field(None, ge=0, le=5000, description="Opioid dose in morphine mg per day.")
    postsurgical: bool | None = Field(None, description="Treatment after surgery (postsurgical guidelines govern it).")
    oral_suspension: bool | None = Field(None, description="A drug asked for as an oral suspension.")
    prior_imaging: bool | None = Field(None, description="The body region was imaged before (MRI or CT).")
    swallowing_difficulty: bool | None = Field(
        None, description="The patient cannot take tablets or capsules (difficulty swallowing)."
    )
    perioperative: bool | None = Field(
        None,
        description="Asked for together with a surgery (pre-operative clearance or tests, assistant, post-op items).",
    )
    surgery_certified: bool | None = Field(
        None, description="The surgery this item goes with is certified or has been done."
    )
    paresthesias: bool | None = Field(None, description="Numbness, tingling or paresthesias are reported.")
    gi_risk: bool | None = Field(None, description="Intermediate or high GI risk (ulcer, GI bleed, age over 65, ...).")
    cardiac_risk: bool | None = Field(
        None, description="Cardiac risk factors (heart disease, heart failure, diabetes, stroke, renal insufficiency)."
    )
    bleeding_risk: bool | None = Field(
        None, description="A history of bleeding, a bleeding disorder, or anticoagulant use."
    )
    homebound: bool | None = Field(None, description="Confined to the home.")
    reduced_weight_bearing: bool | None = Field(None, description="Reduced weight bearing is desirable.")
    current_medications: list[str] | None = Field(
        None, description="Medications the patient takes now: drug names or classes ('Norco', 'NSAID')."
    )
    drug: str | None = Field(None, description="Drug name as written.")
    strength: str | None = Field(None, description="Drug strength as written, e.g. 50mg or 5%.")
    surgery: str | None = Field(
        None,
        description="The surgery the patient had, or that this item goes with, as written (e.g. rotator cuff repair).",
    )
    surgery_date: dt.date | None = Field(None, description="Date of that surgery.")
    date_of_service: dt.date | None = Field(None, description="Date of the request; selects rule versions in force.")
    date_of_injury: dt.date | None = Field(None, description="Date of the industrial injury.")
    age: int | None = Field(None, ge=0, le=120, description="The patient's age in years.")


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


# The facts the engine sees. Rules may name these and nothing else; the loader checks it.
FACT_FIELDS: dict[str, FactField] = {
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
        FactField("prior_sessions", "number", "sessions already received"),
        FactField(
            "course",
            "category",
            "course (initial trial, extension, flare-up or maintenance)",
            values=tuple(c.value for c in Course),
        ),
        FactField("functional_improvement", "boolean", "documented objective functional improvement"),
        FactField("adjunct_exercise", "boolean", "an active exercise or home exercise program"),
        FactField("return_to_work", "boolean", "return to work"),
        FactField("red_flags", "boolean", "red flags"),
        FactField("neurologic_findings", "boolean", "objective neurologic findings"),
        FactField("failed_conservative_care", "boolean", "failed conservative care"),
        FactField("surgery_considered", "boolean", "surgery being considered"),
        FactField("medication_reduced_or_not_tolerated", "boolean", "pain medication reduced or not tolerated"),
        FactField(
            "radiculopathy_corroborated",
            "boolean",
            "radiculopathy corroborated by imaging or electrodiagnostic testing",
        ),
        FactField("imaging_lesion", "boolean", "imaging evidence of a lesion surgery repairs"),
        FactField("referral_reason", "boolean", "a documented reason for the referral"),
        FactField("pain_relief_percent", "number", "percent pain relief"),
        FactField("pain_function_documented", "boolean", "documented pain and function on the medication"),
        FactField("urine_drug_testing", "boolean", "urine drug testing"),
        FactField("med_mg_per_day", "number", "morphine equivalents (mg/day)", adjustable=True),
        FactField("paresthesias", "boolean", "numbness, tingling or paresthesias"),
        FactField("postsurgical", "boolean", "treatment after surgery", scope_when_stated=True),
        FactField("oral_suspension", "boolean", "a drug asked for as an oral suspension", scope_when_stated=True),
        FactField("swallowing_difficulty", "boolean", "an inability to take tablets or capsules"),
        FactField("prior_imaging", "boolean", "earlier imaging of the same body region", scope_when_stated=True),
        FactField("perioperative", "boolean", "a service asked for with a surgery", scope_when_stated=True),
        FactField("surgery_certified", "boolean", "certification of the surgery this item goes with"),
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
        FactField(
            "weeks_since_surgery",
            "number",
            "weeks since the surgery",
            derived_from=("surgery_date", "date_of_service"),
        ),
        FactField("age", "number", "age in years"),
        FactField("gi_risk", "boolean", "intermediate or high gastrointestinal risk"),
        FactField("cardiac_risk", "boolean", "cardiac risk factors"),
        FactField("bleeding_risk", "boolean", "a bleeding history or anticoagulant use"),
        FactField("homebound", "boolean", "homebound status"),
        FactField("reduced_weight_bearing", "boolean", "a need for reduced weight bearing"),
        FactField("current_medications", "categories", "current medications", vocabulary="services"),
        FactField(
            "total_sessions",
            "number",
            "total sessions (already received plus requested)",
            adjustable=True,
            derived_from=("prior_sessions", "quantity"),
        ),
    )
}


def field_label(name: str) -> str:
    """A human label for a fact field (falls back to the name)."""
    spec = FACT_FIELDS.get(name)
    return spec.label if spec else name.replace("_", " ")
