"""The bundled vocabulary names the service of requests as letters write them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mtus_check.rules.loader import RulePack


@pytest.mark.parametrize(
    ("request_text", "service"),
    [
        # a drug's own name outweighs the form it comes in
        ("Fentanyl patch 25mcg #10", "opioid"),
        ("Butrans patch 10mcg", "opioid"),
        ("Lidocaine 5% patch #30", "topical_analgesic"),
        ("Compounded cream: tramadol 10%/lidocaine 5%", "topical_analgesic"),
        ("Toradol injection 60mg IM", "nsaid"),
        ("Soma 350mg #90", "carisoprodol"),
        ("Cyclobenzaprine 7.5mg #60", "muscle_relaxant"),
        ("B12 injection", "other_drug"),
        # plurals and brand names
        ("Bilateral L4-5 and L5-S1 medial branch blocks", "facet_injection"),
        ("Lumbar facet injections", "facet_injection"),
        ("Orthovisc injections x3", "joint_injection"),
        ("Epidural steroid injections L4-5", "epidural_injection"),
        ("Trigger point injections x4", "trigger_point_injection"),
        ("Cervical collar", "brace"),
        ("Hot/cold pack", "dme"),
        ("Daily RN for 4 weeks for wound care", "home_nursing"),
        ("Home health aide 4 hours a day", "home_health"),
        ("Associated surgical service: Arc sling", "abduction_sling"),
    ],
)
def test_service_of_a_request(pack: RulePack, request_text: str, service: str) -> None:
    best = pack.vocabulary.services.best(request_text)
    assert best is not None and best[0] == service


SERVICE_NAMES = yaml.safe_load((Path(__file__).parent / "cases" / "service_names.yaml").read_text())


@pytest.mark.parametrize(("request_text", "service"), SERVICE_NAMES.items(), ids=list(SERVICE_NAMES))
def test_general_names_of_drugs_equipment_supplies_and_tests(pack: RulePack, request_text: str, service: str) -> None:
    best = pack.vocabulary.services.best(request_text)
    assert best is not None and best[0] == service, best
