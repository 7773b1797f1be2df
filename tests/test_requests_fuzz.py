"""Mutated request lines (seeded, so every run sees the same 1,000): no exception escapes the
reader or the engine; each line gives exactly one verdict or one located error record."""

from __future__ import annotations

import io
import random

from mtus_check.api import check_records
from mtus_check.engine import Engine
from mtus_check.requests_io import read_stream

SEEDS = [
    b'{"service": "massage", "quantity": 8, "body_region": "low back", "date_of_service": "2015-01-30"}',
    b'{"service": "acupuncture", "quantity": 6, "frequency_per_week": 2, "diagnoses": ["M54.16"]}',
    b'{"service": "physical therapy", "prior_sessions": 12, "functional_improvement": true}',
    b'{"service": "opioid", "med_mg_per_day": 90.5, "current_medications": ["Norco", "NSAID"]}',
]
PIECES = [b"9" * 5000, b"[" * 3000, b"\xff\xfe", b"\x00", b"2015-02-30", b"1e309", b"NaN", b'"', b"{", b"}",
          b"\xe2\x80\x83" * 50, b"[/]", b"-", b"null", b"true", b",", b":"]  # fmt: skip


def _mutate(rng: random.Random, line: bytes) -> bytes:
    data = bytearray(line)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        kind = rng.randrange(4)
        if kind == 0:
            data[at:at] = rng.choice(PIECES)
        elif kind == 1 and data:
            del data[at : at + rng.randint(1, 8)]
        elif kind == 2:
            data[at:at] = bytes([rng.randrange(256)])
        else:
            data[at:at] = data[at : at + rng.randint(1, 30)]
    return bytes(data).replace(b"\n", b" ")


def test_a_thousand_mutated_lines(engine: Engine) -> None:
    rng = random.Random(17)
    lines = [_mutate(rng, rng.choice(SEEDS)) for _ in range(1000)]
    stream = io.BytesIO(b"\n".join(lines) + b"\n")
    results = list(check_records(engine, read_stream(stream, "fuzz.jsonl", jsonl=True)))
    blank = sum(not line.strip() for line in lines)
    assert len(results) == 1000 - blank
    for r in results:
        assert (r.verdict is None) == bool(r.problems)
        for p in r.problems:
            assert p.location.path == "fuzz.jsonl" and p.location.line > 0 and p.message
        assert r.to_json_line().startswith('{"source":"fuzz.jsonl:')
    # the mutations leave some requests readable and spoil others
    assert 0 < sum(r.verdict is not None for r in results) < len(results)
