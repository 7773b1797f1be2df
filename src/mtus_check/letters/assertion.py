"""The one place that decides the clinical context of a mention: negated, possible,
hypothetical, historical, about a family member or another person, guideline text, or a
statement that the record lacks it. medspaCy's ConText does it, with its general clinical
rules plus the pack's domain rules (rules/facts/context.yaml); nothing else in the reader
decides negation or context.

spaCy and medspaCy are imported on first use: pre-checks never read letters.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from mtus_check.rules.factspec import ContextRule

Modifiers = frozenset[str]
NONE: Modifiers = frozenset()
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

        self._nlp = spacy.blank("en")
        self._context: Any = ConText(self._nlp, rules=None)
        # a domain rule replaces a general one-phrase rule of the same words (ConText keeps one of
        # two overlapping triggers, not necessarily ours: "resolved" looks forward in the general
        # rules); general rules with a token pattern ("but", "yet", "still": terminate) stay
        domain = {r.phrase.lower() for r in rules}
        general = ConTextRule.from_json(self._context.DEFAULT_RULES_FILEPATH)
        kept = [r for r in general if r.pattern is not None or r.literal.lower() not in domain]
        added = [_rule(r) for r in rules]
        # an end_negation trigger ("; daily walking ...") ends the scope of negations only (and
        # of "no documentation of"): a plan or a condition reaches past it ("a request for
        # therapy; include home exercise")
        for rule in kept + added:
            if rule.category in _NEGATIONS and rule.direction != "TERMINATE":
                rule.terminated_by = {*rule.terminated_by, _NEGATION_END}
        self._context.add(kept)
        self._context.add(added)
        # (phrase, category) of the rules whose reach is the whole sentence
        self._sentence = frozenset((r.phrase.lower(), r.category) for r in rules if r.direction == "sentence")
        self._memo: dict[tuple[str, int, int], Modifiers] = {}
        _READERS.append(self)

    def modifiers(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Modifiers]:
        """The context categories that apply to each span of `text` (one sentence)."""
        return [self._modifiers(text, start, end) for start, end in spans]

    def _modifiers(self, text: str, start: int, end: int) -> Modifiers:
        # ConText is the costliest step of reading a letter, and about a third of its calls ask
        # again about a mention of the same letter already read (several facts and items read
        # the same sentences): answers depend on the text and span only, so they are kept
        key = (text, start, end)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._run(text, start, end)
        return found

    def forget(self) -> None:
        self._memo.clear()

    def _run(self, text: str, start: int, end: int) -> Modifiers:
        doc = self._nlp.make_doc(text)
        for i, token in enumerate(doc):
            token.is_sent_start = i == 0  # the caller's sentence is ConText's scope
        span = doc.char_span(start, end, label="FACT", alignment_mode="expand")
        if span is None or len(span) == 0:
            return NONE
        doc.ents = [span]
        self._context(doc)

        # a trigger inside the mention is part of what the phrase states ("provided no
        # relief" states failed care): it does not modify the mention it belongs to
        def outside(m: Any) -> bool:
            return not (span.start < m.modifier_span[1] and m.modifier_span[0] < span.end)

        sentence = {
            m.category
            for m in doc._.context_graph.modifiers
            if (m.rule.literal.lower(), m.category) in self._sentence and outside(m)
        }
        return frozenset(m.category for m in doc.ents[0]._.modifiers if outside(m)) | sentence


_NEGATION_END = "NEGATION_END"
_NEGATIONS = frozenset({"NEGATED_EXISTENCE", "NOT_DOCUMENTED"})


def _rule(rule: ContextRule) -> Any:
    """medspaCy's rule for one of the pack's (`sentence` reaches both ways; `end_negation` is a
    pseudo-trigger of its own category, which negations are terminated by)."""
    from medspacy.context import ConTextRule

    if rule.direction == "end_negation":
        return ConTextRule(rule.phrase, _NEGATION_END, direction="PSEUDO")
    direction = "BIDIRECTIONAL" if rule.direction == "sentence" else rule.direction.upper()
    return ConTextRule(rule.phrase, rule.category, direction=direction)


@functools.lru_cache(maxsize=4)
def context_reader(rules: tuple[ContextRule, ...]) -> ContextReader:
    """One reader per set of rules, per process (building one costs about a second of imports)."""
    return ContextReader(rules)
