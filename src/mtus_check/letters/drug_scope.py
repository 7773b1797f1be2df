"""A drug request's drug-scoped facts (specs with `drug_scoped: true`) read only from sentences
that can be about that drug: the relief and function a note records for one drug ("pain 7/10
without hydrocodone and 4/10 with it") say nothing of another drug the patient takes (naproxen).

A sentence that names drugs of other services of the vocabulary's drug categories, and neither
the requested drug's service nor its class, does not speak for the request. A sentence naming
no drug still does ("with the medication she walks a mile"). Only a value read from such a
sentence is read again without it, so a letter whose facts come from the request's own drug
reads as before.
"""

from __future__ import annotations

__all__ = ["drug_scoped", "drugs_relief_left_out"]

import functools
import re
from collections.abc import Callable

from mtus_check.letters.facts import DRUG_CATEGORIES
from mtus_check.letters.models import ExtractedFact
from mtus_check.letters.sentences import Sentence
from mtus_check.rules.vocabulary import Vocabulary
from mtus_check.text import lowercase, pattern

Read = Callable[[str, list[Sentence]], ExtractedFact | None]


def _drugs_named(sentence: Sentence, vocabulary: Vocabulary) -> frozenset[str]:
    """The services of the drugs the sentence names."""
    return frozenset(key for key, _, _ in vocabulary.services_of(DRUG_CATEGORIES).matches(sentence.text))


def _from(found: ExtractedFact, sentence: Sentence) -> bool:
    """Whether the value was read from this sentence (its evidence lies within it)."""
    end = sentence.start + len(sentence.written)
    return found.evidence.section == sentence.section and sentence.start <= found.evidence.start < end


def drug_scoped(
    record: dict[str, ExtractedFact],
    names: list[str],
    sents: list[Sentence],
    service: str,
    vocabulary: Vocabulary,
    read: Read,
) -> None:
    """Read again, without the sentences about other drugs, each fact of `names` in `record` whose
    value came from one of them (in place: a fact nothing else states is left out); then, where
    sentences name the requested drug, a value read from none of them is read again from them:
    one told of the requested drug decides over one from a sentence naming no drug, which may be of
    a procedure told just before it ("sixty percent relief" after an injection, "from 8/10 before
    gabapentin to 4/10 on it" for gabapentin)."""
    term = vocabulary.services.terms.get(service)
    if term is None or term.category not in DRUG_CATEGORIES:
        return
    named = [_drugs_named(s, vocabulary) for s in sents]  # each sentence's drugs, matched once
    others = [s for s, drugs in zip(sents, named, strict=True) if drugs and service not in drugs]
    kept = [s for s, drugs in zip(sents, named, strict=True) if not drugs or service in drugs]
    own = [s for s, drugs in zip(sents, named, strict=True) if service in drugs]
    _read_again(record, names, read, kept, lambda found: any(_from(found, s) for s in others), drop=True)
    if own:
        _read_again(record, names, read, own, lambda found: not any(_from(found, s) for s in own), drop=False)


def _read_again(
    record: dict[str, ExtractedFact],
    names: list[str],
    read: Read,
    within: list[Sentence],
    stale: Callable[[ExtractedFact], bool],
    drop: bool,
) -> None:
    """Read each fact of `names` whose value in `record` is `stale` again from `within` (in place);
    where they state nothing, the value is left out with `drop`, else kept."""
    for name in names:
        found = record.get(name)
        if found is None or not stale(found):
            continue
        again = read(name, within)
        if again is not None:
            record[name] = again
        elif drop:
            del record[name]


# how far before a rating its condition may be told ("with Norco on board his pain is 4/10")
_CONDITION_REACH = 40


@functools.lru_cache(maxsize=8)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A word class's words as one pattern (a stem's '*' any ending)."""
    alts = sorted(
        (re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words), key=len, reverse=True
    )
    return pattern(r"\b(?:" + "|".join(alts) + r")\b")


def drugs_relief_left_out(
    record: dict[str, ExtractedFact],
    name: str,
    sents: list[Sentence],
    service: str,
    vocabulary: Vocabulary,
    medication: tuple[str, ...],
    read: Callable[[list[Sentence]], ExtractedFact | None],
) -> None:
    """For a request for a treatment (an injection, a therapy: the vocabulary's `treatments_list`),
    pain relief read from ratings told with and without a medication ("8/10 without medication and
    4/10 with it"; `medication`: the words of that word class) is the drug's relief, not the
    service's: read again without those sentences, unless they name the service too ("8/10 before
    the injection and 3/10 after")."""
    term = vocabulary.services.terms.get(service)
    if term is None or not term.treatments_list or not medication:
        return  # a drug's own relief, or a test's (an MRI), whose relief decides nothing
    drugs = _words_pattern(medication)
    left_out: list[Sentence] = []
    while (found := record.get(name)) is not None:
        sentence = next((s for s in sents if _from(found, s)), None)
        if sentence is None:
            return
        at = found.evidence.start - sentence.start
        window = sentence.written[max(0, at - _CONDITION_REACH) : at + len(found.evidence.quote)]
        if not drugs.search(lowercase(window)) or service in {k for k, _, _ in vocabulary.services.matches(window)}:
            return
        left_out.append(sentence)
        again = read([s for s in sents if not any(s is o for o in left_out)])
        if again is None:
            del record[name]
        else:
            record[name] = again
