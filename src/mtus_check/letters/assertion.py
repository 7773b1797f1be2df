"""The one place that decides the clinical context of a mention: negated, possible,
hypothetical, historical, about a family member or another person, guideline text, or a
statement that the record lacks it. medspaCy's ConText does it, with its general clinical
rules plus the pack's domain rules (rules/facts/context.yaml); nothing else in the reader
decides negation or context.

spaCy and medspaCy are imported on first use: pre-checks never read letters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from mtus_check.letters.sparse_matcher import sparse_token_patterns
from mtus_check.rules.factspec import ContextRule
from mtus_check.rules.phrases import phrase_literals

Modifiers = frozenset[str]
NONE: Modifiers = frozenset()
# what ConText found for one mention: the categories that hold whatever else the sentence
# mentions, and those reaching it by scope, each with its trigger's (start, end) characters
_Read = tuple[Modifiers, tuple[tuple[str, int, int], ...]]
_PERSONS = frozenset({"OTHER_PERSON", "FAMILY"})  # scopes that naming the patient ends
# words a trigger's '...' does not skip: a negation of its own, the start of another clause, or a
# condition's word, whose own trigger a longer match over it would hide ("..., and treatments may
# be extended if functional improvement is documented": no new clause told, a condition)
_GAP_STOPS = (
    *("no", "not", "never", "without", "nor", "denies", "denied", "and", "but", "or"),
    *("if", "unless", "may", "should", "would", "could"),
)
# '..+' skips a list too ("numbness of the thumb, index and middle fingers"): commas and "and" in it
_LIST_GAP_STOPS = (*(w for w in _GAP_STOPS if w != "and"), ";", ".", ":", "(", ")")
# '..-' is a series item ("fever", "reflex changes"): one to four words, none a clause's subject,
# an article or a possessive (", and a positive straight leg raise is reported" is a new subject)
_ITEM_GAP_STOPS = (*_GAP_STOPS, "the", "a", "an", "his", "her", "their", "she", "he", "they", "it", "this", "that")
_GAPS = ("...", "..+", "..-")
_READERS: list[ContextReader] = []  # the readers built in this process (context_reader keeps a few)


def new_letter() -> None:
    """Forget the mentions read so far: a letter's answers are reused within that letter only,
    so the cost of reading a letter does not depend on which letters came before it."""
    for reader in _READERS:
        reader.forget()


class ContextReader:
    """Runs ConText on one sentence at a time for the given mentions (character spans)."""

    def __init__(self, rules: tuple[ContextRule, ...]) -> None:
        import spacy
        from medspacy.context import ConText, ConTextRule
        from spacy.matcher import PhraseMatcher

        self._nlp = spacy.blank("en")
        self._context: Any = ConText(self._nlp, rules=None)
        sparse_token_patterns(self._context)  # before the rules: their token patterns go to it
        # one trigger per word sequence a rule's phrase stands for ({a|b} alternatives); a rule
        # that skips words ('...') is one token pattern, its alternatives sets of words: a pattern
        # per alternative would each be tried from every comma of a sentence
        triggers = [
            (literal, r)
            for r in rules
            if r.category != "PATIENT"
            for literal in ((r.phrase,) if self._gap_pattern(r.phrase) else phrase_literals(r.phrase))
        ]
        # the patient named ends another person's scope: matched apart, since ConText keeps one of
        # two overlapping triggers ("the patient" and its general "patient is not")
        self._patient: Any = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._patient.add(
            "PATIENT",
            [
                self._nlp.make_doc(literal)
                for r in rules
                if r.category == "PATIENT"
                for literal in phrase_literals(r.phrase)
            ],
        )
        # a domain rule replaces a general one-phrase rule of the same words (ConText keeps one of
        # two overlapping triggers, not necessarily ours: "resolved" looks forward in the general
        # rules); general rules with a token pattern ("but", "yet", "still": terminate) stay
        domain = {literal.lower() for literal, _ in triggers}
        general = ConTextRule.from_json(self._context.DEFAULT_RULES_FILEPATH)
        self._context.add([r for r in general if r.pattern is not None or r.literal.lower() not in domain])
        self._context.add(
            [
                ConTextRule(
                    literal,
                    r.category,
                    direction="BIDIRECTIONAL" if r.direction == "sentence" else r.direction.upper(),
                    pattern=self._pattern(literal, r.exact_case),
                )
                for literal, r in triggers
            ]
        )
        # how many words a trigger reaches, where its rule says (ConText's own max_scope is not
        # used: medspaCy then misses the terminating words inside the shorter scope)
        self._reach = {(literal.lower(), r.category): r.reach for literal, r in triggers if r.reach is not None}
        # (phrase, category) of the rules whose reach is the whole sentence
        self._sentence = frozenset(
            (literal.lower(), r.category) for literal, r in triggers if r.direction == "sentence"
        )
        self._memo: dict[tuple[str, int, int, bool], _Read] = {}
        _READERS.append(self)

    def _pattern(self, literal: str, exact_case: bool) -> list[dict[str, Any]] | None:
        """The token pattern of a trigger that needs one: ConText matches a plain literal in any
        case; a pattern holds the case, or skips a few words at '...' (see _gap_pattern)."""
        gap = self._gap_pattern(literal)
        if gap is not None:
            return gap
        if not exact_case:
            return None
        return [{"TEXT": t.text} for t in self._nlp.make_doc(literal)]

    def _gap_pattern(self, phrase: str) -> list[dict[str, Any]] | None:
        """A trigger that skips one to eight words at '...' (", and ... is reported": a new
        subject, whatever it is, and its verb), none of them a negation or a clause mark; each
        {a|b} is one token of a set. None for a phrase without '...' or with an alternative of
        several tokens (then each word sequence is a trigger of its own)."""
        if set(_GAPS).isdisjoint(phrase.split()):
            return None
        out: list[dict[str, Any]] = []
        for piece in re.findall(r"\{[^{}]*\}|\.\.[.+-]|[^\s{}]+", phrase):
            if piece == "...":
                out.append({"LOWER": {"NOT_IN": list(_GAP_STOPS)}, "IS_PUNCT": False, "OP": "{1,8}"})
                continue
            if piece == "..+":
                out.append({"LOWER": {"NOT_IN": list(_LIST_GAP_STOPS)}, "OP": "{1,12}"})
                continue
            if piece == "..-":
                out.append({"LOWER": {"NOT_IN": list(_ITEM_GAP_STOPS)}, "IS_PUNCT": False, "OP": "{1,4}"})
                continue
            options = piece[1:-1].split("|") if piece.startswith("{") else [piece]
            tokens = [[t.lower_ for t in self._nlp.make_doc(o.strip())] for o in options if o.strip()]
            if len(options) == 1:
                out.extend({"LOWER": t} for t in tokens[0])
                continue
            if any(len(t) != 1 for t in tokens):
                return None
            # {|a|b}: one of the words or none
            out.append({"LOWER": {"IN": [t[0] for t in tokens]}, **({"OP": "?"} if len(tokens) < len(options) else {})})
        return out

    def modifiers(
        self,
        text: str,
        spans: Sequence[tuple[int, int]],
        others: tuple[tuple[int, int], ...] = (),
        grammar: bool = False,
    ) -> list[Modifiers]:
        """The context categories that apply to each span of `text` (one sentence). `others`: the
        spans of other mentions of the same fact, whose own words modify no mention but theirs
        ("sensation was intact, and Spurling's test was negative": the second denial's "was
        negative" does not negate the first). `grammar`: the spans are a grammar's matches, not
        a phrase's: a trigger whose reach is the sentence counts inside them too (the words a
        grammar skips, "MRI ... shows", are not its phrase: "an MRI is needed before surgery
        only when the examination shows ..." is guideline text)."""
        return [self._modifiers(text, start, end, others, grammar) for start, end in spans]

    def _modifiers(
        self, text: str, start: int, end: int, others: tuple[tuple[int, int], ...], grammar: bool
    ) -> Modifiers:
        # ConText is the costliest step of reading a letter, and about a third of its calls ask
        # again about a mention of the same letter already read (several facts and items read
        # the same sentences): what ConText found depends on the text and span only, so it is
        # kept, and the other mentions' words are set aside afterwards
        low, high = _window(text, start, end)
        key = (text[low:high], start - low, end - low, grammar)
        read = self._memo.get(key)
        if read is None:
            read = self._memo[key] = self._run(*key)
        fixed, scoped = read
        # a trigger inside another mention is that mention's words; one that only runs into it
        # ("no history of" before "history of cancer, fever or weight loss") governs the list
        return fixed | {c for c, a, b in scoped if not any(x <= a + low and b + low <= y for x, y in others)}

    def forget(self) -> None:
        self._memo.clear()

    def _sentence_doc(self, text: str) -> Any:
        """`text` as one sentence, ConText's scope: each token's sentence is the whole doc (a spaCy
        token hook). Setting sentence starts token by token costs spaCy a pass over the whole doc
        per token, and building a second Doc with them costs twice the tokenizer."""
        doc = self._nlp.make_doc(text)
        doc.user_token_hooks["sent"] = _whole_doc
        return doc

    def _run(self, text: str, start: int, end: int, grammar: bool) -> _Read:
        """The categories that modify the mention at (start, end) whatever other mentions there
        are, and those that reach it by scope, each with its trigger's characters (a trigger
        inside another mention of the fact is that mention's words: `_modifiers` drops it; one
        whose reach is the sentence, "red flags include", speaks for every mention)."""
        doc = self._sentence_doc(text)
        span = doc.char_span(start, end, label="FACT", alignment_mode="expand")
        if span is None or len(span) == 0:
            return NONE, ()
        doc.ents = [span]
        self._context(doc)

        # a trigger inside the mention is part of what the phrase states ("provided no
        # relief" states failed care): it does not modify the mention it belongs to
        def outside(m: Any) -> bool:
            return not (span.start < m.modifier_span[1] and m.modifier_span[0] < span.end)

        # ... unless it opens with the mention's words and says what they are: "red flags include
        # fracture, ..." defines the mention ("no surgery is indicated for" only shares words with it)
        def defines(m: Any) -> bool:
            return m.modifier_span[0] == span.start and m.modifier_span[1] > span.end

        modifiers = doc._.context_graph.modifiers
        sentence = {
            m.category
            for m in modifiers
            if (m.rule.literal.lower(), m.category) in self._sentence and (grammar or outside(m) or defines(m))
        }
        triggers = [
            (m.category, doc[m.modifier_span[0] : m.modifier_span[1]])
            for m in doc.ents[0]._.modifiers
            if outside(m)
            and not self._patient_between(doc, span, m)
            and m.category != "SUPERSEDED"
            and self._reaches(m, span)
        ]
        scoped = tuple((category, words.start_char, words.end_char) for category, words in triggers)
        # a later study reaches back over the turn ("..., but repeat MRI shows ..."): the "but" that
        # ends every scope before it does not end this one, so it is decided here, not by scope
        later = {m.category for m in modifiers if m.modifier_span[0] >= span.end and _supersedes(doc, m)}
        return frozenset(sentence | later | self._straddling(doc, span, modifiers)), scoped

    def _reaches(self, modifier: Any, span: Any) -> bool:
        """Whether a trigger with a reach of so many words (ContextRule.reach) reaches the mention."""
        reach = self._reach.get((modifier.rule.literal.lower(), modifier.category))
        if reach is None:
            return True
        start, end = modifier.modifier_span
        return (span.start - end if end <= span.start else start - span.end) < reach

    def _patient_between(self, doc: Any, span: Any, modifier: Any) -> bool:
        """Whether the patient is named between another person and the mention ("the employer
        could not accommodate her, so the patient is not working"): the mention is the patient's."""
        if modifier.category not in _PERSONS:
            return False
        start, end = modifier.modifier_span
        low, high = (end, span.start) if end <= span.start else (span.end, start)
        return any(low <= s and e <= high for _id, s, e in self._patient(doc))

    def _straddling(self, doc: Any, span: Any, modifiers: Sequence[Any]) -> set[str]:
        """Categories of the forward triggers that begin before the mention and run into it
        ("no history of" over "history of bleeding", "not feel" over "feel numb"): ConText lets
        no trigger modify a mention it overlaps. One counts unless the words it shares with the
        mention are a trigger of its category themselves: then the phrase holds that context
        ("is not" over "not working", a denial; "not" over "not responsive", an assertion)."""
        found: set[str] = set()
        for m in modifiers:
            start, end = m.modifier_span
            if not (start < span.start < end) or m.direction.upper() not in ("FORWARD", "BIDIRECTIONAL"):
                continue
            shared = self._sentence_doc(doc[span.start : min(end, span.end)].text)
            self._context(shared)
            if all(other.category != m.category for other in shared._.context_graph.modifiers):
                found.add(m.category)
        return found


def _supersedes(doc: Any, modifier: Any) -> bool:
    """A later study supersedes what one of its kind showed before it: the trigger's second word
    ("repeat MRI shows") is named earlier in the sentence ("an earlier MRI showed ..."). A repeat
    EMG says nothing of what an MRI showed."""
    if modifier.category != "SUPERSEDED":
        return False
    start = modifier.modifier_span[0]
    study = doc[start + 1].lower_ if start + 1 < len(doc) else ""
    return any(t.lower_ == study for t in doc[:start])


# ConText's work grows with the square of a sentence's triggers, so a mention's context is read
# in the words around it, at most this many characters either side: a clinical sentence is
# shorter, and a run-on list or a text without stops is not read whole for each of its mentions
_REACH = 600


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The part of `text` a mention at (start, end) is read in: all of it, or whole words within
    _REACH characters of the mention."""
    low = 0 if start <= _REACH else text.find(" ", start - _REACH, start) + 1
    high = len(text) if len(text) - end <= _REACH else text.rfind(" ", end, end + _REACH)
    return low, high if high > end else end


def _whole_doc(token: Any) -> Any:
    return token.doc[:]


@functools.lru_cache(maxsize=4)
def context_reader(rules: tuple[ContextRule, ...]) -> ContextReader:
    """One reader per set of rules, per process (building one costs about a second of imports)."""
    return ContextReader(rules)
