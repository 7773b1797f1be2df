"""The audit's flags from the reviewer's own findings (audit.flags), on the project's fixture letters:
an auditor reads why a decision does not follow from what the reviewer says was documented."""

from __future__ import annotations

from pathlib import Path

from mtus_check.audit.models import ItemRecord
from mtus_check.audit.predict import letter_records
from mtus_check.engine import Engine
from mtus_check.letters import parse_text
from tests.conftest import FIXTURES

LETTERS = FIXTURES / "letters"
FLAGS = ("findings-disagree", "non-mtus-criterion", "overturned-without-required-fact")
EMG = LETTERS / "final-determination-header" / "fdh-home-nursing-emg.txt"


def _records(engine: Engine, path: Path, *edits: tuple[str, str]) -> list[ItemRecord]:
    text = path.read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    records, error = letter_records(parse_text(text, path.stem, engine.pack.reading), engine, None)
    assert error is None
    return records


def _flags(record: ItemRecord) -> list[tuple[str, str]]:
    return [(c.check, c.message) for c in record.checks if c.check in FLAGS]


def test_a_decision_against_the_reviewers_findings_names_the_rule_and_the_findings(engine: Engine) -> None:
    # the massage item is overturned, though the reviewer finds no exercise program beside it
    massage = _records(engine, LETTERS / "final-determination" / "seed-000.txt")[1]
    assert (massage.actual, massage.predicted_from_findings) == ("overturned", "upheld")
    [(check, message)] = _flags(massage)
    assert check == "findings-disagree"
    assert message.startswith("decision overturned not supported by the reviewer's own findings under rule ")
    assert "under rule cpmtg.massage" in message and "without an active exercise program" in message
    assert "the rules deny it given the reviewer's findings adjunct_exercise=False" in message


def test_a_decision_the_dates_decide_names_the_rules_reason(engine: Engine) -> None:
    # the same EMG asked for a week after the fall: too early for the study, whatever the reviewer found
    [_, emg] = _records(engine, EMG, ("Date of Injury: 09/12/2016", "Date of Injury: 11/03/2016"))
    assert emg.predicted_from_findings == "upheld"
    [(check, message)] = _flags(emg)
    assert check == "findings-disagree"
    # no length of the symptoms is stated: the weeks since the injury stand in for it
    assert "symptoms for 2.1 weeks" in message and "neurologic_findings=True" in message


def test_an_overturned_item_without_the_criterion_says_what_was_not_documented(engine: Engine) -> None:
    [nursing, emg] = _records(engine, EMG)
    assert _flags(nursing) == []  # certified by the rules, as the reviewer decided
    assert (emg.actual, emg.predicted_from_findings) == ("overturned", None)
    [(check, message)] = _flags(emg)
    assert check == "overturned-without-required-fact"
    assert message.startswith("decision made without documenting failed conservative care")
    assert "acoem.electrodiagnostic" in message


def test_a_criterion_the_reviewer_states_is_no_flag(engine: Engine) -> None:
    # the reviewer says the symptoms persisted through weeks of splinting: the rules certify, as decided
    [_, emg] = _records(
        engine,
        EMG,
        (
            "which makes hers a difficult case.",
            "which makes hers a difficult case. Her symptoms have not "
            "improved despite six weeks of splinting and activity modification.",
        ),
    )
    assert emg.reviewer_findings["failed_conservative_care"]["value"] is True
    assert emg.predicted_from_findings == "overturned"
    assert _flags(emg) == []


def test_a_rationale_citing_only_other_guidelines_relied_on_a_criterion_no_mtus_rule_has(engine: Engine) -> None:
    cited = (
        "MAXIMUS guideline: Decision based on MTUS Forearm, Wrist, and Hand Complaints 2004,\n"
        "Section(s): Special Studies, Diagnostic Criteria."
    )
    odg = (
        "MAXIMUS guideline: The Expert Reviewer based their decision on recommendation(s) outside of the MTUS\n"
        "Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Forearm,\n"
        "Wrist & Hand, EMG."
    )
    [_, emg] = _records(engine, EMG, (cited, odg))
    [(check, message)] = _flags(emg)
    assert check == "non-mtus-criterion"
    assert message.startswith(
        "reviewer relied on a criterion no MTUS rule has: decision overturned, but the MTUS rules"
    )
    assert "failed conservative care" in message and "Official Disability Guidelines" in message


def test_a_service_no_rule_covers_relied_on_a_criterion_no_mtus_rule_has(engine: Engine) -> None:
    request = "Skilled nursing visits 3 times a week for 2 weeks for wound care"
    [oxygen, _] = _records(engine, EMG, (request, "Hyperbaric oxygen therapy, ten sessions, for the wound"))
    assert oxygen.verdict == "no-guideline"
    [(check, message)] = _flags(oxygen)
    assert check == "non-mtus-criterion"
    assert "service not recognized: Hyperbaric oxygen" in message and "Chronic Pain Medical Treatment 2016" in message


def test_an_upheld_item_the_rules_leave_undecided_is_not_flagged(engine: Engine) -> None:
    [emg_upheld] = [
        r
        for r in _records(engine, EMG, ("left upper extremity: Overturned", "left upper extremity: Upheld"))
        if r.item == 2
    ]
    assert (emg_upheld.actual, emg_upheld.predicted_from_findings) == ("upheld", None)
    assert _flags(emg_upheld) == []
