"""Undo what PDF text extraction does to a letter, keeping line structure.

Handles hard-wrapped lines, blank lines between every line, page headers and footers,
repeated case numbers, runs of spaces from column layout, non-ASCII quotes and dashes,
and numbers or ranges split across lines ("4-" / "6 sessions").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from mtus_check.text import collapse_spaces

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ", "\t": " ",
        "\u00ad": None, "\u200b": None, "\ufeff": None,
        "\u2022": "-", "\u00b7": "-", "\u2026": "...",
    }
)  # fmt: skip


_REPLACEMENTS = tuple((chr(code), to or "") for code, to in _TRANSLATE.items() if chr(code) != "\t")
# every other Unicode space to a space and line separator to a newline, so that a run of them is
# collapsed like spaces are (a run left as it is makes `\s*` in the layout patterns quadratic)
_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
_OTHER_SPACES = tuple(
    (c, "\n" if c in _LINE_BREAKS else " ")
    for c in map(chr, range(0x80, 0x3001))
    if c.isspace() and ord(c) not in _TRANSLATE
)
_ASCII_SEPARATORS = ("\x1c", "\x1d", "\x1e", "\x1f")  # whitespace to str.split and \s

_PAGE_LINES = re.compile(
    r"(?:page\s+\d+\s*(?:of\s*\d+)?|-?\s*\d{1,3}\s*-?|\d+\s*/\s*\d+"
    r"|(?:case\s*(?:no\.?|#)?:?\s*)?CM\d{2}-\d{5,8}(?:\s+page\s+\d+\s+of\s+\d+)?)$",
    re.I,
)  # page footers, and the case number alone on a line (a running page header)


_PAGE_LINE_ENDS = frozenset("0123456789-")


def normalize(raw: str, known: Callable[[], Collection[str]] = frozenset) -> str:
    """Normalized letter text: one logical line per line, no blank lines, ASCII punctuation.
    `known()`: words (lower case) a word hyphenated at a line end may be, besides the letter's own
    (asked only of a text with such a word)."""
    # the table maps only non-ASCII characters and tabs; str.translate looks up every character,
    # so replace just the ones present (no replacement makes another)
    text = raw.replace("\t", " ")
    if not text.isascii():
        for char, replacement in _REPLACEMENTS:
            if char in text:
                text = text.replace(char, replacement)
        for char, replacement in _OTHER_SPACES:
            if char in text:
                text = text.replace(char, replacement)
    for char in _ASCII_SEPARATORS:
        if char in text:
            text = text.replace(char, " ")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = collapse_spaces(text.replace("\v", " "))
    lines = [
        line
        for line in (raw_line.strip(" \v") for raw_line in text.split("\n"))
        # every page line ends in a digit or a dash: test that before the regex
        if line and not (len(line) < 40 and line[-1] in _PAGE_LINE_ENDS and _PAGE_LINES.match(line))
    ]
    text = "\n".join(lines)
    return _join_split_ranges(text, known()) if "-\n" in text else text


_WORD_BEFORE = re.compile(r"[A-Za-z]+$")
_WORD_AFTER = re.compile(r"[a-z]+")


def _join_split_ranges(text: str, known: Collection[str]) -> str:
    """ "limited to 4-" + newline + "6 sessions" -> "4-6", "post-" + newline + "concussion"
    -> "post-concussion", and "radicu-" + newline + "lopathy" -> "radiculopathy" (string search:
    the regex scan is slow)."""
    parts, start = [], 0
    at = text.find("-\n")
    while at != -1:
        before, after = text[at - 1 : at], text[at + 2 : at + 3]
        if (before.isdecimal() and after.isdecimal()) or (before.isalpha() and after.islower()):
            hyphenated = before.isalpha() and _hyphenated(text, at, known)
            parts.append(text[start : at if hyphenated else at + 1])
            start = at + 2
        at = text.find("-\n", at + 2)
    parts.append(text[start:])
    return "".join(parts)


def _hyphenated(text: str, at: int, known: Collection[str]) -> bool:
    """Whether the hyphen at `at` (before a line end) only breaks a word, as justified text does:
    the joined word is one the reader knows or the letter writes whole elsewhere, and the letter
    does not write the two parts with a hyphen elsewhere ("non-certified") either."""
    head = _WORD_BEFORE.search(text, max(0, at - 40), at)
    tail = _WORD_AFTER.match(text, at + 2)
    if head is None or tail is None:
        return False
    joined = head.group(0) + tail.group(0)
    if re.search(rf"\b{head.group(0)}-{tail.group(0)}\b", text, re.I):
        return False
    return joined.lower() in known or re.search(rf"\b{joined}\b", text, re.I) is not None


def flow(text: str) -> str:
    """Text as one paragraph (newlines to spaces), for quoting."""
    return " ".join(text.split())
