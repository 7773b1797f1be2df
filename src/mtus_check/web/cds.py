"""A CDS Hooks 2.0 service (order-select, order-sign): draft FHIR orders in, one card per order out.

Discovery at GET /cds-services. A card's summary and indicator carry the verdict, its detail the
findings, missing documentation and the request that would pass, its source the deciding citation,
in the way Da Vinci CRD services answer with coverage-requirement cards (CRD's coverage-information
system actions are not produced: the verdict is a prediction, not a payer's determination)."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, ValidationError

from mtus_check.web.errors import ApiError, ErrorResponse, read_json, run_limited
from mtus_check.web.fhir_map import FhirError, orders
from mtus_check.web.state import PackState

router = APIRouter(prefix="/cds-services", tags=["cds-hooks"])


class CdsService(BaseModel):
    hook: str
    id: str
    title: str
    description: str
    prefetch: dict[str, str] = Field(default_factory=dict)
    usageRequirements: str | None = None


class Discovery(BaseModel):
    services: list[CdsService]


class CdsRequest(BaseModel):
    hook: str
    hookInstance: str
    fhirServer: str | None = None
    fhirAuthorization: dict[str, Any] | None = None
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None


class Source(BaseModel):
    label: str
    url: str | None = None
    topic: dict[str, str] | None = None


class Card(BaseModel):
    uuid: str
    summary: str = Field(max_length=140)
    detail: str | None = None
    indicator: Literal["info", "warning", "critical"]
    source: Source


class CdsResponse(BaseModel):
    cards: list[Card]


SERVICES = {
    "mtus-check-order-sign": CdsService(
        hook="order-sign",
        id="mtus-check-order-sign",
        title="MTUS pre-check of orders being signed",
        description="Checks each ServiceRequest and MedicationRequest against the California MTUS rule pack: "
        "whether it would be certified, under which rule, and what must be documented.",
        usageRequirements="Send the draft orders in context.draftOrders; no FHIR server access is needed.",
    ),
    "mtus-check-order-select": CdsService(
        hook="order-select",
        id="mtus-check-order-select",
        title="MTUS pre-check of selected orders",
        description="The same check for the orders just selected (context.selections).",
        usageRequirements="Send the draft orders in context.draftOrders and their references in context.selections.",
    ),
}
# a card's indicator per verdict: a predicted denial or missing documentation needs the orderer's attention
_INDICATOR: dict[str | None, Literal["info", "warning", "critical"]] = {
    "certify": "info",
    "no-guideline": "info",
    "needs-info": "warning",
    "non-certify": "warning",
    None: "warning",
}


@router.get("", response_model=Discovery, summary="CDS Hooks discovery")
async def discovery() -> Discovery:
    return Discovery(services=list(SERVICES.values()))


def _detail(result: dict[str, Any]) -> str:
    lines = [result["summary"], ""]
    for f in result["findings"]:
        lines.append(f"- **{f['status']}** `{f['rule']}`: {f['reason']} ({f['citation'].get('text', '')})")
    if result.get("missing"):
        lines += ["", "Documentation missing:"] + [f"- {m}" for m in result["missing"]]
    if result.get("modify_to"):
        lines += ["", "Would pass as: " + ", ".join(f"{k} {v}" for k, v in result["modify_to"].items())]
    return "\n".join(lines)


def card_for(reference: str, result: dict[str, Any]) -> Card:
    """The card for one order's pre-check result (`precheck --json` object)."""
    verdict = result.get("verdict")
    if verdict is None:
        return Card(
            uuid=str(uuid.uuid4()),
            summary=f"MTUS: {reference} could not be checked"[:140],
            detail=result["error"],
            indicator="warning",
            source=Source(label="mtus-check"),
        )
    service = result["request"].get("service", "")
    deciding = next((f for f in result["findings"] if f["status"] == "fail"), None) or next(
        iter(result["findings"]), None
    )
    label = deciding["citation"].get("text") if deciding else None
    pack = result["rule_pack"]
    return Card(
        uuid=str(uuid.uuid4()),
        summary=f"MTUS {verdict}: {service}"[:140],
        detail=_detail(result),
        indicator=_INDICATOR[verdict],
        source=Source(label=label or f"mtus-check rule pack {pack['name']} {pack['version']}"),
    )


@router.post(
    "/{service_id}",
    response_model=CdsResponse,
    summary="Call a CDS service",
    responses={400: {"model": ErrorResponse}, 404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)
async def call(request: Request, service_id: str) -> CdsResponse:
    service = SERVICES.get(service_id)
    if service is None:
        raise ApiError(404, "cds-service-unknown", f"no CDS service '{service_id}'", "GET /cds-services lists them")
    try:
        body = CdsRequest.model_validate(await read_json(request))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ApiError(400, "cds-request", f"{where}: {first['msg']}", "send a CDS Hooks 2.0 request") from None
    if body.hook != service.hook:
        raise ApiError(
            400, "cds-hook", f"this service answers {service.hook}, not {body.hook}", f"send hook: {service.hook}"
        )
    draft = body.context.get("draftOrders")
    if draft is None:
        raise ApiError(400, "cds-context", "context.draftOrders is missing", "send the draft orders as a FHIR Bundle")
    selections = body.context.get("selections") if service.hook == "order-select" else None
    if service.hook == "order-select" and not isinstance(selections, list):
        raise ApiError(400, "cds-context", "context.selections is missing", "send the selected order references")
    try:
        found = orders(draft, selections)
    except FhirError as exc:
        raise ApiError(400, "fhir", str(exc), "send draftOrders as a FHIR R4 Bundle") from None
    state: PackState = request.app.state.pack

    def work() -> list[Card]:
        cards = []
        for order in found:
            if order.problem:
                cards.append(card_for(order.reference, {"verdict": None, "error": order.problem}))
                continue
            (result,) = state.check(order.request, order.reference)
            cards.append(card_for(order.reference, result.to_json()))
        return cards

    return CdsResponse(cards=await run_limited(work, request.app.state.settings.timeout_seconds))
