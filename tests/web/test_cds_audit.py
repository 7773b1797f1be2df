"""CDS Hooks cards from FHIR orders, and the audit browser's pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient


def _order_sign(*resources: dict[str, Any]) -> dict[str, Any]:
    entries = [{"resource": r} for r in resources]
    return {
        "hook": "order-sign",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {
            "userId": "Practitioner/1",
            "patientId": "1",
            "draftOrders": {"resourceType": "Bundle", "type": "collection", "entry": entries},
        },
    }


MASSAGE_ORDER = {
    "resourceType": "ServiceRequest",
    "id": "massage-1",
    "status": "draft",
    "intent": "order",
    "subject": {"reference": "Patient/1"},
    "authoredOn": "2015-06-01",
    "code": {"text": "massage therapy"},
    "quantityQuantity": {"value": 8},
    "bodySite": [{"text": "low back"}],
    "occurrenceTiming": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "wk"}},
}


def test_discovery_lists_the_hooks(client: TestClient) -> None:
    services = client.get("/cds-services").json()["services"]
    assert {s["hook"] for s in services} == {"order-sign", "order-select"}
    assert all(s["id"] and s["description"] for s in services)


def test_order_sign_returns_a_card_per_order_with_the_verdict_and_citation(client: TestClient) -> None:
    other = {"resourceType": "Patient", "id": "1"}
    no_name = {**MASSAGE_ORDER, "id": "x", "code": {"coding": [{"system": "urn:x"}]}}
    cards = client.post("/cds-services/mtus-check-order-sign", json=_order_sign(MASSAGE_ORDER, other, no_name)).json()[
        "cards"
    ]
    assert len(cards) == 2  # the Patient is not an order
    massage, unnamed = cards
    assert massage["summary"] == "MTUS non-certify: massage" and massage["indicator"] == "warning"
    assert "Massage therapy" in massage["source"]["label"] and "p. 60" in massage["source"]["label"]
    assert "cpmtg.massage.visits" in massage["detail"] and "quantity 6" in massage["detail"]
    assert "ServiceRequest/x names no service" in unnamed["detail"]


def test_order_select_checks_only_the_selected_orders(client: TestClient) -> None:
    second = {**MASSAGE_ORDER, "id": "massage-2", "quantityQuantity": {"value": 4}}
    body = _order_sign(MASSAGE_ORDER, second)
    body["hook"] = "order-select"
    body["context"]["selections"] = ["ServiceRequest/massage-2"]
    cards = client.post("/cds-services/mtus-check-order-select", json=body).json()["cards"]
    assert len(cards) == 1 and "non-certify" not in cards[0]["summary"]


def test_audit_overview_lists_every_item_with_disagreements_marked(client: TestClient, audit_dir: Path) -> None:
    records = [json.loads(line) for line in (audit_dir / "items.jsonl").read_text().splitlines()]
    page = client.get("/audit/").text
    assert page.count("<tr data-disagree=") == len(records)
    assert page.count('data-disagree="yes"') == sum(r["agreement"] is False for r in records)
    assert "balanced accuracy" in page


def test_item_view_highlights_each_fact_evidence_in_the_letter(client: TestClient, audit_dir: Path) -> None:
    records = [json.loads(line) for line in (audit_dir / "items.jsonl").read_text().splitlines()]
    r = next(r for r in records if r["facts"].get("prior_sessions"))
    page = client.get(f"/audit/item/{r['letter_id']}/{r['item']}").text
    quote = r["facts"]["prior_sessions"]["evidence"]["quote"]
    assert (
        f'data-fact="prior_sessions" title="prior_sessions = {r["facts"]["prior_sessions"]["value"]}">{quote}</mark>'
        in page
    )
    assert r["actual"] in page and "Rationale" in page
    assert client.get("/audit/item/no-such-letter/1").status_code == 404


def test_served_report_links_flagged_items_to_the_browser(client: TestClient) -> None:
    report = client.get("/audit/report.html").text
    link = report.split('<a class="served" href="', 1)[1].split('"', 1)[0]
    assert client.get(f"/audit/{link}").status_code == 200


def test_evidence_inside_another_fact_s_evidence_is_marked_inside_it() -> None:
    from mtus_check.web.audit_view import highlight

    text = "The treatments were home exercise, TENS, acupuncture. Pain 6/10."
    whole, part = text.index("The"), text.index("treatments")

    def fact(start: int, end: int) -> dict[str, object]:
        return {"value": True, "evidence": {"section": "summary", "start": start, "end": end, "quote": text[start:end]}}

    end = text.index(". Pain")
    shown = highlight(text, {"adjunct_exercise": fact(whole, end + 1), "course": fact(part, end)}, "summary")
    assert shown.count("<mark") == 2 and shown.count("</mark>") == 2
    assert shown.index('data-fact="adjunct_exercise"') < shown.index('data-fact="course"')
    assert shown.endswith("acupuncture</mark>.</mark> Pain 6/10.")
