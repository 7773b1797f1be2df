"""Clinical shorthand read as the words it stands for: progress notes write "pt c/o LBP w/o
relief, (+) SLR on R", and the fact phrases and context rules are written in words. The
abbreviations are data (rules/facts/context.yaml, shorthand:); this module only spells them out.

The fact reader reads a sentence's spelled-out text for its phrases and context (and the phrase
lint matches the phrasing cases the same way); the evidence it quotes is the sentence as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mtus_check.rules.factspec import Shorthand


def _alternative(entry: Shorthand) -> str:
    core = re.escape(entry.short)
    # an abbreviation is a token of its own: "L" in "L leg", not in "L5" or "L-spine"; "w/" is
    # followed by anything ("w/meds")
    before = r"(?<![\w/+\-])" if entry.short[0].isalnum() or entry.short[0] in "(+-" else ""
    after = r"(?![\w/'\-])" if entry.short[-1].isalnum() else r"(?![\w/])" if entry.short[-1] == ")" else ""
    return before + (core if entry.exact_case else f"(?i:{core})") + after


class Spelling:
    """Spells out one pack's shorthand in a text; texts without any are returned as they are."""

    def __init__(self, entries: Sequence[Shorthand]) -> None:
        # longest first: "w/o" before "w/"
        ordered = sorted(entries, key=lambda e: (-len(e.short), e.short))
        self._pattern = re.compile("|".join(f"({_alternative(e)})" for e in ordered)) if ordered else None
        self._means = [e.means for e in ordered]

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text

        def spelled(match: re.Match[str]) -> str:
            words = self._means[(match.lastindex or 1) - 1]
            # "w/meds": the words and the next word stay two words
            follows = match.end() < len(text) and text[match.end()].isalnum()
            return words + " " if follows else words

        return self._pattern.sub(spelled, text)
