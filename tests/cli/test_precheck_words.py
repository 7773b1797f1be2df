"""Pre-check as a claims adjuster or a provider's office meets it today: requests in their own
words, a clinical note as input, and the period the pack covers said in every answer."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from mtus_check.cli.main import app
from tests.conftest import FIXTURES

runner = CliRunner()
NOTES = FIXTURES / "notes"


def run_json(*args: str) -> list[dict]:
    result = runner.invoke(app, ["precheck", *args, "--json"])
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MRI of the lumbar spine without contrast", {"service": "mri", "body_region": "lumbar"}),
        ("Norco 10/325 #60", {"service": "opioid", "drug": "Norco", "quantity": 60}),
        ("EMG/NCS bilateral upper extremities", {"service": "emg_ncv", "body_region": "upper_extremity",
                                                 "side": "bilateral"}),
        ("Physical therapy 2x4 right knee", {"service": "physical_therapy", "quantity": 8, "frequency_per_week": 2.0,
                                             "duration_weeks": 4.0, "body_region": "knee", "side": "right"}),
        ("Six (6) sessions of acupuncture for the low back", {"service": "acupuncture", "quantity": 6,
                                                              "body_region": "lumbar"}),
        ("Acupuncture 2x/week x 3 weeks, lumbar", {"service": "acupuncture", "quantity": 6,
                                                   "frequency_per_week": 2.0, "duration_weeks": 3.0}),
        ("12 sessions of physical therapy for the low back", {"service": "physical_therapy", "quantity": 12,
                                                              "body_region": "lumbar"}),
    ],
)  # fmt: skip
def test_text_is_read_like_a_letter_request(text: str, expected: dict) -> None:
    [out] = run_json("--text", text, "--date-of-service", "2016-03-01")
    read = {name: fact["value"] for name, fact in out["read"]["facts"].items()}
    assert expected.items() <= read.items()
    assert out["read"]["text"] == text


def test_flags_correct_what_the_text_leaves_unknown() -> None:
    [out] = run_json(
        "--text", "Six (6) sessions of acupuncture for the low back", "--date-of-service", "2026-03-01",
        "--prior-sessions", "0", "--fact", "medication_reduced_or_not_tolerated=true",
    )  # fmt: skip
    assert out["verdict"] == "certify"
    assert out["request"]["quantity"] == 6 and out["request"]["prior_sessions"] == 0


def test_a_compound_in_words_fails_on_the_agent_it_holds() -> None:
    """The ingredients a compound's request names decide it: the verdict names the agent."""
    [out] = run_json(
        "--text", "Flurbiprofen 20%/Baclofen 5%/Lidocaine 4% cream 180 gm", "--date-of-service", "2016-03-01",
        "--diagnosis", "lumbar radiculopathy", "--fact", "failed_conservative_care=true",
    )  # fmt: skip
    assert out["read"]["facts"]["ingredients"]["value"] == ["Flurbiprofen", "Baclofen", "Lidocaine cream"]
    assert out["verdict"] == "non-certify"
    assert "contains baclofen, a muscle relaxant" in out["summary"]
    assert "lidocaine in a form other than the Lidoderm patch" in out["summary"]


def test_ingredients_stated_as_a_list_fact() -> None:
    [out] = run_json(
        "--service", "Lidoderm patch", "--fact", "ingredients=[Lidoderm patch]", "--date-of-service", "2016-03-01",
        "--diagnosis", "post-herpetic neuralgia", "--fact", "failed_conservative_care=true",
    )  # fmt: skip
    assert out["request"]["ingredients"] == ["lidocaine_patch"]
    assert out["verdict"] == "certify"


def test_unknown_service_in_text_names_close_matches_and_exits_2() -> None:
    result = runner.invoke(app, ["precheck", "--text", "acupunture x 6", "--text", "frobnicate the spleen"])
    assert result.exit_code == 2
    assert "no service in the vocabulary matches 'frobnicate the spleen'" in result.stderr
    assert "Traceback" not in result.output


def test_acupuncture_dated_2026_gets_the_rules_in_force_that_day() -> None:
    [out] = run_json("--service", "acupuncture", "--quantity", "8", "--prior-sessions", "0",
                     "--date-of-service", "2026-03-01")  # fmt: skip
    assert out["verdict"] == "non-certify"
    versions = {(v["rule"], v["effective_from"], v["effective_to"]) for v in out["rules_used"]}
    assert ("mtus.acupuncture.initial-trial", "2017-12-01", None) in versions
    assert out["findings"][0]["citation"]["section"].startswith("8 CCR 9792.24.1")


def test_outside_every_version_says_what_the_pack_covers_and_what_applies() -> None:
    [out] = run_json("--service", "massage", "--quantity", "6", "--body-region", "low back",
                     "--date-of-service", "2026-03-01")  # fmt: skip
    assert out["verdict"] == "no-guideline"
    assert out["coverage"]["covered"] == [{"effective_from": "2009-07-18", "effective_to": "2017-11-30"}]
    assert "Low Back Disorders Guideline" in out["coverage"]["in_force"][0]
    assert "not encoded" in out["summary"] and "No rule in this pack applies" not in out["summary"]


def test_undated_request_is_checked_as_of_today_and_says_so() -> None:
    [out] = run_json("--service", "massage", "--quantity", "6")
    today = dt.date.today().isoformat()
    assert out["as_of"] == today
    assert any(today in note and "no request date" in note for note in out["notes"])


def test_note_gives_one_verdict_per_requested_treatment_with_evidence() -> None:
    acupuncture, massage = run_json("--note", str(NOTES / "pr2-acupuncture-lumbar.txt"))
    assert acupuncture["source"].endswith("pr2-acupuncture-lumbar.txt:23:1")
    assert acupuncture["as_of"] == "2026-11-20"  # the note's date of exam
    assert acupuncture["verdict"] == "certify"
    assert acupuncture["request"]["prior_sessions"] == 0
    tolerated = acupuncture["read"]["facts"]["medication_reduced_or_not_tolerated"]
    assert tolerated["value"] is True and "could not tolerate ibuprofen" in tolerated["quote"]
    exercise = acupuncture["read"]["facts"]["adjunct_exercise"]
    assert exercise["value"] is True and "home exercise program" in exercise["quote"]
    assert massage["verdict"] == "no-guideline" and "2009-07-18 to 2017-11-30" in massage["summary"]


def test_rfa_note_reads_prior_therapy_and_names_the_guideline_not_encoded() -> None:
    therapy, norco = run_json("--note", str(NOTES / "rfa-knee-pt.txt"))
    facts = therapy["read"]["facts"]
    assert facts["prior_sessions"]["value"] == 6 and facts["side"]["value"] == "right"
    assert therapy["verdict"] == "no-guideline" and "Knee Disorders Guideline" in therapy["summary"]
    assert norco["read"]["facts"]["drug"]["value"] == "Norco" and "ACOEM Opioids Guideline" in norco["summary"]
    assert "prospective review" in norco["formulary"]["prospective_review"]


def test_note_without_requests_is_a_clear_error(tmp_path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Subjective: low back pain.\nObjective: tender.\n")
    result = runner.invoke(app, ["precheck", "--note", str(note)])
    assert result.exit_code == 2
    assert "no requested treatment found" in result.stderr and "Requested treatment:" in result.stderr


def test_rules_coverage_dates_lists_each_services_periods() -> None:
    result = runner.invoke(app, ["rules", "coverage", "--dates", "--json"])
    assert result.exit_code == 0
    rows = {row["service"]: row for row in map(json.loads, result.stdout.splitlines())}
    assert rows["massage"]["covered"] == [{"effective_from": "2009-07-18", "effective_to": "2017-11-30"}]
    acupuncture = rows["acupuncture"]["by_guideline"]
    assert acupuncture["MTUS Acupuncture Medical Treatment Guidelines 2017"] == [
        {"effective_from": "2017-12-01", "effective_to": None}
    ]


def test_note_as_pdf_reads_the_same_requests(tmp_path) -> None:
    from mtus_check.synth.pdf import make_pdf

    text = (NOTES / "rfa-knee-pt.txt").read_text()
    pdf = tmp_path / "rfa.pdf"
    pdf.write_bytes(make_pdf(text.splitlines()))
    from_text = run_json("--note", str(NOTES / "rfa-knee-pt.txt"))
    from_pdf = run_json("--note", str(pdf))
    assert [o["request"] for o in from_pdf] == [o["request"] for o in from_text]


REQUESTS = FIXTURES / "requests"


def test_request_file_text_lines_are_read_like_text_flags() -> None:
    """`text:` in a YAML file is read as `--text` reads it, and the answer shows what was read."""
    trial, _ = run_json(str(REQUESTS / "in-words.yaml"))
    [flag] = run_json("--text", "Acupuncture 2x/week x 3 weeks, lumbar", "--date-of-service", "2026-03-01",
                      "--prior-sessions", "0", "--fact", "adjunct_exercise=true")  # fmt: skip
    assert trial["read"]["facts"] == flag["read"]["facts"]
    assert trial["request"] == flag["request"] and trial["id"] == "words-acupuncture-trial"
    assert trial["source"] == f"{REQUESTS / 'in-words.yaml'}:3:3" and trial["verdict"] == "certify"
    assert trial["read"]["overridden"] == {}


def test_a_field_beside_the_text_wins_and_the_conflict_is_said() -> None:
    _, more = run_json(str(REQUESTS / "in-words.yaml"))
    assert more["read"]["facts"]["quantity"]["value"] == 6  # what the text says ...
    assert more["request"]["quantity"] == 8  # ... and what is checked: the file's own field
    assert more["verdict"] == "non-certify"
    assert more["read"]["overridden"] == {"quantity": {"text": 6, "used": 8}}
    assert "quantity: read as 6 ('Six (6) sessions'), given as 8: the quantity given is used" in more["read"]["notes"]
    human = runner.invoke(app, ["precheck", str(REQUESTS / "in-words.yaml")], env={"COLUMNS": "200"}).stdout
    assert "note: quantity: read as 6 ('Six (6) sessions'), given as 8: the quantity given is used" in human


def test_a_field_that_agrees_with_the_text_is_no_conflict(tmp_path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"text": "Six (6) sessions of acupuncture for the low back", "quantity": 6.0, '
                    '"body_region": "low back", "date_of_service": "2026-03-01"}\n')  # fmt: skip
    [out] = run_json(str(path))
    assert out["read"]["overridden"] == {} and not any("given" in note for note in out["read"]["notes"])


def test_jsonl_text_lines_are_read_and_checked() -> None:
    eight, six, knee = run_json(str(REQUESTS / "in-words.jsonl"))
    assert eight["request"]["quantity"] == 8 and eight["verdict"] == "non-certify"
    assert {"service": "massage", "quantity": 6, "body_region": "cervical"}.items() <= six["request"].items()
    assert knee["read"]["facts"]["side"]["value"] == "right" and knee["request"]["prior_sessions"] == 12
    assert any("could also mean" in note for note in knee["read"]["notes"])


def test_bad_text_lines_are_located_errors_and_the_batch_goes_on() -> None:
    path = REQUESTS / "in-words-with-errors.jsonl"
    result = runner.invoke(app, ["precheck", str(path), "--json"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["verdict"] for line in lines] == ["certify", None, None, None, None, None, None, "certify"]
    errors = result.stderr.splitlines()
    assert errors[0] == (
        f"{path}:2:1: [error] no service in the vocabulary matches 'acupunture x 6' Fix: close matches: acupuncture; "
        "name the service (`mtus-check rules vocabulary` lists them) or add a synonym to rules/vocabulary.yaml "
        "(request-service)"
    )
    assert errors[1].startswith(f"{path}:3:1: [error] no service in the vocabulary matches 'frobnicate the spleen")
    assert all(f"{path}:{n}:1: [error] text must be the request in words" in errors[n - 2] for n in (4, 5))
    assert errors[4].startswith(f"{path}:6:1: [error] quantity must be at least 1, got 0")
    assert "did you mean functional_improvement" in errors[5] and errors[5].startswith(f"{path}:7:1:")


def test_bad_text_in_yaml_is_located_at_its_line(tmp_path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("- service: massage\n  quantity: 6\n- id: two\n  text: acupunture x 6\n- text:\n")
    result = runner.invoke(app, ["precheck", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{path}:4:9: [error] no service in the vocabulary matches 'acupunture x 6'" in result.stderr
    assert "close matches: acupuncture" in result.stderr
    assert f"{path}:5:8: [error] text must be the request in words" in result.stderr
    assert "massage, x 6" in result.stdout  # the good request before them was checked
