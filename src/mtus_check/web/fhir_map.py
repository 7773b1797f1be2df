"""FHIR R4 orders to mtus-check requests: a ServiceRequest or MedicationRequest becomes the request
a pre-check takes. Parsing and validation are fhir.resources' (R4B models, the same shape as R4 for
these resources); only the mapping of elements to request fields is here."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.medicationrequest import MedicationRequest
from fhir.resources.R4B.servicerequest import ServiceRequest
from pydantic import ValidationError

# unit conversions to weeks (UCUM units FHIR Timing uses)
_WEEKS_PER = {"h": 1 / 168, "d": 1 / 7, "wk": 1.0, "mo": 52 / 12, "a": 52.0}


@dataclass
class Order:
    """One draft order: its FHIR reference, the request read from it, or why none could be."""

    reference: str
    request: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None


class FhirError(ValueError):
    """The draft orders are not a valid FHIR Bundle; the message says where."""


def _text(concept: Any) -> str | None:
    """A CodeableConcept's words: its text, else a coding's display, else a coding's code."""
    if concept is None:
        return None
    if concept.text:
        return str(concept.text)
    for coding in concept.coding or []:
        if coding.display:
            return str(coding.display)
    for coding in concept.coding or []:
        if coding.code:
            return str(coding.code)
    return None


def _number(value: Decimal | float | int | None) -> float | None:
    return float(value) if value is not None else None


def _timing(timing: Any, out: dict[str, Any]) -> None:
    repeat = timing.repeat if timing is not None else None
    if repeat is None:
        return
    if repeat.frequency and repeat.period and repeat.periodUnit in _WEEKS_PER:
        out["frequency_per_week"] = round(repeat.frequency / (float(repeat.period) * _WEEKS_PER[repeat.periodUnit]), 2)
    bounds = repeat.boundsDuration
    if bounds is not None and bounds.value is not None and (bounds.code or bounds.unit) in _WEEKS_PER:
        out["duration_weeks"] = round(float(bounds.value) * _WEEKS_PER[str(bounds.code or bounds.unit)], 2)


def _service_request(sr: ServiceRequest) -> dict[str, Any]:
    out: dict[str, Any] = {"service": _text(sr.code)}
    if sr.quantityQuantity is not None and sr.quantityQuantity.value is not None:
        out["quantity"] = int(sr.quantityQuantity.value)
    if sr.bodySite:
        out["body_region"] = _text(sr.bodySite[0])
    diagnoses = [t for t in (_text(c) for c in sr.reasonCode or []) if t]
    if diagnoses:
        out["diagnoses"] = diagnoses
    _timing(sr.occurrenceTiming, out)
    if sr.authoredOn is not None:
        out["date_of_service"] = str(sr.authoredOn)[:10]
    return out


def _medication_request(mr: MedicationRequest) -> dict[str, Any]:
    name = _text(mr.medicationCodeableConcept)
    out: dict[str, Any] = {"service": name, "drug": name}
    diagnoses = [t for t in (_text(c) for c in mr.reasonCode or []) if t]
    if diagnoses:
        out["diagnoses"] = diagnoses
    if mr.authoredOn is not None:
        out["date_of_service"] = str(mr.authoredOn)[:10]
    return out


def orders(draft_orders: Any, selections: list[str] | None = None) -> list[Order]:
    """The ServiceRequests and MedicationRequests of a draftOrders Bundle (only the selected ones
    when `selections` is given), each mapped to a request; other resources are not orders we check."""
    try:
        bundle = Bundle.model_validate(draft_orders)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise FhirError(f"draftOrders is not a FHIR Bundle: {where}: {first['msg']}") from None
    out = []
    for entry in bundle.entry or []:
        resource = entry.resource
        if isinstance(resource, ServiceRequest):
            request, kind = _service_request(resource), "ServiceRequest"
        elif isinstance(resource, MedicationRequest):
            request, kind = _medication_request(resource), "MedicationRequest"
        else:
            continue  # not an order we check
        reference = f"{kind}/{resource.id}"
        if selections is not None and reference not in selections:
            continue
        request = {k: v for k, v in request.items() if v is not None}
        if "service" not in request:
            what = "code" if kind == "ServiceRequest" else "medicationCodeableConcept"
            out.append(Order(reference, problem=f"{reference} names no service: {what} has no text, display or code"))
        else:
            out.append(Order(reference, request))
    return out
