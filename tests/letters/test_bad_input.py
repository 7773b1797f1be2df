"""Bad letters give a specific reason, never an exception; a folder goes on past them."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mtus_check.cli.main import app
from mtus_check.letters import parse_text, read_letter
from mtus_check.synth.pdf import make_pdf
from tests.conftest import FIXTURES

SEED = (FIXTURES / "letters" / "final-determination" / "seed-000.txt").read_text()
runner = CliRunner()


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("")
    letter = read_letter(path)
    assert (letter.ok, letter.error_kind) == (False, "empty")


def test_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 20)
    letter = read_letter(path)
    assert letter.error_kind == "binary"


def test_pdf_without_text_layer_says_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([]))
    letter = read_letter(path)
    assert letter.error_kind == "pdf-no-text"
    assert "OCR" in (letter.error or "")


def test_broken_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    assert read_letter(path).error_kind == "pdf-unreadable"


def test_not_an_imr_letter() -> None:
    letter = parse_text("Dear friend,\nthank you for the lovely dinner.\n")
    assert letter.error_kind == "unrecognized-layout"
    assert "not an IMR letter" in (letter.error or "")


def test_letter_with_no_items() -> None:
    cut = SEED.split("Six (6) sessions of acupuncture for the low back: Overturned")[0]
    letter = parse_text(cut)
    assert not letter.ok and letter.error_kind == "unreadable-items"
    assert "no item" in (letter.error or "")


def test_truncated_letter_without_rationale() -> None:
    cut = SEED.split("Decision rationale:")[0]
    letter = parse_text(cut)
    assert not letter.ok and "truncated" in (letter.error or "")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_arbitrary_text_never_raises(text: str) -> None:
    letter = parse_text(text)
    assert letter.ok or letter.error


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=len(SEED)), st.integers(min_value=0, max_value=len(SEED)))
def test_truncated_seed_never_raises(start: int, end: int) -> None:
    letter = parse_text(SEED[min(start, end) : max(start, end)])
    assert letter.ok or letter.error_kind in ("empty", "unrecognized-layout", "unreadable-items", "no-items")


def test_single_bad_file_exits_nonzero(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert "empty" in result.stderr


def test_folder_goes_on_past_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a-empty.txt").write_text("")
    (tmp_path / "b-seed.txt").write_text(SEED)
    (tmp_path / "c-scan.pdf").write_bytes(make_pdf([]))
    result = runner.invoke(app, ["extract", str(tmp_path), "--json"])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert '"ok": true' in lines[1] and '"pdf-no-text"' in lines[2]
