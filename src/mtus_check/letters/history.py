"""Sentences told of a time before the injury: "In 2009 she worked as a welder", "On 03/2010 she
was running daily". A case summary tells the records under review by their dates ("On 5/12/2016,
the provider noted decreased sensation"): those are the record now, not history. The line is the
date of injury: a sentence that opens with a date or year earlier than it is history (read as
HISTORICAL where a fact's spec ignores history), and so is the clause of one that holds such a
date ("he fractured his femur in 1998, and ..."); one dated on or after it is the record. History
told in words ("previously", "prior to the injury") is ConText's (rules/facts/context.yaml).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from mtus_check.letters.header import MONTH_PREFIXES, month_number, parse_date
from mtus_check.letters.sentences import Sentence
from mtus_check.text import pattern

MONTHS = "|".join(MONTH_PREFIXES)  # "sept" and "september" by the letters that follow
# a date: "2009", "03/2010", "March 2010", "March 3, 2010", "3/2/2010", "early 2009"; `last_day` reads it
DATE = (
    rf"(?:(?:early|late|mid)[\s-]+)?"
    rf"(?:(?P<month>{MONTHS})[a-z]*\.?\s+(?:(?P<day>\d{{1,2}}),?\s+)?(?P<year>(?:19|20)\d\d)"
    rf"|(?P<date>\d{{1,2}}[/-]\d{{1,2}}[/-]\d{{2,4}})|(?P<m>\d{{1,2}})[/-](?P<y>(?:19|20)\d\d)|(?P<bare>(?:19|20)\d\d))\b"
)
_OPENING = pattern(rf"^\W*(?:back\s+)?(?:in|on|during|around|as\s+of)\s+{DATE}")
# a date inside the sentence that tells when what its clause says happened ("he fractured his femur
# in 1998"); "since 2010" runs up to now and is no such date
_INSIDE = pattern(rf"\b(?:in|on|during|around)\s+{DATE}")
# where a clause of the sentence starts or ends: the date dates its own clause only ("..., and she
# has been off work since the injury")
_CLAUSE = pattern(r"[;,]|\b(?:but|however|although|whereas|while)\b")


def last_day(found: re.Match[str] | None) -> dt.date | None:
    """The last day a date found can mean (a year: its 31 December), None when none is read."""
    if found is None:
        return None
    if found.group("date"):
        return parse_date(found.group("date"))
    if found.group("bare"):
        return dt.date(int(found.group("bare")), 12, 31)
    if found.group("month"):
        year, month = int(found.group("year")), month_number(found.group("month")) or 0
        day = found.group("day")
    else:
        year, month, day = int(found.group("y")), int(found.group("m")), None
    if not 1 <= month <= 12:
        return None
    try:
        return dt.date(year, month, int(day)) if day else _month_end(year, month)
    except ValueError:
        return None


# the date of the note a sentence retells, at its start: "On 5/12/2016, ...", "At the 5/12/2016
# visit ...", "5/12/2016: ...", "A progress report dated 5/12/2016 notes ...", "The 3/2016 note ..."
_NOTE = (
    pattern(rf"^\W*(?:(?:back\s+)?(?:in|on|during|around|as\s+of|at|by)\s+)?(?:the\s+)?{DATE}"),
    pattern(
        rf"^\W*(?:(?:a|an|the|her|his)\s+)?(?:[a-z'-]+\s+){{0,3}}(?:note|report|visit|evaluation|examination|"
        rf"exam|follow-up|reevaluation|re-evaluation)\s+(?:dated|of|on|from)\s+{DATE}"
    ),
)


def note_date(lower: str) -> dt.date | None:
    """The last day the date of the note a sentence retells can mean, where the sentence opens
    with it (None: it does not): a summary retells serial visits by their dates."""
    return next((day for day in (last_day(p.match(lower)) for p in _NOTE) if day is not None), None)


def opening_date(lower: str) -> dt.date | None:
    """The last day the date a sentence opens with can mean ("On 5/12/2016, ...", "In March
    2015, ..."); None when it opens with none. `lower`: the sentence in lower case."""
    return last_day(_OPENING.match(lower))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _past_part(lower: str, injured: dt.date) -> tuple[int, int] | None:
    """The part of a sentence told of a time before the injury: the whole sentence when it opens
    with such a date, the clause that holds one otherwise; None when none is."""
    last = last_day(_OPENING.match(lower))
    if last is not None and last < injured:
        return 0, len(lower)
    for found in _INSIDE.finditer(lower):
        last = last_day(found)
        if last is not None and last < injured:
            start = max((m.end() for m in _CLAUSE.finditer(lower, 0, found.start())), default=0)
            after = _CLAUSE.search(lower, found.end())
            return start, after.start() if after else len(lower)
    return None


def before_injury(sents: Sequence[Sentence], injured: dt.date | None) -> tuple[Sentence, ...]:
    """The sentences, the part of each told of a time before the injury marked as such (a
    letter's own copy: the cached sentences are shared)."""
    if injured is None:
        return tuple(sents)
    out = []
    for sentence in sents:
        part = _past_part(sentence.lower, injured)
        out.append(sentence if part is None else sentence.told_before(part))
    return tuple(out)
