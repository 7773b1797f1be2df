"""Requests in their own words, read by the letter reader: one request line ("Norco 10/325 #60"),
or a clinical note (an RFA or a PR-2 progress report) whose request lines are read as a letter's
items and whose other text is read as its case summary, with the same request-text parser, fact
specs and assertion layer as IMR letters (extract.extract_item)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from mtus_check.letters.extract import extract_item
from mtus_check.letters.header import header_fields, parse_date
from mtus_check.letters.letter_facts import LetterFacts
from mtus_check.letters.models import ExtractedFact, LetterItem, ParsedLetter
from mtus_check.letters.normalize import flow, normalize
from mtus_check.models.request import Request
from mtus_check.rules.facts_loader import Reading

# headings that open the list of treatments a note asks authorization for (RFA, PR-2)
_REQUESTS_HEADING = re.compile(
    r"^\s*(?:requested\s+treatments?|treatments?\s+requested|request(?:s|ed)?\s+for\s+authori[sz]ation"
    r"|authori[sz]ation\s+(?:is\s+)?requested(?:\s+for)?|requesting\s+authori[sz]ation(?:\s+for)?"
    r"|requests?|treatment\s+plan(?:\s+and\s+requests?)?|plan)\s*:\s*(?P<rest>.*)$",
    re.I,
)
_DIAGNOSES_HEADING = re.compile(r"^\s*(?:diagnos[ie]s|assessment)\s*:\s*(?P<rest>.*)$", re.I)
# a line that opens another section: "Work status:", "Objective findings:", "DISABILITY STATUS"
_ANY_HEADING = re.compile(r"^\s*[A-Za-z][A-Za-z /&()'-]{1,40}:\s*(?:\S.*)?$|^\s*[A-Z][A-Z /&()'-]{3,40}$")
_ITEM = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-h][.)]|[-*+])\s+(?P<text>.+?)\s*$")
_SERVICE_DATE = re.compile(
    r"(?:date\s+of\s+(?:service|exam(?:ination)?|visit|report|request)|(?:report|exam|visit|request)\s+date)"
    r"\s*:\s*(\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|[A-Za-z]+\.? \d{1,2}, \d{4})",
    re.I,
)


@dataclass
class ReadRequest:
    """One request read from text: the canonical request (or why none), and what was read."""

    text: str
    line: int = 1
    request: Request | None = None
    facts: dict[str, ExtractedFact] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problem: str | None = None
    fix: str | None = None


@dataclass
class ReadNote:
    """A clinical note read: its dates, diagnoses and one ReadRequest per request line."""

    source: str
    date_of_service: dt.date | None = None
    date_of_injury: dt.date | None = None
    diagnoses: list[str] = field(default_factory=list)
    requests: list[ReadRequest] = field(default_factory=list)
    problem: str | None = None


def _item(index: int, text: str) -> LetterItem:
    # a request has no decision yet; the letter model requires one, and nothing here reads it
    return LetterItem(index=index, request_text=text, decision="upheld", decision_text="")


def _read_items(letter: ParsedLetter, lines: list[int], reading: Reading) -> list[ReadRequest]:
    shared = LetterFacts.read(letter, reading)
    out: list[ReadRequest] = []
    for item, line in zip(letter.items, lines, strict=True):
        extract_item(item, letter, reading, shared)
        read = ReadRequest(item.request_text, line, notes=item.notes, facts=item.facts)
        if item.request is None or "service" not in item.facts:  # the vocabulary names no service in it
            near = reading.vocabulary.services.suggest(item.request_text)
            read.notes = []  # the problem says it
            read.problem = f"no service in the vocabulary matches '{item.request_text}'"
            read.fix = (
                f"close matches: {', '.join(near)}; " if near else ""
            ) + "name the service (`mtus-check rules vocabulary` lists them) or add a synonym to rules/vocabulary.yaml"
        else:
            read.request = item.request.model_copy(update={"id": None})
        out.append(read)
    return out


def read_request_text(
    text: str, reading: Reading, summary: str = "", date_of_service: dt.date | None = None
) -> ReadRequest:
    """One request in its own words, with an optional case summary its facts are read from."""
    letter = ParsedLetter(
        source="<text>", letter_id="text", summary=flow(normalize(summary)) if summary else "", items=[_item(1, text)]
    )
    letter.date_assigned = date_of_service
    return _read_items(letter, [1], reading)[0]


def _section_lines(lines: list[str], start: int, first: str) -> list[tuple[int, str]]:
    """The list under a heading: the heading's own text, then lines up to a blank line or the
    next heading (1-based line numbers)."""
    found: list[tuple[int, str]] = [(start + 1, first.strip())] if first.strip() else []
    for number in range(start + 1, len(lines)):
        raw = lines[number]
        if not raw.strip():
            if found:
                break
            continue
        item = _ITEM.match(raw)
        if item is None and _ANY_HEADING.match(raw):
            break
        found.append((number + 1, (item.group("text") if item else raw).strip()))
    return found


def read_note(text: str, source: str, reading: Reading) -> ReadNote:
    """A clinical note: its request lines read as items, the rest as the case summary."""
    note = ReadNote(source)
    lines = text.splitlines()
    requests: list[tuple[int, str]] = []
    taken: set[int] = set()
    for number, raw in enumerate(lines):
        heading = _REQUESTS_HEADING.match(raw)
        if heading and not requests:
            requests = _section_lines(lines, number, heading.group("rest"))
            taken = {number + 1} | {n for n, _ in requests}
        diagnoses = _DIAGNOSES_HEADING.match(raw)
        if diagnoses and not note.diagnoses:
            note.diagnoses = [t for _, t in _section_lines(lines, number, diagnoses.group("rest"))]
    if not requests:
        note.problem = "no requested treatment found"
        return note
    letter = ParsedLetter(source=source, letter_id="note")
    header_fields(text, letter)
    found = _SERVICE_DATE.search(text)
    note.date_of_service = parse_date(found.group(1)) if found else None
    note.date_of_injury = letter.date_of_injury
    rest = "\n".join(line for n, line in enumerate(lines, start=1) if n not in taken)
    letter.summary = flow(normalize(rest))
    letter.diagnoses = note.diagnoses
    letter.date_assigned = note.date_of_service
    letter.items = [_item(i, t) for i, (_, t) in enumerate(requests, start=1)]
    note.requests = _read_items(letter, [n for n, _ in requests], reading)
    return note
