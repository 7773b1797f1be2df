"""Parse the guideline lines of a letter ("Decision based on MTUS Chronic Pain Medical
Treatment 2016, Section(s): Massage therapy.") into structured references."""

from __future__ import annotations

import re

from mtus_check.letters.models import GuidelineRef
from mtus_check.letters.normalize import flow

_PREAMBLE = re.compile(
    r"^The (?:Claims Administrator|Expert Reviewer) based (?:its|his/her|his|her|their|the) decision on (?:the )?",
    re.I,
)
# 2013 letters close each citation with where it belongs: ", which is not part of the MTUS."
_PART_OF_MTUS = re.compile(r",?\s*which\s+(?:is|are)\s+(?P<not>not\s+)?(?:a\s+)?part\s+of\s+(?:the\s+)?MTUS\.?", re.I)
_NON_MTUS_NAMES = re.compile(r"^(?:the\s+)?(?:Official\s+Disability\s+Guidelines|ODG)\b", re.I)
_NO_CITATION = re.compile(r"did not cite any (?:medical )?evidence", re.I)
_CHUNK = re.compile(r"Decision based on\s+", re.I)
_PAGES = re.compile(r"\bPages?\(?s?\)?:?\s*(\d+(?:\s*-\s*\d+)?(?:\s*,\s*\d+(?:\s*-\s*\d+)?)*)", re.I)
_SECTIONS = re.compile(r",?\s*Section\(s\):\s*", re.I)
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
# the start of another guideline inside one "Decision based on" chunk: ", and Knee Complaints 2004,"
_NEXT = re.compile(r",?\s+and\s+(?=(?:MTUS\s+)?[A-Z][A-Za-z&,/ -]{3,80}?\s(?:19|20)\d\d\b)")


_NUMBERED_SECTION = re.compile(r",\s+(?=\d)")


def _one(text: str, source: str) -> GuidelineRef:
    text = text.strip().rstrip(".").strip()
    pages = None
    # substring tests first: a case-insensitive search costs many times more
    found = _PAGES.search(text) if "page" in text.lower() else None
    if found:
        pages = "".join(found.group(1).split())
        text = (text[: found.start()] + text[found.end() :]).strip().rstrip(".,")
    sections: list[str] = []
    parts = _SECTIONS.split(text, maxsplit=1) if "section(s)" in text.lower() else [text]
    name = parts[0].strip().rstrip(",")
    if len(parts) == 2:
        # numbered sections are listed with commas ("3.3.9 Four As, 3.3.3 ..."); titles keep theirs
        sections = [s.strip() for s in _NUMBERED_SECTION.split(parts[1]) if s.strip()]
    elif "Guidelines " in name and source == "mtus":
        # 2015 style: "Chronic Pain Treatment Guidelines Massage therapy"
        name, _, topic = name.partition("Guidelines ")
        name, sections = name + "Guidelines", [topic.strip()]
    year = _YEAR.search(name)
    return GuidelineRef(
        source="mtus" if source == "mtus" else "non-mtus",
        guideline=name.removeprefix("MTUS ").strip() or None,
        year=int(year.group(1)) if year else None,
        sections=sections,
        pages=pages,
        text=text,
    )


def parse_guidelines(text: str) -> list[GuidelineRef]:
    """Every guideline referenced in a guideline line; a 'did not cite' line gives one 'none'."""
    text = flow(text)
    if text[:4].lower() == "the ":
        text = _PREAMBLE.sub("", text)
    if not text:
        return []
    lower = text.lower()
    if "did not cite" in lower and _NO_CITATION.search(text) and "decision based on" not in lower:
        return [GuidelineRef(source="none", text=text)]
    refs: list[GuidelineRef] = []
    chunks = _CHUNK.split(text)[1:] if "decision based on" in lower else []
    outside = False
    if not chunks:  # free-form citation ("MTUS ..., Massage therapy, page 60. The MTUS is ..."): its first sentence
        first = re.split(r"(?<=[a-z0-9)])\.\s+(?=[A-Z])", text, maxsplit=1)[0]
        part = _PART_OF_MTUS.search(first) if "part of" in first.lower() else None
        if part is not None:
            first, outside = first[: part.start()] + first[part.end() :], bool(part.group("not"))
        outside = outside or bool(_NON_MTUS_NAMES.match(first))
        chunks = [re.sub(r"(Guidelines),\s+", r"\1 ", first, count=1)]
    for chunk in chunks:
        chunk = chunk.strip()
        if outside:
            refs.append(_one(chunk, "non-mtus"))
            continue
        if chunk.lower().startswith("non-mtus citation"):
            refs.append(_one(chunk[len("Non-MTUS Citation") :], "non-mtus"))
            continue
        body = chunk.removeprefix("MTUS").strip()
        if "Guidelines, " in body and "section(s)" not in body.lower():  # "... Guidelines, Massage therapy, page 60"
            body = body.replace("Guidelines, ", "Guidelines ", 1)
        refs.extend(_one(piece, "mtus") for piece in _split_guidelines(body) if piece.strip())
    return refs


def _split_guidelines(body: str) -> list[str]:
    """Split "A 2004, Section(s): x, and B 2009, Section(s): y" into one piece per guideline.
    A split point counts only once the piece before it has named its year, so that
    "Forearm, Wrist, and Hand Complaints 2004" stays whole."""
    if " and " not in body:  # the text is flowed: every split point has it
        return [body]
    pieces, start = [], 0
    for match in _NEXT.finditer(body):
        if _YEAR.search(body[start : match.start()]):
            pieces.append(body[start : match.start()])
            start = match.end()
    pieces.append(body[start:])
    return pieces
