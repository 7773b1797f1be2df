"""The MTUS Drug Formulary applied to a drug request on its date: whether the drug needs
prospective review (Exempt, Non-Exempt, not in the pack's copy of the list), whether the request
date falls in the Special Fill or Perioperative Fill window, and brand against generic. Every
number and condition comes from rules/formulary/."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mtus_check.memo import MEMO_SIZE, remember
from mtus_check.models.request import Request
from mtus_check.models.verdict import FormularyCheck, Verdict
from mtus_check.rules.formulary import DrugEntry, Formulary, Window
from mtus_check.rules.loader import RulePack

DRUG_CATEGORIES = ("opioid", "medication")


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _window(name: str, window: Window, event: str, offset: int, limit: int | None) -> str:
    """Whether a request `offset` days after the event (negative: before) is inside the window."""
    inside = -window.days_before <= offset <= window.days_after
    when = f"day {offset} after the {event}" if offset >= 0 else f"{-offset} days before the {event}"
    bounds = (
        f"from {window.days_before} days before to {window.days_after} days after the {event}"
        if window.days_before
        else f"up to day {window.days_after} after the {event}"
    )
    supply = f"; supply limit on the list: {limit} days" if limit else ""
    side = "inside" if inside else "outside"
    return (
        f"{name} (if the list makes it a {name} drug): the request date is {when}, {side} the window "
        f"({bounds}, {window.section}){supply}"
    )


def check(verdict: Verdict, request: dict[str, Any], pack: RulePack) -> FormularyCheck | None:
    """The formulary's answer for a drug request (as given: its drug name and dates) dated on or
    after the formulary took effect."""
    formulary: Formulary | None = pack.formulary
    term = pack.vocabulary.services.terms.get(str(verdict.request.get("service")))
    date = verdict.as_of
    is_drug = "drug" in request or (term is not None and term.category in DRUG_CATEGORIES)
    if formulary is None or date is None or not is_drug:
        return None
    policy = formulary.policy
    if date < policy.effective_from or (policy.effective_to is not None and date > policy.effective_to):
        return None
    drug = str(request.get("drug") or verdict.request.get("service"))
    found = formulary.lookup(drug)
    entry: DrugEntry | None = found[0] if found else None
    if entry is None:
        status, review = (
            "not_in_this_copy",
            (
                f"{drug} is not in this pack's copy of the {formulary.drug_list.name} "
                f"(version: {formulary.drug_list.version}); look it up on the list in force. {policy.exempt}. "
                f"{policy.non_exempt}."
            ),
        )
    elif entry.status == "exempt":
        status, review = "exempt", f"{entry.drug} is Exempt: {policy.exempt}."
    else:
        status, review = "non_exempt", f"{entry.drug} is Non-Exempt: {policy.non_exempt}."
    out = FormularyCheck(
        drug=drug,
        list_version=formulary.drug_list.version,
        status=status,
        prospective_review=review,
        sections=[policy.section, policy.special_fill.section, policy.perioperative_fill.section],
    )
    injury, surgery = _day(request.get("date_of_injury")), _day(request.get("surgery_date"))
    if status != "exempt" and injury is not None:
        limit = entry.special_fill_days if entry else None
        out.special_fill = _window("Special Fill", policy.special_fill, "injury", (date - injury).days, limit)
    if status != "exempt" and surgery is not None:
        limit = entry.perioperative_fill_days if entry else None
        offset = (date - surgery).days
        out.perioperative_fill = _window("Perioperative Fill", policy.perioperative_fill, "surgery", offset, limit)
    if entry is not None and found is not None and found[1] in entry.brands:
        out.brand = f"{found[1]} is a brand name of {entry.drug}: {policy.brand}."
    return out


# check()'s answers as plain values, by pack and by all check() reads of a request: a batch asks
# about the same few drugs on the same few dates
_ANSWERS: dict[tuple[object, ...], dict[str, Any] | None] = {}


def annotate(verdict: Verdict, request: Request, pack: RulePack) -> Verdict:
    service = verdict.request.get("service")
    term = pack.vocabulary.services.terms.get(str(service))
    if request.drug is None and (term is None or term.category not in DRUG_CATEGORIES):
        return verdict  # no drug request: what check() would say before reading the request
    key: tuple[object, ...] | None = (
        pack.info.hash,
        service,
        verdict.as_of,
        request.drug,
        request.date_of_injury,
        request.fact("surgery_date"),
    )
    try:
        answer = _ANSWERS.get(key, False)  # type: ignore[arg-type]  # None is never a key here
    except TypeError:  # a value that cannot be a key (the specs type surgery_date as a date)
        answer, key = False, None
    if answer is False:
        found = check(verdict, request.model_dump(exclude_none=True), pack)
        answer = None if found is None else found.model_dump()
        if key is not None:
            remember(_ANSWERS, key, answer, MEMO_SIZE)
    if answer is not None:
        verdict.formulary = FormularyCheck.model_validate(answer)  # its own copy, set in place as periods.annotate
    return verdict
