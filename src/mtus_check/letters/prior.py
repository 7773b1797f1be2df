"""Sessions of a service already received, as a letter states them (a count, "no prior X"),
and a service had before. A list of treatments to date that leaves it out: letters.treatments."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from mtus_check.letters.models import ExtractedFact
from mtus_check.letters.request_text import WORDS, number
from mtus_check.letters.sentences import CUES, Sentence, Told, evidence, number_group, pattern
from mtus_check.text import Substrings

_NEGATED_NEARBY = pattern(r"\b(?:no|not|never|without)\b")


# "x 12", "times 12", "# 12", and "x" as the reader reads it ("for 12"); a duration is no count
_TIMES = r"(?:x|times|#|for)"
_MONTHS = r"january|february|march|april|may|june|july|august|september|october|november|december"
_NO_TIME = r"(?!\s*(?:weeks?|wks?|months?|mos?|days?|years?|yrs?|hours?|minutes?)\b)"


@functools.lru_cache(maxsize=256)
def _service_names(synonyms: tuple[str, ...]) -> tuple[str, re.Pattern[str], Substrings]:
    """One service's names as an alternation, the pattern that finds them, and the names found
    inside any word: the cheap test before the others. The patterns built on the alternation
    (_zero, _count, _had) are compiled when a sentence first needs them: compiling them costs
    far more than a letter's search, and a drug's names differ from letter to letter."""
    # two-letter names ("PT", "OT") count as whole words; they are too short to look for first
    kept = [s for s in synonyms if len(s) > 1]
    names = "|".join(sorted((re.escape(s) for s in kept), key=len, reverse=True))
    return names, pattern(rf"\b(?:{names})\b"), Substrings(s.lower() for s in kept)


@functools.lru_cache(maxsize=256)
def _zero(names: str) -> re.Pattern[str]:
    """The service said never given: only when the letter says so ("no prior X", "has not had
    X", "no X"), not when it merely lacks records or speaks of X's results ("no functional
    improvement from X")."""
    return pattern(
        rf"\b(?:no|without\s+any)\s+(?:prior|previous|past|history\s+of)\s+(?:[\w/-]+,?\s+(?:or\s+|and\s+)?){{0,8}}?"
        rf"(?:{names})\b|\b(?:has|have|had)\s+(?:not|never)\s+(?:yet\s+)?(?:been\s+)?(?:previously\s+)?(?:had|received|tried|"
        rf"undergone|used|taken|prescribed|started|begun|treated\s+(?:with|by))\s+(?:any\s+|an?\s+)?"
        rf"(?:[\w/-]+,?\s+(?:or\s+|and\s+)?){{0,6}}?(?:{names})\b|"
        rf"\bnever\s+(?:had|received|tried|undergone)\s+(?:any\s+)?(?:{names})\b|"
        # the course named by when it would come ("has had no post-operative therapy"), or the
        # provider never seen ("has never seen a chiropractor")
        rf"\b(?:has|have)\s+had\s+no\s+(?:post-?\s?operative\s+|postsurgical\s+|formal\s+)?(?:{names})\b|"
        rf"\bnever\s+(?:seen|consulted|visited)\s+(?:a|an)\s+(?:{names})\b|"
        # one of a list: "has had no epidural injection and no chiropractic care"
        rf"\b(?:has|have)\s+had\s+no\s+(?:[\w/-]+\s+){{1,3}}?(?:(?:and|or)\s+no|or)\s+(?:{names})s?\b|"
        # "chiropractic care has not been tried"; "epidural injections and chiropractic care have not been tried"
        rf"\b(?:{names})s?\s+(?:for\s+(?:the\s+|her\s+|his\s+)?(?:[\w/-]+\s+){{1,2}}?)?(?:(?:and|or)\s+(?:[\w/-]+\s+){{1,3}}?)?"
        rf"(?:has|have)\s+(?:not|never)\s+(?:yet\s+)?been\s+(?:tried|given|provided|attempted|received|done|"
        rf"part\s+of\s+(?:her|his|the)\s+(?:treatment|care))|"
        # the subject negated instead: "no physical therapy has been given for the low back"
        rf"\bno\s+(?:{names})\s+(?:care\s+|treatment\s+|therapy\s+|sessions?\s+)?(?:has|have)\s+(?:yet\s+|ever\s+)?been\s+"
        rf"(?:tried|given|provided|attempted|received|done)\b|"
        # not yet begun: "she has yet to try acupuncture"
        rf"\b(?:has|have)\s+yet\s+to\s+(?:try|receive|have|undergo|start|begin)\s+(?:any\s+|an?\s+)?(?:{names})\b|"
        # "neither an epidural injection nor chiropractic care has been tried"; "has had neither X nor Y"
        rf"\bneither\s+(?:[\w/-]+\s+){{0,6}}?(?:{names})s?\b[^.;]{{0,60}}?\b(?:has|have)\s+been\s+"
        rf"(?:tried|given|provided|attempted|received|done)|"
        rf"\b(?:has|have)\s+(?:had|received|tried|undergone)\s+neither\s+(?:[\w/-]+\s+){{0,6}}?(?:{names})\b|"
        # "no massage therapy to date"; "medications, but no physical therapy"
        rf"\bno\s+(?:{names})\s+(?:care\s+|treatment\s+|sessions\s+)?(?:(?:for|of)\s+(?:this|the|her|his)\s+\w+\s+)?"
        rf"(?:to\s+date|so\s+far|thus\s+far|yet)\b|"
        # ... with other care denied in the same breath: "no PT, no home program to date"
        rf"\bno\s+(?:{names})\s*,\s+(?:(?:or|and)\s+)?no\s+(?:[\w/-]+\s+){{1,3}}?(?:to\s+date|so\s+far|thus\s+far|yet)\b|"
        rf"\b(?:but|and)\s+no\s+(?:{names})\b|"
        # the region it was never given for, as a note lists it: "No chiro for neck."
        rf"\bno\s+(?:prior\s+|previous\s+)?(?:{names})\s+for\s+(?:the\s+|her\s+|his\s+)?[a-z][\w-]*(?=\s*(?:[.;,]|$))|"
        # the reviewer's summary voice: "treatment to date has not included massage"
        rf"\b(?:has|have)\s+not\s+included\s+(?:any\s+)?(?:[\w/-]+,?\s+(?:or\s+|and\s+)?){{0,6}}?(?:{names})\b|"
        # a templated list: "Acupuncture: never tried.", "Massage: none."
        rf"\b(?:{names})\s*:\s*(?:none|never\s+(?:tried|had|received|given)|not\s+(?:tried|done|given|received|provided))\b|"
        # ... or "never" alone ("Chiro: never.")
        rf"\b(?:{names})\s*:\s*never(?=\s*(?:[.;,)]|$))"
    )


@functools.lru_cache(maxsize=256)
def _count(names: str) -> re.Pattern[str]:
    """A number of sessions of the service received."""
    # \b first: Python's re tries each position, and most positions are inside words
    return pattern(
        rf"\b(?:completed|had|received|attended|undergone|underwent|after|prior|previous|at\s+least|total\s+of|"
        rf"included|including|status\s+post|s/p|treated\s+with|over(?!\s+(?:the\s+)?(?:next|coming|following)\b))\s+"
        # a templated list's label between ("Prior therapy: 12 sessions of physical therapy"); a
        # cap is no count received ("a total of up to 18 visits", quoted from a guideline)
        rf"(?!(?:up\s+to|no\s+more\s+than|a\s+maximum\s+of)\b)"
        rf"(?:\w+:?\s+){{0,3}}?{number_group('n')}(?:\s*\(\d+\))?\s+(?:[\w-]+\s+){{0,3}}?(?:sessions?|visits?|treatments?)|"
        rf"\b{number_group('m')}(?:\s*\(\d+\))?\s+(?:prior\s+|previous\s+|completed\s+)?(?:(?:{names})\s+)?(?:sessions?|visits?|"
        rf"treatments?),?\s+(?:\w+\s+){{0,4}}?(?:completed|attended|to\s+date|so\s+far|already)|"
        # ... as a progress note writes it, "done" right after ("12 sessions done")
        rf"\b{number_group('k')}\s+(?:(?:{names})\s+)?(?:sessions?|visits?|treatments?)\s+done\b|"
        # "20 prior chiropractic sessions", "12 completed therapy visits"; "physical therapy x 12 was completed"
        rf"\b{number_group('p')}\s+(?:prior|previous|past|completed)\s+(?:(?:{names})\s+)?(?:sessions?|visits?|treatments?)|"
        # ... or as a progress note lists it ("PT x 12 completed 2015"; "PT x 12 w/o improvement"; the
        # "x" read as "for", which a duration also takes: "PT for 6 weeks" is no count)
        rf"\b(?:{names})\s+{_TIMES}\s*{number_group('q')}\b{_NO_TIME}[^.]{{0,30}}?\b(?:(?:was|were|has\s+been|have\s+been)\s+)?"
        rf"(?:completed|attended|received|provided|done|to\s+date|so\s+far)|"
        rf"\b(?:{names})\s+{_TIMES}\s*{number_group('t')}\s+(?:w/o|without|with\s+no|with\s+minimal|with\s+temporary)\s+"
        rf"(?:\w+\s+)?(?:relief|improvement|benefit|change)|"
        # a templated list of the care to date ("Treatment to date: 12 PT sessions in 2015, ...")
        rf"\b(?:to\s+date|so\s+far|thus\s+far)\s*:\s*{number_group('u')}\s+(?:(?:{names})\s+)?(?:sessions?|visits?|treatments?)\b|"
        # "has had acupuncture x12"; "completed PT x 8"
        rf"\b(?:had|received|completed|attended|underwent|undergone)\s+(?:{names})\s+{_TIMES}\s*{number_group('s')}\b{_NO_TIME}|"
        # "s/p acupuncture x6" (quoted from the name when a word of completion follows: "s/p PT x 8 completed")
        rf"\b(?:s/p|status\s+post)\s+(?:{names})\s+{_TIMES}\s*{number_group('x')}\b{_NO_TIME}"
        rf"(?![^.]{{0,30}}?\b(?:completed|attended|received|provided|done)\b)|"
        # a count in a templated list of the care to date ("Tx: bracing, meds, acupuncture x 6 sessions")
        rf"\btreatments?(?:\s+to\s+date)?\s*:\s*[^.:;]{{1,80}}?[,;]\s*(?:{names})\s+{_TIMES}\s*"
        rf"{number_group('w')}\b{_NO_TIME}|"
        # a count dated in a past year was received ("PT x 12 sessions in 2013", "acupuncture x 12 (2014)")
        rf"\b(?:{names})\s+{_TIMES}\s*{number_group('v')}\s+(?:(?:sessions?|visits?|treatments?)\s+)?"
        rf"(?:(?:in|during)\s+|\(\s*)(?:19|20)\d\d\b|"
        # ... or with its outcome after a colon, the region or year between ("Chiro x6 for neck 2015: no change")
        rf"\b(?:{names})\s+{_TIMES}\s*{number_group('o')}\b{_NO_TIME}(?:\s+(?:for|to)\s+(?:the\s+)?[\w-]+)?"
        rf"(?:\s+\(?(?:19|20)\d\d\)?)?\s*:\s*(?:no|minimal|little|some|good|mild|\d+\s*%)\s|"
        # sessions told by what they did, which says they were given ("six acupuncture sessions
        # brought a 20% decrease in pain"; "eight sessions of therapy did not help")
        rf"\b{number_group('r')}(?:\s*\(\d+\))?\s+(?:(?:{names})\s+)?(?:sessions?|visits?|treatments?)\s+"
        rf"(?:of\s+(?:{names})\s+)?(?:for\s+(?:the\s+|her\s+|his\s+)?[\w-]+\s+)?(?:in\s+(?:19|20)\d\d\s+)?"
        rf"(?:brought|gave|provided|produced|yielded|resulted\s+in|helped|reduced|decreased|took|raised|increased|led\s+to|"
        rf"improved|did\s+not|failed\s+to|were\s+(?:helpful|beneficial|not\s+helpful))\b|"
        # sessions dated in the past by a month or a year ("six manipulation visits in June and July")
        # (the service named: another's sessions may share the sentence)
        rf"\b{number_group('y')}\s+(?:{names})\s+(?:sessions?|visits?|treatments?)\s+(?:in|during)\s+"
        rf"(?:{_MONTHS}|(?:19|20)\d\d)\b(?![^.;]{{0,40}}\b(?:planned|scheduled|requested|proposed|recommended)\b)|"
        # ... or on the list's first item ("Tx to date: PT x4, ibuprofen"), quoted from the service's
        # name (last: a count told with its outcome at the same place is quoted whole)
        rf"(?:(?<=treatment to date: )|(?<=treatments to date: )|(?<=treatment: )|(?<=treatments: ))"
        rf"(?:{names})\s+{_TIMES}\s*{number_group('z')}\b{_NO_TIME}"
    )


@functools.lru_cache(maxsize=256)
def _had(names: str) -> re.Pattern[str]:
    """The service had before, its count unknown."""
    return pattern(
        rf"\b(?:previous|prior|past|had|received|completed|undergone|underwent|treated\s+with|trial\s+of|rental\s+of|"
        rf"rented|trialed|"
        # a list of the care to date: "treatments were home exercise, TENS, acupuncture"; "Tx: HEP, TENS, acupuncture"
        rf"treatments?(?:\s+to\s+date)?(?:\s*:|\s+(?:were|was|(?:has\s+|have\s+)?included|includes?)))\s+"
        # a few words, or the items of a list before it ("treated with a home exercise program, TENS and acupuncture")
        rf"(?:[\w/-]+[,;]?\s+(?:and\s+)?){{0,6}}?(?:{names})\b(?!\s+(?:was|were|is)\s+(?:requested|denied))|"
        # ... told first: "home exercises, TENS and acupuncture were her treatments"
        rf"\b(?:{names})\b(?:,?\s+(?:and\s+)?[\w/-]+){{0,6}}?\s+(?:were|was|have\s+been)\s+(?:her|his|the\s+patient's)\s+"
        rf"(?:only\s+)?treatments?\b|"
        # a rental told with its length, or after the unit ("TENS rental x 1 month"; "the unit, which she rented")
        rf"\b(?:{names})\s+(?:unit\s+)?(?:rental|trial)\s+(?:for|x)\s*(?:\d+|one|two|three|four|a)\s+(?:days?|weeks?|months?)\b|"
        rf"\b(?:{names})\s+(?:unit\s*)?,?\s+which\s+(?:she|he|they)\s+(?:rented|trialed|tried|used)\b|"
        # a trial or rental told by the service's name first: "during a one-month TENS rental"
        rf"\b(?:a|an|the|her|his)\s+(?:[\w-]+\s+){{0,2}}?(?:{names})\s+(?:unit\s+)?(?:rental|trial)\b"
        rf"(?!\s+(?:is|was|would|will|should|may|could)\b)|"
        # ... or in the passive, the unit first: "a TENS unit was rented for 30 days in June"
        rf"\b(?:a|an|the|her|his)\s+(?:{names})\s+(?:unit\s+)?(?:was|were)\s+(?:rented|trialed)\b"
    )


# words each pattern cannot match without (see sentences.CUES): one pass finds them all
_COUNT_UNITS = CUES.register("session", "visit", "treatment")
# "x 12 was completed"; "had acupuncture x12"
_DONE_WORDS = CUES.register(
    "completed",
    "attended",
    "received",
    "provided",
    "done",
    "had",
    "underwent",
    "undergone",
    "to date",
    "so far",
    "s/p",
    "status post",
)
# "PT x 12 w/o improvement": sessions told by their outcome
# ... or after a colon ("Chiro x6 for neck 2015: no change")
_OUTCOME_WORDS = CUES.register("w/o", "without", "with no", "with minimal", "with temporary", ":")
_NUMBERS = CUES.register(*"0123456789", *(w for w in WORDS if len(w) > 2))
_ZERO_WORDS = CUES.register("no", "never", "without", "yet to")
_HAD_WORDS = CUES.register(
    "treatment",
    "previous",
    "prior",
    "past",
    "had",
    "received",
    "completed",
    "undergone",
    "underwent",
    "treated",
    "trial",
    "rental",
    "rented",
)

# a sentence about what is asked for or authorized, not what was received ("modified duty" is
# work status, not a modified request)
_ORDERED = pattern(r"\b(?:request\w*|authoriz\w*|certif\w*|modified(?!\s+(?:duty|duties|work))|RFA)\b")
_ORDERED_WORDS = CUES.register("request", "authoriz", "certif", "modified", "rfa")


SentenceTest = Callable[[Sentence], bool]


def prior_sessions(
    sents: list[Sentence],
    synonyms: list[str],
    told: Told,
    about: SentenceTest | None = None,
    unnamed: SentenceTest | None = None,
) -> ExtractedFact | None:
    """Sessions of the same service already received: the largest count stated, or 0 when the
    letter says the service was never given; `told` says which counts are told of this patient
    (the assertion layer: not guideline text, a plan's condition, another person's). With `about`,
    only the sentences it accepts among those naming the service count (e.g. those about the body
    region treated). With `unnamed`, a count told without the service's name counts too in a
    sentence it accepts (a rationale about the item: "the 12 visits already given")."""
    if not synonyms:
        return None
    names, service, named = _service_names(tuple(synonyms))
    best: ExtractedFact | None = None
    for sentence in sents:
        text = sentence.lower
        counted = sentence.cues & _NUMBERS and sentence.cues & (_COUNT_UNITS | _DONE_WORDS | _OUTCOME_WORDS)
        names_it = named.any_in(text) and service.search(text)
        if not names_it and not (
            unnamed is not None and counted and sentence.cues & _COUNT_UNITS and unnamed(sentence)
        ):
            continue
        if sentence.cues & _ORDERED_WORDS and _ORDERED.search(text):
            continue
        found = best
        for match in _count(names).finditer(text) if counted else ():
            value = number(
                match.group("n")
                or match.group("m")
                or match.group("p")
                or match.group("q")
                or match.group("r")
                or match.group("s")
                or match.group("t")
                or match.group("u")
                or match.group("v")
                or match.group("w")
                or match.group("y")
                or match.group("z")
                or match.group("k")
                or match.group("o")
                or match.group("x")
            )
            if value is None or not 0 < value < 200 or (found is not None and value <= found.value):
                continue
            if told(sentence, match.span()):
                found = ExtractedFact(value=int(value), evidence=evidence(sentence, match))
        if found is None and sentence.cues & _ZERO_WORDS:
            never = _zero(names).search(text)
            if never and told(sentence, never.span()):
                found = ExtractedFact(value=0, evidence=evidence(sentence, never))
        # the region test only for a sentence that says something: it costs the most
        if found is not best and (about is None or about(sentence)):
            best = found
    return best


_REQUESTED = pattern(r"\b(?:request\w*|RFA)\b")


def had_service(
    sents: list[Sentence], synonyms: list[str], told: Told, about: SentenceTest | None = None
) -> ExtractedFact | None:
    """The letter says the patient already had this service (count unknown): an extension.
    `told`, `about`: as for prior_sessions."""
    if not synonyms:
        return None
    names, _, named = _service_names(tuple(synonyms))
    for sentence in sents:
        text = sentence.lower
        match = _had(names).search(text) if sentence.cues & _HAD_WORDS and named.any_in(text) else None
        if not match or (sentence.cues & _ORDERED_WORDS and _REQUESTED.search(text)):
            continue
        if not told(sentence, match.span()):
            continue
        if about is not None and not about(sentence):
            continue
        if sentence.past is not None and sentence.past[0] <= match.start() < sentence.past[1]:
            continue  # had before the injury ("acupuncture in 2011 for headaches"): not this course
        if not _NEGATED_NEARBY.search(sentence.lower[max(0, match.start() - 40) : match.end()]):
            return ExtractedFact(value="extension", evidence=evidence(sentence, match))
    return None
