"""Facts from a letter's narrative (case summary and the item's rationale), each with the
text span it came from. A fact the letter does not state is simply absent (unknown).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable, Collection, Iterator
from typing import Protocol

from mtus_check.letters.assertion import ContextReader
from mtus_check.letters.fact_reader import FactReader, Mode
from mtus_check.letters.header import parse_date
from mtus_check.letters.models import ExtractedFact
from mtus_check.letters.number_words import CARDINAL, CUE_WORDS, cardinal
from mtus_check.letters.prior import had_service, prior_sessions
from mtus_check.letters.request_text import number
from mtus_check.letters.sentences import (
    CUES,
    Sentence,
    Told,
    evidence,
    number_group,
    pattern,
    states_record,
)
from mtus_check.letters.symptom_duration import symptom_weeks
from mtus_check.rules.facts_loader import FactSpecs
from mtus_check.rules.factspec import FactSpec
from mtus_check.rules.vocabulary import Section, Vocabulary

# "50% relief", "50% pain relief", "a 40 percent reduction in pain", "pain relief of 30%", "about 30% better"
_RELIEF = pattern(
    # (the number may be dictated in words: "roughly sixty percent relief")
    rf"(?P<n>\d{{1,3}}|{CARDINAL})\s*(?:%|percent)\s+(?:pain\s+)?(?:decrease|reduction|improvement|relief|less|better)\b(?:\s+(?:in|of)\s+"
    r"(?:\w+\s+)?(?:pain|symptoms))?|pain\s+relief\s+of\s+(?P<m>\d{1,3})\s*(?:%|percent)|"
    # the pain as the subject, or the object, of the decrease: "pain decreased 20%", "reduced her
    # pain by twenty percent"
    r"\bpain\s+(?:was\s+|is\s+)?(?:decreased|reduced|improved|decreases|improves)\s+(?:by\s+)?(?P<p>\d{1,3})\s*(?:%|percent)|"
    rf"\b(?:decreased|reduced|decreases|reduces|decrease|reduce)\s+(?:her|his|the)\s+pain\s+by\s+"
    rf"(?:(?:about|approximately|roughly|around|nearly|almost)\s+)?{number_group('q')}\s*(?:%|percent)|"
    # what the drug does, told as help: "the patch helps about 40%", "says it helps her pain maybe 20 percent"
    r"\bhelps?\s+(?:[\w'-]+\s+){0,5}?\"?(?:(?:about|maybe|roughly|approximately|around|by)\s+)?(?P<h>\d{1,3})\s*(?:%|percent)"
)


_RELIEF_WORDS = CUES.register("%", "percent")


# pain rated on and off the medication: "8/10 without medications and 4/10 with them" is 50% relief
_RATINGS = pattern(
    r"(?<!\d)(?P<a>\d+(?:\.\d+)?)\s*/\s*10\s+(?P<wa>without|with|off|on)\b(?:\s+[\w/.-]+){0,3}?\s*(?:,|and|to|versus|vs\.?)"
    r"\s+(?:\w+\s+){0,2}?(?P<b>\d+(?:\.\d+)?)\s*/\s*10\s+(?P<wb>with|without|on|off)\b"
)
# the same with the condition first: "with medication 5/10 and without medication 8/10"
_RATINGS_AFTER = pattern(
    r"\b(?P<wa>without|with|off|on)\s+(?:[\w/.,-]+\s+){0,4}?(?P<a>\d+(?:\.\d+)?)\s*/\s*10\s*(?:,|and|to|versus|vs\.?)"
    r"\s+(?:\w+\s+){0,2}?(?P<wb>with|without|on|off)\s+(?:[\w/.-]+\s+){0,2}?(?P<b>\d+(?:\.\d+)?)\s*/\s*10"
)
_RATINGS_WORDS = CUES.register("/10")
# pain brought down, told as a change: "with tramadol his pain decreases from 8/10 to 5/10",
# "during the TENS rental her pain went from 7/10 to 4/10", "Norco reduces her pain from 8/10 to
# 4/10"; what brought it down is told in as many ways as there are sentences, so the change is the
# relief (a rise is none). A progress note leaves out the "from" ("Pain 8/10 -> 5/10 w/ meds", the
# arrow read as "to"), or says where it went ("from 7/10 down to 3/10")
_CHANGE = pattern(
    r"\bpain\s+(?:[\w-]+\s+){0,3}?(?:from\s+)?(?P<a>\d+(?:\.\d+)?)\s*/\s*10\s+(?:down\s+)?to\s+(?P<b>\d+(?:\.\d+)?)\s*/\s*10|"
    # ... or as ratings before and after the treatment: "8/10 before the injection and 3/10 after it"
    r"(?<![\d.])(?P<c>\d+(?:\.\d+)?)\s*/\s*10\s+before\b[^.;]{0,40}?(?:,|\band\b)\s+(?:\w+\s+){0,2}?"
    r"(?P<d>\d+(?:\.\d+)?)\s*/\s*10\s+(?:after|afterwards?|following)\b|"
    # ... or brought down from the rating before the treatment to the one on it, whatever the
    # symptom is called: "the burning has come down from 8/10 before gabapentin to 4/10 on it"
    r"\bfrom\s+(?P<e>\d+(?:\.\d+)?)\s*/\s*10\s+(?:before|without|off)\b[^.;]{0,40}?\bto\s+"
    r"(?P<f>\d+(?:\.\d+)?)\s*/\s*10\s+(?:on|with|after)\b"
)


def _on_and_off(lower: str) -> tuple[re.Match[str], float] | None:
    """The match and the percent relief of pain rated off and on a medication, if the text gives both."""
    match = _RATINGS.search(lower) or _RATINGS_AFTER.search(lower)
    if match is None:
        return None
    a, b = float(match.group("a")), float(match.group("b"))
    off_first = match.group("wa") in ("without", "off")
    if off_first == (match.group("wb") in ("without", "off")):
        return None  # two ratings, both with or both without
    off, on = (a, b) if off_first else (b, a)
    if not 0 <= on < off <= 10:
        return None
    return match, round((off - on) / off * 100)


def _brought_down(lower: str) -> tuple[re.Match[str], float] | None:
    """The match and the percent relief of pain brought down from one rating to a lower one."""
    match = _CHANGE.search(lower)
    if match is None:
        return None
    before = float(match.group("a") or match.group("c") or match.group("e"))
    after = float(match.group("b") or match.group("d") or match.group("f"))
    return (match, round((before - after) / before * 100)) if 0 <= after < before <= 10 else None


def _percent_relief(states: Told, sents: list[Sentence]) -> ExtractedFact | None:
    for sentence in sents:
        match = _RELIEF.search(sentence.lower) if sentence.cues & _RELIEF_WORDS else None
        if match and states(sentence, match.span()):
            told = next((match.group(g) for g in ("n", "m", "p", "q", "h") if match.group(g)), None)
            value = number(told) or (cardinal(told) if told else None) or 0
            if 0 < value <= 100:
                return ExtractedFact(value=int(value), evidence=evidence(sentence, match))
        rated = _on_and_off(sentence.lower) or _brought_down(sentence.lower) if sentence.cues & _RATINGS_WORDS else None
        if rated is not None and states(sentence, rated[0].span()):
            return ExtractedFact(value=rated[1], evidence=evidence(sentence, rated[0]))
    return None


# the dose may be dictated in words and its unit spelled out: "forty milligrams of morphine
# equivalents a day", "one hundred eighty mg MED"
_MED = pattern(
    rf"(?:(?<!\d)(?P<n>\d{{1,6}}(?:\.\d{{1,6}})?)|(?P<w>{CARDINAL}))\s*(?:(?:mg|milligrams?)\s*(?:of\s+)?)?"
    r"(?:MED|MME|morphine\s+equivalents?|morphine\s+(?:milligram\s+)?equivalent"
    r"(?:\s+dose)?s?|morphine\s+equivalent\s+dosage)\b|"
    # the dose named first: "his total MED is 90 mg per day", or as a note lists it: "MED 40 mg/day"
    # a form's "MED: 50 mg/day"; an estimate "put the morphine equivalent dose at 180 mg per day"
    # (a word of its own: "medial meniscectomy of 12-12-2016" names no dose)
    r"\b(?:MED|MME|morphine\s+(?:milligram\s+)?equivalents?(?:\s+dos(?:e|age))?)\b\s*(?:(?:\w+\s+){0,2}?(?P<is>is|was|of|at|=|:|totals?))?"
    # the unit may go unsaid after a verb or a colon ("the calculated MME is 45"), not after the bare name;
    # the dose dictated in words takes its unit ("a morphine equivalent dose of sixty mg per day")
    r"\s*(?:(?P<k>\d{1,6}(?:\.\d{1,6})?)(?:\s*(?:mg|milligrams)\b|(?(is)(?![\d%/]|\.\d|\s*(?:times|fold|x)\b)|(?!)))"
    rf"|(?P<kw>{CARDINAL})\s*(?:mg|milligrams)\b)|"
    # a note's total, the abbreviation then the number alone ("MED 90", "MME 165"): a dose of two to
    # four digits, not a count of tablets, days or times
    r"\b(?:MED|MME)\s+(?P<b>\d{2,4})(?![\d%/]|[.,]\d|\s*(?:times|fold|x|tabs?|tablets?|pills?|days?|weeks?|months?|hours?|hrs?)\b)"
)


_MED_WORDS = CUES.register("med", "mme", "morphine")
_DIGITS = CUES.register(*"0123456789")  # "med" is in most sentences ("medical"); a dose needs a digit
_NUMBER_WORDS = CUES.register(*CUE_WORDS)  # ... or a number in words


# a dose changed within one sentence: the dose now is the one told after "now"/"current", or after
# the "to" of a "from ... to" ("reduced from 40 mg MED to 20 mg MED", "MED 60 -> current MED 40")
_DOSE_NOW = re.compile(r"\b(?:now|current|currently)\b")
_DOSE_TO = re.compile(r"\bto\b")
_DOSE_FROM = re.compile(r"\bfrom\b")


def _dose_now(lower: str, found: list[re.Match[str]]) -> re.Match[str]:
    """Of the doses one sentence tells, the one the patient takes now: the first, unless a later
    one is told as the dose now or as where a change "from" the first went "to"."""
    chosen = found[0]
    changed = _DOSE_FROM.search(lower, 0, found[0].start()) is not None
    for before, match in itertools.pairwise(found):
        between = lower[before.end() : match.start()]
        if _DOSE_NOW.search(between) or (changed and _DOSE_TO.search(between)):
            chosen = match
    return chosen


def _med(states: Told, sents: list[Sentence]) -> ExtractedFact | None:
    for sentence in sents:
        numbered = sentence.cues & _DIGITS or sentence.cues & _NUMBER_WORDS
        told = (
            [m for m in _MED.finditer(sentence.lower) if states(sentence, m.span())]
            if sentence.cues & _MED_WORDS and numbered
            else []
        )
        match = _dose_now(sentence.lower, told) if told else None
        if match:
            dose = match.group("n") or match.group("k") or match.group("b")
            value = float(dose) if dose else cardinal(match.group("w") or match.group("kw"))
            if value is not None:
                return ExtractedFact(value=value, evidence=evidence(sentence, match))
    return None


_SURGERY_NOUNS = (
    r"(?:surgery|repair|arthroscopy|arthroplasty|fusion|laminectomy|discectomy|"
    r"microdiscectomy|release|decompression|replacement|meniscectomy|reconstruction|laparotomy|resection)"
)
# the surgery's name: a spinal level may come first ("s/p L4-5 microdiscectomy"), and the procedure
# done through a scope may follow "with" ("knee arthroscopy with partial medial meniscectomy"), which
# is what the vocabulary finds the schedule's surgery by
_SURGERY_NAME = (
    r"(?P<s>(?:[a-z0-9/-]+\s+){0,4}?"
    + _SURGERY_NOUNS
    + r"(?:\s+with\s+(?:an?\s+)?(?:[a-z0-9/-]+\s+){0,3}?"
    + _SURGERY_NOUNS
    + r")?)"
)
_SURGERY = pattern(
    r"\b(?:status\s+post|s/p|underwent|had|post[- ]?op(?:erative)?\s+from)\s+(?:an?\s+)?"
    r"(?:(?:right|left|bilateral)\s+)?"
    + _SURGERY_NAME
    # the date after "on", or right after the name in a note's shorthand ("s/p R TKA 10/31/2016")
    + r"(?:\s+(?:(?:on|in|dated)\s+)?(?P<d>\d{1,2}[/-]\d{1,2}[/-]\d{2,4}))?"
)


# the same told in the passive: "a left knee arthroscopic meniscectomy was performed on 12-12-2016"
_SURGERY_DONE = pattern(
    r"\b(?:an?|the|her|his)\s+(?:(?:right|left|bilateral)\s+)?" + _SURGERY_NAME + r"\s+(?:was|were)\s+"
    r"(?:performed|done|carried\s+out)\b(?:\s+(?:on|in)\s+(?P<d>\d{1,2}[/-]\d{1,2}[/-]\d{2,4}))?"
)
# ... or as a clause without its verb, with its date ("since the left knee meniscectomy performed
# on 12-12-2016"): the date makes it an operation done, not one planned or named
_SURGERY_DONE_ON = pattern(
    r"\b(?:an?|the|her|his)\s+(?:(?:right|left|bilateral)\s+)?" + _SURGERY_NAME + r"\s+"
    r"(?:performed|done)\s+on\s+(?P<d>\d{1,2}[/-]\d{1,2}[/-]\d{2,4})"
)
_SURGERY_WORDS = CUES.register("s/p", "underwent", "had", "post", "performed", "done", "carried out")
# the date told first: "On 08/18/2015 he underwent a right L5-S1 microdiscectomy"
_DATED_FIRST = pattern(
    r"\bon\s+(?P<d>\d{1,2}[/-]\d{1,2}[/-]\d{2,4}),?\s+(?:she|he|the\s+patient|the\s+injured\s+worker|the\s+claimant)\s+$"
)


# a surgery told of someone else ("her mother underwent a lumbar fusion"), denied, supposed or
# quoted from a guideline is not the patient's (the categories of rules/facts/context.yaml)
_NOT_THE_PATIENTS = frozenset({"FAMILY", "OTHER_PERSON", "NEGATED_EXISTENCE", "HYPOTHETICAL", "GUIDELINE"})


def _surgery(
    sents: list[Sentence], context: ContextReader | None = None
) -> tuple[ExtractedFact | None, ExtractedFact | None]:
    for sentence in sents:
        match = (
            (
                _SURGERY.search(sentence.lower)
                or _SURGERY_DONE.search(sentence.lower)
                or _SURGERY_DONE_ON.search(sentence.lower)
            )
            if sentence.cues & _SURGERY_WORDS
            else None
        )
        if match and context is not None:
            [mods] = context.modifiers(sentence.text, [(match.start("s"), match.end("s"))])
            if mods & _NOT_THE_PATIENTS:
                continue
        if match:
            what = ExtractedFact(
                value=" ".join(sentence.text[match.start("s") : match.end("s")].split()),
                evidence=evidence(sentence, match),
            )
            when = None
            dated = match if match.group("d") else _DATED_FIRST.search(sentence.lower, 0, match.start())
            if dated and parse_date(dated.group("d")):
                when = ExtractedFact(value=parse_date(dated.group("d")), evidence=evidence(sentence, match))
            return what, when
    return None, None


def _mentions(
    sents: list[Sentence],
    cue: tuple[int, re.Pattern[str]],
    section: Section,
    unless_before: re.Pattern[str],
    reach: int,
    told: Told,
) -> Iterator[tuple[Sentence, int, int]]:
    """(sentence, start, end) of every vocabulary phrase `told` of this patient in the sentences
    that have the cue (words, then the pattern), except where `unless_before` matches the `reach`
    characters before the phrase."""
    words, phrase = cue
    for sentence in sents:
        if not sentence.cues & words or not phrase.search(sentence.lower):
            continue
        for _key, start, end in section.matches(sentence.text):
            if not unless_before.search(sentence.lower[max(0, start - reach) : start]) and told(sentence, (start, end)):
                yield sentence, start, end


_TAKING = pattern(
    r"\b(?:medications?|meds|prescribed|prescriptions?|taking|takes|currently\s+on|utiliz\w+|dispensed|"
    r"was\s+given|were\s+given|treatments?\s+(?:to\s+date\s+)?(?:has\s+|have\s+)?(?:included|include[sd]?|including)|"
    r"treated\s+with|(?:has|have|had)\s+(?:been\s+)?taken|(?:has|have)\s+been\s+on|started\s+on|remains\s+on|"
    # kept on a drug: "she has been maintained on tramadol since 2014"; refilled; a dose changed;
    # "(on it since 2015)"
    r"maintained\s+on|refill(?:ed|s)?|on\s+(?:it|them|this|that)\s+since|"
    r"dose\s+(?:was\s+|has\s+been\s+)?(?:raised|increased|decreased|reduced|lowered|titrated|adjusted))\b|"
    # a drug written with its dose and schedule, as a medication list gives it ("cyclobenzaprine
    # 7.5 mg TID", "OxyContin 40 mg 1 tab q12h")
    r"\b\d+(?:\.\d+)?\s*(?:mg|mcg)\b[^.;]{0,30}?\b(?:daily|bid|tid|qid|q\s?\d{1,2}\s?h(?:rs?)?|qhs|prn|nightly|"
    r"at\s+bedtime|(?:once|twice|three\s+times|four\s+times)\s+(?:a|per)\s+day|every\s+\d{1,2}\s+hours)\b|"
    # a templated list of them: "Treatment to date: PT, chiro, tramadol since 2013."
    r"\btreatments?(?:\s+to\s+date)?\s*:|"
    # pain rated with and without a drug: one taken now ("8/10 without Norco", "with Norco his pain is 4/10")
    r"\d\s*/\s*10\s+(?:with|without|on|off)\b|"
    r"\b(?:with|without|on|off)\s+[\w/.-]+,?\s+(?:\w+\s+){0,3}?\d+(?:\.\d+)?\s*/\s*10\b"
)
_TAKING_WORDS = CUES.register(
    "med",
    "prescri",
    "taking",
    "takes",
    "currently",
    "utiliz",
    "dispensed",
    "given",
    "treatment",
    "/10",
    "treated with",
    "taken",
    "been on",
    "started on",
    "remains on",
    "maintained on",
    "refill",
    "on it since",
    "on them since",
    "on this since",
    "on that since",
    "dose",
    "mg",
    "mcg",
)
# "has never been prescribed an opioid": the passive's "been" and an article between count as nothing
# ... and the drugs named after it with "or" ("has not been tried on an antidepressant or anticonvulsant")
_STOPPED = pattern(
    r"\b(?:no|not|never|without|stopped|discontinued|no\s+longer)\s+(?:been\s+)?(?:\w+\s+){0,2}?(?:an?\s+|any\s+)?"
    r"(?:(?:[\w/-]+\s+){1,2}?(?:or|nor)\s+(?:an?\s+|any\s+)?){0,2}$"
)
# an ingredient of a compounded product: a drug written with its percent among other percents
# ("a cream of ketoprofen 10%, gabapentin 6% and lidocaine 5%"): the product's, no drug taken by mouth
_PERCENT = pattern(r"\d+(?:\.\d+)?\s*%")
_PERCENT_NEXT = pattern(r"\s*\d+(?:\.\d+)?\s*%")
_COMPOUND_REACH = 40
# a plan that continues a drug says it is taken now ("will continue tramadol", "continuing Norco")
_CONTINUED = pattern(r"\bcontinu\w*\s+(?:with\s+|on\s+)?(?:the\s+|her\s+|his\s+|current\s+)?$")
DRUG_CATEGORIES = ("medication", "opioid")
# a drug's name as the unit of a dose ("morphine equivalents", "morphine milligram equivalent")
_UNIT = pattern(r"\s+(?:milligram\s+)?equivalents?\b")


def current_medications(sents: list[Sentence], drugs: Section, told: Told, given: Told) -> ExtractedFact | None:
    """Drugs the summary says the patient takes (names in lower case), from sentences about
    medications; a drug named as stopped or not taken does not count, nor one the assertion layer
    says is not the patient's now (`given`: guideline text, another person's, a plan to start it),
    unless a plan continues it (`told`: "she will continue tramadol"). `drugs`: the vocabulary's
    drug services (Vocabulary.services_of(DRUG_CATEGORIES))."""

    def taken(sentence: Sentence, span: tuple[int, int]) -> bool:
        continued = _CONTINUED.search(sentence.lower, max(0, span[0] - 30), span[0])
        return (told if continued else given)(sentence, span)

    names: list[str] = []
    first: Sentence | None = None
    for sentence, start, end in _mentions(sents, (_TAKING_WORDS, _TAKING), drugs, _STOPPED, 60, taken):
        if _UNIT.match(sentence.lower, end):
            continue  # "a morphine equivalent dose of 20 mg": a measure of the dose, no drug taken
        near = sentence.lower[max(0, start - _COMPOUND_REACH) : end + _COMPOUND_REACH]
        if _PERCENT_NEXT.match(sentence.lower, end) and len(_PERCENT.findall(near)) > 1:
            continue  # an ingredient of a compounded product
        # in lower case, the vocabulary's spelling: a drug named at a sentence's start and inside
        # one is one drug, whichever the summary names first ("Cyclobenzaprine was started" / "on
        # cyclobenzaprine")
        name = sentence.lower[start:end]
        if name not in names:
            names.append(name)
            first = first or sentence
    return ExtractedFact(value=names, evidence=evidence(first)) if first is not None else None


Finder = Callable[[list[Sentence]], ExtractedFact | None]
Finders = dict[str, Finder]


class SymptomWeeks:
    """The finder of symptom_weeks: the pack's symptom words and services, the assertion layer
    (built on first use) and the date a length is counted to (`on`: the letter's date of service)."""

    def __init__(self, reader: FactReader, vocabulary: Vocabulary, as_of: dt.date | None = None) -> None:
        self.reader = reader
        self.vocabulary = vocabulary
        self.as_of = as_of

    def on(self, as_of: dt.date | None) -> SymptomWeeks:
        """The same finder counting to `as_of`."""
        return SymptomWeeks(self.reader, self.vocabulary, as_of)

    def __call__(self, sents: list[Sentence]) -> ExtractedFact | None:
        vocabulary = self.vocabulary
        return symptom_weeks(sents, vocabulary.symptoms, vocabulary.services, self.reader.context(), self.as_of)


def dated(finders: Finders, as_of: dt.date | None) -> Finders:
    """`finders` with those that count to a date (symptom_weeks) counting to `as_of`."""
    if as_of is None or not any(isinstance(f, SymptomWeeks) for f in finders.values()):
        return finders
    return {name: f.on(as_of) if isinstance(f, SymptomWeeks) else f for name, f in finders.items()}


# facts read by their own grammar (numbers, dates, names); the yes/no facts are the pack's
# specs (rules/facts/), read by FactReader
_NUMERIC: dict[str, Callable[[Told, list[Sentence]], ExtractedFact | None]] = {
    "pain_relief_percent": _percent_relief,
    "med_mg_per_day": _med,
}
# read by letters/symptom_duration.py, counted to the letter's date of service (`dated`)
SYMPTOM_WEEKS = "symptom_weeks"


def _stated(reader: FactReader, spec: FactSpec, mode: Mode) -> Told:
    def states(sentence: Sentence, span: tuple[int, int]) -> bool:
        return states_record(sentence) and reader.mention(sentence, span, spec, mode, grammar=True) is True

    return states


@functools.lru_cache(maxsize=8)
def fact_reader(facts: FactSpecs, vocabulary: Vocabulary) -> FactReader:
    """The pack's yes/no facts compiled once per process."""
    return FactReader(facts, vocabulary)


@functools.lru_cache(maxsize=16)
def fact_finders(facts: FactSpecs, vocabulary: Vocabulary, mode: Mode = "case") -> Finders:
    """Every narrative fact's finder, in a fixed order: the numeric ones, then the specs'.
    Built once per pack and mode; callers must not change the dict."""
    reader = fact_reader(facts, vocabulary)
    finders: Finders = {}
    for name, find in _NUMERIC.items():
        if (spec := facts.get(name)) is not None:
            finders[name] = functools.partial(find, _stated(reader, spec, mode))
    if facts.get(SYMPTOM_WEEKS) is not None:
        finders[SYMPTOM_WEEKS] = SymptomWeeks(reader, vocabulary)
    for name in reader.names:
        finders[name] = functools.partial(reader.read, name, mode=mode)
    return finders


class SummaryFacts:
    """Facts of the case summary, each found on first use and then shared by the letter's items."""

    def __init__(self, sents: list[Sentence], finders: Finders, context: ContextReader | None = None) -> None:
        self.sents = sents
        self.finders = finders
        self.context = context
        self._found: dict[str, ExtractedFact | None] = {}

    def get(self, name: str) -> ExtractedFact | None:
        """The summary's fact `name`, or None when it does not state it."""
        if name not in self._found:
            if name in ("surgery", "surgery_date"):
                self._found["surgery"], self._found["surgery_date"] = _surgery(self.sents, self.context)
            else:
                self._found[name] = self.finders[name](self.sents)
        return self._found[name]


def case_facts(
    summary_sents: list[Sentence], finders: Finders, context: ContextReader | None = None
) -> dict[str, ExtractedFact]:
    """Every fact of the case summary (`finders`: fact_finders of the pack; with `context`, the
    pack's assertion layer, a surgery told of another person or denied is not the patient's)."""
    found = SummaryFacts(summary_sents, finders, context)
    names = sorted({*finders, "surgery", "surgery_date"})
    return {name: fact for name in names if (fact := found.get(name)) is not None}


class StatesFacts(Protocol):
    """The summary's facts as narrative_facts reads them: the finders, and each fact by name."""

    finders: Finders

    def get(self, name: str) -> ExtractedFact | None: ...


def narrative_facts(
    summary_sents: list[Sentence],
    synonyms: list[str],
    summary_facts: StatesFacts,
    given: Told,
    wanted: Collection[str] | None = None,
    about_region: Callable[[Sentence], bool] | None = None,
) -> dict[str, ExtractedFact]:
    """The narrative facts of the case record (all, or those `wanted`) for the blind prediction:
    the case summary only, never the reviewer's rationale (`summary_facts`: the summary's, with
    the finders to use)."""
    found: dict[str, ExtractedFact | None] = {}
    for name in summary_facts.finders:
        if wanted is None or name in wanted:
            found[name] = summary_facts.get(name)
    if wanted is None or "prior_sessions" in wanted or "course" in wanted:
        # therapy received for another body region says nothing of this request's course
        found["prior_sessions"] = prior_sessions(summary_sents, synonyms, given, about_region)
        found["course"] = had_service(summary_sents, synonyms, given, about_region)
    if wanted is None or "surgery" in wanted or "surgery_date" in wanted:
        found["surgery"], found["surgery_date"] = summary_facts.get("surgery"), summary_facts.get("surgery_date")
    return {k: v for k, v in found.items() if v is not None}


def reviewer_findings(
    rationale: list[Sentence], finders: Finders, wanted: Collection[str] | None = None
) -> dict[str, ExtractedFact]:
    """What the reviewer's rationale says of each fact ("there is no documentation of X": not
    met), read by the same specs in findings mode; never part of the blind prediction."""
    found = {name: finder(rationale) for name, finder in finders.items() if wanted is None or name in wanted}
    return {k: v for k, v in found.items() if v is not None}
