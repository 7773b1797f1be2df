"""The reading anchors: a regex scan from the pack's own words, and what audit does per letter."""

from __future__ import annotations

from pathlib import Path

from mtus_check.bench.letters import ANCHOR_PATTERNS, anchor_patterns, audit_letters, regex_anchor
from mtus_check.engine import Engine
from mtus_check.rules.loader import RulePack
from tests.conftest import FIXTURES


def test_regex_anchor_scans_for_the_vocabularys_names(pack: RulePack, tmp_path: Path) -> None:
    patterns = anchor_patterns(pack)
    assert len(patterns) == ANCHOR_PATTERNS
    label = pack.vocabulary.services.terms["acupuncture"].label
    letter = tmp_path / "letter.txt"
    letter.write_text(f"The request for {label.upper()} is not medically necessary.\n")
    assert regex_anchor([letter], patterns) >= 1
    letter.write_text("Nothing the vocabulary names.\n")
    assert regex_anchor([letter], patterns) == 0


def test_audit_letters_predicts_every_item(engine: Engine) -> None:
    paths = sorted((FIXTURES / "letters" / "notice-2013").glob("*.txt"))
    assert audit_letters(paths, engine) >= len(paths)
