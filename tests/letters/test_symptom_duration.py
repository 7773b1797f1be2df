"""How long the symptoms have lasted, read from a letter and decided by the rules: the length the
summary states decides a symptom-duration criterion where it differs from the claim's dates,
and the weeks since the injury stand in where no length is stated. The phrasing of a length is
tested by rules/facts/symptom_weeks.cases.yaml."""

from __future__ import annotations

from mtus_check.api import precheck
from mtus_check.letters import parse_text
from mtus_check.rules.loader import RulePack
from tests.conftest import FIXTURES

LETTER = FIXTURES / "letters" / "final-determination-header" / "fdh-emg-symptom-length.txt"
STATED = "She reports a two-year history of numbness and tingling in both hands, worse at night."


def _neck_finding(pack: RulePack, text: str) -> tuple[object, str, list[str]]:
    [item] = parse_text(text, "letter.txt", pack.reading).items
    assert item.request is not None
    verdict = precheck(item.request)
    [finding] = [f for f in verdict.findings if f.rule == "acoem.electrodiagnostic.neck"]
    return item.request.fact("symptom_weeks"), finding.reason, verdict.derived


def test_a_stated_length_of_symptoms_outlasts_a_recent_claim(pack: RulePack) -> None:
    # a cumulative-trauma claim two weeks old for numbness of two years; the knee pain of ten
    # years is another region's and says nothing of the hands
    weeks, reason, derived = _neck_finding(pack, LETTER.read_text())
    assert weeks == 104.4
    assert "symptoms for 104.4 weeks, past 3-4 weeks of symptoms" in reason
    assert "weeks of symptoms 104.4: as stated" in derived


UNSTATED = "She reports numbness and tingling in both hands, worse at night."
# the claim told as one event instead of a cumulative trauma
CUMULATIVE = "filed a claim for cumulative\ntrauma to both hands"
SPECIFIC = "filed a claim for a fall\nonto both hands"


def test_without_a_stated_length_the_weeks_since_a_specific_injury_decide(pack: RulePack) -> None:
    assert CUMULATIVE in LETTER.read_text()
    text = LETTER.read_text().replace(STATED, UNSTATED).replace(CUMULATIVE, SPECIFIC)
    weeks, reason, derived = _neck_finding(pack, text)
    assert weeks is None
    assert "symptoms for 2 weeks: the study is for neck or arm symptoms lasting more than 3-4 weeks" in reason
    assert any(line.startswith("weeks since injury 2:") for line in derived)
    assert not any(line.startswith("weeks of symptoms") for line in derived)


def test_a_cumulative_claims_date_does_not_tell_how_long_the_symptoms_have_lasted(pack: RulePack) -> None:
    # two weeks since a cumulative trauma's (legal) date: the symptoms may be years old, so the
    # 3-4 week criterion is not failed on it
    text = LETTER.read_text().replace(STATED, UNSTATED)
    weeks, reason, derived = _neck_finding(pack, text)
    assert weeks is None
    assert "symptoms for 2 weeks" not in reason
    assert any(line.startswith("weeks since injury 2:") for line in derived)
    assert (
        "weeks of symptoms unknown: a cumulative injury's date is not when the symptoms began (at least 2 weeks)"
        in derived
    )


def test_a_length_told_as_a_date_counts_to_the_date_of_service(pack: RulePack) -> None:
    text = LETTER.read_text().replace(STATED, "She has had numbness and tingling in both hands since June 2016.")
    weeks, reason, _derived = _neck_finding(pack, text)
    assert weeks == 16.6  # from 30 June 2016, the month's last day, to the UR denial of 24 October 2016
    assert "symptoms for 16.6 weeks" in reason
