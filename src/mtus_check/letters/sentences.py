"""Sentences of a letter's narrative, and which of them state facts of the case.

Reviewers quote guidelines in their rationales ("extension ... if functional improvement is
documented"); sentences that read as guideline text, the rationale's conclusion, or the UR's
stated reasons are marked unusable for facts about the patient.
"""

from __future__ import annotations

import re

from mtus_check.letters.models import Evidence, ExtractedFact
from mtus_check.letters.request_text import WORDS
from mtus_check.text import CueIndex, lowercase, pattern


class _Cues:
    """The words fact finders look for before they try their patterns, gathered as the finders
    are defined and indexed together on first use, so a sentence is scanned for all in one pass."""

    def __init__(self) -> None:
        self._words: set[str] = set()
        self._index: CueIndex | None = None

    def register(self, words: tuple[str, ...]) -> frozenset[str]:
        if self._index is not None:
            raise RuntimeError("cue words must be registered before the first sentence is read")
        self._words.update(words)
        return frozenset(words)

    def found(self, lower: str) -> frozenset[str]:
        if self._index is None:
            self._index = CueIndex(self._words)
        return self._index.found(lower)


CUES = _Cues()


class Sentence:
    """One sentence of a section: its text, where it starts, and whether it states case facts."""

    __slots__ = ("_cues", "_usable", "lower", "section", "start", "text")

    def __init__(self, text: str, start: int, section: str) -> None:
        self.text = text
        self.start = start  # offset in its section's text
        self.section = section
        self.lower = lowercase(text)
        self._usable: bool | None = None
        self._cues: frozenset[str] | None = None

    def has_cue(self, words: frozenset[str]) -> bool:
        """Whether any of `words` (registered with CUES) occurs in the sentence."""
        if self._cues is None:
            self._cues = CUES.found(self.lower)
        return not self._cues.isdisjoint(words)

    @property
    def usable(self) -> bool:
        """States facts of this case (see about_patient). Decided on first use: most sentences
        match no fact's words and are never asked."""
        if self._usable is None:
            self._usable = _states_case_facts(self.text, self.lower, self.section)
        return self._usable


_SPLIT = re.compile(r"(?<=[.!?])[\"')]*\s+(?=[A-Z0-9\"(])")
_NUMBER = r"\d+|" + "|".join(w for w in WORDS if len(w) > 2)


def number_group(name: str) -> str:
    return rf"(?P<{name}>{_NUMBER})"


def sentences(text: str, offset: int, section: str) -> list[Sentence]:
    """Sentences of a section, with absolute offsets."""
    out, pos = [], 0
    for part in _SPLIT.split(text):
        index = text.find(part, pos)
        if part.strip():
            out.append(Sentence(part, offset + index, section))
        pos = index + len(part)
    return out


def evidence(sentence: Sentence, match: re.Match[str] | None = None) -> Evidence:
    if match is None:
        quote, start = sentence.text, sentence.start
    else:
        quote, start = sentence.text[match.start() : match.end()], sentence.start + match.start()
    return Evidence(
        section=sentence.section, quote=re.sub(r"\s+", " ", quote.strip()), start=start, end=start + len(quote.strip())
    )


_UR_REPORT = re.compile(r"\b(?:denied|non-?certif\w*|utilization\s+review|modified|UR)\b")


def _states_case_facts(text: str, lower: str, section: str) -> bool:
    """A sentence that states facts of this case: not guideline text, not the rationale's
    conclusion (what a prediction is checked against), not the UR's reasons."""
    if _GUIDELINE.search(lower) or _CONCLUSION.search(lower):
        return False
    return not (section == "summary" and _UR_REPORT.search(text))


def about_patient(sentence: Sentence) -> bool:
    return sentence.usable


def first_match(
    sents: list[Sentence], tests: list[tuple[re.Pattern[str], object]], patient_only: bool = True
) -> ExtractedFact | None:
    """The first sentence matching any test gives the value (tests in priority order per sentence)."""
    for sentence in sents:
        for test, value in tests:
            match = test.search(sentence.lower)
            if match:
                if patient_only and not about_patient(sentence):
                    break  # the cheap test first; a sentence that is not about the patient gives nothing
                return ExtractedFact(value=value, evidence=evidence(sentence, match))
    return None


_GUIDELINE = pattern(
    r"\b(?:guidelines?|MTUS|ODG|ACOEM|CPMTG|recommend\w*|is indicated|are indicated|may be|should|"
    r"criteria|required|requires|supported when|if there is|in order to|allow for|up to|total of|trial of|"
    r"\d+\s*(?:-|to)\s*\d+\s+(?:visits|sessions|treatments)|is\s+defined|defined\s+(?:as|by)|goal|intended|"
    r"widely\s+used|alternative\s+to|means|indications?|are\s+(?:highly\s+)?effective|most\s+patients|provided\s+(?:that|any)|patients\s+(?:who|with)|is\s+desirable|is\s+based\s+on|would\s+be|will\s+be|may\s+\w+|only\s+(?:when|if)|can\s+be|over\s+\d+\s+weeks|visits\s+over|including\s+at\s+least|continued\s+objective)\b"
)
_CONCLUSION = pattern(
    r"\bmedically\s+(?:necessary|indicated|appropriate)|\b(?:is|are)\s+(?:not\s+)?supported\b|"
    r"\b(?:therefore|thus|as\s+such|consequently|given\s+the\s+above|in\s+light\s+of)\b|\bnot\s+warranted\b"
)
NEGATION = pattern(
    r"\b(?:no|not|nor|without|denies|deny|lack\w*|absence|insufficient|unclear|fail\w*|neither|unable|minimal|"
    r"did\s+not|does\s+not|has\s+not|have\s+not|cannot|non-?)\b"
)
