"""How long the symptoms have lasted, as a letter states it (the fact symptom_weeks): "a
two-year history of low back pain", "neck pain for the past 6 months", "numbness x 3 months",
"pain began two weeks ago", "symptoms since March 2015" (counted to the date of service).

A length counts when it is said of a symptom (the pack's `symptoms` vocabulary) and nothing
between the two makes it the length of something else: a treatment ("PT for her neck pain for
6 weeks", "on Norco for pain for 2 years"), relief ("pain relief for 3 weeks"), or work.
Whether the mention is negated, hypothetical, another person's or the guideline's ("in patients
with symptoms lasting more than three or four weeks") is the assertion layer's, as for every fact.
The numbers, units and connecting words are English grammar, kept here; the symptom words and
the services are the pack's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from mtus_check.letters.assertion import ContextReader, Modifiers
from mtus_check.letters.history import DATE, MONTHS, last_day, opening_date
from mtus_check.letters.models import ExtractedFact
from mtus_check.letters.number_words import VALUES, count_in
from mtus_check.letters.sentences import CUES, Sentence, evidence, states_record
from mtus_check.rules.vocabulary import Section
from mtus_check.text import pattern

_DAYS_PER = {"day": 1.0, "week": 7.0, "month": 365.25 / 12, "year": 365.25}
# a length's count in words: the cardinals up to thirty (number_words), and "a", "a couple of"
_NUMBER_WORDS = {w: v for w, v in VALUES.items() if 1 <= v <= 30} | {"a": 1, "an": 1, "a couple of": 2, "a couple": 2}
_WORD = "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
_NUM = rf"(?:\d+(?:\.\d+)?|(?:{_WORD})\b)"
# "over", "more than", "at least": the number is a lower bound, which is what the rules compare
# (a note's ">1 yr" is "over a year")
_BOUND = r"(?:(?:about|approximately|around|roughly|over|(?:more|greater|longer)\s+than|at\s+least)\s+|>\s*)?"
# a length: "2 years", "2-3 years" (the lower number is what the record vouches for), "two and a
# half years", "a year and a half", "the past 6 months", "the past year" (one of the unit)
_LENGTH = (
    rf"{_BOUND}(?P<past>the\s+(?:past|last|previous|prior)\s+)?{_BOUND}"
    rf"(?:(?P<n>{_NUM})(?:\s*(?:-|to|or)\s*{_NUM})?(?P<half>\s+and\s+a\s+half)?[\s-]+)?"
    r"(?P<unit>days?|weeks?|wks?|months?|mos?|years?|yrs?)\b(?P<half2>\s+and\s+a\s+half)?"
)
_START = r"(?:began|begun|begins|started|starting|start|onset|developed|arose|came\s+on|first\s+noticed|noticed)"

# what may follow a symptom, tried in this order at each word after it: "for 2 years", "x 3
# months" (shorthand: "for"; "x16 weeks" with the x on the number, "x ~10 weeks"), "of 3 months'
# duration", "lasting 6 weeks"; "began two weeks ago";
# "since March 2015"; "began in 2012" (a date with a start word)
# not an episode dated in the past ("back pain for 2 weeks in 2010")
_FOR = pattern(
    rf"(?:(?:for|over|lasting|lasted|of)\s+(?:for\s+)?|x\s*(?=\d))~?{_LENGTH}"
    r"(?!\s+(?:ago|before|prior|after|later|(?:in|during)\s+(?:[a-z]+\s+)?(?:19|20)\d\d|on\s+\d))"
)
_AGO = pattern(rf"{_LENGTH}\s+(?:ago|before|prior)\b")
_SINCE = pattern(rf"since\s+{DATE}")
_ON = pattern(rf"(?:in|on)\s+{DATE}")
# before the symptom: "a two-year history of", "6 months of", with a few words of where and how
_BEFORE = pattern(rf"(?:^|\s){_LENGTH}(?:'s|s')?\s+(?:history\s+of|of)\s+(?P<gap>(?:[\w/-]+,?\s+){{0,4}})$")
# a sentence that opens with the length: "For the past 6 months, ...", "Since 2012, ..."
_FRONTED_FOR = pattern(rf"^\W*(?:for|over)\s+{_LENGTH}\s*,?\s")
_FRONTED_SINCE = pattern(rf"^\W*since\s+{DATE}\s*,?\s")
_START_WORD = pattern(rf"\b{_START}\b")
# a sentence that opens with a day, a visit's: "On 1/5/2016, ...", "On March 3, 2016, ..."
_VISIT_DATE = pattern(
    rf"^\W*(?:on|at|during)\s+(?:\d{{1,2}}[/-]\d{{1,2}}[/-]\d{{2,4}}|(?:{MONTHS})[a-z]*\.?\s+\d{{1,2}},?\s+\d{{4}})"
)

# words between a symptom and a length that make it the length of something else (treatment,
# relief, work, a test); a service the vocabulary names does too
_OTHER = pattern(
    r"\b(?:relie\w*|free|improv\w*|better|resolv\w*|decreas\w*|reduc\w*|controll?\w*|manag\w*|tolerat\w*|"
    r"work\w*|duty|off|therap\w*|treat\w*|taking|takes|took|taken|using|uses|used|medications?|sessions?|visits?|"
    r"after|despite|until|injur\w*|accident|increas\w*|wors\w*|flare\w*|exacerbat\w*|intensif\w*)\b|[;:]"
)
# a symptom that is what something treats or relieves: "Norco for pain", "relieved her pain"
_OBJECT = pattern(
    r"\b(?:for|relie\w*|reduc\w*|decreas\w*|improv\w*|help\w*|controll?\w*|alleviat\w*|eas(?:e|es|ed|ing)|treat\w*|manag\w*)"
    r"\s+(?:\S+\s+){0,3}$"
)
# words a symptom and its length may stand apart ("tingling of the thumb, index and middle fingers for")
_GAP_WORDS = 10
# a sentence without a unit, "since" or a start word ("began in 2012") states no length
_CUES = CUES.register(
    "day", "week", "wk", "month", "mo", "year", "yr", "since", "began", "begun", "start", "onset", "develop", "arose",
    "came on", "noticed",
)  # fmt: skip
# contexts in which a stated length is not this patient's now
_SILENT = frozenset({
    "NEGATED_EXISTENCE", "HYPOTHETICAL", "POSSIBLE_EXISTENCE", "FAMILY", "OTHER_PERSON", "GUIDELINE", "PRIOR_REVIEW",
    "FUTURE", "ENDED", "NOT_DOCUMENTED", "CRITERION_UNMET",
})  # fmt: skip
_APPLIED = frozenset({"CRITERION_MET", "CRITERION_UNMET"})


@dataclass(frozen=True)
class Length:
    """A stated length: where it is in the sentence and how many days it says (None: a date
    the symptoms run from, counted to the date of service)."""

    start: int
    end: int
    days: float | None
    since: dt.date | None = None


def _unit(word: str) -> str:
    word = word.rstrip("s")
    return {"wk": "week", "mo": "month", "yr": "year"}.get(word, word)


def _days(match: re.Match[str]) -> float | None:
    """Days of a length match; None for a unit without a number ("for years", "for months")."""
    if match.group("n") is not None:
        amount = count_in(match.group("n"), _NUMBER_WORDS)
    else:
        amount = 1.0 if match.group("past") and not match.group("unit").endswith("s") else None
    if amount is None:
        return None
    if match.group("half") or match.group("half2"):
        amount += 0.5
    return amount * _DAYS_PER[_unit(match.group("unit"))]


def _length(match: re.Match[str], offset: int = 0) -> Length | None:
    start, end = offset + match.start(), offset + match.end()
    if "unit" in match.re.groupindex:
        days = _days(match)
        return Length(start, end, days) if days is not None else None
    since = last_day(match)
    return Length(start, end, None, since) if since is not None else None


def _lengths(sentence: Sentence, symptoms: Section, services: Section) -> Iterator[tuple[int, Length]]:
    """(start of the symptom, its length) of every length said of a symptom, in text order."""
    lower, text = sentence.lower, sentence.text
    found = symptoms.matches(text)
    for index, (_key, start, end) in enumerate(found):
        # a length told before the symptom: "a two-year history of (low back) pain"
        reach = max(0, start - 80)
        before = _BEFORE.search(lower, reach, start)
        if before is not None and _plain_gap(lower, before.start("gap"), before.end("gap"), services, text):
            length = _length(before)
            if length is not None:
                yield start, length
                continue
        # after the symptom, up to the next one: the nearer symptom owns what follows it
        limit = found[index + 1][1] if index + 1 < len(found) else len(lower)
        if not _treated(lower, reach, start):
            length = _after(lower, end, limit, services, text)
            if length is not None:
                yield start, length
    for fronted in (_FRONTED_FOR.match(lower), _FRONTED_SINCE.match(lower)):
        if fronted is not None and found and _plain_gap(lower, fronted.end(), found[0][1], services, text):
            length = _length(fronted)
            if length is not None:
                yield found[0][1], length


# "presented for neck pain", "seen for low back pain": the visit's reason, the patient's complaint
_VISIT = frozenset(
    {"presented", "presents", "presenting", "seen", "evaluated", "evaluation", "returns", "returned", "here", "visit"}
)


def _treated(lower: str, reach: int, start: int) -> bool:
    """Whether the symptom is what something treats or relieves ("Norco for pain", "relieved
    her pain"): a length after it is that treatment's."""
    found = _OBJECT.search(lower, reach, start)
    if found is None:
        return False
    if found.group(0).startswith("for"):
        before = lower[reach : found.start()].split()
        return not (before and before[-1] in _VISIT)
    return True


def _after(lower: str, end: int, limit: int, services: Section, text: str) -> Length | None:
    """The length said right after a symptom, within a few words that name nothing else."""
    words = [end + m.start() for m in re.finditer(r"(?<=\s)\S", lower[end:limit])]
    starts = [end, *words[:_GAP_WORDS]]
    for at in starts:
        if not _plain_gap(lower, end, at, services, text):
            return None
        for form in (_FOR, _AGO, _SINCE, _ON):
            match = form.match(lower, at)
            if match is None or match.end() > limit:
                continue
            if form in (_AGO, _ON) and not _START_WORD.search(lower, 0, at):
                continue  # "pain 3 weeks ago", "pain on 5/1/2015": when it was felt, not when it began
            length = _length(match)
            if length is not None:
                return length
    return None


def _plain_gap(lower: str, start: int, end: int, services: Section, text: str) -> bool:
    """Whether the words between a symptom and a length leave the length the symptom's: none
    that makes it a treatment's, relief's or work's, and no service the vocabulary names."""
    if start >= end:
        return True
    return not _OTHER.search(lower, start, end) and not services.matches(text[start:end])


def symptom_weeks(
    sents: Sequence[Sentence],
    symptoms: Section,
    services: Section,
    context: ContextReader,
    as_of: dt.date | None = None,
) -> ExtractedFact | None:
    """The longest length of a symptom the sentences state about this patient now, in weeks (each
    is a least length of the symptoms, so the longest is the best; the first of equals); a date
    it runs from, and a length told in a note dated before `as_of` (the date of service), counted
    to `as_of`."""
    best: ExtractedFact | None = None
    for sentence in sents:
        if not sentence.cues & _CUES or not states_record(sentence):
            continue
        past = sentence.past  # the part told of a time before the injury (letters.history)
        for start, length in _lengths(sentence, symptoms, services):
            if past is not None and past[0] <= start < past[1]:
                continue
            span = (min(start, length.start), max(length.end, start + 1))
            [mods] = context.modifiers(sentence.text, [span])
            if _silent(mods, sentence.lower):
                continue
            visit = opening_date(sentence.lower) if _VISIT_DATE.match(sentence.lower) else None
            weeks = _weeks(length, visit, as_of)
            if weeks is not None and (best is None or weeks > best.value):
                best = ExtractedFact(value=weeks, evidence=evidence(sentence))
    return best


def _silent(mods: Modifiers, lower: str) -> bool:
    if mods & _APPLIED:
        mods = mods - {"GUIDELINE"}
    # a history of the symptom is its length so far; "previously", "in the past" tell an episode
    if "HISTORICAL" in mods and "history" not in lower:
        return True
    return bool(mods & _SILENT)


def _weeks(length: Length, dated: dt.date | None, as_of: dt.date | None) -> float | None:
    if length.days is None:
        if length.since is None or as_of is None or length.since > as_of:
            return None
        days = float((as_of - length.since).days)
    else:
        days = length.days
        if dated is not None and as_of is not None and dated < as_of:
            days += (as_of - dated).days  # told at an earlier visit: the symptoms go on to the request
    return round(days / 7, 1)
