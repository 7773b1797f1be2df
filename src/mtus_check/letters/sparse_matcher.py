"""ConText's token patterns run only where they can match: the same matches, a fraction of the time.

medspaCy finds ConText's triggers with a PhraseMatcher (the literal rules) and a spaCy Matcher (the
rules written as token patterns, about sixty). The Matcher starts every pattern at every token and
cost two thirds of reading a mention's context, though a sentence holds the words of one or two
of the patterns at most. A pattern whose required tokens ("ruled" and "out" in "are ruled out") do
not all occur in the sentence cannot match, and a pattern that matches nothing takes no part in
the order of the others' matches: run with only the patterns that can match, in the order they
were added, the Matcher returns the same list. spaCy and medspaCy are imported by the caller.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

# the token attributes a pattern's required tokens may test, and the doc array column of each
_ATTRS: Mapping[str, str] = {"LOWER": "LOWER", "TEXT": "ORTH", "ORTH": "ORTH"}
_REQUIRED = (None, "+")  # token operators that need the token at least once ("?", "*", "{0,3}", "!" do not)
Requirement = tuple[str, frozenset[str]]  # (attribute, values of which one must occur in the doc)


def requirements(pattern: list[dict[str, Any]]) -> tuple[Requirement, ...]:
    """What a doc must hold for `pattern` to match: for each token that has to be there and whose
    test is one value or a set of values of a word's text, the values it may take. A token this
    check does not read (another test, several tests, a repeat such as "{1,8}") asks for nothing:
    the pattern is then only run on more docs. () : the pattern is run on every doc."""
    out: list[Requirement] = []
    for token in pattern:
        tests = {k: v for k, v in token.items() if k != "OP"}
        if token.get("OP") not in _REQUIRED or len(tests) != 1:
            continue
        [(attr, value)] = tests.items()
        if attr not in _ATTRS:
            continue
        if isinstance(value, str):
            out.append((attr, frozenset({value})))
        elif isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
            out.append((attr, frozenset(value["IN"])))
    return tuple(out)


class SparseMatcher:
    """A drop-in for spaCy's Matcher (add, __call__) that runs, on each doc, a Matcher of only the
    patterns the doc can match; one such Matcher is kept per set of patterns (a few dozen sets)."""

    def __init__(self, vocab: Any) -> None:
        self._vocab = vocab
        self._patterns: list[tuple[str, list[dict[str, Any]], Any]] = []  # (key, pattern, on_match), as added
        self._always: list[int] = []  # patterns run on every doc (no requirement this check reads)
        self._needed: list[int] = []  # per pattern: how many of its tokens must find their value
        # value hash -> the (pattern, token requirement) pairs that value meets; the doc's values of
        # every column tested are looked up together (a lower-case word in either column meets a
        # test of both: a pattern run for nothing at worst, never one left out)
        self._meets: dict[int, list[tuple[int, int]]] = {}
        self._columns: list[str] = []
        self._matcher = functools.lru_cache(maxsize=256)(self._build)

    def add(self, key: str, patterns: Iterable[list[dict[str, Any]]], on_match: Any = None) -> None:
        for pattern in patterns:
            index = len(self._patterns)
            self._patterns.append((key, pattern, on_match))
            need = requirements(pattern)
            self._needed.append(len(need) if need else 0)
            if not need:
                self._always.append(index)
                continue
            for j, (attr, values) in enumerate(need):
                for value in values:
                    self._meets.setdefault(self._vocab.strings.add(value), []).append((index, j))
                if _ATTRS[attr] not in self._columns:
                    self._columns.append(_ATTRS[attr])
        self._matcher.cache_clear()

    def __len__(self) -> int:
        return len(self._patterns)

    def __call__(self, doc: Any) -> list[tuple[int, int, int]]:
        met: set[tuple[int, int]] = set()
        meets = self._meets
        if self._columns:
            # the doc's values that some requirement asks for (a set operation, not a loop)
            for value in meets.keys() & set(doc.to_array(self._columns).ravel().tolist()):
                met.update(meets[value])
        # per pattern, how many of its requirements the doc meets: only patterns met at all are counted
        counts: dict[int, int] = {}
        for index, _j in met:
            counts[index] = counts.get(index, 0) + 1
        needed = self._needed
        able = [i for i, n in counts.items() if n == needed[i]] + self._always
        if not able:
            return []
        matches: list[tuple[int, int, int]] = self._matcher(tuple(sorted(able)))(doc)
        return matches

    def _build(self, able: tuple[int, ...]) -> Any:
        from spacy.matcher import Matcher

        matcher = Matcher(self._vocab)
        for i in able:
            key, pattern, on_match = self._patterns[i]
            matcher.add(key, [pattern], on_match=on_match)
        return matcher


def sparse_token_patterns(context: Any) -> None:
    """Give medspaCy's ConText (before any rule is added) a SparseMatcher for its token patterns.
    Where a medspaCy version keeps its matchers elsewhere, ConText stays as it is (slower, same)."""
    matcher = getattr(context, "_ConText__matcher", None)
    if matcher is not None and hasattr(matcher, "_MedspacyMatcher__matcher") and not matcher.rules:
        matcher._MedspacyMatcher__matcher = SparseMatcher(context.nlp.vocab)
