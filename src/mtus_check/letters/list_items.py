"""A bulleted list's items read with the words that introduce them: "There is no evidence of:
- a home exercise program - functional improvement" says of each item what its lead-in says
("no evidence of"), though the sentence splitter (letters/boundaries.py) makes each bullet a
sentence of its own. A lead-in is the sentence just before the first item, ending in a colon;
every item of the list carries it, each item read with its own words only. The first item may be
told in the lead-in's sentence ("... of: - a home exercise program"): what comes before its colon
is the lead-in."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mtus_check.letters.sentences import Sentence

# the bullets the splitter starts an item at (a dot and a star are read as written; the
# normalizer turns "•" into "-")
_BULLETS = ("- ", "* ", "\u2022 ")
# how far apart a lead-in and its item, or two items, may be: the spaces between
_GAP = 3
# a lead-in's colon, and the first item's bullet after it or the sentence's end
_LEAD = re.compile(r":\s*(?:[-*\u2022]\s|$)")


def lead_ins(sents: Sequence[Sentence]) -> list[str]:
    """For each sentence, the lead-in of the list it is an item of ("" when it is none)."""
    leads: list[str] = []
    before: Sentence | None = None
    for sentence in sents:
        lead = ""
        if before is not None and _item(sentence) and _next_to(before, sentence):
            if _item(before):
                lead = leads[-1]  # the next item of the same list
            elif (colon := _LEAD.search(before.text)) is not None:
                lead = before.text[: colon.start() + 1]
        leads.append(lead)
        before = sentence
    return leads


def _item(sentence: Sentence) -> bool:
    return sentence.text.lstrip().startswith(_BULLETS)


def _next_to(before: Sentence, sentence: Sentence) -> bool:
    """Whether `sentence` follows `before` in the same section with only spaces between (the
    sentences read may be a selection: a lead-in left out leaves its items without one)."""
    end = before.start + len(before.written)
    return before.section == sentence.section and 0 <= sentence.start - end <= _GAP
