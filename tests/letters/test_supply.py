"""A drug's supply lasts the count dispensed over the doses a day of a fixed schedule; without
one (as needed, a range of tablets, a taper) the request says no duration."""

from __future__ import annotations

import pytest

from mtus_check.letters.request_text import read_size
from mtus_check.letters.supply import doses_per_day, supply_weeks


@pytest.mark.parametrize(
    ("text", "per_day"),
    [
        ("7.5 mg TID", 3),
        ("800 mg b.i.d.", 2),
        ("one tablet by mouth four times a day", 4),
        ("50 mg every 8 hours", 3),
        ("10 mg q12h", 2),
        ("20 mg daily", 1),
        ("300 mg at bedtime", 1),
        ("2x daily", 2),
        ("50 mg q6h prn", None),  # as needed: any number a day
        ("300 mg TID, then taper", None),
        ("#60", None),  # no directions
        ("10 mg BID-TID", None),  # two schedules: which one is not said
        ("one tablet by mouth twice daily", 2),
    ],
)
def test_doses_a_day_come_from_a_fixed_schedule(text: str, per_day: float | None) -> None:
    assert doses_per_day(text) == per_day


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("cyclobenzaprine 7.5 mg TID #90", 4.3),  # thirty days
        ("naproxen 550 mg twice a day #60", 4.3),
        ("gabapentin 300 mg, 2 tabs TID, #180", 4.3),  # two units a dose
        ("omeprazole 20 mg, 1 tab daily, #30", 4.3),
        ("tramadol 50 mg 1 tab q6h #56", 2.0),
        ("Norco 10/325 mg 1-2 tabs q6h #120", None),  # a range of units a dose
        ("tramadol 50 mg q6h as needed #120", None),
        ("cyclobenzaprine 7.5 mg #90", None),  # no schedule
        ("Lidoderm 5% patch, 30 day supply", 4.3),  # stated, not computed
        ("Physical therapy 3 times a week for 4 weeks", 4.0),  # a course's own weeks
    ],
)
def test_a_drug_request_lasts_its_supply(text: str, weeks: float | None) -> None:
    assert read_size(text).duration_weeks == weeks


def test_supply_weeks_is_none_without_a_schedule() -> None:
    assert supply_weeks("ibuprofen 800 mg", 90) is None
