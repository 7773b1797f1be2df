"""Cardinal numbers written in words, as dictated notes write ages and doses: "fifty-two",
"one hundred eighty", "forty". Below a thousand; a count of small things (sessions, weeks) is read
by request_text's own short list."""

from __future__ import annotations

import re
from collections.abc import Mapping

_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
VALUES = {w: i for i, w in enumerate(_ONES)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}

_ONE = "(?:" + "|".join(sorted(_ONES, key=len, reverse=True)) + ")"
_TEN = "(?:" + "|".join(_TENS) + ")"
_BELOW_100 = rf"(?:{_TEN}(?:[- ]{_ONE})?|{_ONE})"
# "one hundred eighty", "two hundred and forty", "forty-five"; a whole word at both ends
CARDINAL = rf"\b(?:{_ONE}\s+hundred(?:\s+(?:and\s+)?{_BELOW_100})?|{_BELOW_100})\b"
# the words a cue index looks for before a sentence is searched for a number in words
CUE_WORDS = (*_TENS, "hundred", *_ONES[1:])
_WORD = re.compile(r"[a-z]+")


def cardinal(text: str) -> int | None:
    """'fifty-two' -> 52, 'one hundred eighty' -> 180, '40' -> 40; None when it is not a number."""
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    total = 0
    seen = False
    for word in _WORD.findall(text):
        if word == "and":
            continue
        if word == "hundred":
            total = max(total, 1) * 100
        elif word in VALUES:
            total += VALUES[word]
        else:
            return None
        seen = True
    return total if seen else None


def count_in(text: str | None, words: Mapping[str, int]) -> float | None:
    """A count written as one of `words` or in figures: 'six' -> 6, 'a couple of' -> 2, '2.5' -> 2.5;
    None for None or a word `words` does not hold."""
    if text is None:
        return None
    text = " ".join(text.lower().split())
    if text in words:
        return float(words[text])
    try:
        return float(text)
    except ValueError:
        return None
