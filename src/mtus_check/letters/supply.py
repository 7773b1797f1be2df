"""How long a drug's supply lasts, from the count dispensed and the doses a day its directions
give: "cyclobenzaprine 7.5 mg TID #90" is 90 tablets at three a day, thirty days (4.3 weeks).

Only a fixed schedule says it: "as needed" (PRN) may last any time, a range of units a dose
("1-2 tabs") any of two, and a schedule that changes ("then", "taper") none of them.
"""

from __future__ import annotations

import re

from mtus_check.letters.number_words import count_in
from mtus_check.text import lowercase, pattern

_TIMES_WORDS = {"once": 1, "twice": 2, "thrice": 3, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_LATIN = {"qd": 1, "qam": 1, "qpm": 1, "qhs": 1, "hs": 1, "bid": 2, "tid": 3, "qid": 4}
# doses a day: the Latin abbreviations (dotted or not), "every 8 hours" / "q8h", "three times a day"
_PER_DAY = pattern(
    r"\b(?P<latin>q\.?\s?d|q\.?\s?am|q\.?\s?pm|q\.?\s?hs|h\.?s|b\.?\s?i\.?\s?d|t\.?\s?i\.?\s?d|q\.?\s?i\.?\s?d)\b\.?|"
    r"\b(?:q\.?\s?|every\s+)(?P<hours>4|6|8|12|24)\s*(?:h|hrs?|hours?)\b|"
    r"\b(?P<times>once|twice|thrice|one|two|three|four|five|six|[1-6])\s*(?:x|times)?\s*(?:a|per|/|each)\s*day\b|"
    r"\b(?P<daily>once|twice|thrice|one|two|three|four|[1-4])\s*(?:x|times)?\s*daily\b|"
    r"\b(?P<plain>daily|nightly|at\s+bedtime|every\s+(?:day|night|morning|evening))\b"
)
# units taken at each dose when the directions say ("take 2 tablets", "1 tab"); a range is no count
_PER_DOSE = pattern(
    r"\b(?P<n>\d{1,2}|one|two|three)\s*(?P<range>-\s*\d{1,2}\s*)?(?:tablets?|tabs?|capsules?|caps?|pills?)\b"
)
_OPEN_ENDED = pattern(r"\b(?:prn|p\.r\.n|as\s+needed|as\s+directed|then|taper\w*|titrat\w*|up\s+to)\b")


def doses_per_day(text: str) -> float | None:
    """The doses a day a drug's directions give, or None when they give no fixed schedule (none,
    as needed, or two that differ: "BID-TID")."""
    lower = lowercase(text)
    if _OPEN_ENDED.search(lower):
        return None
    found = {_per_day(m) for m in _PER_DAY.finditer(lower)}
    return found.pop() if len(found) == 1 else None


def _per_day(found: re.Match[str]) -> float | None:
    if found.group("latin"):
        return float(_LATIN[re.sub(r"[.\s]", "", found.group("latin"))])
    if found.group("hours"):
        return 24 / int(found.group("hours"))
    word = found.group("times") or found.group("daily")
    if word:
        return count_in(word, _TIMES_WORDS)
    return 1.0


def supply_weeks(text: str, quantity: int) -> float | None:
    """Weeks a supply of `quantity` units lasts at the directions in `text`, to a tenth of a week;
    None without a fixed schedule or with a range of units a dose."""
    per_day = doses_per_day(text)
    if not per_day:
        return None
    dose = _PER_DOSE.search(lowercase(text))
    if dose is not None and dose.group("range"):
        return None
    units = count_in(dose.group("n"), _TIMES_WORDS) if dose is not None else 1.0
    if not units:
        return None
    return round(quantity / (per_day * units) / 7, 1)
