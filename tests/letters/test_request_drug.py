"""The drug a request names: one name across its strength, a name's own figures no count, a
compound named by its ingredients."""

from __future__ import annotations

import pytest

from mtus_check.letters.free_text import read_request_text
from mtus_check.rules.loader import RulePack


@pytest.mark.parametrize(
    ("text", "service", "drug", "quantity"),
    [
        ("Fentanyl 25mcg/hr patch #10", "opioid", "Fentanyl patch", 10),  # not a topical's "patch"
        ("Ketorolac 60 mg IM injection x1", "nsaid", "Ketorolac IM injection", 1),  # not a joint injection
        ("Tylenol #3 #60", "opioid", "Tylenol #3", 60),  # "#3" names the product
        ("Flurbiprofen 20%/Lidocaine 5% cream 180gm", "topical_analgesic", "Flurbiprofen/Lidocaine cream", None),
        ("Compound Ketoprofen 20%, 240 grams", "topical_analgesic", "Compound Ketoprofen", None),
        # words that run on between two drugs end the product
        ("Norco 10/325mg for breakthrough pain; Flexeril 10mg", "opioid", "Norco", None),
    ],
)
def test_the_drug_as_named(pack: RulePack, text: str, service: str, drug: str, quantity: int | None) -> None:
    read = read_request_text(text, pack.reading)
    assert read.request is not None
    assert (read.request.service, read.request.drug, read.request.quantity) == (service, drug, quantity)
