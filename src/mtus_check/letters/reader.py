"""Read letters: text or PDF in, ParsedLetter out (never an exception for a bad letter)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from mtus_check.letters import header
from mtus_check.letters.assertion import new_letter
from mtus_check.letters.citations import parse_guidelines
from mtus_check.letters.extract import extract_item
from mtus_check.letters.facts import fact_reader
from mtus_check.letters.layouts import LayoutError, detect, why_unrecognized
from mtus_check.letters.letter_facts import FactsFor, LetterFacts
from mtus_check.letters.limits import LetterLimits
from mtus_check.letters.models import LetterItem, ParsedLetter
from mtus_check.letters.narrative_dx import listed_diagnoses, narrative_diagnoses
from mtus_check.letters.normalize import flow, normalize
from mtus_check.letters.sentences import CUES
from mtus_check.letters.source import LetterReadError, letter_files, read_letter_file
from mtus_check.rules.facts_loader import Reading
from mtus_check.text import lowercase, pattern

# searched on lowercased text: with re.I, Python's re finds no literal to skip ahead to
_CASE_NUMBER = pattern(r"case\s+number:\s*(cm\d{2}-\d{5,8})")


def letter_id(source: str, text: str) -> str:
    """A stable id: the case number when known, else a hash of the text."""
    head = text[:3000]
    found = _CASE_NUMBER.search(lowercase(head))
    if found:
        return head[found.start(1) : found.end(1)]
    return "sha1-" + hashlib.sha1(text.encode()).hexdigest()[:16]


def parse_text(
    raw: str, source: str = "<text>", reading: Reading | None = None, facts_for: FactsFor | None = None
) -> ParsedLetter:
    """Parse a letter's raw text (as extracted from PDF by any tool); with a vocabulary,
    also extract each item's request and facts (with `facts_for`, only those the rules read)."""
    new_letter()  # mentions' context is remembered within one letter
    try:
        # a word hyphenated at a line end is joined when it is one the pack or a reader looks for
        text = normalize(raw, lambda: CUES.words() | reading.words if reading is not None else CUES.words())
        letter = ParsedLetter(source=source, letter_id=letter_id(source, text), text_chars=len(text))
        if not text.strip():
            return _failed(letter, "empty", "the letter has no text")
        layout = detect(text)
        if layout is None:
            return _failed(letter, "unrecognized-layout", why_unrecognized(text))
        letter.layout = layout.name
        try:
            result = layout.parse(text)
        except LayoutError as exc:
            return _failed(letter, "unreadable-items", f"{layout.name}: {exc}")
        header.header_fields(text, letter)
        # flowed once: the narrative's phrases may wrap across lines
        letter.summary = flow(result.summary)
        header.narrative_dates(letter.summary if result.summary else flow(text[:4000]), letter)
        letter.reviewer = header.reviewer(text)
        letter.claimant = header.claimant(letter.summary if result.summary else flow(text))
        letter.diagnoses = header.diagnoses(letter.summary)
        letter.treatments = header.treatments(letter.summary)
        for i, raw_item in enumerate(result.items, start=1):
            letter.items.append(
                LetterItem(
                    index=i,
                    request_text=flow(raw_item.request_text),
                    decision=raw_item.decision,
                    decision_text=raw_item.decision_text,
                    eligible_text=raw_item.eligible_text,
                    claims_administrator_guideline=parse_guidelines(raw_item.ca_text),
                    maximus_guideline=parse_guidelines(raw_item.reviewer_text),
                    rationale=flow(raw_item.rationale),
                )
            )
        if not letter.items:
            return _failed(letter, "no-items", "the letter lists no disputed item")
        if reading is not None:
            shared = LetterFacts.read(letter, reading, facts_for)
            # diagnoses told in the narrative join those listed ("she has lumbar radiculopathy")
            context = fact_reader(reading.facts, reading.vocabulary).context()
            # a listed entry only hedged ("Dx: lumbar strain; r/o radiculopathy") is no diagnosis
            letter.diagnoses = listed_diagnoses(letter.diagnoses, reading.vocabulary, context)
            told = narrative_diagnoses(shared.sentences, reading.vocabulary, context)
            listed = [d.lower() for d in letter.diagnoses]  # the list's own sentence names them again
            letter.diagnoses = [*letter.diagnoses, *(d for d in told if not any(d.lower() in x for x in listed))]
            for item in letter.items:
                extract_item(item, letter, reading, shared, facts_for)
        return letter
    except Exception as exc:  # a parser bug must not stop a batch; report it as this letter's error
        return ParsedLetter(
            source=source,
            letter_id=letter_id(source, raw[:3000]),
            ok=False,
            error=f"internal parser error: {type(exc).__name__}: {exc}",
            error_kind="internal",
        )


def _failed(letter: ParsedLetter, kind: str, message: str) -> ParsedLetter:
    letter.ok, letter.error, letter.error_kind = False, message, kind
    return letter


def read_letter(
    path: Path, reading: Reading | None = None, facts_for: FactsFor | None = None, limits: LetterLimits | None = None
) -> ParsedLetter:
    """Read and parse one .txt or .pdf letter (and extract requests and facts when given a pack's reading)."""
    try:
        loaded = read_letter_file(path, limits)
    except LetterReadError as exc:
        return ParsedLetter(source=str(path), letter_id=path.stem, ok=False, error=str(exc), error_kind=exc.kind)
    return parse_text(loaded.text, str(path), reading, facts_for)


def read_letters(paths: list[Path], reading: Reading | None = None) -> Iterator[ParsedLetter]:
    """Every letter under the given files and directories, in sorted order."""
    for path in letter_files(paths):
        yield read_letter(path, reading)
