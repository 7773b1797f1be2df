"""What the pack's fact model remembers of the facts a batch states never changes an answer."""

from __future__ import annotations

from mtus_check.rules import request_facts
from mtus_check.rules.loader import RulePack
from mtus_check.rules.request_facts import RequestFacts

STATED = [
    {"functional_improvement": True, "med_mg_per_day": 90},
    {"functional_improvement": 1, "med_mg_per_day": 90},  # 1 is not True: typed anew
    {"functional_improvement": "yes"},
    {"med_mg_per_day": "90"},
    {"med_mg_per_day": 90.5},  # a float is never remembered
    {"med_mg_per_day": 9000},  # over the spec's maximum: a problem every time
    {"functinal_improvement": True},  # an unknown name: a problem every time
    {"surgery_date": "2021-03-04"},
]


def _fresh(facts: RequestFacts) -> RequestFacts:
    return RequestFacts(facts.specs)


def test_facts_checked_again_read_as_checked_by_a_fresh_model(pack: RulePack) -> None:
    facts = _fresh(pack.request_facts)
    first = [facts.check(dict(s)) for s in STATED]
    again = [facts.check(dict(s)) for s in STATED]  # the problem-free ones now come from the memo
    assert again == first == [_fresh(facts).check(dict(s)) for s in STATED]
    assert [bool(problems) for _, problems in first] == [False, False, False, False, False, True, True, False]
    assert first[0][0] == {"functional_improvement": True, "med_mg_per_day": 90.0}
    assert type(first[0][0]["med_mg_per_day"]) is float  # typed by the spec, remembered or not
    assert type(again[0][0]["med_mg_per_day"]) is float


def test_a_caller_may_change_what_check_returns(pack: RulePack) -> None:
    facts = _fresh(pack.request_facts)
    typed, _ = facts.check({"functional_improvement": True})
    typed["functional_improvement"] = False
    typed["added"] = 1
    assert facts.check({"functional_improvement": True}) == ({"functional_improvement": True}, [])


def test_the_facts_memo_stays_bounded(pack: RulePack, monkeypatch) -> None:
    monkeypatch.setattr(request_facts, "MEMO_SIZE", 3)
    facts = _fresh(pack.request_facts)
    for dose in range(20):
        assert facts.check({"med_mg_per_day": dose}) == ({"med_mg_per_day": float(dose)}, [])
        assert len(facts._typed) <= 3
