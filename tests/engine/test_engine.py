"""Engine behaviour a user would notice, including the durable-rules traps."""

from __future__ import annotations

import datetime as dt

import pytest

from mtus_check.engine import Engine, RequestError


def test_more_evaluations_than_live_session_limit(engine: Engine) -> None:
    # durable-rules allows 1024 live sessions per ruleset; each check must clean up after itself.
    # Long enough to span several ticks of durable's own dispatch timer, which must not steal results.
    for i in range(6000):
        quantity = 1 + i % 8
        expected = "certify" if quantity <= 6 else "non-certify"
        assert engine.check({"service": "massage", "quantity": quantity}).verdict == expected, i


def test_same_request_twice_gives_same_verdict(engine: Engine) -> None:
    request = {"service": "massage", "quantity": 8}
    assert engine.check(request) == engine.check(request)


def test_every_applicable_rule_is_evaluated(engine: Engine) -> None:
    verdict = engine.check(
        {
            "service": "physical therapy",
            "quantity": 12,
            "frequency_per_week": 4,
            "prior_sessions": 0,
            "diagnoses": ["myalgia"],
        }
    )
    statuses = {f.rule: f.status for f in verdict.findings}
    assert statuses["cpmtg.physical-medicine.myalgia"] == "fail"
    assert statuses["cpmtg.physical-medicine.fading"] == "fail"


def test_string_numbers_are_coerced_before_the_engine(engine: Engine) -> None:
    verdict = engine.check({"service": "massage", "quantity": "6"})
    assert verdict.verdict == "certify"
    assert verdict.request["quantity"] == 6


def test_service_without_rules_is_no_guideline(engine: Engine) -> None:
    verdict = engine.check({"service": "transportation", "quantity": 1})
    assert verdict.verdict == "no-guideline"
    assert verdict.findings == []


def test_unknown_service_is_no_guideline_with_nearest(engine: Engine) -> None:
    verdict = engine.check({"service": "acupunture", "quantity": 6})
    assert verdict.verdict == "no-guideline"
    assert verdict.summary.startswith("service not recognized: acupunture")
    assert "did you mean acupuncture" in verdict.summary
    assert verdict.findings == [] and verdict.request == {"service": "acupunture", "quantity": 6}


def test_unrecognized_free_text_service_is_no_guideline(engine: Engine) -> None:
    verdict = engine.check({"service": "Hyperbaric oxygen chamber sessions x 20", "body_region": "knee"})
    assert verdict.verdict == "no-guideline"
    assert verdict.summary.startswith("service not recognized: Hyperbaric oxygen chamber sessions x 20")


def test_unknown_body_region_is_an_error(engine: Engine) -> None:
    with pytest.raises(RequestError, match="unknown body region"):
        engine.check({"service": "massage", "body_region": "spleen"})


def test_unknown_facts_ask_instead_of_failing(engine: Engine) -> None:
    verdict = engine.check({"service": "acupuncture", "quantity": 6, "prior_sessions": 6})
    assert verdict.verdict == "needs-info"
    assert any("functional improvement" in m for m in verdict.missing)


def test_finding_states_numbers_and_citation(engine: Engine) -> None:
    verdict = engine.check({"service": "massage", "quantity": 8})
    finding = verdict.findings[0]
    assert finding.rule == "cpmtg.massage.visits"
    assert "8 visits requested" in finding.reason and "4-6 visits" in finding.reason
    assert finding.citation.pages == "60"
    assert finding.citation.text.endswith("Massage therapy, p. 60")
    quantity = next(c for c in finding.criteria if c.field == "quantity")
    assert (quantity.actual, quantity.expected, quantity.status) == (8, 6, "fail")


def test_modify_to_is_verified_not_guessed(engine: Engine) -> None:
    # more frequent than allowed AND more visits: both bounds are lowered and re-checked
    verdict = engine.check({"service": "acupuncture", "quantity": 8, "frequency_per_week": 4, "course": "initial"})
    assert verdict.verdict == "non-certify"
    assert verdict.modify_to == {"quantity": 6, "frequency_per_week": 3}


def test_quantity_derived_from_frequency_and_weeks(engine: Engine) -> None:
    verdict = engine.check({"service": "massage", "frequency_per_week": 2, "duration_weeks": 4})
    assert verdict.request["quantity"] == 8
    assert any("quantity 8" in d for d in verdict.derived)
    assert verdict.verdict == "non-certify"


def test_date_selects_rule_version(engine: Engine) -> None:
    request = {"service": "physical therapy", "quantity": 26, "diagnoses": ["CRPS"], "prior_sessions": 0}
    assert engine.check(request, as_of=dt.date(2015, 1, 1)).verdict == "non-certify"
    assert engine.check(request, as_of=dt.date(2017, 1, 1)).verdict == "certify"
    dated = engine.check({**request, "date_of_service": "2015-01-01"}, as_of=dt.date(2017, 1, 1))
    assert dated.verdict == "non-certify", "the request's own date wins over --as-of"


def test_unverified_rule_says_so(engine: Engine) -> None:
    verdict = engine.check({"service": "chiropractic", "quantity": 4, "body_region": "knee"})
    assert verdict.findings[0].confidence == "unverified"


def test_facts_no_rule_matches_do_not_leak_or_corrupt(engine: Engine) -> None:
    # A fact that matches no durable rule used to leave a session that delete_state freed
    # wrongly (segfaults, mostly in forked workers); not deleting it hit the session limit.
    for i in range(5000):
        assert engine.check({"service": "transportation", "quantity": 1 + i % 30}).verdict == "no-guideline"
        if i % 5 == 0:
            assert engine.check({"service": "massage", "quantity": 4}).verdict == "certify"


def test_forked_worker_evaluates_safely(engine: Engine) -> None:
    import os

    pid = os.fork()
    if pid == 0:  # child: a fresh engine, as an audit worker builds one
        code = 0
        try:
            child = Engine(engine.pack)
            for i in range(2000):
                child.check({"service": "transportation", "quantity": 1 + i % 9})
                child.check({"service": "massage", "quantity": 1 + i % 9})
        except BaseException:
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"worker died with status {status}"


def test_every_stated_fact_reaches_the_engine(engine: Engine) -> None:
    from mtus_check.models.request import Request

    stated = {
        name: (True if spec.kind == "boolean" else 3)
        for name, spec in engine.pack.fields.items()
        if spec.kind in ("boolean", "number")
        and (name in Request.model_fields or engine.pack.facts.get(name))
        and not spec.derived_from
    }
    assert "functional_improvement" in stated and "med_mg_per_day" in stated  # the pack's facts too
    verdict = engine.check({"service": "massage", **stated})
    assert {k: verdict.request[k] for k in stated} == stated


def test_unknown_or_mistyped_fact_is_a_request_error_with_a_suggestion(engine: Engine) -> None:
    from mtus_check.engine import RequestError

    with pytest.raises(RequestError, match="functional_improvment") as caught:
        engine.check({"service": "massage", "functional_improvment": True})
    assert "did you mean functional_improvement" in caught.value.fix
    with pytest.raises(RequestError, match="pain_relief_percent"):
        engine.check({"service": "massage", "pain_relief_percent": 140})
