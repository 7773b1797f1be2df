"""Facts and verdicts of every item of the real letters beside the checkout (../shared/corpus),
pinned in corpus_snapshot.jsonl, so that a change to reading or to the rules shows up in review as
a diff of that file. Skipped where the corpus is not available.

The snapshot holds no letter text: per item only the letter id, item index, service, the value of
each fact read (case facts and the reviewer's findings), the verdict and both predictions. After a
change you mean, regenerate it and commit the diff with the change:

    MTUS_UPDATE_SNAPSHOT=1 .venv/bin/pytest tests/audit/test_corpus_snapshot.py
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from mtus_check.audit.predict import letter_records
from mtus_check.engine import Engine
from mtus_check.letters.reader import read_letter
from mtus_check.letters.source import letter_files
from mtus_check.rules.loader import load_pack
from tests.conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpus" / "letters"
SNAPSHOT = Path(__file__).with_name("corpus_snapshot.jsonl")
UPDATE = "MTUS_UPDATE_SNAPSHOT"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")


def _values(facts: dict[str, Any]) -> dict[str, Any]:
    return {name: fact["value"] for name, fact in sorted(facts.items())}


def snapshot_lines(engine: Engine) -> list[str]:
    """One compact JSON line per item, in letter then item order, read as `mtus-check audit` does."""
    lines: list[str] = []
    for path in letter_files([CORPUS]):
        letter = read_letter(path, engine.pack.reading, engine.pack.fields_for)
        records, error = letter_records(letter, engine, None)
        if error is not None:
            lines.append(json.dumps({"letter": path.name, "error": error.error_kind}))
        for r in records:
            record = r.model_dump(mode="json")
            line = {
                "letter": r.letter_id,
                "item": r.item,
                "service": r.service,
                "facts": _values(record["facts"]),
                "verdict": r.verdict,
                "predicted": r.predicted,
                "findings": _values(record["reviewer_findings"]),
                "predicted_from_findings": r.predicted_from_findings,
                "actual": r.actual,
            }
            lines.append(json.dumps(line, sort_keys=False, separators=(",", ":")))
    return lines


def test_corpus_facts_and_verdicts_match_the_snapshot() -> None:
    lines = snapshot_lines(Engine(load_pack()))
    if os.environ.get(UPDATE):
        SNAPSHOT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert SNAPSHOT.is_file(), f"no snapshot yet: run with {UPDATE}=1"
    pinned = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    diff = list(difflib.unified_diff(pinned, lines, "snapshot", "now", n=0, lineterm=""))
    assert not diff, (
        f"{sum(d.startswith('+') for d in diff) - 1} items read differently; if you meant it, regenerate with "
        f"{UPDATE}=1 and commit the diff:\n" + "\n".join(diff[:40])
    )
