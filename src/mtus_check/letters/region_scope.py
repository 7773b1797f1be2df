"""Which sentences may state a fact for a request about a body region (a fact spec's `scope`, or
a scoped group's of its phrases): those naming no region, the request's own region, the limb a
spine region's nerve roots supply named as a whole ("leg pain" for a low back request), and, for
findings a spine region shows in the limbs (scope `body_region_and_nerves`), any part of that
limb ("numbness of the foot"). A sign examined in a limb (scope `limb`: a positive Tinel's sign)
speaks only for a request about that limb: the wrist it names, or any limb when it names none,
never a spine region. Shared by the letter reader and the phrasing cases, so a case's `region:`
reads as an item would."""

from __future__ import annotations

from collections.abc import Callable, Collection

from mtus_check.letters.sentences import Sentence
from mtus_check.rules.factspec import Scope
from mtus_check.rules.vocabulary import Vocabulary

Named = Callable[[Sentence], Collection[str]]


def about_regions(regions: list[str], vocabulary: Vocabulary, named: Named, scope: Scope) -> Callable[[Sentence], bool]:
    """Whether a sentence can speak for a request about `regions` under `scope` (see the module's
    docstring)."""
    if scope == "none":
        return lambda sentence: True
    if scope == "limb":
        limbs = [region for region in regions if vocabulary.is_limb(region)]

        def in_limb(sentence: Sentence) -> bool:
            found = named(sentence)
            return bool(limbs) and (not found or any(vocabulary.same_limb(r, k) for r in limbs for k in found))

        return in_limb
    nerves = scope == "body_region_and_nerves"

    def about(sentence: Sentence) -> bool:
        found = named(sentence)
        return not found or any(vocabulary.speaks_for(region, k, nerves) for region in regions for k in found)

    return about


def about_scopes(regions: list[str], vocabulary: Vocabulary, named: Named) -> Callable[[Sentence, Scope], bool]:
    """Whether a sentence can speak for a request about `regions` under a given scope, the test
    of each scope built once (a fact whose phrases are read with several scopes)."""
    tests: dict[Scope, Callable[[Sentence], bool]] = {}

    def about(sentence: Sentence, scope: Scope) -> bool:
        if scope not in tests:
            tests[scope] = about_regions(regions, vocabulary, named, scope)
        return tests[scope](sentence)

    return about


def regions_in(vocabulary: Vocabulary) -> Named:
    """The body regions a sentence names, found in its text."""
    return lambda sentence: {k for k, _, _ in vocabulary.body_regions.matches(sentence.text)}


def one_region(words: str, vocabulary: Vocabulary) -> bool:
    """Whether words name one body region at most, or regions one of which the others speak for
    ("neck" and "arm", where the neck's roots supply the arm). A mention that joins two clauses
    ('..;') must: therapy for the shoulder says nothing of the back pain that persists."""
    named = {key for key, _, _ in vocabulary.body_regions.matches(words)}
    return len(named) < 2 or any(all(k == r or vocabulary.speaks_for(r, k, False) for k in named) for r in named)
