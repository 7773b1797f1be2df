"""Sentences of a letter's narrative, and which of them can state facts of the record.

The rationale's conclusion and the UR's stated reasons state none (states_record). Whether a
mention in a sentence of the record is guideline text ("extension ... if functional improvement is
documented"), a plan, another person's or negated is the assertion layer's decision, per mention
(letters.assertion, rules/facts/context.yaml).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from mtus_check.letters import boundaries
from mtus_check.letters.models import Evidence
from mtus_check.letters.request_text import WORDS
from mtus_check.rules.shorthand import Shift, Spelling, written_span
from mtus_check.text import CueIndex, lowercase, pattern

# the words fact finders look for before they try their patterns, registered as the finders
# are defined: each sentence is scanned for all of them in one pass when it is made
CUES = CueIndex()
Shifts = tuple[Shift, ...]
# whether the words a grammar found at a span of a sentence are told of this patient now (the
# assertion layer's decision: FactReader.told)
Told = Callable[["Sentence", tuple[int, int]], bool]


class Sentence:
    """One sentence of a section: its text as read (shorthand spelled out), as written, where it
    starts, and whether it can state facts of the record."""

    __slots__ = ("_record", "cues", "lower", "past", "section", "shifts", "start", "text", "written")

    def __init__(self, text: str, start: int, section: str, written: str | None = None, shifts: Shifts = ()) -> None:
        self.text = text  # what every reader reads: clinical shorthand spelled out ("w/o" as "without")
        self.written = text if written is None else written  # as in the letter: what evidence quotes
        self.shifts = shifts  # where the spelled-out words were written (rules.shorthand)
        self.start = start  # offset of `written` in its section's text
        self.section = section
        self.lower = lowercase(text)
        self.cues = CUES.found(self.lower)  # mask of the cue words in the sentence
        self.past: tuple[int, int] | None = None  # the part told of before the injury (letters.history)
        self._record: bool | None = None  # states_record, decided on first use

    def spelled(self, spelling: Spelling) -> Sentence:
        """This sentence read with its shorthand spelled out (itself when it has none)."""
        text, shifts = spelling.spell_out(self.written)
        return self if not shifts else Sentence(text, self.start, self.section, self.written, shifts)

    def told_before(self, part: tuple[int, int] | None = None) -> Sentence:
        """A copy of this sentence with `part` (offsets in `text`; None: all of it) marked as told
        of a time before the injury."""
        copy = Sentence(self.text, self.start, self.section, self.written, self.shifts)
        copy.past = (0, len(self.text)) if part is None else part
        return copy


# from a number's first digit: tried inside a long run of digits, `\d+` makes a search quadratic
_NUMBER = r"(?<!\d)\d+|" + "|".join(w for w in WORDS if len(w) > 2)


def number_group(name: str) -> str:
    return rf"(?P<{name}>{_NUMBER})"


def sentences(text: str, offset: int, section: str, spelling: Spelling | None = None) -> list[Sentence]:
    """Sentences of a section, with absolute offsets; with `spelling` (the pack's, for the
    readers), each read with its shorthand spelled out. A rationale is read by the reader and by
    two audit checks: it is split (and each sentence lower-cased and scanned for cues) once."""
    split = _split(text, offset, section)
    return list(split) if spelling is None else list(_spelled(split, spelling))


@functools.lru_cache(maxsize=32)
def _spelled(split: tuple[Sentence, ...], spelling: Spelling) -> tuple[Sentence, ...]:
    return tuple(s.spelled(spelling) for s in split)


@functools.lru_cache(maxsize=32)
def _split(text: str, offset: int, section: str) -> tuple[Sentence, ...]:
    return tuple(Sentence(text[start:end], offset + start, section) for start, end in boundaries.spans(text))


def evidence(sentence: Sentence, match: re.Match[str] | None = None) -> Evidence:
    """The words a fact was read from, quoted as the letter writes them: the sentence, or the
    part of it that `match` (a match on its text as read) covers."""
    if match is None:
        quote, start = sentence.written, sentence.start
    else:
        begin, end = written_span(sentence.shifts, match.start(), match.end())
        quote, start = sentence.written[begin:end], sentence.start + begin
    return Evidence(
        section=sentence.section, quote=" ".join(quote.split()), start=start, end=start + len(quote.strip())
    )


# "modified duty" is a work status, not a review's modification
_UR_REPORT = re.compile(
    r"\b(?:denied|non-?certif\w*|utilization\s+review|modified(?!\s+(?:duty|duties|work|job))|UR)\b"
)


# what comes right before "denied" when the patient denies: a label's colon, or the patient named
_DENIED_BY_PATIENT = re.compile(r"(?::|\b(?:she|he|they|patient|claimant|applicant|worker|employee))[\s\"']*$", re.I)
_BY_PATIENT = re.compile(r"\s+by\s+(?:the\s+)?(?:patient|claimant|applicant|injured\s+worker|him|her)\b", re.I)


def states_record(sentence: Sentence) -> bool:
    """Whether a sentence can state a fact of the record at all: not the rationale's conclusion
    (what a prediction is checked against), not the UR's stated reasons. Whether it is guideline
    text, hypothetical or negated is decided per mention by the assertion layer. Decided once
    per sentence: every fact it mentions asks."""
    if sentence._record is None:
        sentence._record = _states_record(sentence)
    return sentence._record


def tells_review(sentence: Sentence) -> bool:
    """Whether a sentence tells what utilization review did, and so states no case fact but the
    review's own acts (an authorization: a fact spec's `review_reports: counts`)."""
    return not states_record(sentence) and sentence.section == "summary" and not _CONCLUSION.search(sentence.lower)


def _states_record(sentence: Sentence) -> bool:
    if _CONCLUSION.search(sentence.lower):
        return False
    if sentence.section != "summary":
        return True
    return not (("UR" in sentence.text or sentence.cues & _UR_WORDS) and _reports_review(sentence.text))


def _reports_review(text: str) -> bool:
    """Whether a summary sentence tells what utilization review did ("UR denied the MRI", "was
    denied by utilization review"). "denied" after a label, or after the patient as its subject, is
    the patient denying a symptom ("Red flags: denied.", "She denied numbness."), no review."""
    for found in _UR_REPORT.finditer(text):
        if found.group(0) != "denied":
            return True
        if not (_DENIED_BY_PATIENT.search(text, 0, found.start()) or _BY_PATIENT.match(text, found.end())):
            return True
    return False


_UR_WORDS = CUES.register("denied", "certif", "utilization", "modified")
_CONCLUSION = pattern(
    r"\bmedically\s+(?:necessary|indicated|appropriate)|\b(?:is|are)\s+(?:not\s+)?supported\b|"
    r"\b(?:therefore|thus(?!\s+far\b)|as\s+such|consequently|given\s+the\s+above|in\s+light\s+of)\b|\bnot\s+warranted\b"
)
