"""Undo what PDF text extraction does to a letter, keeping line structure.

Handles hard-wrapped lines, blank lines between every line, page headers and footers,
repeated case numbers, runs of spaces from column layout, non-ASCII quotes and dashes,
and numbers or ranges split across lines ("4-" / "6 sessions").
"""

from __future__ import annotations

import re

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

_PAGE_LINE = re.compile(
    r"^(?:page\s+\d+\s*(?:of\s*\d+)?|-?\s*\d{1,3}\s*-?|\d+\s*/\s*\d+)$",
    re.IGNORECASE,
)
_CASE_ONLY = re.compile(r"^(?:case\s*(?:number|no\.?|#)?:?\s*)?(CM\d{2}-\d{5,8})(?:\s+page\s+\d+\s+of\s+\d+)?$", re.I)
_SPACES = re.compile(r"[ \f\v]+")


def normalize(raw: str) -> str:
    """Normalized letter text: one logical line per line, no blank lines, ASCII punctuation."""
    text = raw.translate(_TRANSLATE).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines: list[str] = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if not line or _PAGE_LINE.match(line):
            continue
        if _CASE_ONLY.match(line) and not line.lower().startswith("case number"):
            continue  # a running page header: the case number alone on a line
        # a number or range split across lines: "limited to 4-" + "6 sessions"
        if lines and re.search(r"\d-$", lines[-1]) and re.match(r"\d", line):
            lines[-1] += line
            continue
        lines.append(line)
    return "\n".join(lines)


def flow(text: str) -> str:
    """Text as one paragraph (newlines to spaces), for quoting."""
    return re.sub(r"\s+", " ", text).strip()
