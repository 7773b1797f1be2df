"""What all items of one letter share, read once per letter into a record nobody changes: the
case summary's sentences and the facts it states, the body regions each sentence names, the
drugs the patient takes, an imaging report of a lesion, and the item that requests a surgery."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from mtus_check.letters.facts import (
    DRUG_CATEGORIES,
    Finders,
    SummaryFacts,
    current_medications,
    dated,
    fact_finders,
    fact_reader,
)
from mtus_check.letters.history import before_injury
from mtus_check.letters.imaging import imaging_finders
from mtus_check.letters.models import ExtractedFact, ParsedLetter
from mtus_check.letters.sentences import Sentence, Told, sentences
from mtus_check.letters.subject import is_surgery, subject
from mtus_check.rules.facts_loader import FactSpecs, Reading
from mtus_check.rules.shorthand import spelling
from mtus_check.rules.vocabulary import Vocabulary

# service -> the request fields worth reading for it (None: every fact the reader knows)
FactsFor = Callable[[str], Collection[str] | None]
_SURGERY_FACTS = ("surgery", "surgery_date")
UNRECOGNIZED = "unclassified"  # the service of a request the vocabulary does not name


class StatedFacts:
    """The facts the summary states, read once (those some item of the letter wants); the
    interface narrative_facts reads (`finders`, `get`)."""

    __slots__ = ("_found", "finders")

    def __init__(self, finders: Finders, found: Mapping[str, ExtractedFact | None]) -> None:
        self.finders = finders
        self._found = MappingProxyType(dict(found))

    def get(self, name: str) -> ExtractedFact | None:
        """The summary's fact `name` (None: not stated). Raises KeyError for a fact no item wanted."""
        return self._found[name]


@dataclass(frozen=True)
class LetterFacts:
    """A letter's shared facts; `read` builds it, items only read it."""

    sentences: tuple[Sentence, ...]
    stated: StatedFacts
    findings: Finders  # the same specs, read from a rationale as the reviewer's findings
    regions: SentenceRegions  # the body regions each sentence names (the summary's by id, read-only)
    surgery: int | None  # index of the first item that requests a surgery itself
    medications: ExtractedFact | None
    lesion: ExtractedFact | None
    told: Told  # whether a grammar's words are told of this patient (the assertion layer)
    given: Told  # ... and tell care received, not planned

    @classmethod
    def read(cls, letter: ParsedLetter, reading: Reading, facts_for: FactsFor | None = None) -> LetterFacts:
        """Read the summary once for every item of the letter (with `facts_for`, only the facts
        some item's service needs)."""
        vocabulary = reading.vocabulary
        # a length of symptoms told as a date ("since March 2015") is counted to the date of service
        finders = dated(fact_finders(reading.facts, vocabulary), letter.date_of_service)
        sents = before_injury(
            sentences(letter.summary, 0, "summary", spelling(reading.facts.shorthand)), letter.date_of_injury
        )
        services = [_service(subject(item)[0], vocabulary) for item in letter.items]
        wanted = _union(facts_for(s or UNRECOGNIZED) if facts_for is not None else None for s in services)
        surgery = wanted is None or any(n in wanted for n in _SURGERY_FACTS)  # read together
        names = [n for n in finders if wanted is None or n in wanted] + (list(_SURGERY_FACTS) if surgery else [])
        # the surgery grammar asks the same assertion layer as the phrases: whose surgery it is
        reader = fact_reader(reading.facts, vocabulary)
        lazy = SummaryFacts(list(sents), finders, reader.context())
        stated = StatedFacts(finders, {name: lazy.get(name) for name in names})
        drugs = any(_is_drug(s, vocabulary) for s in services)
        find_lesion = imaging_finders(reading.facts, vocabulary).get("imaging_lesion")
        return cls(
            sentences=sents,
            stated=stated,
            findings=dated(findings_finders(reading.facts, vocabulary), letter.date_of_service),
            regions=SentenceRegions(sents, vocabulary),
            surgery=next((i.index for i in letter.items if is_surgery(i.request_text, vocabulary)), None),
            medications=(
                current_medications(list(sents), vocabulary.services_of(DRUG_CATEGORIES), reader.told)
                if drugs or wanted is None or "current_medications" in wanted
                else None
            ),
            lesion=find_lesion(list(sents))
            if find_lesion is not None and (wanted is None or "imaging_lesion" in wanted)
            else None,
            told=reader.told,
            given=reader.given,
        )

    def regions_named(self, sentence: Sentence) -> frozenset[str]:
        """The body regions a sentence names (the summary's or a rationale's), found once per letter."""
        return self.regions.of(sentence)


class SentenceRegions(Mapping[int, frozenset[str]]):
    """The body regions each sentence of a letter names, found when first asked for: only items
    about a body region ask (two letters in three had them all found for nothing), and each item
    asks about its rationale's sentences once per scope. As a mapping, read-only: id of a summary
    sentence -> its regions."""

    def __init__(self, sents: Iterable[Sentence], vocabulary: Vocabulary) -> None:
        self._sentences = {id(s): s for s in sents}  # the record holds the sentences: ids stay theirs
        self._vocabulary = vocabulary
        # keyed by id, with the sentence kept: an id is unique only while its object lives
        self._found: dict[int, tuple[Sentence, frozenset[str]]] = {}

    def of(self, sentence: Sentence) -> frozenset[str]:
        kept = self._found.get(id(sentence))
        if kept is not None and kept[0] is sentence:
            return kept[1]
        found = frozenset(k for k, _, _ in self._vocabulary.body_regions.matches(sentence.text))
        self._found[id(sentence)] = (sentence, found)
        return found

    def __getitem__(self, key: int) -> frozenset[str]:
        return self.of(self._sentences[key])  # KeyError: not a summary sentence

    def __iter__(self) -> Iterator[int]:
        return iter(self._sentences)

    def __len__(self) -> int:
        return len(self._sentences)


def _service(text: str, vocabulary: Vocabulary) -> str | None:
    best = vocabulary.services.best(text)
    return best[0] if best else None


def _is_drug(service: str | None, vocabulary: Vocabulary) -> bool:
    term = vocabulary.services.terms.get(service) if service else None
    return term is not None and (term.category or "") in DRUG_CATEGORIES


def _union(wants: Iterable[Collection[str] | None]) -> set[str] | None:
    """Every fact any item wants (None: one of them wants every fact)."""
    out: set[str] = set()
    for want in wants:
        if want is None:
            return None
        out.update(want)
    return out


@functools.lru_cache(maxsize=8)
def findings_finders(facts: FactSpecs, vocabulary: Vocabulary) -> Finders:
    """Every fact's finder in findings mode, the imaging facts' too: what a rationale is read for
    (built once per pack; callers must not change the dict)."""
    return {**fact_finders(facts, vocabulary, "findings"), **imaging_finders(facts, vocabulary, "findings")}
