"""A fact told over sentences (FactSpec.told_apart): failed conservative care as summaries tell it,
the care tried in one sentence and the symptoms that persist in another."""

from __future__ import annotations

import pytest

from mtus_check.letters.facts import fact_reader
from mtus_check.letters.sentences import sentences
from mtus_check.rules.loader import load_pack
from mtus_check.rules.shorthand import spelling
from tests.conftest import RULES

FACT = "failed_conservative_care"


def _read(text: str, mode: str = "case") -> tuple[bool | None, str | None]:
    pack = load_pack(RULES)
    reader = fact_reader(pack.facts, pack.vocabulary)
    sents = list(sentences(text, 0, "summary", spelling(pack.facts.shorthand)))
    found = reader.read(FACT, sents, mode)  # type: ignore[arg-type]
    return (None, None) if found is None else (bool(found.value), found.evidence.quote)


def test_the_parts_together_state_the_fact_and_the_evidence_quotes_both() -> None:
    value, quote = _read("Treatment has included physical therapy and naproxen. She continues to have back pain.")
    assert value is True
    assert quote == "Treatment has included physical therapy and naproxen. … She continues to have back pain."


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("She continues to have back pain. Treatment has included physical therapy.", True),  # either order
        ("She has had physical therapy. Her pain has resolved.", False),  # care that worked
        ("She has had physical therapy and is improving. She continues to have some pain.", False),
        ("Treatment has included physical therapy.", None),  # one part alone states nothing
        ("She has had therapy for the shoulder, and her back pain persists.", None),  # one sentence, two things
    ],
)
def test_what_the_parts_state(text: str, value: bool | None) -> None:
    assert _read(text)[0] is value


def test_a_reviewer_finding_is_not_pieced_from_the_retold_record() -> None:
    assert _read("She has had physical therapy. She continues to have pain.", "findings")[0] is None
