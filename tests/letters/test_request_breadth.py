"""Requests across workers' compensation treatment (tests/letters/cases/request_breadth.yaml),
written as RFAs and IMR letters write requests in general: every wording of a group reads to the
values the text states (service, body region, side, quantity, frequency, duration, drug,
strength), and a request the vocabulary does not know reads as no service, never a guess."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from mtus_check.letters.free_text import read_request_text
from mtus_check.rules.loader import RulePack

CASES: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "cases" / "request_breadth.yaml").read_text())
GROUPS: list[dict[str, Any]] = CASES["groups"]


@pytest.mark.parametrize("group", GROUPS, ids=[g["name"] for g in GROUPS])
def test_each_wording_reads_to_what_the_text_says(pack: RulePack, group: dict[str, Any]) -> None:
    wrong = {}
    for text in group["texts"]:
        read = read_request_text(text, pack.reading)
        assert read.request is not None, f"{text!r}: {read.problem}"
        got = read.request.model_dump(mode="json")
        found = {name: got.get(name) for name in group["expect"]}
        if found != group["expect"]:
            wrong[text] = found
    assert wrong == {}, f"read otherwise than {group['expect']}"


@pytest.mark.parametrize("text", CASES["unknown"])
def test_a_service_nobody_named_is_not_guessed(pack: RulePack, text: str) -> None:
    read = read_request_text(text, pack.reading)
    assert read.request is None and read.problem == f"no service in the vocabulary matches '{text}'"
