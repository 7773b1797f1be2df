"""The size of a request read from its text: quantity, frequency and duration, as letters write them."""

from __future__ import annotations

import pytest

from mtus_check.letters.free_text import read_request_text
from mtus_check.letters.request_text import read_side, read_size
from mtus_check.rules.loader import RulePack


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Six (6) sessions of acupuncture", (6, None, None)),
        ("Massage Therapy x 6", (6, None, None)),
        ("Chiropractic spinal manipulation times 12", (12, None, None)),
        ("#12", (12, None, None)),
        ("PT 2x3", (6, 2, 3)),
        ("Physical therapy 2 times a week for 4 weeks", (8, 2, 4)),
        ("12 visits", (12, None, None)),
        ("two to three times a week for six to eight weeks (24 sessions)", (24, 3, 8)),
        ("twice a week for 3 weeks", (6, 2, 3)),
        ("Acupuncture 1 to 2 times per week for 4 weeks", (8, 2, 4)),
        ("Cold compression therapy 30 day rental", (None, None, 4.3)),
        ("Cryotherapy unit, seven day use", (None, None, 1)),
        # a digit touching its 'x', abbreviated weeks, and a figure repeating a number word
        ("Physical therapy 2x/week x 6 weeks for the lumbar spine", (12, 2, 6)),
        ("Acupuncture 1-2x per week x 4 weeks", (8, 2, 4)),
        ("PT 2 x wk x 4 wks", (8, 2, 4)),
        ("Physical therapy twice weekly for four weeks", (8, 2, 4)),
        ("Additional physical therapy two (2) times per week for four (4) weeks", (8, 2, 4)),
        ("Physical therapy 3 times weekly x 4 weeks", (12, 3, 4)),
        ("Eight (8) physical therapy sessions", (8, None, None)),
        ("Physical therapy 2 times a week for 4 weeks (8 sessions)", (8, 2, 4)),
    ],
)
def test_request_size(text: str, expected: tuple[int | None, float | None, float | None]) -> None:
    size = read_size(text)
    assert (size.quantity, size.frequency_per_week, size.duration_weeks) == expected


def test_a_repeated_figure_quotes_the_whole_count() -> None:
    text = "Six (6) sessions of acupuncture for the low back"
    size = read_size(text)
    start, end = size.spans["quantity"]
    assert text[start:end] == "Six (6) sessions"


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("MRI of the rt knee", "right"),
        ("X-ray of the left and right hips", "bilateral"),
        ("EMG/NCV of the BUE", "bilateral"),
        ("EMG of bilat lower extremities", "bilateral"),
        ("MRI of the lumbar spine", None),
    ],
)
def test_request_side(text: str, side: str | None) -> None:
    found = read_side(text)
    assert (found[0] if found else None) == side


@pytest.mark.parametrize(
    ("text", "region"),
    [("EMG/NCS BLE", "lower_extremity"), ("MRI of the L/S", "lumbar"), ("Physical therapy for the C/S", "cervical")],
)
def test_request_region_abbreviations(pack: RulePack, text: str, region: str) -> None:
    assert [key for key, _, _ in pack.vocabulary.body_regions.matches(text)] == [region]


@pytest.mark.parametrize(
    "text",
    [
        "Physical therapy x " + "9" * 5000,  # a count too long for int() (Python's 4,300-digit limit)
        "Acupuncture " + "1" * 400 + " sessions",  # float('1' * 400) is infinite
        "PT " + "2" * 700 + " times " + "3" * 700,
        "Norco " + "5" * 900 + " MME",
    ],
)
def test_a_digit_run_is_no_number(text: str) -> None:
    # found by `python -m mtus_check.fuzz`: these ended the letter with an internal error
    size = read_size(text)
    assert size.quantity is None and size.frequency_per_week is None


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("Norco 10/325 mg, 60 tablets", 60),
        ("Gabapentin 300 mg capsules, quantity 90", 90),
        ("Lidoderm 5% patches, qty of 30", 30),
        # the count in words with its figure repeated in parentheses
        ("Zolpidem 10 mg, thirty (30) tablets", 30),
        ("Cyclobenzaprine 7.5mg sixty (60) tabs", 60),
        # a dose is not a supply
        ("Tramadol 50 mg, take 1 tablet by mouth every 6 hours", None),
        ("Naproxen 550 mg 1 tab po bid", None),
    ],
)
def test_a_drug_supply_counted_in_its_units_is_the_quantity(text: str, quantity: int | None) -> None:
    assert read_size(text).quantity == quantity


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("PT R knee 2x4", "right"),
        ("Injection, L. shoulder", "left"),
        ("MRI L spine", None),
        ("EMG of the R arm and L arm", "bilateral"),
    ],
)
def test_a_one_letter_side_before_a_limb(pack: RulePack, text: str, side: str | None) -> None:
    read = read_request_text(text, pack.reading)
    assert read.request is not None and read.request.side == side


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a range's first figure is no count: "x 4-6 weeks" is a duration
        ("Physical therapy 2-3x/week x 4-6 weeks", (18, 3, 6)),
        # a count per week or per month is a rate, not the total
        ("Physical therapy two visits per week for six weeks", (12, 2, 6)),
        ("Chiropractic 2 visits per month for 3 months", (6, None, 13)),
        ("Acupuncture once a month for 6 months", (6, None, 26)),
        # the x touching its weeks, words between a day count and its rental, "for a month"
        ("Knee scooter rental x4 weeks", (None, None, 4)),
        ("H-wave device 30 day home trial", (None, None, 4.3)),
        ("PT three times weekly for a month", (13, 3, 4.3)),
        # days a week are a rate (home care)
        ("Home health aide 5 days a week for 4 weeks", (20, 5, 4)),
        # a program's days are its sessions; its hours are not
        ("Functional restoration program, 10 days", (10, None, None)),
        ("Functional restoration program x 80 hours", (None, None, None)),
        ("Hyaluronic acid injections, series of 3", (3, None, None)),
    ],
)
def test_rates_ranges_and_units(text: str, expected: tuple[int | None, float | None, float | None]) -> None:
    size = read_size(text)
    assert (size.quantity, size.frequency_per_week, size.duration_weeks) == expected


@pytest.mark.parametrize(
    ("text", "quantity", "strength"),
    [
        ("Naproxen 550mg, 1 tablet twice daily, 60 tablets", 60, "550mg"),  # the dose is not the supply
        ("Fentanyl 25mcg/hr patch #10", 10, "25mcg/hr"),  # a patch's rate is its strength
        ("Menthoderm gel 120ml", None, None),  # a bottle's size is no strength
        ("Compounded cream 240 grams, Flurbiprofen 20%", None, "20%"),
    ],
)
def test_a_dose_and_a_package_size_are_not_the_supply_or_strength(
    text: str, quantity: int | None, strength: str | None
) -> None:
    size = read_size(text)
    assert (size.quantity, size.strength) == (quantity, strength)


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("MRI b/l knees", "bilateral"),
        ("Cervical facet injections C5-6, C6-7 bilaterally", "bilateral"),
        ("Cortisone injection (R) shoulder", "right"),
    ],
)
def test_sides_as_abbreviated(pack: RulePack, text: str, side: str | None) -> None:
    read = read_request_text(text, pack.reading)
    assert read.request is not None and read.request.side == side
