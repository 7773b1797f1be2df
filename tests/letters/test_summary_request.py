"""How often and how long a request runs, told only by the case summary's own request for the
service: read when its count is the request line's, never from another count, another drug, a
sentence that asks for nothing, or over what the line itself says. Read end to end, as a letter's item."""

from __future__ import annotations

import pytest

from mtus_check.letters import parse_text
from mtus_check.rules.loader import RulePack
from tests.letters.frame import framed_letter


@pytest.mark.parametrize(
    ("request_line", "told", "frequency", "weeks"),
    [
        (
            "6 additional physical therapy visits for the low back",
            "The physician requests PT 2x3 for the low back.",
            2,
            3,
        ),
        ("8 chiropractic visits for the neck", "The plan is chiropractic care twice a week for four weeks.", 2, 4),
        ("cyclobenzaprine 7.5mg #90", "He asks for a refill of cyclobenzaprine 7.5 mg TID #90.", None, 4.3),
        # another count is another request: a modification, an earlier course
        (
            "6 additional physical therapy visits for the low back",
            "Utilization review modified the request to PT 2x2.",
            None,
            None,
        ),
        ("6 physical therapy visits for the low back", "She completed PT 2x3 in 2015.", None, None),  # asks for nothing
        ("tizanidine 4mg #90", "The plan is to refill cyclobenzaprine 7.5 mg TID #90.", None, None),  # another drug
        ("Physical therapy 3x2 for the neck", "The physician requests PT 2x3 for the neck.", 3, 2),  # the line's own
        # therapy asked for another body region is another request
        (
            "6 physical therapy visits for the low back",
            "She requests PT 2x3 for the right shoulder and PT 3x2 for the low back.",
            3,
            2,
        ),
    ],
)
def test_the_summary_tells_how_often_and_how_long(
    pack: RulePack, request_line: str, told: str, frequency: float | None, weeks: float | None
) -> None:
    [item] = parse_text(framed_letter(request_line, told), "letter.txt", pack.reading).items
    assert item.request is not None
    assert (item.request.frequency_per_week, item.request.duration_weeks) == (frequency, weeks), told
