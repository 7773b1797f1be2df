"""Diagnoses a case summary tells in its sentences rather than in a diagnosis list ("she has
lumbar radiculopathy", "was diagnosed with carpal tunnel syndrome", "findings consistent with
L5 radiculopathy", "Impression: ..."). The names are the vocabulary's diagnosis categories;
whether a mention states the patient's diagnosis is the assertion layer's decision, as for
every fact: "no evidence of radiculopathy", "rule out carpal tunnel syndrome", "if
radiculopathy develops", a relative's diagnosis and guideline text give none."""

from __future__ import annotations

from collections.abc import Iterable

from mtus_check.letters.assertion import ContextReader
from mtus_check.letters.fact_reader import mention_value
from mtus_check.letters.sentences import Sentence, states_record
from mtus_check.rules.factspec import FactSpec
from mtus_check.rules.vocabulary import Vocabulary

# a named diagnosis is decided as any yes/no fact's mention is (fact_reader.mention_value): not
# when denied, said to be missing from the record, only possible or planned, someone else's, the
# guideline's, an earlier review's, or over ("... has since resolved"); a past diagnosis ("history
# of") counts, as in a diagnosis list
_DIAGNOSIS = FactSpec(
    fact="diagnosis",
    label="a diagnosis",
    description="A diagnosis the case summary names in a sentence rather than a diagnosis list.",
    reader="none",
    historical="counts",
    future="ignored",
)


def narrative_diagnoses(sents: Iterable[Sentence], vocabulary: Vocabulary, context: ContextReader) -> list[str]:
    """The diagnoses the sentences state of the patient, each as written, in the order told,
    without repeats."""
    found: list[str] = []
    section = vocabulary.diagnosis_categories
    for sentence in sents:
        mentions = section.matches(sentence.text)
        if not mentions or not states_record(sentence):
            continue
        spans = [(start, end) for _key, start, end in mentions]
        for (start, end), modifiers in zip(spans, context.modifiers(sentence.text, spans), strict=True):
            name = " ".join(sentence.text[start:end].split())
            stated = mention_value(True, modifiers, _DIAGNOSIS, "case") is True
            if stated and name.lower() not in (f.lower() for f in found):
                found.append(name)
    return found


def listed_diagnoses(entries: list[str], vocabulary: Vocabulary, context: ContextReader) -> list[str]:
    """The entries of a diagnosis list that state a diagnosis: an entry whose named diagnoses are
    all hedged or denied ("r/o lumbar radiculopathy", "possible carpal tunnel syndrome") is a
    question the work-up asks, not a diagnosis; an entry naming none of the vocabulary's stays."""
    kept = []
    for entry in entries:
        mentions = vocabulary.diagnosis_categories.matches(entry)
        spans = [(start, end) for _key, start, end in mentions]
        told = context.modifiers(entry, spans) if spans else []
        if not spans or any(mention_value(True, modifiers, _DIAGNOSIS, "case") is True for modifiers in told):
            kept.append(entry)
    return kept
