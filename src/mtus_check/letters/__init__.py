"""Read IMR determination letters (text or PDF, every known layout) into parsed letters."""

from mtus_check.letters.models import Evidence, ExtractedFact, GuidelineRef, LetterItem, ParsedLetter
from mtus_check.letters.reader import parse_text, read_letter, read_letters

__all__ = [
    "Evidence",
    "ExtractedFact",
    "GuidelineRef",
    "LetterItem",
    "ParsedLetter",
    "parse_text",
    "read_letter",
    "read_letters",
]
