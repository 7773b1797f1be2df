"""Held-out letters: each hand-labelled fact, request field and verdict, read and decided.

The labels were written from the letters' text before the reader ran on them (see
tests/letters/heldout.py); a known miss is a strict xfail with its reason, so a fix shows.
"""

from __future__ import annotations

import pytest

from mtus_check.engine import Engine
from mtus_check.letters import read_letter
from mtus_check.letters.layouts import LAYOUTS as LETTER_LAYOUTS
from mtus_check.rules.loader import RulePack
from tests.letters.heldout import HELDOUT, Check, actual, agrees, checks, label_files

LAYOUTS = tuple(layout.name for layout in LETTER_LAYOUTS)  # declared once, by the parser

CHECKS = checks()


def _param(check: Check) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=check.xfail)] if check.xfail else []
    return pytest.param(check, id=check.id, marks=marks)


@pytest.mark.parametrize("check", [_param(c) for c in CHECKS])
def test_heldout_label(pack: RulePack, engine: Engine, check: Check) -> None:
    value = actual(check, pack, engine)
    assert agrees(check, value), f"{check.id} [{check.construction}]: labelled {check.expected!r}, read {value!r}"


def test_every_letter_is_labelled_and_varied(pack: RulePack) -> None:
    """At least ten letters, each with its labels, over every layout the reader knows."""
    letters = sorted(p.name.removesuffix(".labels.yaml") for p in label_files())
    assert len(letters) >= 10
    assert {c.letter for c in CHECKS} == set(letters)
    layouts = {read_letter(HELDOUT / f"{name}.txt", pack.reading).layout for name in letters}
    assert layouts == set(LAYOUTS)
