"""Explaining once: modify_to's re-check decides from statuses alone, and must decide as a full check does."""

from __future__ import annotations

from mtus_check.bench import generate
from mtus_check.engine import Engine, build_fact, explain
from mtus_check.models.request import Request


def test_status_without_texts_is_the_findings_status(engine: Engine) -> None:
    checked = 0
    for request in generate(400, seed=3):
        fact = build_fact(request, engine.pack.vocabulary, engine.pack.fields)
        for loaded, outcome in engine._applicable(fact.values, request.date_of_service):
            finding = explain.finding(loaded, outcome, fact.values, "service", engine._rule_texts(loaded))
            assert explain.status_of(loaded, outcome) == finding.status, loaded.key
            checked += 1
    assert checked > 400  # the requests reach many rules, not a few


def test_modify_to_is_a_request_that_passes_a_full_check(engine: Engine) -> None:
    modified = 0
    for request in generate(600, seed=5):
        verdict = engine.check(request)
        if verdict.modify_to is None:
            continue
        modified += 1
        smaller = engine.check(Request.model_validate({**request.model_dump(), **verdict.modify_to}))
        assert smaller.verdict in ("certify", "needs-info"), (request, verdict.modify_to)
    assert modified > 10
