"""Line-level helpers over normalized letter text: headings, sections, numbered blocks."""

from __future__ import annotations

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


def find_line(lines: list[Line], pattern: re.Pattern[str], start: int = 0) -> int | None:
    """Index of the first line at or after `start` that matches."""
    for i in range(start, len(lines)):
        if pattern.search(lines[i].text):
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
