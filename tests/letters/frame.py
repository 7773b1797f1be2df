"""A fixture letter used as a frame: its case summary replaced by a case's words, its request by
the case's, so a case reads end to end as a letter's item does."""

from __future__ import annotations

from tests.conftest import FIXTURES

FRAME = FIXTURES / "letters" / "final-determination-header" / "fdh-pt-myalgia.txt"
OPENING = "The injured worker is a 44 year old female, who sustained an industrial injury on 06-21-2015."
REQUEST = "Physical therapy 2 times a week for 4 weeks for the right shoulder"


def framed_letter(request: str, told: str) -> str:
    """The frame letter with its summary after the opening sentence replaced by `told`, asking for `request`."""
    text = FRAME.read_text()
    start = text.index(OPENING) + len(OPENING)
    end = text.index("denied the request.") + len("denied the request.")
    text = text[:start] + f" {told}" + text[end:]
    return text.replace(REQUEST, request)
