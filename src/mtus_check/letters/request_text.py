"""Read the size of a request from its text: quantity, frequency, duration, strength, count.

"Six (6) sessions", "x 6", "times 6", "#12", "2x3", "2 times a week for 4 weeks" (8 at 2/week
for 4 weeks), "12 visits", "(24 sessions)", "two to three times a week for six weeks".
Ranges take their upper end: a reviewer decides the largest course the request allows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from mtus_check.letters.number_words import VALUES, count_in
from mtus_check.letters.supply import supply_weeks
from mtus_check.text import lowercase, pattern

# a request's counts in words: the cardinals up to thirty (number_words), and how requests say
# "one" or "two" otherwise
WORDS = {w: v for w, v in VALUES.items() if 1 <= v <= 30} | {
    "once": 1, "twice": 2, "thrice": 3, "twenty-four": 24, "single": 1, "a": 1, "an": 1,
}  # fmt: skip
# a digit may touch a letter ("2x/week"); a number word is a whole word. A number starts where
# its digits start: tried inside a long run of digits, `\d+` would make a search quadratic. No
# count, frequency or duration in a request has more than six digits: a longer run is not one
_NUM = (
    r"(?:(?<!\d)\d{1,6}(?:\.\d{1,6})?(?![\d.])|(?:"
    + "|".join(sorted((w for w in WORDS if len(w) > 2), key=len, reverse=True))
    + r")\b)"
)
_ECHO = r"(?:\s*\(\s*\d+\s*\))?"  # "two (2) times", "four (4) weeks": the figure repeats the word
_RANGE = rf"(?P<{{name}}>{_NUM}){_ECHO}(?:\s*(?:-|to|or)\s*(?P<{{name}}2>{_NUM}){_ECHO})?"
_UNITS = r"(?:sessions?|visits?|treatments?|appointments?|units?|classes)"


def _range(name: str) -> str:
    return _RANGE.replace("{name}", name)  # not str.format: the number pattern has {m,n} braces


def number(text: str | None) -> float | None:
    """'six' -> 6, '2.5' -> 2.5; None for None or unknown words."""
    return count_in(text, WORDS)


def _upper(match: re.Match[str], name: str) -> float | None:
    return number(match.group(f"{name}2")) or number(match.group(name))


@dataclass
class RequestSize:
    """Quantities read from a request text, each with the span it came from."""

    quantity: int | None = None
    frequency_per_week: float | None = None
    duration_weeks: float | None = None
    strength: str | None = None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


_FREQ = pattern(
    _range("f")
    + r"\s*(?:(?:x|times|visits|sessions|days)\s*(?:a|per|/|each|every)?|a|per|/|each|every)\s*(?:week|wk)\b|"
    r"(?P<word>once|twice|thrice)\s+(?:(?:a|per|each|every)\s+week|weekly)|"
    + _range("g")
    + r"\s*(?:x|times)\s*weekly|"
    # "2 x 6 weeks", "2x6wks": a count before "x" weeks is the visits a week
    + _range("h")
    + r"\s*(?:x|times)\s*(?=\d{1,2}\s*(?:weeks?|wks?)\b)|"
    r"(?P<weekly>\bweekly\b)"
)
_WEEKS = pattern(
    r"(?:(?:(?:for|times|over)\s+|\bx\s*|(?<=\d)x\s*)" + _range("w") + r"\s*(?P<unit>weeks?|wks?|months?|days?)\b)|"
    r"(?:\b(?:for|over)\s+(?:a|an|one)\s+(?P<unit1>week|month)\b)|"
    r"(?:\b(?P<d>" + _NUM + r")[- ]day\s+(?:[a-z-]+\s+){0,2}?(?:rental|use|supply|trial))"
)
_PROGRAM_DAYS = pattern(
    r"\b(?P<n>\d{1,6})[- ](?:full[- ])?day\s+(?:[a-z-]+\s+){0,3}?program\b|"
    r"\bprogram\b[,:;]?\s*(?:x|for|of)?\s*(?P<m>\d{1,6})\s*(?:full[- ])?days?\b"
)
_TOTAL_PAREN = pattern(r"\(\s*(?P<n>\d{1,6})\s*(?:" + _UNITS + r")?\s*\)")
# a count of sessions, not a rate ("2 visits per month" is no total)
_COUNT = pattern(
    r"(?:^|[\s,(])" + _range("n") + r"\s*(?:\(\d+\)\s*)?(?:[a-z-]+\s+){0,3}?" + _UNITS + r"\b"
    r"(?!\s*(?:a|per|/|each|every)\s*(?:week|wk|month|mo|year|day)s?\b)"
)
# "2 visits per month", "once a month", "1x/month": a monthly rate, which gives a total with a duration
_PER_MONTH = pattern(
    _range("p") + r"\s*(?:(?:x|times|visits?|sessions?|treatments?)\s*)?(?:a|per|/|each|every)\s*(?:month|mo)\b|"
    r"(?P<word>once|twice)\s+(?:(?:a|per|each|every)\s+month|monthly)"
)
_TIMES = pattern(
    r"(?:\bx|\btimes|\b(?:qty|quantity)(?:\s+of)?:?|\b(?:units?|visits?|sessions?|treatments?)\s*:|#|\bseries\s+of)"
    r"\s*(?P<n>\d{1,6})\b(?!\s*(?:(?:-|to)\s*\d{1,6}\s*)?(?:weeks?|wks?|months?|days?|hours?|hrs?|%|mg))"
    # nor a rate: "x2/week", "x 1 per month"
    r"(?!\s*(?:/|per\b|a\s+(?:week|month)|each\b|every\b|weekly\b|monthly\b))"
)
# a drug's supply counted in its units ("60 tablets", "thirty (30) capsules": the figure that repeats
# the word), not a dose ("take 1 tablet by mouth twice a day")
_DISPENSED = pattern(
    r"(?<!take )(?<!takes )(?<!taking )(?<!apply )(?:^|(?<=[\s,(]))(?P<n>\d{1,6})"
    r"(?:(?<=\(\d)\)|(?<=\(\d\d)\)|(?<=\(\d\d\d)\))?\s*"  # the ")" closing a figure opened right before it
    r"(?:tablets?|tabs?|capsules?|caps?|pills?|patch(?:es)?)\b"
    r"(?!\s*(?:po|p\.o\.|by\s+mouth|orally|every|q\d|q\s|qhs|hs|daily|nightly|bid|tid|qid|prn|as\s+needed|at\s+bedtime"
    r"|at\s+night|per\s+day|a\s+day|(?:once|twice|thrice|one|two|three|four|\d)\s*(?:x|times)?\s*(?:a\s+day|daily|per\s+day)))"
)
_AXB = pattern(r"\b(?P<a>\d{1,6})\s*(?:x|times)\s*(?P<b>\d{1,6})\b(?!\s*(?:weeks?|wks?|months?))")
# a figure in parentheses right after a number repeats it ("Six (6) sessions"); it is no total
_ECHOED = pattern(r"(?:\d|\b(?:" + "|".join(w for w in WORDS if len(w) > 2) + r"))\s*$")
# a dose per unit: "10/325mg", "5%", a patch's rate "25mcg/hr"; grams and millilitres are the size
# of a tube or bottle ("cream 180g"), not a strength
STRENGTH = pattern(r"\b\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?)?\s*(?:mcg|mg|%)(?:/(?:ml|hr|hour|h)\b)?")
_DIGIT = re.compile(r"\d")
_DURATION_UNITS = ("week", "wk", "month", "day")
_COUNT_UNITS = ("session", "visit", "treatment", "appointment", "unit", "class")
_UNIT_FORM = pattern(r"\b(?:tablets?|tabs?|capsules?|caps?|pills?)\b")
_SUPPLY_MONTHS = pattern(r"\b" + _range("m") + r"\s+months?\b(?:\s+(?:coverage|supply))?")


def read_size(text: str) -> RequestSize:
    """Quantity, frequency and duration stated in a request text (None where not stated)."""
    out = RequestSize()
    original, text = text, lowercase(text)  # searched in lower case; quotes from the original
    # each pattern needs a word the text may well lack: test for it before searching
    freq = _FREQ.search(text) if "week" in text or "wk" in text else None
    if freq:
        out.frequency_per_week = _weekly(freq)
        out.spans["frequency_per_week"] = freq.span()
    weeks = _WEEKS.search(text) if any(unit in text for unit in _DURATION_UNITS) else None
    if weeks:
        value = _upper(weeks, "w") if weeks.group("w") else 1.0 if weeks.group("unit1") else number(weeks.group("d"))
        unit = (weeks.group("unit") or weeks.group("unit1") or "days").lower()
        if value is not None:
            factor = 52 / 12 if unit.startswith("month") else (1 / 7 if unit.startswith("day") else 1)
            out.duration_weeks = round(value * factor, 1)
            out.spans["duration_weeks"] = weeks.span()
    digits = _DIGIT.search(text) is not None  # the patterns below need one
    total = None
    for found in _TOTAL_PAREN.finditer(text) if digits and "(" in text else ():
        if not _ECHOED.search(text, 0, found.start()):
            total = found
            break
    count = _COUNT.search(text) if any(unit in text for unit in _COUNT_UNITS) else None
    times = _TIMES.search(text) if digits else None
    axb = _AXB.search(text) if digits else None
    program = _PROGRAM_DAYS.search(text) if digits and "program" in text else None
    if program:  # "a 20 day functional restoration program": full-day sessions
        out.quantity, out.spans["quantity"] = int(program.group("n") or program.group("m")), program.span()
    elif total:
        out.quantity, out.spans["quantity"] = int(total.group("n")), total.span()
    elif count and not (freq and freq.start() <= count.start("n") < freq.end()):
        value = _upper(count, "n")
        if value is not None and value >= 1:
            out.quantity, out.spans["quantity"] = int(value), count.span()
    elif axb and not out.frequency_per_week:
        # "2 times 6" / "2x3": per week x weeks, the usual reading; "1 times 8" is 8 visits
        a, b = int(axb.group("a")), int(axb.group("b"))
        out.frequency_per_week, out.duration_weeks = float(a), float(b)
        out.quantity, out.spans["quantity"] = a * b, axb.span()
        said = original[axb.start() : axb.end()]
        out.notes.append(f"'{said}' read as {a} a week for {b} weeks ({a * b}); it could also mean {b} visits")
    elif times:
        out.quantity, out.spans["quantity"] = int(times.group("n")), times.span()
    elif digits and (dispensed := _DISPENSED.search(text)) is not None:
        out.quantity, out.spans["quantity"] = int(dispensed.group("n")), dispensed.span()
    if out.quantity is None and out.duration_weeks and not out.frequency_per_week and "mo" in text:
        _monthly_total(text, out.duration_weeks, out)
    if out.quantity is None and out.frequency_per_week and out.duration_weeks and "then" in text:
        _phases(text, out)
    if out.quantity is None and out.frequency_per_week and out.duration_weeks:
        out.quantity = math.ceil(out.frequency_per_week * out.duration_weeks)
        out.notes.append(f"quantity {out.quantity} = {out.frequency_per_week:g}/week x {out.duration_weeks:g} weeks")
    strength = STRENGTH.search(text) if digits else None
    if strength:
        out.strength, out.spans["strength"] = original[strength.start() : strength.end()], strength.span()
    if out.duration_weeks is None:
        supply = _SUPPLY_MONTHS.search(text) if "month" in text else None
        if supply and _upper(supply, "m"):
            out.duration_weeks = round((_upper(supply, "m") or 0) * 52 / 12, 1)
            out.spans["duration_weeks"] = supply.span()
    if out.duration_weeks is None and out.quantity and (out.strength or _UNIT_FORM.search(text)):
        # a drug's supply at a fixed schedule: "#90, one tablet TID" lasts thirty days
        lasting = supply_weeks(text, out.quantity)
        if lasting:
            out.duration_weeks = lasting
            out.spans["duration_weeks"] = out.spans.get("quantity", (0, len(text)))
            out.notes.append(f"duration {lasting:g} weeks: {out.quantity} at the doses a day the directions give")
    return out


def _weekly(found: re.Match[str]) -> float | None:
    if found.group("word"):
        return number(found.group("word"))
    if found.group("weekly") and not found.group("g"):
        return 1.0
    return _upper(found, next(n for n in ("f", "g", "h") if found.group(n)))


def _phases(text: str, out: RequestSize) -> None:
    """A course in phases ("3 times a week for 2 weeks, then 2 times a week for 4 weeks"): each
    rate with the weeks that follow it; the total is their sum (14), the weeks too (6), and the
    frequency the highest rate."""
    rates = list(_FREQ.finditer(text))
    if len(rates) < 2:
        return
    total = weeks = 0.0
    for i, rate in enumerate(rates):
        end = rates[i + 1].start() if i + 1 < len(rates) else len(text)
        lasting = _WEEKS.search(text, rate.end(), end)
        per_week = _weekly(rate)
        if lasting is None or not lasting.group("w") or per_week is None:
            return  # a phase without its own weeks: not a course in phases
        unit = (lasting.group("unit") or "").lower()
        span = _upper(lasting, "w") or 0.0
        span *= 52 / 12 if unit.startswith("month") else (1 / 7 if unit.startswith("day") else 1)
        total, weeks = total + per_week * span, weeks + span
    out.quantity = math.ceil(round(total, 6))
    out.frequency_per_week = max(v for v in (_weekly(r) for r in rates) if v is not None)
    out.duration_weeks = round(weeks, 1)
    out.spans["quantity"] = (rates[0].start(), len(text))
    out.notes.append(f"quantity {out.quantity}: the sum of {len(rates)} phases over {out.duration_weeks:g} weeks")


def _monthly_total(text: str, weeks: float, out: RequestSize) -> None:
    """The total of a monthly rate over the duration: "2 visits per month for 3 months" is 6."""
    monthly = _PER_MONTH.search(text)
    if monthly is None:
        return
    rate = number(monthly.group("word")) if monthly.group("word") else _upper(monthly, "p")
    if rate:
        months = weeks * 12 / 52
        out.quantity, out.spans["quantity"] = math.ceil(round(rate * months, 6)), monthly.span()
        out.notes.append(f"quantity {out.quantity} = {rate:g}/month x {months:.3g} months")


# BUE, BLE: both arms, both legs; "b/l" is bilateral, not a left side
_BOTH_SIDES = ("bilateral", "bilaterally", "bilat", "both", "bue", "ble", "b/l")
_LEFT = ("left", "lt", "l")
_SIDE = pattern(r"\b(" + "|".join(_BOTH_SIDES) + r"|left|right|lt|rt)\b")
_ONE_LETTER = pattern(r"\b([rl])[.)]?\s+")  # "R knee", "L. shoulder", "(R) shoulder"


def read_side(text: str, limbs: Collection[tuple[int, int]] = ()) -> tuple[str, tuple[int, int]] | None:
    """left / right / bilateral, as stated in the request text. `limbs`: the spans of the limbs
    (or their parts) it names; a one-letter side counts only right before one ("R knee", "L.
    shoulder"; "L spine" is the lumbar spine)."""
    lower = lowercase(text)
    found = [(m.span(), m.group(1)) for m in _SIDE.finditer(lower)]
    starts = {start for start, _ in limbs}
    both = [span for span, key in found if key == "b/l"]
    found += [
        (m.span(1), m.group(1))
        for m in _ONE_LETTER.finditer(lower)
        if m.end() in starts and not any(a <= m.start(1) < b for a, b in both)
    ]
    sides = {key: span for span, key in sorted(found)}  # in text order
    if not sides:
        return None
    if any(word in sides for word in _BOTH_SIDES) or (
        any(k in sides for k in _LEFT) and any(k in sides for k in ("right", "rt", "r"))
    ):
        key = next(k for k in (*_BOTH_SIDES, *_LEFT) if k in sides)
        return "bilateral", sides[key]
    key = next(iter(sides))
    return ("left" if key in _LEFT else "right"), sides[key]
