"""Letter-wide fields: case number, dates, reviewer, claimant, diagnoses, treatments."""

from __future__ import annotations

import datetime as dt
import re

from mtus_check.letters.models import Claimant, ParsedLetter, Reviewer
from mtus_check.letters.normalize import flow
from mtus_check.letters.number_words import CARDINAL, cardinal
from mtus_check.text import lowercase, pattern

_DATE = r"(\d{1,2}[/-]\d{1,2}[/-]\d{2,4})"
# field: (the label as usually written, lower case; words one of which any spacing keeps; the pattern)
_FIELDS = {
    name: (literal, needed, pattern(source))  # searched on the lowercased header
    for name, literal, needed, source in (
        ("case_number", "case number:", ("number:",), r"Case\s+Number:\s*(CM\d{2}-\d{5,8})"),
        ("date_assigned", "date assigned:", ("assigned:",), r"Date\s+Assigned:\s*" + _DATE),
        # the 2013 notice dates its determination in its title line ("Determination Dated: ...")
        (
            "decision_date",
            "decision date:",
            ("date:", "dated:"),
            r"(?:Decision\s+Date|Determination\s+Dated):\s*" + _DATE,
        ),
        ("date_of_injury", "date of injury:", ("injury:",), r"Date\s+of\s+Injury:\s*" + _DATE),
        (
            "ur_denial_date",
            "ur denial date:",
            ("denial", "decision:"),
            # ... and names the denial it reviews in prose ("disputing the Utilization Review Denial dated ...")
            r"(?:(?:UR\s+Denial\s+Date|Date\s+of\s+UR\s+Decision):\s*|Utilization\s+Review\s+Denial\s+dated\s+)"
            + _DATE,
        ),
        ("application_received", "application received:", ("received:",), r"Application\s+Received:\s*" + _DATE),
    )
}
_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
# a month named by its first three letters or more ("Sep", "Sept.", "September")
MONTH_PREFIXES = tuple(m[:3] for m in _MONTHS)


def month_number(word: str) -> int | None:
    """1-12 for a month's name or its abbreviation, None for another word."""
    prefix = word.lower()[:3]
    return MONTH_PREFIXES.index(prefix) + 1 if prefix in MONTH_PREFIXES else None


# the parts by slashes, hyphens or (as some notes write them, "8.14.2009") periods
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")
# the month by name, with an ordinal day ("October 8th, 2012") or the day first ("3 May 2016")
_WORDED_DATE = re.compile(r"(?<![A-Za-z])([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_FIRST_DATE = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_SPECIALTY = re.compile(r"Certification\(s\)/Specialty:\s*([^\n]+)")
_LICENSURE = re.compile(r"State\(s\) of Licensure:\s*([^\n]+)")
# an enumerator of a numbered list ("... extremity. 2. Status post ...") breaks it as a comma does
_LIST_BREAK = re.compile(r",\s*(?:and\s+)?|;\s*|\s+and\s+|\.\s+\d{1,2}[.)]\s+")


def parse_date(text: str) -> dt.date | None:
    """A US date (m/d/yy, m/d/yyyy, m-d-yyyy, 'August 30, 2013'); None when impossible."""
    text = text.strip()
    found = _NUMERIC_DATE.fullmatch(text)
    if found:
        month, day, year = (int(g) for g in found.groups())
        year += 2000 if year < 100 else 0
    else:
        found = _WORDED_DATE.fullmatch(text)
        named = month_number(found.group(1)) if found else None
        day_first = _DAY_FIRST_DATE.fullmatch(text) if found is None else None
        if day_first is not None:
            named = month_number(day_first.group(2))
            found = day_first if named is not None else None
        if found is None or named is None:
            return None
        day = int(found.group(1)) if found is day_first else int(found.group(2))
        month, year = named, int(found.group(3))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def header_fields(text: str, letter: ParsedLetter) -> None:
    """Fill the header block fields found anywhere in the first part of the letter."""
    head = text[:2500]
    lower = lowercase(head)
    for name, (literal, needed, label) in _FIELDS.items():
        # plain string searches first: the label as usually written, or a word it cannot lack
        at = lower.find(literal)
        found = label.match(lower, at) if at >= 0 else None
        if found is None and any(word in lower for word in needed):
            found = label.search(lower)
        if found:
            value = head[found.start(1) : found.end(1)]
            setattr(letter, name, value if name == "case_number" else parse_date(value))


_LONG_DATE = r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|[a-z]+\.? \d{1,2}(?:st|nd|rd|th)?, \d{4}|\d{1,2} [a-z]+ \d{4})"
# searched on lowercased text (see text.pattern); the date is quoted from the original
# "injured on 2/8/2016", and with what was hurt between ("sustained an industrial injury to her
# neck and left shoulder on 6/14/2009", "injured his lower back on ..."): up to eight words, none
# that starts another event ("injured his knee in 2010 and had surgery on ...")
_INJURED_ON = pattern(
    r"(?:injury|injured|hurt)\s+(?:(?!(?:in|had|was|were|underwent|after|then|which|who|with)\b)[\w-]+\s+){0,8}?"
    r"(?:on|of|dated)\s+" + _LONG_DATE
)
# ... and its label, written out or as the notes abbreviate it ("DOI 2/10/14"), or the date right
# after the verb, as progress notes write it ("34 yo F, injured 09/18/2016 in a fall")
_DATE_OF_INJURY = pattern(r"(?:date of injury|\bdoi):? (?:of |on |was )?" + _LONG_DATE + r"|\binjured\s+" + _LONG_DATE)
# the review written out or abbreviated ("UR 02/01/2017: non-certified")
_UR_DATED = pattern(
    r"(?:utilization review|\bur)(?: determination| decision| denial)?\s+(?:dated\s+|on\s+|of\s+)?" + _LONG_DATE
)
# "a 44 year old female", and as progress notes write it: "58 y/o M", "47 yo F"; dictated, the
# age in words: "a fifty-two year old female"
_AGE_SEX = pattern(
    rf"(\d{{2}}|{CARDINAL})(?:[- ]year[- ]old|\s*y/o|\s*yo|\s*y\.o\.)\s+"
    r"(?:[a-z-]+\s+){0,2}?(female|male|woman|man|m|f)\b"
)


def narrative_dates(summary: str, letter: ParsedLetter) -> None:
    """Dates stated only in the (flowed) narrative (letters without a header block)."""
    lower = lowercase(summary)
    if letter.date_of_injury is None:
        found = _INJURED_ON.search(lower) or _DATE_OF_INJURY.search(lower)
        if found:
            group = 1 if found.group(1) else 2  # the label's date, or the one after "injured"
            letter.date_of_injury = parse_date(summary[found.start(group) : found.end(group)])
    if letter.ur_denial_date is None:
        found = _UR_DATED.search(lower)
        if found:
            letter.ur_denial_date = parse_date(summary[found.start(1) : found.end(1)])


_BOARD_CERTIFIED = re.compile(r"Board Certified in ([A-Z][A-Za-z &,/-]+?)(?: and| who|\.|,)")
_LICENSED_IN = re.compile(r"licensed to practice in ([A-Z][A-Za-z ,]+?)(?:\.|$)")


def reviewer(text: str) -> Reviewer:
    """Reviewer specialty and licensure, from the credentials block or the prose form."""
    out = Reviewer()
    found = _SPECIALTY.search(text)
    if found:
        out.specialty = found.group(1).strip()
    found = _LICENSURE.search(text)
    if found:
        out.licensure = found.group(1).strip()
    if out.specialty is not None and out.licensure is not None:
        return out
    head = text[:6000]  # the prose form of letters without a credentials block
    prose = flow(head) if "Board" in head or "licensed" in head else ""  # flowing changes only spaces
    if out.specialty is None:
        found = _BOARD_CERTIFIED.search(prose)
        if found:
            out.specialty = found.group(1).strip()
    if out.licensure is None:
        found = _LICENSED_IN.search(prose)
        if found:
            out.licensure = found.group(1).strip()
    return out


def claimant(summary: str) -> Claimant:
    """Age and sex of the injured worker from the (flowed) case summary."""
    found = _AGE_SEX.search(lowercase(summary))
    if not found:
        return Claimant()
    sex = found.group(2).lower()
    return Claimant(age=cardinal(found.group(1)), sex="female" if sex in ("female", "woman", "f") else "male")


# searched on the lowercased summary; the list is quoted from the original. A templated note
# writes the label and a colon ("Diagnoses: ...", "Dx: ...")
# A numbered list ("Diagnoses: 1. CRPS, right arm. 2. Depression.") runs on over its numbers: the
# period after a number and the one before the next number end no list. "The working diagnosis
# since then has been ..." names it too.
_DX = pattern(
    r"\b(?:(?:diagnoses|diagnosis)\s+(?:(?:since\s+then|now|currently)\s+)?"
    r"(?:were|was|include[sd]?|including|that include|of|are|is|has\s+been|have\s+been)\s*:?"
    r"|(?:diagnoses|diagnosis|dx)\s*:)"
    r"\s*(?:\d{1,2}[.)]\s+)?(.+?)(?:(?<![\s:]\d)(?<![\s:]\d\d)\.\s(?!\d{1,2}[.)]\s)|\.$)"
)
_TX = pattern(
    r"(?:treatments?(?: to date)?|prior therapy|treatment history)\s+"
    r"(?:were|was|include[sd]?|has included|have included"
    r"|included|including|consisted of)\s*:?\s*(.+?)(?:\.\s|\.$)"
)


def _listing(text: str) -> list[str]:
    parts = _LIST_BREAK.split(text)
    return [p.strip(" .") for p in parts if 2 < len(p.strip(" .")) < 120]


def diagnoses(summary: str) -> list[str]:
    """Diagnoses listed in the (flowed) case summary."""
    found = _DX.search(lowercase(summary))
    return _listing(summary[found.start(1) : found.end(1)]) if found else []


def treatments(summary: str) -> list[str]:
    """Treatments to date listed in the (flowed) case summary."""
    found = _TX.search(lowercase(summary))
    return _listing(summary[found.start(1) : found.end(1)]) if found else []
