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
from collections.abc import Sequence

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

    def _pattern_of(self, present: tuple[int, ...]) -> re.Pattern[str]:
        return re.compile("|".join(f"({self._alternatives[i]})" for i in present))

    def __call__(self, text: str) -> str:
        return self.spell_out(text)[0]

    def spell_out(self, text: str) -> tuple[str, tuple[Shift, ...]]:
        """The text as read, and the shifts that lead each spelled-out span back to where it
        was written (none: the text is returned as it is)."""
        # only the abbreviations whose letters occur are tried: a pattern of every one, tried at
        # every position, cost a fifth of a millisecond per sentence (same matches: an
        # abbreviation matches only where its letters are, in either case)
        lower = text.lower()
        present = tuple(i for i, short in enumerate(self._lowered) if short in lower)
        if not present:
            return text, ()
        pieces: list[str] = []
        shifts: list[Shift] = []
        pos = read = 0
        for match in self._pattern(present).finditer(text):
            words = self._means[present[(match.lastindex or 1) - 1]]
            # "w/meds", "8/10->5/10": the words and the word next to them stay apart
            if match.start() > 0 and text[match.start() - 1].isalnum():
                words = " " + words
            if match.end() < len(text) and text[match.end()].isalnum():
                words += " "
            pieces.append(text[pos : match.start()])
            read += match.start() - pos
            shifts.append((read, read + len(words), match.start(), match.end()))
            pieces.append(words)
            read += len(words)
            pos = match.end()
        if not shifts:
            return text, ()
        pieces.append(text[pos:])
        return "".join(pieces), tuple(shifts)


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
