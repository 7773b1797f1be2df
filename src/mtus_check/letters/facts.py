"""Facts from a letter's narrative (case summary and the item's rationale), each with the
text span it came from. A fact the letter does not state is simply absent (unknown).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterator, Sequence

from mtus_check.letters.header import parse_date
from mtus_check.letters.models import ExtractedFact
from mtus_check.letters.prior import had_service, prior_sessions
from mtus_check.letters.sentences import CUES, Sentence, about_patient, evidence, first_match, negated_before, pattern
from mtus_check.rules.vocabulary import Section, Vocabulary

_FI_PHRASE = pattern(
    r"functional\s+(?:improvement|gains?|benefit|improvements)|improve\w*\s+(?:in\s+)?(?:\w+\s+){0,2}"
    r"(?:function(?:ing|al\s+(?:ability|capacity|status|mobility))?|activities\s+of\s+daily\s+living|ADLs?)\b|"
    # "increased activities" may be what worsens the pain; increased function is a gain
    r"increase\w*\s+(?:in\s+)?(?:\w+\s+){0,2}function(?:ing|al\s+(?:ability|capacity|status|mobility))?\b|"
    r"(?:reduction|decrease)\s+in\s+work\s+restrictions|\bchanges?\s+in\s+(?:\w+\s+){0,2}?(?:level\s+of\s+)?function(?:ing)?\b|"
    # less dependence on medical treatment (9792.20): "with less need for ibuprofen"
    r"\b(?:less|reduced|decreased|lower)\s+(?:need\s+for|use\s+of|dependence\s+on|reliance\s+on)\s+(?:pain\s+)?\w+"
)
# what a treatment lets the patient do: "the medications allow her to perform household chores";
# its own pattern and words, as "with" and "on" start many phrases that say nothing of function
_FI_ENABLED_PHRASE = pattern(
    r"\b(?:medications?|meds|analgesics?)\s+(?:allows?|allowed|enables?|enabled|helps?|helped)\s+(?:him|her|them|the\s+"
    r"(?:patient|injured\s+worker|claimant))\s+(?:to\s+)?(?:\w+\s+){0,2}?(?:perform|do|complete|continue|walk|work|"
    r"function|participate|care|maintain|remain)\w*|"
    r"\b(?:with|on)\s+(?:the\s+|his\s+|her\s+)?(?:pain\s+)?(?:medications?|meds),?\s+(?:he|she|the\s+patient|the\s+injured\s+worker)"
    r"\s+(?:is|was|reports\s+being)\s+able\s+to|"
    r"\b(?:which|that)\s+(?:lets|let|allows|allowed|enables|enabled|helps|helped)\s+(?:him|her|them)\s+(?:to\s+)?"
    r"(?:\w+\s+){0,2}?(?:perform|do|complete|continue|walk|work|function|participate|care|maintain|remain)\w*"
)


def _negatable(
    phrase: re.Pattern[str],
    keywords: tuple[str, ...],
    negative: re.Pattern[str] | None = None,
    skip: re.Pattern[str] | None = None,
    any_report: bool = False,
    patient_only: bool = True,
) -> Callable[[list[Sentence]], ExtractedFact | None]:
    """A yes/no fact stated by a phrase: no when the sentence negates it before the phrase
    ("did not reveal any neurological deficits", "there are no red flags") or says the
    opposite outright (`negative`: "the neurological examination was normal")."""
    words = CUES.register(*keywords)

    def find(sents: list[Sentence]) -> ExtractedFact | None:
        first_negative: ExtractedFact | None = None
        for sentence in sents:
            if not sentence.cues & words or (patient_only and not sentence.usable):
                continue
            if skip is not None and skip.search(sentence.lower):
                continue
            if negative is not None and negative.search(sentence.lower):
                return ExtractedFact(value=False, evidence=evidence(sentence))
            match = phrase.search(sentence.lower)
            if match:
                negated = negated_before(sentence.lower, match.start())
                found = ExtractedFact(value=not negated, evidence=evidence(sentence))
                if not (any_report and negated):
                    return found
                first_negative = first_negative or found
        # with any_report, one report anywhere outweighs a denial elsewhere ("no numbness in the
        # left arm" and "numbness of the left thumb" means numbness is reported)
        return first_negative

    return find


_NEURO_PHRASE = pattern(
    r"\b(?:decreased|diminished|reduced|absent|abnormal|altered|loss\s+of)\s+(?:\w+\s+){0,2}(?:sensation|sensory|"
    r"reflex(?:es)?|strength|motor|dermatom\w*)|positive\s+(?:\w+\s+){0,2}straight[- ]leg[- ]rais|positive\s+spurling|"
    r"(?:focal\s+|objective\s+)?neurolog\w*\s+(?:deficits?|findings|abnormalit\w+|signs)|radiculopathy\s+on\s+exam\w*|"
    r"(?:motor|muscle)\s+weakness|weakness\s+(?:of|in)\s+the\s+(?:\w+\s+){0,2}(?:extremit\w+|leg|arm|hand|foot)|"
    r"muscle\s+atrophy|dermatomal|myotomal|positive\s+(?:tinel|phalen|slr\b)|"
    # the same findings said the other way round (a strength grade alone is left out: a torn
    # tendon weakens a shoulder too)
    r"(?:straight[- ]leg[- ]rais\w*|\bslr|tinel'?s?|phalen'?s?|spurling'?s?)(?:\s+(?:sign|test|maneuver))?"
    r"(?:\s+(?:was|is|were))?\s+positive|\bhyp(?:o)?esthe\w*|\bhyporeflex\w*|\bareflex\w*|"
    r"sensory\s+(?:deficits?|loss)|(?:reflexes|sensation|strength)\s+(?:is|are|was|were)\s+(?:absent|decreased|diminished|"
    r"reduced|hypoactive|impaired|altered)"
)
_NEURO_NORMAL = pattern(
    r"neurolog\w*\s+exam\w*\s+(?:\w+\s+){0,2}(?:was|is|were)\s+(?:normal|intact|unremarkable|non-?focal|benign)|"
    r"(?:sensation|reflexes|strength|motor\s+\w+)\s+(?:\w+\s+){0,3}(?:is|are|was|were)\s+(?:normal|intact|symmetric)|"
    r"\bintact\s+(?:sensation|reflexes|strength|motor)|neurologically\s+intact"
)
_HOMEBOUND_PHRASE = pattern(
    r"\bhomebound|confined\s+to\s+(?:the\s+)?(?:home|bed)|bed-?bound|unable\s+to\s+leave\s+(?:the\s+|her\s+|his\s+)?home|"
    r"(?:leaves?|leaving)\s+(?:the\s+|her\s+|his\s+)?home\s+only\s+(?:for|to)"
)
_SWALLOWING_PHRASE = pattern(
    r"(?:difficulty|trouble|problems?)\s+(?:with\s+)?swallowing|\bdysphagia|"
    r"(?:unable|not\s+able|cannot|can't|inability)\s+(?:to\s+)?(?:swallow|take|utilize|use)\s+(?:oral\s+)?"
    r"(?:\w+\s+){0,2}?(?:tablets|capsules|pills)"
)
_SURGERY_PHRASE = pattern(
    r"surgical\s+candidate|(?:surgery|surgical\s+(?:intervention|consultation)|operative\s+\w+|injections?|procedures?|"
    r"blocks?)\s+(?:is|are|was|were|has\s+been|have\s+been)"
    r"\s+(?:being\s+)?(?:considered|planned|recommended|contemplated|scheduled)|pre-?operative\s+planning|"
    r"planned\s+surgery|consider\w*\s+surgery|surgical\s+(?:consult|referral)|candidate\s+for\s+(?:\w+\s+)?surgery|"
    r"plan\s+for\s+surgery|consider\w*\s+(?:for\s+|of\s+)?(?:a\s+)?surg(?:ery|ical\s+intervention)|"
    r"consider\w*\s+(?:an?\s+)?(?:\w+\s+){0,2}?(?:decompression|fusion|discectomy|microdiscectomy|laminectomy|arthroscopy|"
    r"arthroplasty|repair|reconstruction|release|replacement|operation|injections?|blocks?|procedures?|ablation)\b"
)
_PARESTHESIA_PHRASE = pattern(
    r"\b(?:numbness|tingling|paresthesi\w*|pins\s+and\s+needles|dysesthesi\w*|hyposensori\w*)|"
    r"\b(?:go|goes|went|gone|get|gets|got|feel|feels|felt|becomes?|became)\s+numb\b|\bnumb\s+(?:fingers|hands?|feet|toes)"
)
_COMPLAINT = pattern(r"\b(?:complain\w*|report(?:s|ed)?\s+(?:that|having|ongoing)|subjective)")  # symptoms, not exam

_FI_WORDS = CUES.register(
    "function", "activities", "adl", "restriction", "need for", "use of", "dependence", "reliance"
)
_FI_ENABLED_WORDS = CUES.register(
    "medication", "meds", "analgesic", "lets", "let him", "let her", "allow", "enabl", "help"
)


def _functional_improvement(sents: list[Sentence]) -> ExtractedFact | None:
    """Documented objective functional improvement: False when the sentence that speaks of it
    is negated before the phrase ("no documentation of ... functional improvement")."""
    for sentence in sents:
        core = _FI_PHRASE.search(sentence.lower) if sentence.cues & _FI_WORDS else None
        enabled = _FI_ENABLED_PHRASE.search(sentence.lower) if sentence.cues & _FI_ENABLED_WORDS else None
        # the first of the two in the sentence, as one pattern of both would find it
        match = enabled if core is None or (enabled is not None and enabled.start() < core.start()) else core
        if not match or not about_patient(sentence):
            continue
        # "pain 8/10 without Norco" says when the pain is rated, it negates nothing
        negated = negated_before(_RATED_WITHOUT.sub(" ", sentence.lower[: match.start()]), match.start())
        return ExtractedFact(value=not negated, evidence=evidence(sentence))
    return None


_RATED_WITHOUT = pattern(r"\d+(?:\.\d+)?\s*/\s*10\s+(?:without|off)\b")


_EXERCISE = [
    (
        pattern(
            r"\b(?:not|no|without|non-?complian\w*\s+with|stopped)\b[^.;]{0,30}?(?:home\s+exercise|exercise\s+program|"
            r"\bHEP\b|exercising)"
        ),
        False,
    ),
    (
        pattern(
            r"home\s+exercise(?:\s+program)?|\bHEP\b|exercise\s+program|\b(?:she|he|patient|claimant|worker)\s+"
            r"(?:exercises|is\s+exercising|walks\s+daily)|active\s+(?:therapy|rehabilitation)\s+program"
        ),
        True,
    ),
]
_WORK = [
    (
        pattern(
            r"temporar\w*\s+(?:and\s+)?total\w*\s+(?:\w+\s+)?disab|\bTTD\b|not\s+working|off\s+work|unable\s+to\s+work|"
            r"has\s+not\s+returned\s+to\s+work|is\s+not\s+currently\s+working"
        ),
        False,
    ),
    (
        pattern(
            r"returned\s+to\s+(?:full\s+|modified\s+|regular\s+)?(?:work|duty)|continues\s+to\s+work|currently\s+working|"
            r"is\s+working|working\s+(?:full|part)[ -]time|(?:full|modified|regular)\s+duty|"
            r"work\s+status\s+(?:is|was|of)\s+(?:a\s+)?(?:return\s+to\s+(?:\w+\s+)?work|regular\s+work|full\s+work)"
        ),
        True,
    ),
]
_CONSERVATIVE = [
    (
        pattern(
            r"\bhas\s+not\s+(?:yet\s+)?(?:tried|undergone|had|completed)\s+(?:\w+\s+){0,3}(?:conservative|physical\s+therapy|"
            r"therapy)|no\s+(?:prior\s+)?conservative\s+(?:care|treatment)|"
            r"(?:not|cannot)\s+(?:be\s+)?(?:considered|said|deemed|described)\s+(?:as\s+|to\s+)?(?:have\s+|having\s+)?"
            r"failed|\b(?:has|have|had)\s+not\s+(?:yet\s+)?failed|"
            # the reviewer finds no record of it: "unclear what conservative care the patient has tried and failed"
            r"(?:unclear|lack\w*\s+of\s+(?:\w+\s+){0,2}?documentation|no\s+documentation)\s+(?:\w+\s+){0,8}?"
            r"(?:tried\s+and\s+failed|trying\s+and\s+failing|trial\s+and\s+failure|has\s+failed|had\s+failed)|"
            r"(?:is|are|was|were|been)\s+responding\s+(?:well\s+)?to\s+(?:\w+\s+){0,2}(?:therapy|treatment|conservative)"
        ),
        False,
    ),
    (
        pattern(
            r"\bfail(?:ed|ure\s+of)\s+(?:\w+\s+){0,3}(?:conservative|physical\s+therapy|medications?|treatments?|therapy)|"
            r"despite\s+(?:\w+\s+){0,4}(?:physical\s+therapy|conservative|medications?|therapy|treatment)|"
            r"conservative\s+(?:care|treatment|therapy|management)\s+(?:of|for)\s+(?:at\s+least\s+|over\s+|more\s+than\s+)?"
            r"(?:\d+|one|two|three|four|five|six|eight|several)\s+(?:weeks?|months?)|"
            r"(?:not|no|without)\s+(?:\w+\s+){0,2}(?:improv\w*|relief|respon\w*)\s+(?:with|to|from|after)\s+(?:\w+\s+){0,3}"
            r"(?:conservative|therapy|treatment|medications?)|"
            r"(?:persist\w*|continu\w+|ongoing|remain\w*)\s+(?:\w+\s+){0,3}(?:after|despite)\s+(?:\w+\s+){0,4}"
            r"(?:physical\s+therapy|conservative|medications?|therapy|treatment|sessions|visits)|"
            # the care tried, then its result: "8 sessions of physical therapy which were not beneficial"
            r"(?:therapy|treatment|sessions|visits|medications?|anti-?inflammator\w*|nsaids?)\s+(?:\w+\s+){0,4}?"
            r"(?:(?:was|were|is|are|has\s+been|have\s+been)\s+)?(?:not\s+(?:beneficial|effective|helpful)|unsuccessful|"
            r"ineffective)|(?:therapy|treatment|sessions|visits|course|medications?|anti-?inflammator\w*|nsaids?)\b"
            r"[^.;]{0,80}?\b(?:without|with\s+(?:no|little|minimal))\s+(?:\w+\s+){0,2}?(?:benefit|relief|improvement)|"
            # "physical therapy for 8 visits and naproxen did not improve the leg pain"
            r"(?:therapy|treatment|sessions|visits|course|medications?|anti-?inflammator\w*|nsaids?)\b[^.;]{0,60}?\b"
            r"(?:did|does|has|have)\s+not\s+(?:\w+\s+)?(?:improve|help|relieve|resolve)"
        ),
        True,
    ),
]
_UDT_PHRASE = pattern(r"urine\s+drug\s+(?:screens?|tests?|testing|toxicology)|\bUDS\b|\bCURES\b")
_UDT_NOT_DONE = pattern(r"urine\s+drug\s+\w+\s+(?:was|were|has)\s+not")
_PAIN_FUNCTION = [
    (
        pattern(
            r"\bno\s+(?:documentation|evidence)\s+of\s+(?:\w+\s+){0,3}(?:pain|analgesic)\s+(?:relief|reduction|benefit)|"
            r"without\s+(?:\w+\s+){0,2}(?:pain\s+relief|functional\s+benefit)|"
            r"\b(?:no|lack\w*\s+of|insufficient)\s+(?:\w+\s+){0,3}?(?:documentation|evidence)\s+(?:[\w%'-]+\s+){0,10}?"
            r"(?:decrease\s+in\s+pain|pain\s+relief|response\s+to)|"
            r"medications?\s+(?:\w+\s+){0,4}?(?:was|were|is|are)\s+\"?not\s+(?:helping|helpful|effective)"
        ),
        False,
    ),
    (
        pattern(
            r"pain\s+(?:\w+\s+){0,2}(?:from\s+)?\d+(?:\.\d+)?\s*/\s*10\s+(?:without|with)\s+(?:\w+\s+){0,1}medications?|"
            r"(?:with|on)\s+(?:\w+\s+){0,2}medications?,?\s+(?:\w+\s+){0,3}pain\s+(?:is|was|decreases|drops|reduced)|"
            r"pain\s+(?:\w+\s+){0,2}?(?:with|on)\s+(?:\w+\s+)?medications?\s+(?:\w+\s+){0,2}?\d+(?:\.\d+)?\s*/\s*10|"
            r"\d+(?:\.\d+)?\s*/\s*10\s+(?:without|off)\b(?:\s+[\w/.-]+){0,3}?\s*(?:,|and|to|versus|vs\.?)\s+(?:\w+\s+){0,2}?"
            r"\d+(?:\.\d+)?\s*/\s*10\s+(?:with|on)\b|"
            r"medications?\s+(?:help|helps|helped|allow|allows|allowed|improve|improves|improved|enable|enables|enabled)|"
            r"\b(?:taking|takes|using|uses)\s+(?:[\w/.-]+\s+){1,5}?with\s+(?:\w+\s+)?(?:improvement|relief|reduction)\s+"
            r"(?:in|of)\s+(?:\w+\s+)?(?:pain|symptoms)"
        ),
        True,
    ),
]


_RELIEF = pattern(
    r"(?P<n>\d{1,3})\s*(?:%|percent)\s+(?:decrease|reduction|improvement|relief|less)\b(?:\s+(?:in|of)\s+"
    r"(?:\w+\s+)?(?:pain|symptoms))?|pain\s+relief\s+of\s+(?P<m>\d{1,3})\s*(?:%|percent)"
)


_RELIEF_WORDS = CUES.register("%", "percent")


# pain rated on and off the medication: "8/10 without medications and 4/10 with them" is 50% relief
_RATINGS = pattern(
    r"(?P<a>\d+(?:\.\d+)?)\s*/\s*10\s+(?P<wa>without|with|off|on)\b(?:\s+[\w/.-]+){0,3}?\s*(?:,|and|to|versus|vs\.?)"
    r"\s+(?:\w+\s+){0,2}?(?P<b>\d+(?:\.\d+)?)\s*/\s*10\s+(?P<wb>with|without|on|off)\b"
)
# the same with the condition first: "with medication 5/10 and without medication 8/10"
_RATINGS_AFTER = pattern(
    r"\b(?P<wa>without|with|off|on)\s+(?:[\w/.-]+\s+){0,2}?(?P<a>\d+(?:\.\d+)?)\s*/\s*10\s*(?:,|and|to|versus|vs\.?)"
    r"\s+(?:\w+\s+){0,2}?(?P<wb>with|without|on|off)\s+(?:[\w/.-]+\s+){0,2}?(?P<b>\d+(?:\.\d+)?)\s*/\s*10"
)
_RATINGS_WORDS = CUES.register("/10")


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


def _percent_relief(sents: list[Sentence]) -> ExtractedFact | None:
    for sentence in sents:
        match = _RELIEF.search(sentence.lower) if sentence.cues & _RELIEF_WORDS else None
        if match and about_patient(sentence):
            value = int(match.group("n") or match.group("m"))
            if 0 < value <= 100:
                return ExtractedFact(value=value, evidence=evidence(sentence, match))
        rated = _on_and_off(sentence.lower) if sentence.cues & _RATINGS_WORDS else None
        if rated is not None and about_patient(sentence):
            return ExtractedFact(value=rated[1], evidence=evidence(sentence, rated[0]))
    return None


_MED = pattern(
    r"(?P<n>\d+(?:\.\d+)?)\s*(?:mg\s*)?(?:MED|MME|morphine\s+equivalents?|morphine\s+(?:milligram\s+)?equivalent"
    r"(?:\s+dose)?s?|morphine\s+equivalent\s+dosage)\b|"
    # the dose named first: "his total MED is 90 mg per day"
    r"\b(?:MED|MME|morphine\s+(?:milligram\s+)?equivalents?(?:\s+dos(?:e|age))?)\s+(?:\w+\s+){0,2}?(?:is|was|of|=|:|totals?)"
    r"\s*(?P<k>\d+(?:\.\d+)?)\s*(?:mg|milligrams)\b"
)


_MED_WORDS = CUES.register("med", "mme", "morphine")
_DIGITS = CUES.register(*"0123456789")  # "med" is in most sentences ("medical"); a dose needs a digit


def _med(sents: list[Sentence]) -> ExtractedFact | None:
    for sentence in sents:
        match = _MED.search(sentence.lower) if sentence.cues & _MED_WORDS and sentence.cues & _DIGITS else None
        if match and about_patient(sentence):
            return ExtractedFact(value=float(match.group("n") or match.group("k")), evidence=evidence(sentence, match))
    return None


_SURGERY = pattern(
    r"\b(?:status\s+post|s/p|underwent|had|post[- ]?op(?:erative)?\s+from)\s+(?:an?\s+)?"
    r"(?:(?:right|left|bilateral)\s+)?"
    r"(?P<s>(?:[a-z/-]+\s+){0,4}?(?:surgery|repair|arthroscopy|arthroplasty|fusion|laminectomy|discectomy|"
    r"release|decompression|replacement|meniscectomy|reconstruction|laparotomy|resection))"
    r"(?:\s+(?:on|in|dated)\s+(?P<d>\d{1,2}[/-]\d{1,2}[/-]\d{2,4}))?"
)


_SURGERY_WORDS = CUES.register("s/p", "underwent", "had", "post")


def _surgery(sents: list[Sentence]) -> tuple[ExtractedFact | None, ExtractedFact | None]:
    for sentence in sents:
        match = _SURGERY.search(sentence.lower) if sentence.cues & _SURGERY_WORDS else None
        if match:
            what = ExtractedFact(
                value=" ".join(sentence.text[match.start("s") : match.end("s")].split()),
                evidence=evidence(sentence, match),
            )
            when = None
            if match.group("d") and parse_date(match.group("d")):
                when = ExtractedFact(value=parse_date(match.group("d")), evidence=evidence(sentence, match))
            return what, when
    return None, None


_IMAGING = pattern(
    r"\b(?:MRI|MR\s+arthrogram|magnetic\s+resonance|CT\s+scan|CT\b|x-?rays?|radiographs?|imaging|arthrogram|"
    r"ultrasound|sonogram|myelogram)"
)


# "almost full-thickness", "suspected complete tear": the report stops short of the lesion
_HEDGE = pattern(
    r"\b(?:almost|nearly|near|partial|suspected|suspicious\s+for|possible|possibly|probable|questionable|"
    r"rule\s+out|r/o|concern\s+for|versus|vs\.?)[\s-]+(?:[\w-]+\s+)?$"
)


_IMAGING_WORDS = CUES.register(
    "mr", "magnetic", "ct", "x-ray", "xray", "radiograph", "imaging", "arthrogram", "ultrasound", "sonogram", "myelo"
)


def _mentions(
    sents: list[Sentence],
    cue: tuple[int, re.Pattern[str]],
    section: Section,
    unless_before: re.Pattern[str],
    reach: int,
) -> Iterator[tuple[Sentence, int, int]]:
    """(sentence, start, end) of every vocabulary phrase in the usable sentences that have the
    cue (words, then the pattern), except where `unless_before` matches the `reach` characters
    before the phrase."""
    words, phrase = cue
    for sentence in sents:
        if not sentence.cues & words or not phrase.search(sentence.lower) or not sentence.usable:
            continue
        for _key, start, end in section.matches(sentence.text):
            if not unless_before.search(sentence.lower[max(0, start - reach) : start]):
                yield sentence, start, end


def imaging_lesion(sents: list[Sentence], lesions: Section) -> ExtractedFact | None:
    """Imaging that shows a lesion surgery repairs (phrases from rules/vocabulary.yaml): yes on
    any report of one; no only when the report denies it ("no full-thickness tear")."""
    denied: ExtractedFact | None = None
    for sentence, start, _end in _mentions(sents, (_IMAGING_WORDS, _IMAGING), lesions, _HEDGE, 40):
        negated = negated_before(sentence.lower, start)
        found = ExtractedFact(value=not negated, evidence=evidence(sentence))
        if not negated:
            return found
        denied = denied or found
    return denied


# imaging done before: "a prior MRI", "an MRI of the lumbar spine dated 6/2/2016 revealed ..."
_PRIOR_IMAGING = pattern(
    r"\b(?:prior|previous|earlier|old|past|repeat)\s+(?:\w+\s+){0,2}?(?:MRI|MR\s+arthrogram|CT\s+scan|CT|magnetic\s+resonance|"
    r"imaging)\b|\b(?:MRI|MR\s+arthrogram|CT\s+scan|CT|magnetic\s+resonance\s+imaging)\b[^.]{0,100}?\b(?:showed|shows|"
    r"revealed|reveals|demonstrated|demonstrates|was\s+(?:normal|unremarkable|negative|positive)|"
    r"(?:dated|done|performed|obtained)\s+(?:on\s+|in\s+)?\d)"
)
_PRIOR_IMAGING_WORDS = CUES.register("mri", "mr arthrogram", " ct", "magnetic", "imaging")  # "ct" alone is in "act"


def prior_imaging(sents: list[Sentence], about: Callable[[Sentence], bool] | None) -> ExtractedFact | None:
    """MRI or CT of the request's body region done before (`about`: the sentence is about that
    region); no when the letter says there was none ("no prior MRI")."""
    for sentence in sents:
        if not sentence.cues & _PRIOR_IMAGING_WORDS or not sentence.usable:
            continue
        match = _PRIOR_IMAGING.search(sentence.lower)
        if match and (about is None or about(sentence)):  # the region test last: it costs the most
            return ExtractedFact(
                value=not negated_before(sentence.lower, match.start()), evidence=evidence(sentence, match)
            )
    return None


_TAKING = pattern(
    r"\b(?:medications?|meds|prescribed|prescriptions?|taking|takes|currently\s+on|utiliz\w+|dispensed|"
    r"was\s+given|were\s+given|treatments?\s+(?:to\s+date\s+)?(?:has\s+|have\s+)?(?:included|include[sd]?|including))\b|"
    r"\d\s*/\s*10\s+(?:with|without|on|off)\b"  # pain rated with and without a drug: one taken now
)
_TAKING_WORDS = CUES.register(
    "med", "prescri", "taking", "takes", "currently", "utiliz", "dispensed", "given", "treatment", "/10"
)
_STOPPED = pattern(r"\b(?:no|not|never|without|stopped|discontinued|no\s+longer)\s+(?:\w+\s+){0,2}$")
DRUG_CATEGORIES = ("medication", "opioid")


def current_medications(sents: list[Sentence], drugs: Section) -> ExtractedFact | None:
    """Drugs the summary says the patient takes (names as written), from sentences about
    medications; a drug named as stopped or not taken does not count. `drugs`: the vocabulary's
    drug services (Vocabulary.services_of(DRUG_CATEGORIES))."""
    names: list[str] = []
    first: Sentence | None = None
    for sentence, start, end in _mentions(sents, (_TAKING_WORDS, _TAKING), drugs, _STOPPED, 30):
        name = sentence.text[start:end]
        if name.lower() not in (n.lower() for n in names):
            names.append(name)
            first = first or sentence
    return ExtractedFact(value=names, evidence=evidence(first)) if first is not None else None


def _finder(
    tests: Sequence[tuple[re.Pattern[str], object]], keywords: tuple[str, ...], patient_only: bool = True
) -> Callable[[list[Sentence]], ExtractedFact | None]:
    words = CUES.register(*keywords)

    def find(sents: list[Sentence]) -> ExtractedFact | None:
        # a cheap word check first: most sentences mention none of a fact's words; then whether
        # the sentence speaks of the patient at all (found once per sentence, shared by the finders)
        return first_match([x for x in sents if x.cues & words and (not patient_only or x.usable)], tests)

    return find


Finder = Callable[[list[Sentence]], ExtractedFact | None]

# (fact, finder or the vocabulary section whose phrases state it, which section speaks first:
# the item's rationale or the case summary)
_FACTS: tuple[tuple[str, Finder | str, str], ...] = (
    ("functional_improvement", _functional_improvement, "item"),
    ("adjunct_exercise", _finder(_EXERCISE, ("exercis", "hep", "walks", "active")), "item"),
    # not "work" alone: nearly every sentence names the injured worker (sentences are flowed: one space)
    (
        "return_to_work",
        _finder(_WORK, ("temporar", "ttd", "working", "off work", "to work", "returned", "duty", "work status")),
        "summary",
    ),
    ("pain_relief_percent", _percent_relief, "item"),
    ("red_flags", "red_flags", "item"),
    (
        "neurologic_findings",
        _negatable(
            _NEURO_PHRASE,
            (
                "neuro",
                "sensation",
                "sensory",
                "reflex",
                "strength",
                "motor",
                "straight",
                "spurling",
                "tinel",
                "phalen",
                "weakness",
                "atrophy",
                "dermatom",
                "myotom",
                "radicul",
                "intact",
                "normal",
                "slr",
                "esthe",
            ),
            _NEURO_NORMAL,
            skip=_COMPLAINT,
        ),
        "summary",
    ),
    (
        "paresthesias",
        _negatable(
            _PARESTHESIA_PHRASE, ("numb", "tingl", "paresthes", "pins and", "dysesthes", "hyposens"), any_report=True
        ),
        "summary",
    ),
    (
        "failed_conservative_care",
        _finder(
            _CONSERVATIVE,
            (
                "fail",
                "despite",
                "improv",
                "relief",
                "respon",
                "conservative",
                "tried",
                "undergone",
                "has not had",
                "persist",
                "continu",
                "ongoing",
                "remain",
                "benefi",
                "effective",
                "helpful",
                "unsuccessful",
            ),
        ),
        "item",
    ),
    (
        "surgery_considered",
        _negatable(
            _SURGERY_PHRASE,
            ("surg", "operative", "consider", "plan", "recommend", "contemplat", "schedul", "candidate"),
        ),
        "item",
    ),
    # any sentence, as reviewers report the testing in their own words; "no documentation ...
    # including a urine drug screen" is a no
    (
        "urine_drug_testing",
        _negatable(_UDT_PHRASE, ("urine", "uds", "cures"), _UDT_NOT_DONE, patient_only=False),
        "item",
    ),
    (
        "pain_function_documented",
        _finder(
            _PAIN_FUNCTION, ("/10", "medication", "relief", "analgesic", "benefit", "taking", "takes", "using", "uses")
        ),
        "item",
    ),
    ("med_mg_per_day", _med, "item"),
    ("gi_risk", "gi_risk_factors", "summary"),
    ("cardiac_risk", "cardiac_risk_factors", "summary"),
    ("bleeding_risk", "bleeding_risk_factors", "summary"),
    (
        "homebound",
        _negatable(_HOMEBOUND_PHRASE, ("homebound", "confined", "bedbound", "bed-bound", "bed bound", "leav")),
        "summary",
    ),
    ("reduced_weight_bearing", "weight_bearing_reasons", "item"),
    (
        "swallowing_difficulty",
        _negatable(_SWALLOWING_PHRASE, ("swallow", "dysphagia", "tablets", "capsules", "pills")),
        "item",
    ),
)


_ANY_REPORT = {"paresthesias"}


# name -> which section speaks first
_FIRST = {name: first for name, _finder, first in _FACTS}
NARRATIVE_FACTS = frozenset([*_FIRST, "surgery", "surgery_date"])


def _measure_pattern(name: str) -> re.Pattern[str]:
    """A measure stated as a number: "BMI of 42", "BMI: 41.5", "BMI is over 40"."""
    return pattern(rf"\b{re.escape(name)}\b\s*(?:is\s+|was\s+)?(?:of|over|above|:|=)?\s*(?P<v>\d{{1,4}}(?:\.\d+)?)\b")


def _phrase_fact(section: Section) -> Finder:
    """A yes/no fact a vocabulary section's phrases state (rules/vocabulary.yaml): yes where a
    sentence about the patient names one, no where the sentence negates it before the phrase;
    yes also where it states a term's measure at or above the term's `at_least` value."""
    # the cheap test first: a sentence holds the longest word of one of the phrases (the phrase
    # matches whatever punctuation parts its words: "red-flag", "non-weight bearing")
    words = CUES.register(*sorted({max(phrase.split(), key=len) for phrase in section.phrases}))
    measures = [
        (CUES.register(name.lower()), _measure_pattern(name), least)
        for term in section.terms.values()
        for name, least in sorted(term.at_least.items())
    ]
    any_cue = words
    for cue, _, _ in measures:
        any_cue |= cue

    def find(sents: list[Sentence]) -> ExtractedFact | None:
        for sentence in sents:
            if not sentence.cues & any_cue or not sentence.usable:
                continue
            if sentence.cues & words:
                found = section.matches(sentence.text)
                if found:
                    negated = negated_before(sentence.lower, found[0][1])
                    return ExtractedFact(value=not negated, evidence=evidence(sentence))
            for cue, measure, least in measures:
                stated = measure.search(sentence.lower) if sentence.cues & cue else None
                if stated and float(stated.group("v")) >= least:
                    return ExtractedFact(value=True, evidence=evidence(sentence, stated))
        return None

    return find


Finders = dict[str, Finder]


@functools.lru_cache(maxsize=8)
def fact_finders(vocabulary: Vocabulary) -> Finders:
    """Every narrative fact's finder, in a fixed order; those stated by vocabulary phrases are
    built from `vocabulary`. Get them before a letter's sentences are made: their cue words
    must be registered before the sentences are scanned."""
    return {
        name: _phrase_fact(vocabulary.section(found)) if isinstance(found, str) else found
        for name, found, _first in _FACTS
    }


def _combine(name: str, from_item: ExtractedFact | None, from_summary: ExtractedFact | None) -> ExtractedFact | None:
    """One fact from what the item's rationale and the case summary say of it: the section that
    speaks first for it wins; for facts where any report counts, a report in either section."""
    if name in _ANY_REPORT and from_item is not None and from_summary is not None:
        return from_item if from_item.value else from_summary
    return (from_item or from_summary) if _FIRST[name] == "item" else (from_summary or from_item)


class SummaryFacts:
    """Facts of the case summary, each found on first use and then shared by the letter's items."""

    def __init__(self, sents: list[Sentence], finders: Finders) -> None:
        self.sents = sents
        self.finders = finders
        self._found: dict[str, ExtractedFact | None] = {}

    def get(self, name: str) -> ExtractedFact | None:
        """The summary's fact `name`, or None when it does not state it."""
        if name not in self._found:
            if name in ("surgery", "surgery_date"):
                self._found["surgery"], self._found["surgery_date"] = _surgery(self.sents)
            else:
                self._found[name] = self.finders[name](self.sents)
        return self._found[name]


def case_facts(summary_sents: list[Sentence], finders: Finders) -> dict[str, ExtractedFact]:
    """Every fact of the case summary (`finders`: fact_finders of the pack's vocabulary)."""
    found = SummaryFacts(summary_sents, finders)
    return {name: fact for name in sorted(NARRATIVE_FACTS) if (fact := found.get(name)) is not None}


def one_fact(
    name: str, item_sents: list[Sentence], summary_sents: list[Sentence], finders: Finders
) -> ExtractedFact | None:
    """One narrative fact, found afresh in the given sentences (e.g. only those about one limb)."""
    finder = finders[name]
    return _combine(name, finder(item_sents), finder(summary_sents))


def narrative_facts(
    item_sents: list[Sentence],
    summary_sents: list[Sentence],
    synonyms: list[str],
    summary_facts: SummaryFacts,
    wanted: Collection[str] | None = None,
    about_region: Callable[[Sentence], bool] | None = None,
) -> dict[str, ExtractedFact]:
    """The narrative facts found (all, or those `wanted`), from the section that speaks first
    for each, then the other (`summary_facts`: the summary's, with the finders to use)."""
    found: dict[str, ExtractedFact | None] = {}
    for name, finder in summary_facts.finders.items():
        if wanted is None or name in wanted:
            found[name] = _combine(name, finder(item_sents), summary_facts.get(name))
    if wanted is None or "prior_sessions" in wanted or "course" in wanted:
        # therapy received for another body region says nothing of this request's course
        found["prior_sessions"] = prior_sessions(summary_sents + item_sents, synonyms, about_region)
        found["course"] = had_service(summary_sents + item_sents, synonyms, about_region)
    if wanted is None or "surgery" in wanted or "surgery_date" in wanted:
        found["surgery"], found["surgery_date"] = summary_facts.get("surgery"), summary_facts.get("surgery_date")
    return {k: v for k, v in found.items() if v is not None}
