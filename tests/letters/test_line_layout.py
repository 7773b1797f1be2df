"""The same letter laid out another way reads the same: PDF tools wrap lines at other widths,
put blank lines between lines, and break hyphenated words at line ends."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from mtus_check.letters import parse_text, read_letter
from mtus_check.letters.normalize import normalize
from mtus_check.rules.loader import RulePack
from tests.conftest import FIXTURES
from tests.letters.golden import summarize

LETTERS = sorted((FIXTURES / "letters").rglob("*.txt"))


def _rewrap(width: int) -> Callable[[str], str]:
    def rewrap(text: str) -> str:
        lines: list[str] = []
        for line in text.splitlines():
            lines.extend(textwrap.wrap(" ".join(line.split()), width) or [""])
        return "\n".join(lines)

    return rewrap


def _blank_between(text: str) -> str:
    return "\n\n".join(text.splitlines())


LAYOUTS = {
    "wrapped-45": _rewrap(45),
    "wrapped-60": _rewrap(60),
    "wrapped-100": _rewrap(100),
    "blank-lines": _blank_between,
}


@pytest.mark.parametrize("path", LETTERS, ids=[f"{p.parent.name}/{p.stem}" for p in LETTERS])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_letter_reads_the_same_laid_out_another_way(pack: RulePack, path: Path, layout: str) -> None:
    as_written = summarize(read_letter(path, pack.reading))
    relaid = summarize(parse_text(LAYOUTS[layout](path.read_text()), str(path), pack.reading))
    assert relaid["items"] == as_written["items"]
    assert relaid["layout"] == as_written["layout"]
    for field in ("date_of_injury", "ur_denial_date", "claimant", "diagnoses"):
        assert relaid[field] == as_written[field], field


def test_a_word_hyphenated_at_a_line_end_is_joined() -> None:
    assert normalize("diagnosed with post-\nconcussion syndrome") == "diagnosed with post-concussion syndrome"
    assert normalize("limited to 4-\n6 sessions") == "limited to 4-6 sessions"
    # a dash that ends a line before a new sentence, or a heading, stays a line end
    assert normalize("pain level 7 -\nShe reports") == "pain level 7 -\nShe reports"
    assert normalize("ACUPUNCTURE-\nDecision rationale:") == "ACUPUNCTURE-\nDecision rationale:"
