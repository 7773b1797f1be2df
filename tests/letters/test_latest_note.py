"""Serial visits: where a summary retells dated notes, the latest note that states a fact decides
it (relief that faded, function unchanged since); undated accounts keep the first mention."""

from __future__ import annotations

import datetime as dt

import pytest

from mtus_check.letters import parse_text
from mtus_check.letters.history import note_date
from mtus_check.rules.loader import RulePack
from tests.letters.frame import framed_letter

REQUEST = "Additional physical therapy 2 times a week for 3 weeks for the right shoulder"


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("On 5/12/2016, she reported less pain.", dt.date(2016, 5, 12)),
        ("At the 5/12/2016 visit she reported less pain.", dt.date(2016, 5, 12)),
        ("5/12/2016: pain 6/10, ADLs unchanged.", dt.date(2016, 5, 12)),
        ("A progress report dated 5/12/2016 notes less pain.", dt.date(2016, 5, 12)),
        ("The primary treating physician's report of June 3, 2016 notes less pain.", dt.date(2016, 6, 3)),
        ("The 3/2016 note records less pain.", dt.date(2016, 3, 31)),
        ("She was seen again on 5/12/2016.", None),  # the date is not the sentence's opening
        ("The patient reports less pain.", None),
    ],
)
def test_a_sentence_opening_with_a_notes_date_is_told_under_it(sentence: str, date: dt.date | None) -> None:
    assert note_date(sentence.lower()) == date


def _function(pack: RulePack, told: str) -> bool | None:
    [item] = parse_text(framed_letter(REQUEST, told), "letter.txt", pack.reading).items
    found = item.facts.get("functional_improvement")
    return found.value if found else None


@pytest.mark.parametrize(
    ("told", "expected"),
    [
        # a later visit says otherwise: it decides, whichever way
        (
            "She has had six sessions of physical therapy. On 3/2/2016 her ADLs had improved. "
            "On 5/12/2016 she said her function was unchanged since March.",
            False,
        ),
        (
            "She has had six sessions of physical therapy. On 3/2/2016 her function was unchanged. "
            "At the 5/12/2016 visit she was able to resume cooking and her walking tolerance had improved.",
            True,
        ),
        # the sentences after a dated one are told under its date
        (
            "She has had six sessions of physical therapy. On 3/2/2016 she was seen. Her ADLs had improved. "
            "On 5/12/2016 she was seen again. Her function was unchanged.",
            False,
        ),
        # told in the other order, the later note still decides
        (
            "She has had six sessions of physical therapy. On 5/12/2016 her function was unchanged. "
            "On 3/2/2016 her ADLs had improved.",
            False,
        ),
        # no dates: the first mention decides, as before
        (
            "She has had six sessions of physical therapy. Her ADLs have improved. Her function is unchanged.",
            True,
        ),
    ],
)
def test_the_latest_dated_note_decides_a_fact_told_over_serial_visits(
    pack: RulePack, told: str, expected: bool
) -> None:
    assert _function(pack, told) is expected
