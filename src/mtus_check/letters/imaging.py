"""Imaging facts, found by their own grammar and decided by the assertion layer: a study of the
request's body region done before (`prior_imaging`), and a study that shows a lesion surgery
repairs (`imaging_lesion`, the vocabulary's imaging_lesions). The grammar finds where a study is
told as done or a lesion is named near a study; whether that mention states it of this patient
now ("no prior MRI", "negative for a meniscal tear", "if the MRI shows a tear", guideline text, a
relative's study) is the assertion layer's decision, as for every fact (FactReader.mention)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Protocol

from mtus_check.letters.fact_reader import FactReader, Mode, first_stated
from mtus_check.letters.facts import fact_reader
from mtus_check.letters.models import ExtractedFact
from mtus_check.letters.sentences import CUES, Sentence, evidence, pattern, states_record
from mtus_check.rules.facts_loader import FactSpecs
from mtus_check.rules.factspec import FactSpec
from mtus_check.rules.vocabulary import Section, Vocabulary

_IMAGING = pattern(
    r"\b(?:MRI|MR\s+arthrogram|magnetic\s+resonance|CT\s+scan|CT\b|x-?rays?|radiographs?|imaging|arthrogram|"
    r"ultrasound|sonogram|myelogram)"
)
_IMAGING_WORDS = CUES.register(
    "mr", "magnetic", "ct", "x-ray", "xray", "radiograph", "imaging", "arthrogram", "ultrasound", "sonogram", "myelo"
)
# a lesion named short of the one surgery repairs: "almost full-thickness", "a partial tear"
_SHORT_OF = pattern(r"\b(?:almost|nearly|near|partial)[\s-]+(?:[\w-]+\s+)?$")

# imaging done before: "a prior MRI", "an MRI of the lumbar spine dated 6/2/2016 revealed ..."
_PRIOR_IMAGING = pattern(
    r"\b(?:prior|previous|earlier|old|past|repeat)\s+(?:\w+\s+){0,2}?(?:MRI|MR\s+arthrogram|CT\s+scan|CT|magnetic\s+resonance|"
    r"imaging)\b|\b(?:MRI|MR\s+arthrogram|CT\s+scan|CT|magnetic\s+resonance\s+imaging)\b[^.]{0,100}?\b(?:showed|shows|"
    r"revealed|reveals|demonstrated|demonstrates|was\s+(?:normal|unremarkable|negative|positive)|"
    r"(?:dated|done|performed|obtained)\s+(?:on\s+|in\s+)?\d)|"
    # told in the passive: "a tear was seen on an MRI of the shoulder"; "... on a lumbar MRI of 11-3-2016"
    r"\b(?:seen|shown|noted|identified|visualized|demonstrated|confirmed|found)\s+(?:on|by)\s+(?:(?:a|an|the|her|his)\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:MRI|CT\s+scan|CT|magnetic\s+resonance\s+imaging)\b|"
    r"\bon\s+(?:a|an|the|her|his)\s+(?:[\w-]+\s+){0,2}?(?:MRI|CT\s+scan|CT)\s+(?:of|from|dated)\s+\d|"
    # told as done, or as never done: "no MRI of the knee has been obtained", "... has never been done"
    r"\b(?:MRI|CT\s+scan|CT)\b[^.;]{0,60}?\b(?:has|have)\s+(?P<never>never\s+|not\s+)?been\s+(?:done|obtained|performed)\b|"
    # a templated line, the study with its date and then what it showed: "Lumbar MRI (4/2/2015): ..."
    r"\b(?:MRI|CT\s+scan|CT)\b[^.;:]{0,40}?\(?\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\)?\s*:"
)
_PRIOR_IMAGING_WORDS = CUES.register("mri", "mr arthrogram", " ct", "magnetic", "imaging")  # "ct" alone is in "act"

SentenceTest = Callable[[Sentence], bool]


class Finder(Protocol):
    """An imaging fact read from sentences; with `about`, only from those that can speak for the
    request (tested after the grammar finds a study in a sentence: the region test costs more)."""

    def __call__(self, sents: list[Sentence], about: SentenceTest | None = None) -> ExtractedFact | None: ...


# a mention: its sentence, its span, the match to quote (None: the sentence), and what its own words
# say ("has never been done" says no)
Mention = tuple[Sentence, tuple[int, int], "re.Match[str] | None", bool]


def _found(mentions: Iterable[Mention], reader: FactReader, spec: FactSpec, mode: Mode) -> Iterator[ExtractedFact]:
    """What each mention states, decided as a phrase's mention is (mentions that state nothing left out)."""
    for sentence, span, quoted, base in mentions:
        value = reader.mention(sentence, span, spec, mode, base, grammar=True)
        if value is not None:
            yield ExtractedFact(value=value, evidence=evidence(sentence, quoted))


def prior_imaging(reader: FactReader, spec: FactSpec, mode: Mode) -> Finder:
    """MRI or CT done before."""

    def mentions(sents: list[Sentence], about: SentenceTest | None) -> Iterable[Mention]:
        for sentence in sents:
            if not sentence.cues & _PRIOR_IMAGING_WORDS or not states_record(sentence):
                continue
            match = _PRIOR_IMAGING.search(sentence.lower)
            if match and (about is None or about(sentence)):
                yield sentence, match.span(), match, match.group("never") is None

    def find(sents: list[Sentence], about: SentenceTest | None = None) -> ExtractedFact | None:
        return first_stated(_found(mentions(sents, about), reader, spec, mode), spec)

    return find


def imaging_lesion(reader: FactReader, spec: FactSpec, lesions: Section, mode: Mode) -> Finder:
    """A lesion surgery repairs, named in a sentence that tells of a study."""

    def mentions(sents: list[Sentence], about: SentenceTest | None) -> Iterable[Mention]:
        for sentence in sents:
            if not sentence.cues & _IMAGING_WORDS or not _IMAGING.search(sentence.lower) or not states_record(sentence):
                continue
            if about is not None and not about(sentence):
                continue
            for _key, start, end in lesions.matches(sentence.text):
                if not _SHORT_OF.search(sentence.lower[max(0, start - 40) : start]):
                    yield sentence, (start, end), None, True

    def find(sents: list[Sentence], about: SentenceTest | None = None) -> ExtractedFact | None:
        return first_stated(_found(mentions(sents, about), reader, spec, mode), spec)

    return find


@functools.lru_cache(maxsize=8)
def imaging_finders(facts: FactSpecs, vocabulary: Vocabulary, mode: Mode = "case") -> Mapping[str, Finder]:
    """The imaging facts' finders of a pack (those it declares), built once per pack and mode
    (findings: a reviewer's account of the studies, as every fact is read from a rationale)."""
    reader = fact_reader(facts, vocabulary)
    out: dict[str, Finder] = {}
    if (spec := facts.get("prior_imaging")) is not None:
        out["prior_imaging"] = prior_imaging(reader, spec, mode)
    if (spec := facts.get("imaging_lesion")) is not None:
        out["imaging_lesion"] = imaging_lesion(reader, spec, vocabulary.imaging_lesions, mode)
    return MappingProxyType(out)
