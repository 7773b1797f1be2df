"""Facts from a letter's narrative (case summary and the item's rationale), each with the
text span it came from. A fact the letter does not state is simply absent (unknown).

Reviewers quote guidelines in their rationales ("extension ... if functional improvement is
documented"); sentences that read as guideline text are skipped for facts about the patient.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from mtus_check.letters.header import parse_date
from mtus_check.letters.models import Evidence, ExtractedFact
from mtus_check.letters.request_text import WORDS, number


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in its section's text
    section: str
    usable: bool = True  # states facts of this case (see _about_patient)
    lower: str = ""


_SPLIT = re.compile(r"(?<=[.!?])[\"')]*\s+(?=[A-Z0-9\"(])")
_GUIDELINE = re.compile(
    r"\b(?:guidelines?|MTUS|ODG|ACOEM|CPMTG|recommend\w*|is indicated|are indicated|may be|should|"
    r"criteria|required|requires|supported when|if there is|in order to|allow for|up to|total of|trial of|"
    r"\d+\s*(?:-|to)\s*\d+\s+(?:visits|sessions|treatments)|is\s+defined|defined\s+(?:as|by)|goal|intended|"
    r"widely\s+used|alternative\s+to|means|indications?|are\s+(?:highly\s+)?effective|most\s+patients|provided\s+(?:that|any)|patients\s+(?:who|with)|is\s+desirable|is\s+based\s+on|would\s+be|will\s+be|may\s+\w+|only\s+(?:when|if)|can\s+be|over\s+\d+\s+weeks|visits\s+over|including\s+at\s+least|continued\s+objective)\b",
    re.I,
)
_NUMBER = r"\d+|" + "|".join(w for w in WORDS if len(w) > 2)


def _num(name: str) -> str:
    return rf"(?P<{name}>{_NUMBER})"


def sentences(text: str, offset: int, section: str) -> list[Sentence]:
    """Sentences of a section, with absolute offsets."""
    out, pos = [], 0
    for part in _SPLIT.split(text):
        index = text.find(part, pos)
        if part.strip():
            out.append(Sentence(part, offset + index, section, _states_case_facts(part, section), part.lower()))
        pos = index + len(part)
    return out


def _evidence(sentence: Sentence, match: re.Match[str] | None = None) -> Evidence:
    if match is None:
        quote, start = sentence.text, sentence.start
    else:
        quote, start = sentence.text[match.start() : match.end()], sentence.start + match.start()
    return Evidence(
        section=sentence.section, quote=re.sub(r"\s+", " ", quote.strip()), start=start, end=start + len(quote.strip())
    )


_CONCLUSION = re.compile(
    r"\bmedically\s+(?:necessary|indicated|appropriate)|\b(?:is|are)\s+(?:not\s+)?supported\b|"
    r"\b(?:therefore|thus|as\s+such|consequently|given\s+the\s+above|in\s+light\s+of)\b|\bnot\s+warranted\b",
    re.I,
)
_UR_REPORT = re.compile(r"\b(?:denied|non-?certif\w*|utilization\s+review|modified|UR)\b")


def _states_case_facts(text: str, section: str) -> bool:
    """A sentence that states facts of this case: not guideline text, not the rationale's
    conclusion (what a prediction is checked against), not the UR's reasons."""
    if _GUIDELINE.search(text) or _CONCLUSION.search(text):
        return False
    return not (section == "summary" and _UR_REPORT.search(text))


def _about_patient(sentence: Sentence) -> bool:
    return sentence.usable


Finder = Callable[[list[Sentence]], ExtractedFact | None]


def _first(
    sents: list[Sentence], tests: list[tuple[re.Pattern[str], object]], patient_only: bool = True
) -> ExtractedFact | None:
    """The first sentence matching any test gives the value (tests in priority order per sentence)."""
    for sentence in sents:
        if patient_only and not _about_patient(sentence):
            continue
        for pattern, value in tests:
            match = pattern.search(sentence.text)
            if match:
                return ExtractedFact(value=value, evidence=_evidence(sentence, match))
    return None


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


_FI_PHRASE = _p(
    r"functional\s+(?:improvement|gains?|benefit|improvements)|improve\w*\s+(?:in\s+)?(?:\w+\s+){0,2}"
    r"(?:function(?:ing|al\s+(?:ability|capacity|status))?|activities\s+of\s+daily\s+living|ADLs?)\b|"
    r"(?:reduction|decrease)\s+in\s+work\s+restrictions"
)
_NEGATION = _p(
    r"\b(?:no|not|nor|without|lack\w*|absence|insufficient|unclear|fail\w*|neither|unable|minimal|"
    r"did\s+not|does\s+not|has\s+not|have\s+not|cannot|non-?)\b"
)


def _negatable(
    phrase: re.Pattern[str],
    keywords: tuple[str, ...],
    negative: re.Pattern[str] | None = None,
    skip: re.Pattern[str] | None = None,
    any_report: bool = False,
) -> Callable[[list[Sentence]], ExtractedFact | None]:
    """A yes/no fact stated by a phrase: no when the sentence negates it before the phrase
    ("did not reveal any neurological deficits", "there are no red flags") or says the
    opposite outright (`negative`: "the neurological examination was normal")."""
    words = re.compile("|".join(map(re.escape, keywords)))

    def find(sents: list[Sentence]) -> ExtractedFact | None:
        first_negative: ExtractedFact | None = None
        for sentence in sents:
            if not words.search(sentence.lower) or not sentence.usable:
                continue
            if skip is not None and skip.search(sentence.text):
                continue
            if negative is not None and negative.search(sentence.text):
                return ExtractedFact(value=False, evidence=_evidence(sentence))
            match = phrase.search(sentence.text)
            if match:
                negated = _NEGATION.search(sentence.text[: match.start()])
                found = ExtractedFact(value=not negated, evidence=_evidence(sentence))
                if not (any_report and negated):
                    return found
                first_negative = first_negative or found
        # with any_report, one report anywhere outweighs a denial elsewhere ("no numbness in the
        # left arm" and "numbness of the left thumb" means numbness is reported)
        return first_negative

    return find


_NEURO_PHRASE = _p(
    r"\b(?:decreased|diminished|reduced|absent|abnormal|altered|loss\s+of)\s+(?:\w+\s+){0,2}(?:sensation|sensory|"
    r"reflex(?:es)?|strength|motor|dermatom\w*)|positive\s+(?:\w+\s+){0,2}straight[- ]leg[- ]rais|positive\s+spurling|"
    r"(?:focal\s+|objective\s+)?neurolog\w*\s+(?:deficits?|findings|abnormalit\w+|signs)|radiculopathy\s+on\s+exam\w*|"
    r"(?:motor|muscle)\s+weakness|weakness\s+(?:of|in)\s+the\s+(?:\w+\s+){0,2}(?:extremit\w+|leg|arm|hand|foot)|"
    r"muscle\s+atrophy|dermatomal|myotomal|positive\s+(?:tinel|phalen)"
)
_NEURO_NORMAL = _p(
    r"neurolog\w*\s+exam\w*\s+(?:\w+\s+){0,2}(?:was|is|were)\s+(?:normal|intact|unremarkable|non-?focal|benign)|"
    r"(?:sensation|reflexes|strength|motor\s+\w+)\s+(?:\w+\s+){0,3}(?:is|are|was|were)\s+(?:normal|intact|symmetric)|"
    r"\bintact\s+(?:sensation|reflexes|strength|motor)|neurologically\s+intact"
)
_GI_PHRASE = _p(
    r"(?:GI|gastrointestinal)\s+(?:bleed\w*|hemorrhage|perforation|upset|distress|complaints|symptoms|risk)|"
    r"peptic\s+ulcer|ulcers?\b|dyspepsia|gastritis|reflux|GERD|(?:taking|on)\s+(?:aspirin|prednisone|warfarin|"
    r"an?\s+anticoagulant|corticosteroids)"
)
_HOMEBOUND_PHRASE = _p(r"\bhomebound|confined\s+to\s+(?:the\s+)?(?:home|bed)|bed-?bound")
_SURGERY_PHRASE = _p(
    r"surgical\s+candidate|(?:surgery|surgical\s+(?:intervention|consultation)|operative\s+\w+)\s+(?:is|was|has\s+been)"
    r"\s+(?:being\s+)?(?:considered|planned|recommended|contemplated|scheduled)|pre-?operative\s+planning|"
    r"planned\s+surgery|consider\w*\s+surgery|surgical\s+(?:consult|referral)"
)
_PARESTHESIA_PHRASE = _p(r"\b(?:numbness|tingling|paresthesi\w*|pins\s+and\s+needles|dysesthesi\w*|hyposensori\w*)")
_COMPLAINT = _p(r"\b(?:complain\w*|report(?:s|ed)?\s+(?:that|having|ongoing)|subjective)")  # symptoms, not exam
_RED_FLAG_PHRASE = _p(
    r"red[- ]flags?|cauda\s+equina|progressive\s+neurolog\w*\s+deficit|bowel\s+(?:or|and)\s+bladder\s+(?:incontinence|"
    r"dysfunction)|(?:suspected|suspicion\s+of|concern\s+for|rule\s+out)\s+(?:a\s+)?(?:fracture|tumor|malignancy|infection)|"
    r"(?:history\s+of\s+)?(?:cancer|malignancy)\s+(?:with|and)\s+|unexplained\s+weight\s+loss"
)


def _functional_improvement(sents: list[Sentence]) -> ExtractedFact | None:
    """Documented objective functional improvement: False when the sentence that speaks of it
    is negated before the phrase ("no documentation of ... functional improvement")."""
    for sentence in sents:
        if not _about_patient(sentence):
            continue
        match = _FI_PHRASE.search(sentence.text)
        if not match:
            continue
        negated = _NEGATION.search(sentence.text[: match.start()])
        return ExtractedFact(value=not negated, evidence=_evidence(sentence))
    return None


_EXERCISE = [
    (
        _p(
            r"\b(?:not|no|without|non-?complian\w*\s+with|stopped)\b[^.;]{0,30}?(?:home\s+exercise|exercise\s+program|"
            r"\bHEP\b|exercising)"
        ),
        False,
    ),
    (
        _p(
            r"home\s+exercise(?:\s+program)?|\bHEP\b|exercise\s+program|\b(?:she|he|patient|claimant|worker)\s+"
            r"(?:exercises|is\s+exercising|walks\s+daily)|active\s+(?:therapy|rehabilitation)\s+program"
        ),
        True,
    ),
]
_WORK = [
    (
        _p(
            r"temporar\w*\s+total\w*\s+disab|\bTTD\b|not\s+working|off\s+work|unable\s+to\s+work|"
            r"has\s+not\s+returned\s+to\s+work|is\s+not\s+currently\s+working"
        ),
        False,
    ),
    (
        _p(
            r"returned\s+to\s+(?:full\s+|modified\s+|regular\s+)?(?:work|duty)|continues\s+to\s+work|currently\s+working|"
            r"is\s+working|working\s+(?:full|part)[ -]time|(?:full|modified|regular)\s+duty"
        ),
        True,
    ),
]
_CONSERVATIVE = [
    (
        _p(
            r"\bhas\s+not\s+(?:yet\s+)?(?:tried|undergone|had|completed)\s+(?:\w+\s+){0,3}(?:conservative|physical\s+therapy|"
            r"therapy)|no\s+(?:prior\s+)?conservative\s+(?:care|treatment)"
        ),
        False,
    ),
    (
        _p(
            r"\bfail(?:ed|ure\s+of)\s+(?:\w+\s+){0,3}(?:conservative|physical\s+therapy|medications?|treatments?|therapy)|"
            r"despite\s+(?:\w+\s+){0,4}(?:physical\s+therapy|conservative|medications?|therapy|treatment)|"
            r"(?:not|no|without)\s+(?:\w+\s+){0,2}(?:improv\w*|relief|respon\w*)\s+(?:with|to|from)\s+(?:\w+\s+){0,3}"
            r"(?:conservative|therapy|treatment|medications?)"
        ),
        True,
    ),
]
_UDT = [
    (_p(r"\bno\s+(?:\w+\s+){0,2}urine\s+drug|urine\s+drug\s+\w+\s+(?:was|were|has)\s+not"), False),
    (_p(r"urine\s+drug\s+(?:screens?|tests?|testing|toxicology)|\bUDS\b|\bCURES\b"), True),
]
_PAIN_FUNCTION = [
    (
        _p(
            r"\bno\s+(?:documentation|evidence)\s+of\s+(?:\w+\s+){0,3}(?:pain|analgesic)\s+(?:relief|reduction|benefit)|"
            r"without\s+(?:\w+\s+){0,2}(?:pain\s+relief|functional\s+benefit)"
        ),
        False,
    ),
    (
        _p(
            r"pain\s+(?:\w+\s+){0,2}(?:from\s+)?\d+(?:\.\d+)?\s*/\s*10\s+(?:without|with)\s+(?:\w+\s+){0,1}medications?|"
            r"(?:with|on)\s+(?:\w+\s+){0,2}medications?,?\s+(?:\w+\s+){0,3}pain\s+(?:is|was|decreases|drops|reduced)|"
            r"medications?\s+(?:help|helps|allow|allows|improve|improves|enable)"
        ),
        True,
    ),
]


_WEIGHT_BEARING = [
    (_p(r"\bno\s+(?:\w+\s+){0,3}(?:need|indication|condition)\s+(?:\w+\s+){0,3}reduced\s+weight[- ]bearing"), False),
    (
        _p(
            r"extreme\s+obesity|morbid(?:ly)?\s+obes\w*|BMI\s+(?:of|over|above)\s+(?:4\d|[5-9]\d)|"
            r"non-?weight[- ]bearing|"
            r"reduced\s+weight[- ]bearing\s+is\s+(?:desirable|needed|indicated)|unable\s+to\s+tolerate\s+land[- ]based"
        ),
        True,
    ),
]


def _percent_relief(sents: list[Sentence]) -> ExtractedFact | None:
    pattern = _p(
        r"(?P<n>\d{1,3})\s*(?:%|percent)\s+(?:decrease|reduction|improvement|relief|less)\b(?:\s+(?:in|of)\s+"
        r"(?:\w+\s+)?(?:pain|symptoms))?|pain\s+relief\s+of\s+(?P<m>\d{1,3})\s*(?:%|percent)"
    )
    for sentence in sents:
        if not _about_patient(sentence):
            continue
        match = pattern.search(sentence.text)
        if match:
            value = int(match.group("n") or match.group("m"))
            if 0 < value <= 100:
                return ExtractedFact(value=value, evidence=_evidence(sentence, match))
    return None


_MED = _p(
    r"(?P<n>\d+(?:\.\d+)?)\s*(?:mg\s*)?(?:MED|MME|morphine\s+equivalents?|morphine\s+(?:milligram\s+)?equivalent"
    r"(?:\s+dose)?s?|morphine\s+equivalent\s+dosage)\b"
)


def _med(sents: list[Sentence]) -> ExtractedFact | None:
    for sentence in sents:
        match = _MED.search(sentence.text)
        if match and _about_patient(sentence):
            return ExtractedFact(value=float(match.group("n")), evidence=_evidence(sentence, match))
    return None


_SURGERY = _p(
    r"\b(?:status\s+post|s/p|underwent|had|post[- ]?op(?:erative)?\s+from)\s+(?:an?\s+)?"
    r"(?:(?:right|left|bilateral)\s+)?"
    r"(?P<s>(?:[a-z/-]+\s+){0,4}?(?:surgery|repair|arthroscopy|arthroplasty|fusion|laminectomy|discectomy|"
    r"release|decompression|replacement|meniscectomy|reconstruction|laparotomy|resection))"
    r"(?:\s+(?:on|in|dated)\s+(?P<d>\d{1,2}[/-]\d{1,2}[/-]\d{2,4}))?"
)


def _surgery(sents: list[Sentence]) -> tuple[ExtractedFact | None, ExtractedFact | None]:
    for sentence in sents:
        match = _SURGERY.search(sentence.text)
        if match:
            what = ExtractedFact(
                value=re.sub(r"\s+", " ", match.group("s")).strip(), evidence=_evidence(sentence, match)
            )
            when = None
            if match.group("d") and parse_date(match.group("d")):
                when = ExtractedFact(value=parse_date(match.group("d")), evidence=_evidence(sentence, match))
            return what, when
    return None, None


@functools.lru_cache(maxsize=256)
def _service_patterns(
    synonyms: tuple[str, ...],
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(mentions, never had, count had, had before) patterns for one service's names."""
    names = "|".join(sorted((re.escape(s) for s in synonyms if len(s) > 2), key=len, reverse=True))
    service = _p(rf"\b(?:{names})\b")
    # zero only when the letter says so ("no prior X", "has not had X", "no X"), not when it
    # merely lacks records or speaks of X's results ("no functional improvement from X")
    zero = _p(
        rf"\b(?:no|without\s+any)\s+(?:prior|previous|past|history\s+of)\s+(?:[\w/-]+,?\s+(?:or\s+|and\s+)?){{0,8}}?"
        rf"(?:{names})\b|\b(?:has|have|had)\s+(?:not|never)\s+(?:been\s+)?(?:previously\s+)?(?:had|received|tried|"
        rf"undergone|used|treated\s+with)\s+(?:any\s+)?(?:[\w/-]+,?\s+(?:or\s+|and\s+)?){{0,6}}?(?:{names})\b|"
        rf"\bnever\s+(?:had|received|tried|undergone)\s+(?:any\s+)?(?:{names})\b|\b(?:has|have)\s+had\s+no\s+(?:{names})\b|"
        rf"(?:{names})\s+(?:has|have)\s+not\s+been\s+(?:tried|given|provided)"
    )
    count = _p(
        rf"(?:completed|had|received|attended|undergone|underwent|after|prior|previous|at\s+least|total\s+of)\s+"
        rf"(?:\w+\s+){{0,2}}?{_num('n')}(?:\s*\(\d+\))?\s+(?:\w+\s+){{0,3}}?(?:sessions?|visits?|treatments?)|"
        rf"{_num('m')}(?:\s*\(\d+\))?\s+(?:prior\s+|previous\s+|completed\s+)?(?:(?:{names})\s+)?(?:sessions?|visits?|"
        rf"treatments?)\s+(?:\w+\s+){{0,4}}?(?:completed|attended|to\s+date|so\s+far|already)"
    )
    had = _p(
        rf"\b(?:previous|prior|past|had|received|completed|undergone|underwent|treated\s+with)\s+"
        rf"(?:\w+\s+){{0,3}}?(?:{names})\b(?!\s+(?:was|were|is)\s+(?:requested|denied))"
    )
    return service, zero, count, had


def prior_sessions(sents: list[Sentence], synonyms: list[str]) -> ExtractedFact | None:
    """Sessions of the same service already received: the largest count stated, or 0 when the
    letter says the service was never given."""
    if not synonyms:
        return None
    service, zero, count, _ = _service_patterns(tuple(synonyms))
    words = [w.lower() for w in synonyms if len(w) > 2]
    best: ExtractedFact | None = None
    for sentence in sents:
        text = sentence.text
        if (
            not any(w in sentence.lower for w in words)
            or not service.search(text)
            or re.search(r"\b(?:request\w*|authoriz\w*|certif\w*|modified|RFA)\b", text, re.I)
        ):
            continue
        for match in count.finditer(text):
            value = number(match.group("n") or match.group("m"))
            if value is not None and 0 < value < 200 and (best is None or value > best.value):
                best = ExtractedFact(value=int(value), evidence=_evidence(sentence, match))
        if best is None:
            match = zero.search(text)
            if match:
                best = ExtractedFact(value=0, evidence=_evidence(sentence, match))
    return best


_TREATMENTS = _p(
    r"\b(?:treatments?(?:\s+to\s+date)?|prior\s+therapy|treatment\s+history|(?:has|have)\s+been\s+treated\s+with)\s+"
    r"(?:has\s+|have\s+)?(?:were|was|include[sd]?|included|including|consisted\s+of|with)?\s*:?"
)


def not_among_treatments(sents: list[Sentence], synonyms: list[str]) -> ExtractedFact | None:
    """Zero prior sessions when the summary lists the treatments to date and this service is
    not among them: a documented list, not a guess from silence."""
    if not synonyms:
        return None
    words = [w.lower() for w in synonyms if len(w) > 2]
    for sentence in sents:
        if sentence.section != "summary" or not _TREATMENTS.search(sentence.text):
            continue
        if any(w in sentence.lower for w in words):
            return None
        return ExtractedFact(value=0, evidence=_evidence(sentence))
    return None


def had_service(sents: list[Sentence], synonyms: list[str]) -> ExtractedFact | None:
    """The letter says the patient already had this service (count unknown): an extension."""
    if not synonyms:
        return None
    names = "|".join(sorted((re.escape(s) for s in synonyms if len(s) > 2), key=len, reverse=True))
    pattern = _p(
        rf"\b(?:previous|prior|past|had|received|completed|undergone|underwent|treated\s+with)\s+(?:\w+\s+){{0,3}}?"
        rf"(?:{names})\b(?!\s+(?:was|were|is)\s+(?:requested|denied))"
    )
    negated = _p(r"\b(?:no|not|never|without)\b")
    for sentence in sents:
        if not _about_patient(sentence) or re.search(r"\b(?:request\w*|RFA)\b", sentence.text, re.I):
            continue
        match = pattern.search(sentence.text)
        if match and not negated.search(sentence.text[max(0, match.start() - 40) : match.end()]):
            return ExtractedFact(value="extension", evidence=_evidence(sentence, match))
    return None


def _finder(
    tests: list[tuple[re.Pattern[str], object]], keywords: tuple[str, ...], patient_only: bool = True
) -> Callable[[list[Sentence]], ExtractedFact | None]:
    words = re.compile("|".join(map(re.escape, keywords)))

    def find(sents: list[Sentence]) -> ExtractedFact | None:
        # a cheap word check first: most sentences mention none of a fact's words
        return _first([x for x in sents if words.search(x.lower)], tests, patient_only)

    return find


# (fact, finder, which section speaks first: the item's rationale or the case summary)
_FACTS: tuple[tuple[str, Callable[[list[Sentence]], ExtractedFact | None], str], ...] = (
    ("functional_improvement", _functional_improvement, "item"),
    ("adjunct_exercise", _finder(_EXERCISE, ("exercis", "hep", "walks", "active")), "item"),
    ("return_to_work", _finder(_WORK, ("work", "duty", "ttd", "disab")), "summary"),
    ("pain_relief_percent", _percent_relief, "item"),
    (
        "red_flags",
        _negatable(
            _RED_FLAG_PHRASE,
            (
                "red",
                "cauda",
                "progressive",
                "bowel",
                "fracture",
                "tumor",
                "malignan",
                "infection",
                "cancer",
                "weight loss",
            ),
        ),
        "item",
    ),
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
            ("fail", "despite", "improv", "relief", "respon", "conservative", "tried", "undergone", "has not had"),
        ),
        "item",
    ),
    ("surgery_considered", _negatable(_SURGERY_PHRASE, ("surg", "operative")), "item"),
    ("urine_drug_testing", _finder(_UDT, ("urine", "uds", "cures"), patient_only=False), "item"),
    (
        "pain_function_documented",
        _finder(_PAIN_FUNCTION, ("/10", "medication", "relief", "analgesic", "benefit")),
        "item",
    ),
    ("med_mg_per_day", _med, "item"),
    (
        "gi_risk",
        _negatable(
            _GI_PHRASE,
            (
                "gi ",
                "gastro",
                "gastric",
                "ulcer",
                "dyspeps",
                "reflux",
                "gerd",
                "aspirin",
                "prednisone",
                "warfarin",
                "anticoag",
                "corticoster",
            ),
        ),
        "summary",
    ),
    (
        "homebound",
        _negatable(_HOMEBOUND_PHRASE, ("homebound", "confined", "bedbound", "bed-bound", "bed bound")),
        "summary",
    ),
    ("reduced_weight_bearing", _finder(_WEIGHT_BEARING, ("obes", "bmi", "weight", "land")), "item"),
)


_ANY_REPORT = {"paresthesias"}


def case_facts(summary_sents: list[Sentence]) -> dict[str, ExtractedFact]:
    """Facts of the case summary, found once per letter and shared by its items."""
    found = {name: finder(summary_sents) for name, finder, _ in _FACTS}
    surgery, surgery_date = _surgery(summary_sents)
    found["surgery"], found["surgery_date"] = surgery, surgery_date
    return {k: v for k, v in found.items() if v is not None}


def narrative_facts(
    item_sents: list[Sentence],
    summary_sents: list[Sentence],
    synonyms: list[str],
    summary_facts: dict[str, ExtractedFact] | None = None,
) -> dict[str, ExtractedFact]:
    """Every narrative fact found, from the section that speaks first for it, then the other."""
    if summary_facts is None:
        summary_facts = case_facts(summary_sents)
    found: dict[str, ExtractedFact | None] = {}
    for name, finder, first in _FACTS:
        from_item = finder(item_sents)
        from_summary = summary_facts.get(name)
        found[name] = (from_item or from_summary) if first == "item" else (from_summary or from_item)
        if name in _ANY_REPORT and from_item is not None and from_summary is not None:
            found[name] = from_item if from_item.value else from_summary  # a report in either section counts
    found["prior_sessions"] = prior_sessions(summary_sents + item_sents, synonyms)
    found["course"] = had_service(summary_sents + item_sents, synonyms)
    found["surgery"], found["surgery_date"] = summary_facts.get("surgery"), summary_facts.get("surgery_date")
    return {k: v for k, v in found.items() if v is not None}
