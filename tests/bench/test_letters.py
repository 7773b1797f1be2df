"""The reading anchors: a regex scan from the pack's own words, and what audit does per letter."""

from __future__ import annotations

from pathlib import Path

from mtus_check.bench.letters import ANCHOR_PATTERNS, anchor_patterns, audit_letters, audit_steps, regex_anchor
from mtus_check.engine import Engine
from mtus_check.rules.loader import RulePack
from mtus_check.synth.pdf import make_pdf
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


def test_audit_steps_audits_as_audit_letters_does(engine: Engine, tmp_path: Path) -> None:
    texts = sorted((FIXTURES / "letters" / "final-determination").glob("*.txt"))[:2]
    pdfs = []
    for path in texts:
        pdfs.append(tmp_path / f"{path.stem}.pdf")
        pdfs[-1].write_bytes(make_pdf(path.read_text().splitlines(), lines_per_page=40))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nnot a pdf")  # skipped, as read_letter gives no items
    items, _, _ = audit_steps([*pdfs, tmp_path / "broken.pdf"], engine)
    assert items == audit_letters(pdfs, engine) >= len(pdfs)
