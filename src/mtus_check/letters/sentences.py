"""Sentences of a letter's narrative, and which of them state facts of the case.

Reviewers quote guidelines in their rationales ("extension ... if functional improvement is
documented"); sentences that read as guideline text, the rationale's conclusion, or the UR's
stated reasons are marked unusable for facts about the patient.
"""

from __future__ import annotations

import functools
import re

from mtus_check.letters.models import Evidence
from mtus_check.letters.request_text import WORDS
from mtus_check.rules.shorthand import Shift, Spelling, written_span
from mtus_check.text import CueIndex, lowercase, pattern

# the words fact finders look for before they try their patterns, registered as the finders
# are defined: each sentence is scanned for all of them in one pass when it is made
CUES = CueIndex()
Shifts = tuple[Shift, ...]


class Sentence:
    """One sentence of a section: its text as read (shorthand spelled out), as written, where it
    starts, and whether it states case facts."""

    __slots__ = ("_record", "_usable", "cues", "lower", "past", "section", "shifts", "start", "text", "written")

    def __init__(self, text: str, start: int, section: str, written: str | None = None, shifts: Shifts = ()) -> None:
        self.text = text  # what every reader reads: clinical shorthand spelled out ("w/o" as "without")
        self.written = text if written is None else written  # as in the letter: what evidence quotes
        self.shifts = shifts  # where the spelled-out words were written (rules.shorthand)
        self.start = start  # offset of `written` in its section's text
        self.section = section
        self.lower = lowercase(text)
        self.cues = CUES.found(self.lower)  # mask of the cue words in the sentence
        self.past: tuple[int, int] | None = None  # the part told of before the injury (letters.history)
        self._usable: bool | None = None
        self._record: bool | None = None  # states_record, decided on first use

    @property
    def usable(self) -> bool:
        """States facts of this case (see about_patient). Decided on first use: most sentences
        match no fact's words and are never asked."""
        if self._usable is None:
            self._usable = _states_case_facts(self)
        return self._usable

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


# the end mark first, not a lookbehind: Python's re then skips to the next '.', '!' or '?'. A
# templated list's next label starts a sentence too, without an end mark before it ("ROS: negative
# for fever Neuro: decreased sensation L5": the negation is the review of systems', not the exam's)
# for a text with a colon only. There the end mark or the label's first space is taken first, and
# which it was decides the rest: re skips to the next mark or space, where a lookbehind before the
# space was tried at every position (the label starts at the match, its `label` group one later).
# A list's bullet ("- ", "* ", "• ") starts a sentence too, after an end mark or none: a section is
# read flowed, so a bulleted line's end is gone and only its bullet is left ("Neuro intact - No red
# flags"); not before a level or a number ("L4 - L5", "2015 - 2016"). The bullet is the character
# taken first, as an end mark is, so re still skips from mark to mark where a text has no colon.
_GAP = r"(?<=[.!?])(?P<gap>[\"')]*\s+(?:[-*\u2022]\s+)?)(?=[A-Za-z0-9\"(])"
_BULLET = r"(?<=[\w%)]\s[-*\u2022])(?P<bullet>\s+)(?=[A-Z](?![0-9]))"
_BOUNDARY = re.compile(rf"[.!?*\u2022-](?:{_GAP}|{_BULLET})")
_BOUNDARY_OR_LABEL = re.compile(
    rf"[.!?\s*\u2022-](?:{_GAP}|{_BULLET}"
    r"|(?<=[a-z0-9%)]\s)(?P<label>\s*)(?=[A-Z][A-Za-z']*(?:[ /][A-Za-z']+){0,2}:\s))"
)
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


# a period that ends an abbreviation, not a sentence, before a capital or a digit: titles ("Dr.
# Alvarez"), Latin ("e.g. PT"), page and figure numbers of citations ("p. 99, 8-10 visits are
# supported": split there, the guideline's name would be left in the sentence before); a month or
# "No." only before a number ("Jan. 2015", "No. 2"); a single capital is an initial beside another
# or after a title ("J. T. Lopez", "Dr. R. Kim"), else a letter ending a sentence ("vitamin D.").
# General English and clinical writing, compared with medspaCy's splitters in `bench sentences`.
_ABBREVIATIONS = frozenset("dr drs mr mrs ms prof st vs e.g i.e approx p pp fig figs ed eds vol cf".split())  # noqa: SIM905
_BEFORE_NUMBER = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec no nos ch chap".split())  # noqa: SIM905


# a sentence that starts in lower case ("neck pain. pain is worse with rotation", telegraphic
# notes) starts after a plain word of three letters or more; not after shorthand that a clause
# runs on from ("20 lbs. on the right", "p.o. t.i.d. was", "pain, etc. and")
_RUNS_ON = frozenset(
    (  # noqa: SIM905
        "etc approx vs cont neg pos bilat lat med meds prev incl esp resp sig disp qty tab tabs cap caps inj lbs oz "
        "mi ft deg hrs hr wks wk mos yrs min mins sec secs mg mcg ml cm mm kg ca cf viz dept avg"
    ).split()
)


def _lower_case_start(text: str, mark: int, start: int) -> bool:
    """Whether a sentence starting in lower case at `start` follows the end mark at `mark`."""
    before = text[text.rfind(" ", 0, mark) + 1 : mark]
    after = text[start : start + 3]
    return len(before) >= 3 and before.isalpha() and before.lower() not in _RUNS_ON and after[:2].isalpha()


def _abbreviation(text: str, period: int) -> bool:
    """Whether the period at `period` ends an abbreviation of the word before it."""
    start = text.rfind(" ", 0, period) + 1
    word = text[start:period].lstrip("(\"'")
    if len(word) == 1 and word.isupper():
        return _initial(text, start, period)
    folded = word.lower()
    if folded in _ABBREVIATIONS:
        return True
    return folded in _BEFORE_NUMBER and text[period + 1 : period + 3].strip()[:1].isdigit()


def _initial(text: str, start: int, period: int) -> bool:
    """Whether the single capital before `period` (its word starting at `start`) is an initial:
    another initial follows it ("J. T."), or an initial or a title comes before it."""
    if re.match(r"\s+[A-Z]\.\s", text[period + 1 : period + 5]):
        return True
    before = text[text.rfind(" ", 0, max(start - 1, 0)) + 1 : max(start - 1, 0)]
    return before.endswith(".") and (len(before) == 2 or before[:-1].lower() in _ABBREVIATIONS)


@functools.lru_cache(maxsize=32)
def _split(text: str, offset: int, section: str) -> tuple[Sentence, ...]:
    out, pos = [], 0
    for match in (_BOUNDARY_OR_LABEL if ":" in text else _BOUNDARY).finditer(text):
        gap, bullet = match.group("gap"), match.group("bullet")
        # after the end mark; before the space a bullet follows; at a label's gap
        end = match.start("gap") if gap is not None else match.start() - 1 if bullet is not None else match.start()
        if gap is None and bullet is None and _in_label(text, end):
            continue
        if gap is not None:
            if text[end - 1] == "." and _abbreviation(text, end - 1):
                continue
            # after a bullet, any word starts the item ("2013. \u2022 exercises daily")
            bulleted = gap.rstrip()[-1:] in ("-", "*", "\u2022")
            if text[match.end()].islower() and not bulleted and not _lower_case_start(text, end - 1, match.end()):
                continue
        part = text[pos:end]
        if part.strip():
            out.append(Sentence(part, offset + pos, section))
        pos = match.end()
    if text[pos:].strip():
        out.append(Sentence(text[pos:], offset + pos, section))
    return tuple(out)


def _in_label(text: str, gap: int) -> bool:
    """Whether the word before a label's gap is a capitalised word of the label itself ("Prior PT:",
    "Red flags:" after "Neuro: intact"): a label starts after a word in lower case, a number or a level ("L5")."""
    before = text[:gap].rsplit(None, 1)
    return bool(before) and before[-1][:1].isupper() and before[-1].isalpha()


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


def _states_case_facts(sentence: Sentence) -> bool:
    """A sentence that states facts of this case for the grammar-read facts (numbers, dates,
    drug lists): not guideline text by its words, and a sentence of the record (states_record)."""
    if sentence.cues & _GUIDELINE_WORDS and _GUIDELINE.search(sentence.lower):
        return False
    return states_record(sentence)


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


def about_patient(sentence: Sentence) -> bool:
    return sentence.usable


# "may" as a modal, not the month of a date ("on 3 May 2016", "May 12, 2016"); "up to" as a limit,
# not a prescription's directions ("Percocet up to four times a day", "up to 3 tablets daily")
_GUIDELINE = pattern(
    r"\b(?:guidelines?|MTUS|ODG|ACOEM|CPMTG|recommend\w*|is indicated|are indicated|may be|should|"
    r"criteria|required|requires|supported when|if there is|in order to|allow for|"
    r"up to(?!\s+(?:[\w-]+\s+){0,2}?(?:times|tablets?|tabs?|capsules?|pills?)\b)|total of|trial of|"
    r"are\s+(?:only\s+)?(?:for|reserved\s+for)|"
    r"\d+\s*(?:-|to)\s*\d+\s+(?:visits|sessions|treatments)|is\s+defined|defined\s+(?:as|by)|goal|intended|"
    r"widely\s+used|alternative\s+to|means|indications?|are\s+(?:highly\s+)?effective|most\s+patients|provided\s+(?:that|any)|patients\s+(?:who|with)|is\s+desirable|is\s+based\s+on|would\s+be|will\s+be|may\s+(?!\d)\w+|only\s+(?:when|if)|can\s+be|over\s+\d+\s+weeks|visits\s+over|including\s+at\s+least|continued\s+objective)\b"
)
# words without which neither pattern can match (one has to be present for a search)
_GUIDELINE_WORDS = CUES.register(
    "guideline", "mtus", "odg", "acoem", "cpmtg", "recommend", "indicated", "may", "should", "criteria", "required",
    "are for", "are only for", "are reserved",
    "requires", "supported", "there", "order", "allow", "up", "total", "trial", "visits", "sessions", "treatments",
    "defined", "goal", "intended", "widely", "alternative", "means", "indication", "effective", "patients",
    "provided", "desirable", "based", "would", "will", "only", "can", "weeks", "including", "continued",
    "medically", "therefore", "thus", "such", "consequently", "above", "light", "warranted",
)  # fmt: skip
_UR_WORDS = CUES.register("denied", "certif", "utilization", "modified")
_CONCLUSION = pattern(
    r"\bmedically\s+(?:necessary|indicated|appropriate)|\b(?:is|are)\s+(?:not\s+)?supported\b|"
    r"\b(?:therefore|thus(?!\s+far\b)|as\s+such|consequently|given\s+the\s+above|in\s+light\s+of)\b|\bnot\s+warranted\b"
)
