"""An item header that wraps over lines is read whole, in every layout the reader supports.

Each layout's fixture letter gets a long request in place of its first item's, and only the
lines that carry that request are wrapped (as a narrow column or another PDF tool breaks them);
the rest of the letter stays as written."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from mtus_check.letters import parse_text
from mtus_check.rules.loader import RulePack
from tests.conftest import FIXTURES

LETTERS = FIXTURES / "letters"
ONE_PER_LAYOUT = [
    LETTERS / "final-determination-header" / "fdh-cbt-brace-gym-xray.txt",
    LETTERS / "final-determination" / "fd-acupuncture-extension.txt",
    LETTERS / "maximus-federal" / "mf-acupuncture-initial.txt",
    LETTERS / "medical-professional-review" / "mpr-acupuncture.txt",
    LETTERS / "notice-2013" / "n13-frp.txt",
]
# long requests as providers write them: several procedures, a quantity, a region, a side
LONG = [
    "Right shoulder arthroscopy with subacromial decompression, distal clavicle excision, "
    "rotator cuff repair and debridement of the glenoid labrum",
    "Physical therapy two times a week for six weeks for the cervical spine, lumbar spine and right "
    "shoulder, with home exercise instruction",
]


def _with_long_header(text: str, first: str, long: str, width: int) -> str:
    """The letter with `long` for `first`, each line that carries it wrapped at `width`."""
    # the fixture may wrap the request itself already: match it across line breaks
    written = re.compile(r"\s+".join(re.escape(word) for word in first.split()))
    out: list[str] = []
    for line in written.sub(long, text).splitlines():
        if long in line:
            out.extend(textwrap.wrap(line, width))
        else:
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("path", ONE_PER_LAYOUT, ids=[p.parent.name for p in ONE_PER_LAYOUT])
@pytest.mark.parametrize("long", LONG, ids=["surgery", "therapy"])
@pytest.mark.parametrize("width", [38, 55])
def test_a_wrapped_item_header_is_read_whole(pack: RulePack, path: Path, long: str, width: int) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text())
    first = expected["items"][0]["request_text"]
    letter = parse_text(_with_long_header(path.read_text(), first, long, width), str(path), pack.reading)
    assert letter.ok, letter.error
    assert [i.request_text for i in letter.items] == [long] + [i["request_text"] for i in expected["items"][1:]]
    assert [i.decision for i in letter.items] == [i["decision"] for i in expected["items"]]
