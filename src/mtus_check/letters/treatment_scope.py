"""Which sentences may state a treatment's effect for an item (a fact spec's `by_treatment: true`,
as functional_improvement has): a sentence that names no other treatment, or names the item's
own service (by its words or the broader ones it is listed under: "the injection" for an
epidural). A sentence that names only other treatments tells their effect: "six acupuncture
treatments with no change in function" says nothing of a request for physical therapy, nor
"twelve sessions of therapy without functional gain" of a first course of aquatic therapy.

A treatment is what the vocabulary marks `treatments_list` (therapies, injections, programs,
device trials), and, for a drug asked for, another drug too ("no functional benefit from
Norco" says nothing of the cyclobenzaprine); for a therapy asked for, a drug named is no other
treatment's effect: it is often what the therapy let the patient cut down ("she went from Norco
four a day to one and is back to full shifts" after an injection). A test or equipment named
in the sentence makes it no other treatment's ("her function improved, and an MRI was
requested")."""

from __future__ import annotations

import re
from collections.abc import Callable

from mtus_check.letters.facts import DRUG_CATEGORIES
from mtus_check.letters.sentences import Sentence
from mtus_check.rules.vocabulary import Vocabulary


def about_treatment(service: str, vocabulary: Vocabulary) -> Callable[[Sentence], bool]:
    """Whether a sentence can speak of the effect of `service` (see the module's docstring)."""
    terms = vocabulary.services.terms
    own = terms.get(service)
    own_drug = own is not None and (own.category or "") in DRUG_CATEGORIES
    listed = own.listed_under if own is not None else []
    under = re.compile(r"\b(?:" + "|".join(map(re.escape, listed)) + r")\b", re.IGNORECASE) if listed else None

    def other(key: str) -> bool:
        term = terms[key]
        drug = (term.category or "") in DRUG_CATEGORIES
        # a generic word ("medications") is every drug's, the one asked for among them
        return key != service and (term.treatments_list or (own_drug and drug and not term.generic))

    def about(sentence: Sentence) -> bool:
        named = [key for key, _, _ in vocabulary.services.matches(sentence.text)]
        if service in named or (under is not None and under.search(sentence.text)):
            return True
        return not any(other(key) for key in named)

    return about
