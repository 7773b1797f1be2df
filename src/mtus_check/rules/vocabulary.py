"""Words to canonical keys: services, body regions, diagnosis categories, surgeries, imaging lesions,
risk factors and red flags.

All the words live in rules/vocabulary.yaml; this module only knows how to match them.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from mtus_check.memo import MEMO_SIZE, remember
from mtus_check.rules.schema import Term, VocabularyFile
from mtus_check.text import PhraseIndex, lowercase

# The key of a stated value the vocabulary does not name (a diagnosis in no category, an
# unlisted surgery). Rules may scope on it; it is never a section key of its own.
OTHER = "other"

# the sections of vocabulary.yaml, in file order
SECTIONS: tuple[str, ...] = tuple(VocabularyFile.model_fields)

# ASCII punctuation to spaces (letters, digits and '.' stay), for offset-keeping matching
_BLANK = str.maketrans({chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == ".")})

# Each section remembers its answers for short texts (a request's words repeat across a batch:
# the same services, regions, diagnoses, misspellings); a letter's longer sentences are matched
# each time and not kept, and past MEMO_SIZE answers the memo starts over (memory stays flat).
MEMO_TEXT = 120
_T = TypeVar("_T")

_NON_WORD = re.compile(r"[^a-z0-9.]+")
_SPACE_RUN = re.compile(r"  +")


def _collapse_runs(text: str) -> tuple[str, Callable[[int], int]]:
    """Every run of spaces to one, and for an offset in the result, how many characters the
    collapse removed before it (one pass gives both)."""
    pieces, starts, shifts, removed, pos = [], [0], [0], 0, 0
    for run in _SPACE_RUN.finditer(text):
        pieces.append(text[pos : run.start() + 1])  # up to and including the run's one kept space
        pos = run.end()
        kept = run.start() - removed  # where that space sits in the collapsed text
        removed += len(run.group()) - 1
        starts.append(kept + 1)
        shifts.append(removed)
    pieces.append(text[pos:])
    return "".join(pieces), lambda offset: shifts[bisect.bisect_right(starts, offset) - 1]


def normalize_words(text: str) -> str:
    """Lowercase, punctuation to spaces, whitespace collapsed ("Low-Back" -> "low back")."""
    return " ".join(_NON_WORD.sub(" ", text.lower().replace("'", "")).split()).strip(". ")


@dataclass
class Section:
    """One vocabulary section: canonical keys and every phrase that names them."""

    name: str
    terms: dict[str, Term]
    phrases: dict[str, str] = field(default_factory=dict)  # normalized phrase -> key
    codes: list[tuple[str, str]] = field(default_factory=list)  # (code prefix, key)
    _index: PhraseIndex | None = None
    _memo: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for key, term in self.terms.items():
            for phrase in (key.replace("_", " "), term.label, *term.synonyms):
                self.phrases.setdefault(normalize_words(phrase), key)
            for code in term.codes:
                self.codes.append((code.upper().replace(".", ""), key))
        # at one start the longest phrase wins: "low back pain" over "low back"
        if self.phrases:
            self._index = PhraseIndex(self.phrases)

    def _remember(self, kind: str, text: str, work: Callable[[str], _T]) -> _T:
        """`work(text)`, worked out once per short text (answers are never changed: callers
        get copies of lists)."""
        if len(text) > MEMO_TEXT:
            return work(text)
        key = (kind, text)
        memo = self._memo
        if key in memo:
            found: _T = memo[key]
            return found
        return remember(memo, key, work(text), MEMO_SIZE)

    def lookup(self, text: str) -> str | None:
        """The key a whole phrase names exactly (after normalization), or None."""
        if text in self.phrases:
            return self.phrases[text]
        return self._remember("lookup", text, self._lookup)

    def _lookup(self, text: str) -> str | None:
        return self.phrases.get(normalize_words(text))

    def matches(self, text: str) -> list[tuple[str, int, int]]:
        """(key, start, end) of every phrase found in `text`, offsets into `text` itself."""
        out: list[tuple[str, int, int]] = []
        if self._index is None:
            return out
        # match on a lower-cased copy with punctuation blanked, so offsets stay aligned
        lower = lowercase(text)
        blanked = lower.translate(_BLANK) if lower.isascii() else re.sub(r"[^a-z0-9.]", " ", lower)
        if "  " not in blanked:
            return [(self.phrases[phrase], start, end) for phrase, start, end in self._index.words(blanked)]
        # runs of spaces: match on the collapsed text and map offsets back to `text`
        spaced, shift_at = _collapse_runs(blanked)
        for phrase, start, end in self._index.words(spaced):
            out.append((self.phrases[phrase], start + shift_at(start), end + shift_at(end - 1)))
        return out

    def best(self, text: str) -> tuple[str, int, int] | None:
        """The phrase a request is about: highest priority, then the first named."""
        return self._remember("best", text, self._best)

    def _best(self, text: str) -> tuple[str, int, int] | None:
        found = self.matches(text)
        if not found:
            return None
        return min(found, key=lambda m: (-self.terms[m[0]].priority, m[1]))

    def find(self, text: str) -> list[str]:
        """Keys of every phrase or code found inside free text, in order, without repeats."""
        return list(self._remember("find", text, self._find))

    def _find(self, text: str) -> tuple[str, ...]:
        found: list[str] = []
        norm = normalize_words(text)
        if self._index is not None:
            for phrase, _start, _end in self._index.words(norm):
                key = self.phrases[phrase]
                if key not in found:
                    found.append(key)
        for token in re.findall(r"\b[A-Za-z]?\d{2,3}(?:\.\d{1,4})?[A-Za-z0-9]*\b", text):
            compact = token.upper().replace(".", "")
            for prefix, key in self.codes:
                if compact.startswith(prefix) and key not in found:
                    found.append(key)
        return tuple(found)

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """The nearest known keys or phrases, for 'did you mean' messages."""
        return list(self._remember(f"suggest {n}", text, lambda t: tuple(self._suggest(t, n))))

    def _suggest(self, text: str, n: int) -> list[str]:
        norm = normalize_words(text)
        close = difflib.get_close_matches(norm, list(self.phrases), n=n * 2, cutoff=0.5)
        keys: list[str] = []
        for phrase in close:
            key = self.phrases[phrase]
            if key not in keys:
                keys.append(key)
        return keys[:n]


class Vocabulary:
    """All vocabulary sections of a rule pack, one attribute per section of vocabulary.yaml."""

    services: Section
    body_regions: Section
    diagnosis_categories: Section
    surgeries: Section
    imaging_lesions: Section
    gi_risk_factors: Section
    cardiac_risk_factors: Section
    bleeding_risk_factors: Section
    red_flags: Section
    oral_suspensions: Section
    weight_bearing_reasons: Section
    topical_agents: Section
    symptoms: Section

    def __init__(self, spec: VocabularyFile) -> None:
        self.spec = spec
        for name in SECTIONS:
            setattr(self, name, Section(name, getattr(spec, name)))
        self._subsets: dict[tuple[tuple[str, ...], bool], Section] = {}

    def section(self, name: str) -> Section:
        """A section by its name in vocabulary.yaml (services, body_regions, surgeries, ...)."""
        if name not in SECTIONS:
            raise KeyError(name)
        section: Section = getattr(self, name)
        return section

    def services_of(self, categories: tuple[str, ...], generic: bool = False) -> Section:
        """The services of some categories as a section of their own (a smaller, faster pattern);
        words marked generic are left out unless asked for."""
        key = (categories, generic)
        if key not in self._subsets:
            terms = {
                k: t for k, t in self.services.terms.items() if t.category in categories and (generic or not t.generic)
            }
            self._subsets[key] = Section("services", terms)
        return self._subsets[key]

    def same_limb(self, a: str, b: str) -> bool:
        """Whether two body regions overlap: equal, or one lies within the other (hand, arm)."""
        terms = self.body_regions.terms
        return a == b or b in getattr(terms.get(a), "within", ()) or a in getattr(terms.get(b), "within", ())

    def is_limb(self, region: str) -> bool:
        """Whether a body region is a limb or part of one (the regions `within` names, and those)."""
        terms = self.body_regions.terms
        term = terms.get(region)
        return bool(term is not None and term.within) or any(region in t.within for t in terms.values())

    def speaks_for(self, region: str, named: str, nerves: bool) -> bool:
        """Whether a sentence naming body region `named` can state a fact of a request for
        `region`: the same limb; the limb a spine region's nerve roots supply, named as a whole
        ("the leg pain" for a low back request, not "the knee"); with `nerves`, any part of that
        limb too ("numbness of the foot", where radicular findings show)."""
        if self.same_limb(region, named):
            return True
        term = self.body_regions.terms.get(region)
        supplies = term.supplies if term is not None else []
        return named in supplies or (nerves and any(self.same_limb(limb, named) for limb in supplies))

    def categorize_diagnoses(self, diagnoses: Iterable[str]) -> list[str]:
        """Diagnosis categories named anywhere in the diagnoses (text or ICD codes)."""
        out: list[str] = []
        for text in diagnoses:
            for key in self.diagnosis_categories.find(text):
                if key not in out:
                    out.append(key)
        return out
