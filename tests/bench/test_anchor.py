"""The whole-process anchor reads a JSONL file of requests as precheck does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtus_check.bench import anchor
from mtus_check.bench.common import write_requests
from mtus_check.engine import Engine, build_fact
from mtus_check.models.request import Request


def test_durable_anchor_writes_the_engines_outcomes_and_survives_a_bad_line(
    tmp_path: Path, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_requests(tmp_path / "requests.jsonl", 30)
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines[:10], '{"quantity": "many"}', *lines[10:]]) + "\n")
    assert anchor.main(["durable", str(path)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(out) == 31
    assert "service" in out[10]["error"]
    pack = engine.pack
    for line, fired in zip(lines, out[:10] + out[11:], strict=True):
        fact = build_fact(Request.model_validate_json(line), pack.vocabulary, pack.fields).values
        assert fired == engine.backend.fired(fact)
