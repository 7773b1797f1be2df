"""Every fixture letter (the seeds and our own, per layout) reads to its expected JSON.

Regenerate after an intended change: MTUS_UPDATE_GOLDEN=1 pytest tests/letters, then review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mtus_check.letters import read_letter
from mtus_check.letters.layouts import LAYOUTS
from mtus_check.rules.loader import RulePack
from tests.conftest import FIXTURES
from tests.letters.golden import summarize

LETTERS = sorted((FIXTURES / "letters").rglob("*.txt"))


@pytest.mark.parametrize("path", LETTERS, ids=[f"{p.parent.name}/{p.stem}" for p in LETTERS])
def test_fixture_letter(pack: RulePack, path: Path) -> None:
    letter = read_letter(path, pack.reading)
    assert letter.ok, letter.error
    assert letter.layout == path.parent.name
    expected_path = path.with_suffix(".expected.json")
    actual = summarize(letter)
    if os.environ.get("MTUS_UPDATE_GOLDEN"):
        expected_path.write_text(json.dumps(actual, indent=1, sort_keys=True) + "\n")
    assert actual == json.loads(expected_path.read_text())


def test_every_layout_has_three_letters_of_ours() -> None:
    for layout in (layout.name for layout in LAYOUTS):
        ours = [p for p in (FIXTURES / "letters" / layout).glob("*.txt") if not p.stem.startswith("seed")]
        assert len(ours) >= 3, layout
