"""Letter layouts: how to recognize each, and how to cut it into summary and items.

Each layout returns raw items (texts and spans); turning them into requests and facts is
the extractor's job. An unrecognized letter is reported with what was looked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from mtus_check.letters.lines import (
    Line,
    ends_sentence,
    find_line,
    literal_prefix,
    span_text,
    split_lines,
    starts_like,
)


class LayoutError(Exception):
    """The letter matched a layout but its items cannot be read (truncated, malformed)."""


@dataclass
class RawItem:
    request_text: str
    decision: Literal["overturned", "upheld"]
    decision_text: str
    ca_text: str = ""
    reviewer_text: str = ""
    rationale: str = ""
    rationale_span: tuple[int, int] | None = None
    eligible_text: str | None = None


@dataclass
class LayoutResult:
    summary: str = ""
    summary_start: int = 0
    items: list[RawItem] = field(default_factory=list)


_NOT_NECESSARY = re.compile(r"\bnot ?medically (?:necessary|indicated)|\bnotmedically")
_NECESSARY = re.compile(r"\bmedically (?:necessary|indicated)")
# after a UR modification: "... The remaining IMR eligible portion of the original request, X is"
_ELIGIBLE = re.compile(
    r"(?:remaining IMR eligible portion of the original request|IMR eligible\.\s*The original request),?\s*(.+?)\s*is$",
    re.I,
)


def decision_of(text: str) -> Literal["overturned", "upheld"] | None:
    """Normalize a decision phrase ("Upheld", "is not medically necessary", ...)."""
    low = " ".join(text.lower().split())
    if "overturn" in low:
        return "overturned"
    if "upheld" in low or "uphold" in low:
        return "upheld"
    if _NOT_NECESSARY.search(low):
        return "upheld"
    if _NECESSARY.search(low):
        return "overturned"
    return None


def _clean_label(text: str, label: re.Pattern[str]) -> str:
    return label.sub("", text, count=1).strip()


# --- the MAXIMUS final determination layout (seeds; and with a header block) -------------

_DECISIONS_HEADING = re.compile(
    r"^IMR ISSUES,? DECISIONS AND RATIONALES?$|^IMR DECISION\(S\) AND RATIONALE\(S\)$", re.I
)
_SUMMARY_HEADING = re.compile(r"^(?:CLINICAL )?CASE SUMMARY:?$|^SUMMARY OF CASE:?$", re.I)
_CA = re.compile(r"^Claims Administrator guideline:\s*", re.I)
_MAX = re.compile(r"^MAXIMUS guideline:\s*", re.I)
_RAT = re.compile(r"^Decision rationale:\s*", re.I)
_HEADER_DECISION = re.compile(r"^(?P<head>.*?)\s*:\s*(?P<decision>Overturned|Upheld)\s*\.?$", re.I)
_LONE_DECISION = re.compile(r"^(?:Overturned|Upheld)\.?$", re.I)
_NUMBERED = re.compile(r"^\(?\d{1,2}[.)]\s+")
_HEADING = re.compile(r"^[A-Z0-9 ,()/&'-]{12,}:?$")


def _header_start(lines: list[Line], decision_index: int, floor: int) -> int:
    """First line of an item header that ends on `decision_index`.

    The header starts a paragraph: walk back while the line before does not end a sentence,
    a heading or an intro ("set forth below:"). A UR modification header ("... was the
    original request. ... The remaining IMR eligible portion ... is: Upheld") holds
    sentences of its own, so it extends back to its "original request" sentence.
    """
    j = decision_index
    while j - 1 > floor and decision_index - j < 14:  # a long UR-modified header on a narrow page
        prev = lines[j - 1].text
        collected = " ".join(line.text for line in lines[j : decision_index + 1])
        low = collected.lower()
        needs_more = ("imr eligible" in low or "authorized by" in low) and "original request." not in low
        if not needs_more and (ends_sentence(prev) or prev.endswith(":") or _HEADING.match(prev)):
            break
        if _CA.match(prev) or _MAX.match(prev) or _RAT.match(prev):
            break
        j -= 1
    return j


def parse_final_determination(text: str) -> LayoutResult:
    """Items written "<request>: Overturned|Upheld" + CA / MAXIMUS guideline + rationale."""
    lines = split_lines(text)
    result = LayoutResult()
    decisions_at = find_line(lines, _DECISIONS_HEADING)
    if decisions_at is None:
        raise LayoutError("no 'IMR ISSUES, DECISIONS AND RATIONALES' heading")
    summary_at = find_line(lines, _SUMMARY_HEADING)
    if summary_at is not None and summary_at < decisions_at:
        result.summary, result.summary_start, _ = span_text(text, lines, summary_at + 1, decisions_at)
    ca_lines = [i for i in range(decisions_at + 1, len(lines)) if starts_like(lines[i].text, _CA)]
    if not ca_lines:
        raise LayoutError("the decisions section has no item (no 'Claims Administrator guideline:' line)")
    starts: list[int] = []
    for i in ca_lines:
        d = i - 1
        if d > decisions_at and _LONE_DECISION.match(lines[d].text) and d - 1 > decisions_at:
            d -= 1  # "<request>:" then "Overturned" on a line of its own
            if not lines[d].text.endswith(":"):
                raise LayoutError(f"the item before line {i + 1} has a decision but no request line")
        elif d <= decisions_at or not _HEADER_DECISION.match(lines[d].text):
            raise LayoutError(f"the item before line {i + 1} has no 'Overturned' or 'Upheld' decision line")
        starts.append(_header_start(lines, d, decisions_at))
    for k, (h, i) in enumerate(zip(starts, ca_lines, strict=True)):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        header = " ".join(line.text for line in lines[h:i])
        header = _NUMBERED.sub("", header)
        found = _HEADER_DECISION.match(header)
        assert found is not None
        max_at = find_line(lines, _MAX, i)
        rat_at = find_line(lines, _RAT, i)
        max_at = max_at if max_at is not None and max_at < end else None
        rat_at = rat_at if rat_at is not None and rat_at < end else None
        ca_end = max_at or rat_at or end
        ca_text, _, _ = span_text(text, lines, i, ca_end)
        reviewer_text = span_text(text, lines, max_at, rat_at or end)[0] if max_at is not None else ""
        rationale, r_start, r_end = span_text(text, lines, rat_at, end) if rat_at is not None else ("", 0, 0)
        if rat_at is None:
            raise LayoutError(f"item {k + 1} has no 'Decision rationale:' (the letter may be truncated)")
        request_text = found.group("head").strip()
        eligible = _ELIGIBLE.search(request_text) if "eligible" in request_text.lower() else None
        result.items.append(
            RawItem(
                request_text=request_text,
                decision=decision_of(found.group("decision")) or "upheld",
                decision_text=found.group("decision"),
                ca_text=_clean_label(ca_text, _CA),
                reviewer_text=_clean_label(reviewer_text, _MAX),
                rationale=_clean_label(rationale, _RAT),
                rationale_span=(r_start + len(rationale) - len(_clean_label(rationale, _RAT)), r_end),
                eligible_text=eligible.group(1).strip() if eligible else None,
            )
        )
    return result


# --- the 2013 "Notice of Independent Medical Review Determination" ------------------------

_NOTICE_ITEM = re.compile(
    r"(?:^|\n)\(?(?P<n>\d{1,2})\)\s*MAXIMUS\s+Federal\s+Services,?\s+Inc\.?\s+has\s+determined\s+the\s+request\s+for\s+"
    r"(?P<item>.+?)\s+(?P<decision>is\s+not\s*medically\s+necessary|is\s+medically\s+necessary)"
    r"(?:\s+and\s+appropriate)?\.",
    re.I | re.S,
)
_REGARDING = re.compile(r"(?:^|\n)\(?(\d{1,2})\)\s*Regarding\s+the\s+request\s+for\s+(.+?):?\s*\n", re.I)
_NOTICE_CA = re.compile(
    r"Medical\s+Treatment\s+Guideline\(s\)\s+Used\s+by\s+the\s+Claims\s+Administrator(?:\s+\(CA\))?:\s*", re.I
)
_NOTICE_ER = re.compile(
    r"Medical\s+Treatment\s+Guideline\(s\)\s+Used\s+by\s+the\s+Expert\s+Reviewer(?:\s+\(ER\))?:\s*", re.I
)
_NOTICE_RAT = re.compile(r"Rationale\s+for\s+the\s+Decision:\s*", re.I)


def parse_notice_2013(text: str) -> LayoutResult:
    """Numbered "has determined the request for X is [not] medically necessary" lines,
    then per item "Regarding the request for X:" with guidelines and rationale."""
    result = LayoutResult()
    items: dict[int, RawItem] = {}
    for found in _NOTICE_ITEM.finditer(text):
        n = int(found.group("n"))
        if n not in items:
            items[n] = RawItem(
                request_text=re.sub(r"\s+", " ", found.group("item")).strip(),
                decision=decision_of(found.group("decision")) or "upheld",
                decision_text=re.sub(r"\s+", " ", found.group("decision")),
            )
    if not items:
        raise LayoutError("no 'has determined the request for ... medically necessary' line")
    summary = re.search(r"Case Summary:\s*(.+?)(?=\n\(?1\)\s*Regarding|\Z)", text, re.S | re.I)
    if summary:
        result.summary, result.summary_start = summary.group(1), summary.start(1)
    blocks = list(_REGARDING.finditer(text))
    for k, block in enumerate(blocks):
        n = int(block.group(1))
        end = blocks[k + 1].start() if k + 1 < len(blocks) else len(text)
        body = text[block.end() : end]
        item = items.get(n)
        if item is None:
            continue
        ca, er, rat = _NOTICE_CA.search(body), _NOTICE_ER.search(body), _NOTICE_RAT.search(body)
        if ca:
            item.ca_text = body[ca.end() : er.start() if er else (rat.start() if rat else len(body))].strip()
        if er:
            item.reviewer_text = body[er.end() : rat.start() if rat else len(body)].strip()
            if _SAME_AS_CA.search(item.reviewer_text):
                # "based his/her decision on the same guidelines"; "found the guideline(s) used by
                # the Claims Administrator appropriate"
                item.reviewer_text = item.ca_text
        if rat:
            item.rationale = body[rat.end() :].strip()
            start = block.end() + rat.end()
            item.rationale_span = (start, start + len(body[rat.end() :].rstrip()))
    result.items = [items[n] for n in sorted(items)]
    return result


_SAME_AS_CA = re.compile(
    r"\bsame\s+guidelines?\b|guidelines?(?:\(s\))?\s+used\s+by\s+the\s+Claims\s+Administrator\s+(?:were\s+|was\s+)?"
    r"(?:relevant\s+and\s+)?appropriate",
    re.I,
)


# --- "MEDICAL PROFESSIONAL REVIEW" ----------------------------------------------------------

_MPR_HEADINGS = {
    "issue": re.compile(r"^ISSUES? AT DISPUTE:?", re.I),
    "summary": re.compile(r"^CASE SUMMARY:?", re.I),
    "documents": re.compile(r"^DOCUMENTS REVIEWED FOR DETERMINATION:?", re.I),
    "guidelines": re.compile(
        r"^MEDICAL TREATMENT GUIDELINE\(S\) RELIED UPON(?: BY (?:THE )?PROFESSIONAL REVIEWER)?(?: AND WHY)?:?", re.I
    ),
    "rationale": re.compile(
        r"^RATIONALE FOR WHY THE REQUESTED(?: TREATMENT(?:/SERVICE)?"
        r"(?:(?: IS/WAS| IS| WAS)?(?: NOT)? MEDICALLY NECESSARY)?)?:?",  # the tail may wrap to the next lines
        re.I,
    ),
    "qualifications": re.compile(r"^MEDICAL REVIEWER QUALIFICATIONS:?", re.I),
}


def _heading_lines(lines: list[Line], i: int, end: int) -> int:
    """How many lines a capitals heading takes: more than one when a narrow page or another PDF
    tool wrapped it, its line not ending with the colon and the next ones capitals up to the
    line that does ("NOT MEDICALLY NECESSARY:"); 1 otherwise."""
    if lines[i].text.endswith(":") or lines[i].text.upper() != lines[i].text:
        return 1
    for k in range(i + 1, min(i + 3, end)):
        text = lines[k].text
        if text.upper() != text or len(text) >= 60:
            return 1
        if text.endswith(":"):
            return k - i + 1
    return 1


def _sections(text: str, headings: dict[str, re.Pattern[str]]) -> dict[str, tuple[str, int]]:
    """Body text (and its offset) of each heading, up to the next heading found."""
    lines = split_lines(text)
    found = sorted((i, name) for name, pat in headings.items() if (i := find_line(lines, pat)) is not None)
    out: dict[str, tuple[str, int]] = {}
    for k, (i, name) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else len(lines)
        taken = _heading_lines(lines, i, end)
        # text on a one-line heading's own line is body; a wrapped heading's lines are all heading
        first_line = headings[name].sub("", lines[i].text).strip(" :") if taken == 1 else ""
        body, start, _ = span_text(text, lines, i + taken, end)
        if first_line:  # text on the heading line itself
            body, start = first_line + ("\n" + body if body else ""), lines[i].start + lines[i].text.find(first_line)
        out[name] = (body, start)
    return out


def _numbered_blocks(body: str, offset: int) -> list[tuple[str, int]]:
    """Split "1. ...\\n2. ..." into blocks; unnumbered text is one block."""
    marks = list(re.finditer(r"(?:^|\n)\(?(\d{1,2})[.)]\s+", body))
    if not marks:
        return [(body.strip(), offset)] if body.strip() else []
    out = []
    for k, mark in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(body)
        out.append((body[mark.end() : end].strip(), offset + mark.end()))
    return out


def parse_professional_review(text: str) -> LayoutResult:
    """ISSUE AT DISPUTE lists the items with their decisions; the guideline and rationale
    sections follow in the same order (numbered when there are several)."""
    sections = _sections(text, _MPR_HEADINGS)
    if "issue" not in sections:
        raise LayoutError("no 'ISSUE AT DISPUTE:' section")
    result = LayoutResult()
    if "summary" in sections:
        result.summary, result.summary_start = sections["summary"]
    issues = _numbered_blocks(*sections["issue"])
    guidelines = _numbered_blocks(*sections.get("guidelines", ("", 0)))
    rationales = _numbered_blocks(*sections.get("rationale", ("", 0)))
    if not issues:
        raise LayoutError("the ISSUE AT DISPUTE section lists no item")
    for k, (issue, _) in enumerate(issues):
        issue = re.sub(r"\s+", " ", issue)
        found = re.match(
            r"(?P<item>.+?)\s*[:-]\s*(?P<decision>Overturned|Upheld|(?:Not )?Medically Necessary)\.?$", issue, re.I
        )
        rationale, r_start = rationales[k] if k < len(rationales) else ("", 0)
        decision_text = found.group("decision") if found else ""
        decision = decision_of(decision_text) if found else None
        if decision is None:
            tail = rationale[-300:]
            decision = decision_of(tail)
            decision_text = "rationale conclusion"
        if decision is None:
            raise LayoutError(f"no decision found for issue {k + 1}: {issue[:60]!r}")
        rationale = (
            re.sub(r"^.{0,200}?:\s", "", rationale, count=1)
            if rationale.startswith((found.group("item") if found else issue)[:20])
            else rationale
        )
        result.items.append(
            RawItem(
                request_text=(found.group("item") if found else issue).strip(),
                decision=decision,
                decision_text=decision_text,
                reviewer_text=guidelines[k][0] if k < len(guidelines) else "",
                rationale=rationale,
                rationale_span=(r_start, r_start + len(rationale)) if rationale else None,
            )
        )
    return result


# --- registry ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    name: str
    required: tuple[re.Pattern[str], ...]
    forbidden: tuple[re.Pattern[str], ...]
    parse: Callable[[str], LayoutResult]
    description: str


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I | re.M)


LAYOUTS: tuple[Layout, ...] = (
    Layout("notice-2013", (_p(r"has\s+determined\s+the\s+request\s+for"),),
           (), parse_notice_2013, "2013 Notice of Independent Medical Review Determination"),
    Layout("medical-professional-review", (_p(r"^MEDICAL PROFESSIONAL REVIEW"), _p(r"^ISSUES? AT DISPUTE")),
           (), parse_professional_review, "MEDICAL PROFESSIONAL REVIEW with ISSUE AT DISPUTE"),
    Layout("maximus-federal", (_p(r"^IMR DECISION\(S\) AND RATIONALE\(S\)"), _p(r"^DOCUMENTS REVIEWED")),
           (), parse_final_determination, "MAXIMUS Federal Services IMR with DOCUMENTS REVIEWED"),
    Layout("final-determination-header", (_p(r"^IMR ISSUES,? DECISIONS AND RATIONALES"), _p(r"^Case Number:")),
           (), parse_final_determination, "final determination with Case Number header block"),
    Layout("final-determination", (_p(r"^IMR ISSUES,? DECISIONS AND RATIONALES"),),
           (_p(r"^Case Number:"),), parse_final_determination, "final determination without header block"),
)  # fmt: skip


def _found(heading: re.Pattern[str], text: str, lower: str) -> bool:
    # every match starts with the heading's leading words: try the regex only where they are
    hint = literal_prefix(heading.pattern)
    if not hint or len(lower) != len(text):
        return heading.search(text) is not None
    at = lower.find(hint)
    while at != -1:
        if heading.match(text, at):
            return True
        at = lower.find(hint, at + 1)
    return False


def detect(text: str) -> Layout | None:
    """The first layout whose required headings are all present and forbidden ones absent."""
    lower = text.lower()
    for layout in LAYOUTS:
        if all(_found(p, text, lower) for p in layout.required) and not any(
            _found(p, text, lower) for p in layout.forbidden
        ):
            return layout
    return None


def why_unrecognized(text: str) -> str:
    """A specific reason no layout matched, naming the headings looked for."""
    looked = "; ".join(
        f"{layout.name}: needs " + " + ".join(repr(p.pattern.strip("^")) for p in layout.required) for layout in LAYOUTS
    )
    if not re.search(r"medical(?:ly)? (?:review|necess)|IMR|MAXIMUS", text, re.I):
        return "not an IMR letter (no IMR, MAXIMUS or medical review wording)"
    return f"no known IMR letter layout matched ({looked})"
