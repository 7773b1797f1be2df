"""What the engine and the vocabulary remember between requests never changes an answer."""

from __future__ import annotations

import datetime as dt
import json
import random

from mtus_check.bench import generate
from mtus_check.engine import Engine, core, periods
from mtus_check.models.request import Request
from mtus_check.rules import vocabulary
from mtus_check.rules.loader import RulePack


def _dated(seed: int, n: int) -> list[Request]:
    """Generated requests spread over the dates the pack's rule versions change, some facts
    stated as the pack's specs type them and some that they type anew (1 for true)."""
    rng = random.Random(seed)
    out = []
    for i, request in enumerate(generate(n, seed=seed)):
        day = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randint(0, 6500))
        extra = {"return_to_work": 1} if i % 7 == 0 else {}
        out.append(Request.model_validate({**request.model_dump(exclude_none=True), **extra, "date_of_service": day}))
    return out


def _annotated(engine: Engine, request: Request) -> str:
    return periods.annotate(engine.check(request), engine.pack).model_dump_json()


def test_a_batch_checked_twice_reads_as_each_request_checked_by_a_fresh_engine(pack: RulePack) -> None:
    requests = _dated(seed=21, n=150)
    batch = Engine(pack)
    first = [_annotated(batch, r) for r in requests]
    again = [_annotated(batch, r) for r in requests]  # every answer now comes from the memos
    assert first == again
    fresh = [_annotated(Engine(pack), r) for r in requests[:40]]
    assert fresh == first[:40]
    assert {"certify", "non-certify", "needs-info", "no-guideline"} <= {json.loads(line)["verdict"] for line in first}


def test_memos_start_over_when_full(pack: RulePack, monkeypatch) -> None:
    monkeypatch.setattr(core, "MEMO_SIZE", 3)
    monkeypatch.setattr(periods, "MEMO_SIZE", 3)
    requests = _dated(seed=22, n=60)
    engine = Engine(pack)
    small = [_annotated(engine, r) for r in requests]
    assert len(engine._by_date) <= 3 and len(engine._typed) <= 3
    assert small == [_annotated(Engine(pack), r) for r in requests]


def test_a_caller_may_change_the_lists_the_vocabulary_returns(pack: RulePack) -> None:
    diagnoses = pack.vocabulary.diagnosis_categories
    found = diagnoses.find("lumbar radiculopathy, M54.16")
    assert found
    found.append("changed")
    assert "changed" not in diagnoses.find("lumbar radiculopathy, M54.16")
    near = pack.vocabulary.services.suggest("acupunture")
    assert near
    near.clear()
    assert pack.vocabulary.services.suggest("acupunture")


def test_the_vocabulary_memo_stays_bounded(pack: RulePack, monkeypatch) -> None:
    monkeypatch.setattr(vocabulary, "MEMO_SIZE", 5)
    regions = pack.vocabulary.body_regions
    for i in range(40):
        assert regions.lookup(f"Low Back {i}") is None
        assert len(regions._memo) <= 5
    assert regions.lookup("Low-Back") == regions.lookup("low back")
