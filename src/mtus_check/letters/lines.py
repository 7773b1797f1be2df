"""Line-level helpers over normalized letter text: headings, sections, numbered blocks."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple


class Line(NamedTuple):  # a tuple: a letter has hundreds of lines, built on every read
    text: str
    start: int  # offset in the normalized text

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def split_lines(text: str) -> list[Line]:
    out, pos = [], 0
    for part in text.split("\n"):
        out.append(Line(part, pos))
        pos += len(part) + 1
    return out


_LITERAL = re.compile(r"[A-Za-z][A-Za-z ]*?(?=[A-Za-z ]?[?*{]|[^A-Za-z ]|$)")


@functools.lru_cache(maxsize=128)
def literal_prefix(source: str) -> str:
    """Lower-case words every match of a heading pattern starts with (an optional last letter
    left out; across '|' alternatives, what they share), or '' when that cannot be told."""
    prefixes = []
    for alternative in source.split("|"):
        found = _LITERAL.match(alternative.lstrip("^"))
        if not found:
            return ""
        prefixes.append(found.group(0).lower().strip())
    low, high = min(prefixes), max(prefixes)  # the common prefix of all is that of these two
    size = 0
    while size < len(low) and low[size] == high[size]:
        size += 1
    return low[:size].strip()


def _may_start(text: str, pattern: re.Pattern[str]) -> bool:
    """A string test of the pattern's leading words (see literal_prefix), cheaper than the
    regex: a letter's lines are many and most start with something else."""
    prefix = literal_prefix(pattern.pattern)
    return not prefix or text[: len(prefix)].lower() == prefix


def starts_like(text: str, pattern: re.Pattern[str]) -> bool:
    """`pattern.match(text)`, with the cheap leading-words test first."""
    return _may_start(text, pattern) and pattern.match(text) is not None


def find_line(lines: list[Line], pattern: re.Pattern[str], start: int = 0) -> int | None:
    """Index of the first line at or after `start` that matches (a heading pattern anchored
    with '^' is tried only on lines that start with its leading words)."""
    anchored = pattern.pattern.startswith("^")
    for i in range(start, len(lines)):
        text = lines[i].text
        if (not anchored or _may_start(text, pattern)) and pattern.search(text):
            return i
    return None


def span_text(text: str, lines: list[Line], first: int, last: int) -> tuple[str, int, int]:
    """Text of lines[first:last] with its offsets (empty when first >= last)."""
    if first >= last or first >= len(lines):
        return "", 0, 0
    start, end = lines[first].start, lines[min(last, len(lines)) - 1].end
    return text[start:end], start, end


SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")


def ends_sentence(line: str) -> bool:
    return bool(SENTENCE_END.search(line))
