"""Hostile text costs the reader time in proportion to its length: long runs of digits, every
Unicode space, punctuation and repeated headings, put where each reader looks (header, case
summary, item line, guideline line, rationale). Linear is checked by comparing the same letter
with the run 1x and 8x as long (best of three each), never against a clock threshold: a linear
reader takes about the same time (the letter dominates), a quadratic one about 64 times as long (over 24 fails).
"""

from __future__ import annotations

import gc
import time
import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtus_check.audit.predict import letter_records
from mtus_check.engine import Engine
from mtus_check.letters import parse_text
from tests.conftest import FIXTURES

SEED = (FIXTURES / "letters" / "final-determination" / "seed-000.txt").read_text()
SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace() or unicodedata.category(c) == "Zs")
RUNS = {
    "digits": "7",
    "digits and spaces": "1 ",
    "decimal": "1.",
    "range": "1-",
    "every space": SPACES,
    "ideographic space": "\u3000",
    "line separator": "\u2028",
    "punctuation": ".,;:()/-'\"",
    "letters": "a",
    "decision heading": "IMR ISSUES, DECISIONS AND RATIONALES\n",
    "item line": "Massage: Upheld\n",
    "guideline": "Decision based on MTUS Guidelines 2009, Page(s): 1-",
    "limit": "up to 6 visits, ",
}
# where the run goes: (text it goes before, sentence around it)
SPOTS = {
    "header": (" HOW THE IMR", "{}"),
    "summary": ("This 46-year-old", "{}"),
    "dose": ("The treating provider reported", "The patient takes {} morphine equivalents per day. "),
    "rating": ("The treating provider reported", "Pain is {}/10 without and 5/10 with medication. "),
    "item line": ("Six (6) sessions of acupuncture for the low back: Overturned", "{}"),
    "guideline": ("Massage \n\ntherapy Page(s): 60", "{}"),
    "rationale": ("The requesting provider documents a 30%", "{} "),
}
BASE = 2000


def hostile(run: str, spot: str, length: int) -> str:
    before, sentence = SPOTS[spot]
    at = SEED.index(before)
    return SEED[:at] + sentence.format((run * (length // len(run) + 1))[:length]) + SEED[at:]


def best_of(work: Callable[[], object], runs: int) -> float:
    """Best time of some runs, without the garbage collector (a collection that happens to fall
    in one run is no property of the reader)."""
    times = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        finally:
            gc.enable()
    return min(times)


@pytest.mark.parametrize("spot", list(SPOTS))
@pytest.mark.parametrize("run", list(RUNS))
def test_reading_and_auditing_stay_linear(engine: Engine, run: str, spot: str) -> None:
    def audit(text: str) -> Callable[[], object]:
        # every fact the reader knows (facts_for None), then the audit's checks
        return lambda: letter_records(parse_text(text, "x", engine.pack.reading), engine, None)

    audit(SEED)()  # warm: the first letter builds the fact finders
    small, large = audit(hostile(RUNS[run], spot, BASE)), audit(hostile(RUNS[run], spot, 8 * BASE))
    once, eight = best_of(small, 1), best_of(large, 1)
    if eight >= 24 * once:  # measured again, best of three, before it counts: the machine may be busy
        once, eight = best_of(small, 3), best_of(large, 3)
    assert eight < 24 * once, f"{run} in the {spot}: {once:.4f}s at {BASE} chars, {eight:.4f}s at {8 * BASE}"


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.sampled_from(list(RUNS.values())),
    st.integers(min_value=0, max_value=len(SEED)),
    st.integers(min_value=1, max_value=3000),
)
def test_a_hostile_run_anywhere_is_never_an_exception(engine: Engine, run: str, at: int, length: int) -> None:
    text = SEED[:at] + (run * length)[: max(length, len(run))] + SEED[at:]
    letter = parse_text(text, "x", engine.pack.reading)
    records, error = letter_records(letter, engine, None)
    assert records or error is not None
