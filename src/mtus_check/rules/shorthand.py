"""Clinical shorthand read as the words it stands for: progress notes write "pt c/o LBP w/o
relief, (+) SLR on R", and the fact phrases, the context rules and the grammar readers are
written in words. The abbreviations are data (rules/facts/context.yaml, shorthand:); this module
only spells them out, and keeps where each spelled-out word was written.

Every reader reads a sentence's spelled-out text (letters.sentences.Sentence.text); the evidence
it quotes is the sentence as written, found through the shifts (Spelling.spell_out).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence

import ahocorasick

from mtus_check.rules.factspec import Shorthand

# one abbreviation spelled out: (start, end) in the text as read, (start, end) where it was written
Shift = tuple[int, int, int, int]


def _alternative(entry: Shorthand) -> str:
    core = re.escape(entry.short)
    written = core if entry.exact_case else f"(?i:{core})"
    # an abbreviation is a token of its own: "L" in "L leg", not in "L5" or "L-spine"; "w/" is
    # followed by anything ("w/meds"), an arrow stands between anything ("8/10->5/10"). The
    # abbreviation comes first and the look-behind after it takes it in, so that the regex engine
    # skips to where its first letter is instead of trying the look-behind at every position
    before = rf"(?<![\w/+\-]{written})" if entry.short[0].isalnum() or entry.short[0] == "(" else ""
    after = r"(?![\w/'\-])" if entry.short[-1].isalnum() else r"(?![\w/])" if entry.short[-1] == ")" else ""
    return written + before + after


class Spelling:
    """Spells out one pack's shorthand in a text; texts without any are returned as they are."""

    def __init__(self, entries: Sequence[Shorthand]) -> None:
        # longest first: "w/o" before "w/"
        ordered = sorted(entries, key=lambda e: (-len(e.short), e.short))
        self._alternatives = [_alternative(e) for e in ordered]
        self._lowered = [e.short.lower() for e in ordered]
        self._means = [e.means for e in ordered]
        self._pattern = functools.lru_cache(maxsize=1024)(self._pattern_of)
        # each abbreviation's own pattern, tried only where its letters are: the exact-case ones
        # found in the text as written, the others in its lower case
        self._each = [re.compile(a) for a in self._alternatives]
        self._sizes = [len(e.short) for e in ordered]
        self._exact = _automaton((e.short, i) for i, e in enumerate(ordered) if e.exact_case)
        self._folded = _automaton((e.short.lower(), i) for i, e in enumerate(ordered) if not e.exact_case)

    def _pattern_of(self, present: tuple[int, ...]) -> re.Pattern[str]:
        return re.compile("|".join(f"({self._alternatives[i]})" for i in present))

    def __call__(self, text: str) -> str:
        return self.spell_out(text)[0]

    def spell_out(self, text: str) -> tuple[str, tuple[Shift, ...]]:
        """The text as read, and the shifts that lead each spelled-out span back to where it
        was written (none: the text is returned as it is)."""
        found = self._found(text) if text.isascii() else self._searched(text)
        if not found:
            return text, ()
        pieces: list[str] = []
        shifts: list[Shift] = []
        pos = read = 0
        for start, end, index in found:
            words = self._means[index]
            # "w/meds", "8/10->5/10": the words and the word next to them stay apart
            if start > 0 and text[start - 1].isalnum():
                words = " " + words
            if end < len(text) and text[end].isalnum():
                words += " "
            pieces.append(text[pos:start])
            read += start - pos
            shifts.append((read, read + len(words), start, end))
            pieces.append(words)
            read += len(words)
            pos = end
        pieces.append(text[pos:])
        return "".join(pieces), tuple(shifts)

    def _found(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, abbreviation) of each abbreviation spelled out, in text order, as one
        regex alternation of them all (longest first) finds them: at each place an abbreviation's
        letters occur, the first that matches there, then on after it. An ASCII text only, where
        a case-insensitive letter is one of its lower case (Python's re folds a few other
        letters: the long s reads as an s). Trying every abbreviation at every position cost a
        tenth of reading a letter: the single letters ("L", "x") are in most sentences."""
        candidates = []
        for automaton, haystack in ((self._exact, text), (self._folded, text.lower())):
            if automaton is None:
                continue
            for last, indices in automaton.iter(haystack):
                start = last + 1 - self._sizes[indices[0]]
                for index in indices:
                    match = self._each[index].match(text, start)
                    if match is not None:
                        candidates.append((start, index, match.end()))
                        break
        candidates.sort()
        out, pos = [], 0
        for start, index, end in candidates:
            if start >= pos:
                out.append((start, end, index))
                pos = end
        return out

    def _searched(self, text: str) -> list[tuple[int, int, int]]:
        """The same as _found, for any text: one alternation of the abbreviations whose letters
        occur (same matches: an abbreviation matches only where its letters are, in either case)."""
        lower = text.lower()
        present = tuple(i for i, short in enumerate(self._lowered) if short in lower)
        if not present:
            return []
        return [(m.start(), m.end(), present[(m.lastindex or 1) - 1]) for m in self._pattern(present).finditer(text)]


def _automaton(keys: Iterable[tuple[str, int]]) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton of the keys, each giving the indices of the abbreviations written
    so, in order (None: no key)."""
    indices: dict[str, list[int]] = {}
    for key, index in keys:
        indices.setdefault(key, []).append(index)
    if not indices:
        return None
    automaton = ahocorasick.Automaton()
    for key, found in indices.items():
        automaton.add_word(key, tuple(found))
    automaton.make_automaton()
    return automaton


def written_span(shifts: Sequence[Shift], start: int, end: int) -> tuple[int, int]:
    """Where the span start:end of a spelled-out text was written: a span that begins or ends
    inside a spelled-out abbreviation takes in the whole abbreviation."""
    if not shifts:
        return start, end
    return _written(shifts, start, False), _written(shifts, end, True)


def _written(shifts: Sequence[Shift], offset: int, end: bool) -> int:
    # the last abbreviation that starts before the offset (a span's start may be its first character)
    starts = [s[0] for s in shifts]
    i = (bisect.bisect_left(starts, offset) if end else bisect.bisect_right(starts, offset)) - 1
    if i < 0:
        return offset
    _read_start, read_end, written_start, written_end = shifts[i]
    if offset >= read_end:
        return written_end + offset - read_end
    return written_end if end else written_start


@functools.lru_cache(maxsize=8)
def spelling(entries: tuple[Shorthand, ...]) -> Spelling:
    """One Spelling per pack's shorthand, per process."""
    return Spelling(entries)
