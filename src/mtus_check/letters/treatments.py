"""A case summary's account of the care given to date, and what it says of one service: when
the summary tells the care given ("Treatment to date: PT, meds"; "She has had physical therapy
and wears a knee brace"; "He was treated with NSAIDs and chiropractic care") and never names the
service, the service was not given (zero prior sessions: a first course).

Only an account of this injury's care, for the request's body region, given (not planned, not
someone else's, not guideline text) and whole (not "including ...", "such as ..."), says so; and
only for the services the vocabulary marks `treatments_list` (the care such an account names when
it was given). A broader word that may stand for the service ("injections" for trigger point
injections; the vocabulary's `listed_under`) named anywhere, or the service named as care given
in any other sentence, leaves it unknown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mtus_check.letters.assertion import ContextReader
from mtus_check.letters.models import ExtractedFact
from mtus_check.letters.sentences import Sentence, evidence, states_record
from mtus_check.rules.vocabulary import Section, Vocabulary
from mtus_check.text import pattern

SentenceTest = Callable[[Sentence], bool]

# an account headed by its label or its subject: "Treatment to date: ...", "Treatments have
# included ...", "Her care has consisted of ...", "Prior therapy was ...", "has been treated with ..."
_HEADED = pattern(
    r"\b(?:treatments?(?:\s+and\s+\w+)?(?:\s+(?:to\s+date|so\s+far|thus\s+far))?|care(?:\s+(?:to\s+date|so\s+far|thus\s+far))|"
    r"prior\s+(?:therapy|treatment|care)|treatment\s+history)\s+"
    r"(?:has\s+|have\s+)?(?:were|was|include[sd]?|included|including|consisted\s+of)\b|"
    r"\btreatments?(?:\s+(?:to\s+date|so\s+far|thus\s+far))?\s*:|"
    # ... or a template's label of the care given ("Care to date: ..."; "care:" alone may be a plan)
    r"\bcare\s+(?:to\s+date|so\s+far|thus\s+far)\s*:|"
    r"\b(?:has|have)\s+been\s+(?:treated|managed)\s+(?:with|by)\b|"
    # ... told first, as the subject: "rest, medication and therapy have been tried"; "a brace and PT
    # have been used to treat ..."
    r"\b(?:and|or)\s+(?:[\w/-]+\s+){0,4}?(?:have|has)\s+been\s+(?:tried|used(?:\s+to\s+treat)?)\b|"
    # the list told first: "home exercises, TENS and acupuncture were her treatments"
    r"\b(?:were|are|have\s+been)\s+(?:her|his|the\s+patient's)\s+(?:only\s+)?treatments\b"
)
# ... or told as what the patient went through, the patient its subject: "she has had PT and a
# brace", "he underwent ...", "she was treated with ...", "so far she has received ...", "he has
# been through ..."
_TOLD = pattern(
    r"\b(?:she|he|they|patient|claimant|worker|employee|man|woman|male|female|who|and)\s+(?:has\s+|have\s+)?"
    r"(?:also\s+|since\s+|already\s+)?(?:had|received|undergone|underwent|tried|completed|attended|went\s+through|"
    r"been\s+through|"
    r"(?:was|were|has\s+been|have\s+been)\s+(?:treated|managed)\s+(?:with|by))\b|"
    r"\b(?:was|were)\s+(?:treated|managed)\s+(?:with|by)\b"
)
# between such a verb and the care it names: a few words ("a course of", "eight weeks of"), none
# that makes the care the cause of something else ("had less pain with Norco")
_WORDS_BEFORE_CARE = 5
_NOT_BEFORE_CARE = pattern(r"\b(?:with|from|by|after|since|despite|because|for|without|no|not|pain)\b")
# an account that says it is partial: it may leave out care that was given ("..., etc.")
_PARTIAL = pattern(r"\b(?:etc|and\s+others|and\s+other|among\s+others?|various|a\s+variety\s+of)\b")
# ... or that gives examples of what the words before stand for: partial unless those words name
# another service than this one ("medication therapy including Robaxin" says nothing of therapy left
# out; "conservative care including PT" leaves acupuncture open)
_EXAMPLES = pattern(r"\b(?:including|such\s+as|for\s+example|for\s+instance)\b|\be\.\s?g\.")
_WORDS_BEFORE_EXAMPLES = 4
_ITEM_START = re.compile(r"[,;:]|\b(?:and|or)\b")
# a sentence about what is asked for or authorized, not what was given
_ORDERED = pattern(r"\b(?:request\w*|authoriz\w*|certif\w*|RFA|recommend\w*|prescribed)\b")
# an account of care planned, someone else's, a condition, guideline text, care denied or not
# documented, or the past before this injury ("prior to the injury", "previously"): it says
# nothing of the care given to date (and such a mention of the service leaves an account whole)
_NOT_GIVEN = frozenset(
    {
        "FUTURE",
        "HYPOTHETICAL",
        "GUIDELINE",
        "FAMILY",
        "OTHER_PERSON",
        "HISTORICAL",
        "NEGATED_EXISTENCE",
        "NOT_DOCUMENTED",
    }
)
# a sentence that tells a service as care given says something happened: a verb of having it, an
# outcome, a count or a time ("acupuncture gave some relief last year"); a telegraphic plan's line
# ("Acupuncture 1x6 for the neck.") says none of these
_AS_GIVEN = pattern(
    r"\b(?:had|has|have|was|were|did|does|gave|given|helped|provided|brought|received|tried|trialed|completed|"
    r"underwent|undergone|attended|relief|benefit|improv\w*|helpful|sessions?|visits?|ago|last|prior|previous)\b"
)
# the services whose naming makes a sentence an account of care: not tests, imaging or evaluations,
# and not a surgery alone ("she underwent a knee arthroplasty" tells an event, not the care to date)
_NOT_CARE = frozenset({"imaging", "electrodiagnostic", "lab", "evaluation", "surgery"})
# where a clause of a sentence ends: what one clause asks for ("twelve visits were authorized")
# says nothing of the care another tells ("therapy began on 2/1/2016, and ...")
_CLAUSE = pattern(r";|,\s*(?:and|but)\b|\b(?:but|whereas|although|however)\b")


@dataclass(frozen=True)
class Listed:
    """How an account of the care given names a service: its own names, and the broader words
    that may stand for it among others."""

    key: str
    names: tuple[str, ...]
    broader: tuple[str, ...]


def listed(vocabulary: Vocabulary, service: str) -> Listed | None:
    """The service as an account of the care given names it; None for a service such an account
    does not speak for (a drug, a test, equipment: rules/vocabulary.yaml `treatments_list`)."""
    term = vocabulary.services.terms.get(service)
    if term is None or not term.treatments_list:
        return None
    return Listed(service, (service.replace("_", " "), term.label, *term.synonyms), tuple(term.listed_under))


def not_among_treatments(
    sents: Iterable[Sentence],
    service: Listed,
    vocabulary: Vocabulary,
    context: ContextReader | None = None,
    about: SentenceTest | None = None,
) -> ExtractedFact | None:
    """Zero prior sessions when the summary gives an account of the care to date (with `about`,
    of the request's region) and never names the service, or a broader word for it, as care
    given; None when it gives no such account, or names it."""
    services = vocabulary.services
    names = _names(service.names + service.broader)
    account: ExtractedFact | None = None
    for sentence in sents:
        if sentence.section != "summary":
            continue
        head = _account(sentence, service, services)
        if head is not None and not _given(sentence, head.span(), context):
            head = None
        # an account speaks for the region its own clause names: what a later clause tells ("...,
        # and none of it helped the pain that keeps him from turning his head") is no account
        if about is not None and not about(_account_clause(sentence, head) if head is not None else sentence):
            continue
        if _names_service(sentence, names, service, services, context, head is not None):
            return None
        if head is not None and account is None:
            account = ExtractedFact(value=0, evidence=evidence(sentence))
    return account


def _account(sentence: Sentence, service: Listed, services: Section) -> re.Match[str] | None:
    """The head of the sentence's account of the care given (its label or verb), or None when the
    sentence gives none: no head, told of before the injury, partial, or naming no care."""
    text = sentence.lower
    head = _HEADED.search(text)
    if head is None:
        told = _TOLD.search(text)
        if told is None or not states_record(sentence):
            return None
        # told as what the patient went through: it names some care the vocabulary knows, first
        rest = text[told.end() :]
        care = [(s, key) for key, s, _ in services.matches(rest) if services.terms[key].category not in _NOT_CARE]
        between = rest[: min(care)[0]] if care else ""
        if not care or len(between.split()) > _WORDS_BEFORE_CARE or _NOT_BEFORE_CARE.search(between):
            return None
        head = told
    if sentence.past is not None and sentence.past[0] <= head.start() < sentence.past[1]:
        return None  # an episode before this injury
    if _PARTIAL.search(text, head.start()) or _ORDERED.search(text) or _examples(text, head.end(), service, services):
        return None
    return head


def _examples(text: str, start: int, service: Listed, services: Section) -> bool:
    """Whether the account gives examples of words that may stand for the service: "conservative
    care including ...", "treatment such as ..." (not "medication therapy including Robaxin", whose
    examples are of another service)."""
    for found in _EXAMPLES.finditer(text, start):
        # the list's item the examples follow: the words since its last comma, "and" or "or"
        item = _ITEM_START.split(text[start : found.start()])[-1]
        before = " ".join(item.split()[-_WORDS_BEFORE_EXAMPLES:])
        named = [key for key, _, _ in services.matches(before)]
        if not named or service.key in named or _names(service.broader).search(before):
            return True
    return False


def _given(sentence: Sentence, span: tuple[int, int], context: ContextReader | None) -> bool:
    """Whether the words at `span` tell care given to the patient to date."""
    if context is None:
        return True
    [mods] = context.modifiers(sentence.text, [span])
    return not mods & _NOT_GIVEN


def _names_service(
    sentence: Sentence,
    names: re.Pattern[str],
    service: Listed,
    services: Section,
    context: ContextReader | None,
    account: bool,
) -> bool:
    """Whether the sentence names the service (or a broader word for it) as care that may have been
    given: in an account of the care, always; elsewhere, unless asked for, planned or denied. A
    broader word inside another service's longer name ("epidural injections") is that service."""
    found = list(names.finditer(sentence.lower))
    if found:  # the sentence's service names found once: a long sentence may name the service often
        longer = [(s, e) for key, s, e in services.matches(sentence.lower) if key != service.key]
        found = [m for m in found if not _inside(m.span(), longer)]
    if not found:
        return False
    if account:
        return True
    text = sentence.lower
    clause = _clause(text, found[0].start())
    if not _AS_GIVEN.search(text) or _ORDERED.search(clause) or not states_record(sentence):
        return False  # a plan's line, a request, the review's own report or guideline text
    if sentence.past is not None and sentence.past[0] <= found[0].start() < sentence.past[1]:
        return False
    return _given(sentence, found[0].span(), context)


def _account_clause(sentence: Sentence, head: re.Match[str]) -> Sentence:
    """The sentence up to the end of the clause its account's head starts."""
    after = _CLAUSE.search(sentence.lower, head.end())
    if after is None:
        return sentence
    return Sentence(sentence.text[: after.start()], sentence.start, sentence.section)


def _clause(text: str, at: int) -> str:
    """The clause of `text` that holds the character at `at`."""
    start = max((m.end() for m in _CLAUSE.finditer(text, 0, at)), default=0)
    after = _CLAUSE.search(text, at)
    return text[start : after.start() if after else len(text)]


def _inside(span: tuple[int, int], longer: list[tuple[int, int]]) -> bool:
    """Whether `span` lies inside a longer name of another service ("injections" in "epidural injections")."""
    start, end = span
    return any(s <= start and end <= e and e - s > end - start for s, e in longer)


@functools.lru_cache(maxsize=256)
def _names(words: tuple[str, ...]) -> re.Pattern[str]:
    kept = sorted({w.lower() for w in words if w}, key=len, reverse=True)
    return pattern(r"\b(?:" + "|".join(re.escape(w) for w in kept) + r")s?\b")
