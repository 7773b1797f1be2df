"""Diagnoses a case summary tells in its sentences rather than in a diagnosis list ("she has
lumbar radiculopathy", "was diagnosed with carpal tunnel syndrome", "findings consistent with
L5 radiculopathy", "Impression: ..."). The names are the vocabulary's diagnosis categories;
whether a mention states the patient's diagnosis is the assertion layer's decision, as for
every fact: "no evidence of radiculopathy", "rule out carpal tunnel syndrome", "if
radiculopathy develops", a relative's diagnosis and guideline text give none."""

from __future__ import annotations

from collections.abc import Iterable

from mtus_check.letters.assertion import ContextReader, Modifiers
from mtus_check.letters.sentences import Sentence, states_record
from mtus_check.rules.vocabulary import Vocabulary

# contexts in which a named diagnosis is not this patient's now: denied, said to be missing from
# the record, only possible or planned, someone else's, the guideline's, an earlier review's, or
# over ("... has since resolved"). A past diagnosis ("history of") counts, as in a diagnosis list.
_NOT_STATED = frozenset(
    {
        "NEGATED_EXISTENCE",
        "NOT_DOCUMENTED",
        "CRITERION_UNMET",
        "POSSIBLE_EXISTENCE",
        "HYPOTHETICAL",
        "FUTURE",
        "FAMILY",
        "OTHER_PERSON",
        "GUIDELINE",
        "PRIOR_REVIEW",
        "SUPERSEDED",
        "ENDED",
    }
)


def _states(modifiers: Modifiers) -> bool:
    if "CRITERION_MET" in modifiers:
        modifiers = modifiers - {"GUIDELINE"}  # a criterion applied to the patient ("criteria ... are met")
    if "COMPARED" in modifiers:
        modifiers = modifiers - {"NEGATED_EXISTENCE"}  # "not as often as": still there, less of it
    return not modifiers & _NOT_STATED


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
            if _states(modifiers) and name.lower() not in (f.lower() for f in found):
                found.append(name)
    return found
