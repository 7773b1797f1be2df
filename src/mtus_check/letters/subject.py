"""What an item asks for: its request text without the words that frame it ("Retrospective
request for", "Associated surgical service:"), and the service the vocabulary names in it."""

from __future__ import annotations

import re

from mtus_check.letters.models import LetterItem
from mtus_check.rules.vocabulary import Vocabulary

_PREFIX = re.compile(
    r"^(?:associated surgical service|labs? to include|retrospective(?: request for)?|prospective"
    r"|request for|purchase of|rental of)\s*:?\s*",
    re.I,
)


def unframed(text: str) -> str:
    """The request text without its framing words."""
    return _PREFIX.sub("", text)


def subject(item: LetterItem) -> tuple[str, int]:
    """The part of the request an IMR decides (after a UR modification, only the remainder),
    without its framing words, and where it starts in the request text."""
    text = item.eligible_text or item.request_text
    offset = item.request_text.find(text) if item.eligible_text else 0
    stripped = unframed(text)
    return stripped, offset + len(text) - len(stripped)


def is_surgery(text: str, vocabulary: Vocabulary) -> bool:
    """Whether a request asks for a surgery itself (not for what goes with one)."""
    best = vocabulary.services.best(text)
    term = vocabulary.services.terms[best[0]] if best else None
    return term is not None and term.category == "surgery" and not term.perioperative
