"""From a Request to the fact the evaluators see: canonical words, derived numbers.

Only stated facts go into the fact; an unstated one is simply absent (unknown).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mtus_check.errors import MtusCheckError
from mtus_check.models.request import REQUEST_FIELDS, Course, FactField, Request
from mtus_check.rules.vocabulary import OTHER, Section, Vocabulary

if TYPE_CHECKING:
    from mtus_check.rules.loader import RulePack


class RequestError(MtusCheckError):
    """A request that cannot be checked as written (e.g. an unknown service)."""

    def __init__(self, message: str, field_name: str, fix: str = "") -> None:
        super().__init__(message + (f" Fix: {fix}" if fix else ""))
        self.message = message
        self.field_name = field_name
        self.fix = fix


@dataclass
class Fact:
    """The engine's view of one request, and how it was obtained."""

    values: dict[str, Any]
    derived: list[str] = field(default_factory=list)


def _canonical(section: Section, text: str, field_name: str) -> str:
    key = section.lookup(text)
    if key is None:
        near = section.suggest(text)
        raise RequestError(
            f"unknown {field_name.replace('_', ' ')} '{text}'.",
            field_name,
            fix=(f"did you mean {', '.join(near)}?" if near else f"use a name from the {section.name} vocabulary")
            + " (`mtus-check rules vocabulary` lists them)",
        )
    return key


OTHER_DIAGNOSIS = OTHER_SURGERY = OTHER

# copied as stated: every number or yes/no field of the request itself, then of the pack's facts
_PLAIN_KINDS = ("number", "boolean")
_PLAIN_FIELDS = tuple(
    name
    for name, spec in REQUEST_FIELDS.items()
    if spec.kind in _PLAIN_KINDS and not spec.derived_from and name in Request.model_fields and name != "quantity"
)


_PLAIN_FACTS: dict[int, tuple[dict[str, FactField], dict[str, int]]] = {}  # by id(fields)


def _plain_facts(fields: dict[str, FactField]) -> dict[str, int]:
    """The pack's own number and yes/no facts, copied as stated, each with its place in
    `fields` (worked out once per pack, not by going through every field for every request)."""
    found = _PLAIN_FACTS.get(id(fields))
    if found is None or found[0] is not fields:
        names = [n for n, spec in fields.items() if spec.kind in _PLAIN_KINDS and n not in REQUEST_FIELDS]
        if len(_PLAIN_FACTS) >= 16:  # packs reloaded (watch): do not keep the old ones alive
            _PLAIN_FACTS.clear()
        found = _PLAIN_FACTS[id(fields)] = (fields, {n: i for i, n in enumerate(names)})
    return found[1]


def symptom_limit(pack: RulePack) -> float | None:
    """The longest number any rule version of `pack` compares weeks_of_symptoms with: a lower bound
    of the length longer than it decides every such rule (build_fact; None: no rule reads it)."""
    limits = [
        limit
        for loaded in pack.rules
        for crit in loaded.rule.criteria
        if crit.field == "weeks_of_symptoms"
        for limit in (crit.at_least, crit.at_most, *(crit.between or ()))
        if limit is not None
    ]
    return max(limits, default=None)


def build_fact(
    request: Request, vocabulary: Vocabulary, fields: dict[str, FactField], symptom_limit: float | None = None
) -> Fact:
    """Normalize a request into a fact; raise RequestError for words the vocabulary lacks.
    `fields`: RulePack.fields (the request's own and the pack's facts, whose values are typed);
    `symptom_limit`: symptom_limit(pack), where a lower bound of the length decides every rule
    that reads it (None: a lower bound is never used)."""
    values: dict[str, Any] = {"service": _canonical(vocabulary.services, request.service, "service")}
    derived: list[str] = []
    stated = request.model_extra or {}  # the pack's facts, as Request.fact reads them
    if request.body_region is not None:
        values["body_region"] = _canonical(vocabulary.body_regions, request.body_region, "body_region")
    if request.body_region is not None or request.other_body_regions:
        regions = [request.body_region] if request.body_region else []
        canonical = [
            _canonical(vocabulary.body_regions, r, "body_region") for r in regions + (request.other_body_regions or [])
        ]
        values["body_regions"] = list(dict.fromkeys(canonical))
    medications = stated.get("current_medications")
    if medications is not None:
        # each named drug or class by its service key; a drug the vocabulary lacks is "other"
        found = [vocabulary.services.best(m) for m in medications]
        values["current_medications"] = list(dict.fromkeys(m[0] if m else OTHER for m in found))
        derived.append(f"current medications: {', '.join(values['current_medications']) or 'none'}")
    if request.ingredients is not None:
        # each drug of a product by its topical agent; one the vocabulary does not name is "other"
        agents = [vocabulary.topical_agents.best(name) for name in request.ingredients]
        values["ingredients"] = list(dict.fromkeys(a[0] if a else OTHER for a in agents))
        derived.append(f"ingredients: {', '.join(values['ingredients']) or 'none'}")
    if request.side is not None:
        values["side"] = request.side
    if request.diagnoses:
        # stated diagnoses that name no category are "other": known, and in no category
        values["diagnosis"] = vocabulary.categorize_diagnoses(request.diagnoses) or [OTHER_DIAGNOSIS]
        derived.append(f"diagnosis categories: {', '.join(values['diagnosis'])}")
    for name in _PLAIN_FIELDS:
        value = getattr(request, name)
        if value is not None:
            values[name] = value
    if stated:
        place = _plain_facts(fields)
        # in `fields` order, as the fact has always listed them
        for name in sorted((n for n, v in stated.items() if v is not None and n in place), key=place.__getitem__):
            values[name] = stated[name]
    quantity = request.quantity
    if quantity is None and request.frequency_per_week and request.duration_weeks:
        quantity = math.ceil(request.frequency_per_week * request.duration_weeks)
        derived.append(f"quantity {quantity} = {request.frequency_per_week:g}/week x {request.duration_weeks:g} weeks")
    if quantity is not None:
        values["quantity"] = quantity
    course = request.course
    if course is None and request.prior_sessions is not None:
        course = Course.INITIAL if request.prior_sessions == 0 else Course.EXTENSION
        derived.append(f"course {course.value}: {request.prior_sessions} prior sessions")
    if course is not None:
        values["course"] = course.value
    if request.prior_sessions is not None and quantity is not None:
        values["total_sessions"] = request.prior_sessions + quantity
    named = stated.get("surgery")
    if named:
        # a stated surgery the vocabulary does not list is "other" (the schedule's unlisted surgeries)
        surgery = vocabulary.surgeries.best(named)
        values["surgery_type"] = surgery[0] if surgery else OTHER_SURGERY
        derived.append(f"surgery type {values['surgery_type']}: from '{named}'")
    for name, since in (("injury", request.date_of_injury), ("surgery", stated.get("surgery_date"))):
        if since and request.date_of_service and request.date_of_service >= since:
            weeks = round((request.date_of_service - since).days / 7, 1)
            values[f"weeks_since_{name}"] = weeks
            derived.append(f"weeks since {name} {weeks:g}: {since} to {request.date_of_service}")
    stated_weeks = stated.get("symptom_weeks")
    if stated_weeks is not None:
        values["weeks_of_symptoms"] = stated_weeks
        derived.append(f"weeks of symptoms {stated_weeks:g}: as stated")
    elif "weeks_since_injury" in values and stated.get("cumulative_injury"):
        # a cumulative trauma's date of injury is a legal date (disability from it, known to be
        # work-related), not the onset: the symptoms are at least that old. The weeks since it are
        # a lower bound, used only when longer than every limit a rule sets on the length (then
        # each at-least passes and each at-most fails as it would with the true length)
        floor = values["weeks_since_injury"]
        if symptom_limit is not None and floor > symptom_limit:
            values["weeks_of_symptoms"] = floor
            derived.append(
                f"weeks of symptoms at least {floor:g}: since a cumulative injury's date, longer than"
                f" any rule's limit ({symptom_limit:g})"
            )
        else:
            derived.append(
                f"weeks of symptoms unknown: a cumulative injury's date is not when the symptoms began"
                f" (at least {floor:g} weeks)"
            )
    elif "weeks_since_injury" in values:
        # the rules' assumption, symptoms since the injury: the weeks-since-injury line says it
        values["weeks_of_symptoms"] = values["weeks_since_injury"]
    return Fact(values, derived)
