"""Text helpers shared by the vocabulary and the letter reader. Case-insensitive matching the
fast way: patterns compiled in lower case, searched on lowercased text whose offsets match the
original's."""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick


def lowercase(text: str) -> str:
    """Lower case with every offset kept (a few characters lengthen under str.lower)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def pattern(source: str) -> re.Pattern[str]:
    """A case-insensitive pattern to search on lowercased text (Sentence.lower): written in any
    case, compiled in lower case without re.I, which makes Python's re three times faster."""
    out, i = [], 0
    while i < len(source):
        if source[i] == "\\":  # an escape keeps its case: \S is not \s
            out.append(source[i : i + 2])
            i += 2
        elif source.startswith("(?P<", i):  # so does a group name
            end = source.index(">", i) + 1
            out.append(source[i:end])
            i = end
        else:
            out.append(source[i].lower())
            i += 1
    return re.compile("".join(out))


_SPACE_RUNS = re.compile("  +")  # a literal prefix: re skips to each run with a fast search


def collapse_spaces(text: str) -> str:
    """Every run of spaces to one: a text without any is returned as it is (PDFs' text layers);
    a text letter's column layout has a hundred runs, which str.replace passes, repeated until
    none is left, made four times slower than one regex pass."""
    if "  " not in text:
        return text
    return _SPACE_RUNS.sub(" ", text)


class CueIndex:
    """Which of a set of words occur in a text, as substrings, in one pass (Aho-Corasick), as a
    bit mask: a dozen cheap word checks per fact and sentence cost more than the fact patterns.
    Each caller registers its words and keeps their mask. Words registered after a scan take
    effect from the next scan (masks already computed do not have them): register a vocabulary's
    words before the texts they are looked for in. A word written with a leading space (" ct")
    is found at the start of a word, the text's first word included."""

    def __init__(self) -> None:
        self._bits: dict[str, int] = {}
        self._automaton: ahocorasick.Automaton | None = None

    def register(self, *words: str) -> int:
        """The mask of `words` (lower case), adding the ones not yet known."""
        new = [word for word in words if word not in self._bits]
        if new:
            self._automaton = None  # rebuilt with every word on the next scan
        for word in new:
            self._bits.setdefault(word, 1 << len(self._bits))
        return sum(self._bits[word] for word in set(words))

    def words(self) -> frozenset[str]:
        """The registered words, as words (a leading space dropped)."""
        return frozenset(word.strip() for word in self._bits)

    def found(self, lower: str) -> int:
        """The mask of the registered words that occur in `lower` (lowercased text)."""
        if self._automaton is None:
            self._automaton = ahocorasick.Automaton()
            for word, bit in self._bits.items():
                self._automaton.add_word(word, bit)
            self._automaton.make_automaton()
        mask = 0
        for _end, bit in self._automaton.iter(" " + lower):  # the space: a word start at position 0
            mask |= bit
        return mask


class Substrings:
    """Whether any of a fixed set of words occurs in a text, as a substring: one Aho-Corasick
    pass, where a regex alternation of the words tries each of them at every offset."""

    def __init__(self, words: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for word in words:
            self._automaton.add_word(word, None)
        self._automaton.make_automaton()

    def any_in(self, lower: str) -> bool:
        """True when one of the words occurs in `lower` (lowercased text)."""
        for _found in self._automaton.iter(lower):
            return True
        return False


class PhraseIndex:
    """Whole-word phrase search over text of [a-z0-9. ] only (see Section.matches): leftmost
    match first and, at one start, the longest, as a longest-first regex alternation finds
    them, in one Aho-Corasick pass instead of a regex that tries every phrase at every offset."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for phrase in phrases:
            self._automaton.add_word(phrase, phrase)
        self._automaton.make_automaton()

    def words(self, text: str) -> list[tuple[str, int, int]]:
        """(phrase, start, end) of the non-overlapping whole-word phrases in `text`."""
        found = []
        size = len(text)
        for last, phrase in self._automaton.iter(text):
            start, end = last - len(phrase) + 1, last + 1
            if (start == 0 or not _is_word(text[start - 1])) and (end == size or not _is_word(text[end])):
                found.append((start, -end, phrase))
        out, pos = [], 0
        for start, neg_end, phrase in sorted(found):
            if start >= pos:
                out.append((phrase, start, -neg_end))
                pos = -neg_end
        return out


def _is_word(char: str) -> bool:
    return char.isascii() and char.isalnum()
