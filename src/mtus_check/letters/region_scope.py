"""Which sentences may state a fact for a request about a body region (a fact spec's `scope`):
those naming no region, the request's own region, the limb a spine region's nerve roots supply
named as a whole ("leg pain" for a low back request), and, for findings a spine region shows in
the limbs (scope `body_region_and_nerves`), any part of that limb ("numbness of the foot").
Shared by the letter reader and the phrasing cases, so a case's `region:` reads as an item would."""

from __future__ import annotations

from collections.abc import Callable, Collection

from mtus_check.letters.sentences import Sentence
from mtus_check.rules.vocabulary import Vocabulary

Named = Callable[[Sentence], Collection[str]]


def about_regions(regions: list[str], vocabulary: Vocabulary, named: Named, nerves: bool) -> Callable[[Sentence], bool]:
    """Whether a sentence can speak for a request about `regions` (see the module's docstring)."""

    def about(sentence: Sentence) -> bool:
        found = named(sentence)
        return not found or any(vocabulary.speaks_for(region, k, nerves) for region in regions for k in found)

    return about


def regions_in(vocabulary: Vocabulary) -> Named:
    """The body regions a sentence names, found in its text."""
    return lambda sentence: {k for k, _, _ in vocabulary.body_regions.matches(sentence.text)}
