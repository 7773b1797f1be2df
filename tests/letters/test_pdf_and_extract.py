"""PDF round trip, extraction details, and the extract command."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mtus_check.cli.main import app
from mtus_check.letters import parse_text, read_letter
from mtus_check.rules.loader import RulePack
from mtus_check.synth.pdf import make_pdf
from tests.conftest import FIXTURES
from tests.letters.golden import summarize

runner = CliRunner()


def test_pdf_round_trip_matches_text(pack: RulePack, tmp_path: Path) -> None:
    source = FIXTURES / "letters" / "final-determination-header" / "fdh-mri-tramadol.txt"
    text = source.read_text()
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(make_pdf(text.splitlines(), lines_per_page=30))
    from_pdf = summarize(read_letter(pdf, pack.reading))
    from_text = summarize(read_letter(source, pack.reading))
    assert from_pdf["items"] == from_text["items"]
    assert from_pdf["case_number"] == "CM17-0400202"


def test_seed_items_extract_to_requests(pack: RulePack) -> None:
    letter = read_letter(FIXTURES / "letters" / "final-determination" / "seed-000.txt", pack.reading)
    acupuncture, massage = letter.items
    assert acupuncture.request is not None and massage.request is not None
    assert (acupuncture.request.service, acupuncture.request.quantity, acupuncture.request.body_region) == (
        "acupuncture",
        6,
        "lumbar",
    )
    assert acupuncture.decision == massage.decision == "overturned"
    # the rationale (not the case summary) mentions the 30% decrease in pain from previous
    # acupuncture: a reviewer finding, never a case fact of the blind prediction; and pain relief
    # alone is not functional improvement
    assert "pain_relief_percent" not in acupuncture.facts
    assert acupuncture.reviewer_findings["pain_relief_percent"].value == 30
    assert "functional_improvement" not in acupuncture.facts
    evidence = acupuncture.reviewer_findings["pain_relief_percent"].evidence
    assert evidence.section == "rationale" and evidence.quote == "30% decrease in pain"
    assert acupuncture.rationale[evidence.start : evidence.end] == evidence.quote


def test_split_range_across_lines_is_joined(pack: RulePack) -> None:
    letter = read_letter(FIXTURES / "letters" / "final-determination" / "seed-004.txt", pack.reading)
    assert "limited to 4-6 sessions" in letter.items[0].rationale


def test_extract_json_output(pack: RulePack) -> None:
    result = runner.invoke(app, ["extract", str(FIXTURES / "letters" / "notice-2013" / "n13-three.txt"), "--json"])
    assert result.exit_code == 0, result.stderr
    letter = json.loads(result.stdout)
    assert letter["layout"] == "notice-2013"
    assert [i["decision"] for i in letter["items"]] == ["upheld", "upheld", "overturned"]
    first = letter["items"][0]
    assert {"request_text", "decision", "request", "facts"} <= first.keys()
    assert first["request"]["service"] == "opioid"
    assert first["facts"]["med_mg_per_day"]["value"] == 40
    assert letter["rule_pack"]["hash"] == pack.info.hash and letter["tool_version"]


def test_extract_human_output() -> None:
    result = runner.invoke(app, ["extract", str(FIXTURES / "letters" / "maximus-federal")])
    assert result.exit_code == 0
    assert "maximus-federal" in result.stdout and "overturned" in result.stdout


def test_limb_symptoms_count_only_for_a_study_of_that_limb(pack: RulePack) -> None:
    text = (FIXTURES / "letters" / "final-determination-header" / "fdh-mri-tramadol.txt").read_text()
    text = text.replace(
        "The neurological examination was\nnormal",
        "She reports numbness in both legs. The neurological examination was\nnormal",
    ).replace("MRI of the lumbar spine without contrast:", "EMG/NCV of the bilateral upper extremities:")
    item = parse_text(text, "a", pack.reading).items[0]
    assert item.request is not None and item.request.body_region == "upper_extremity"
    assert "paresthesias" not in item.facts
    legs = parse_text(text.replace("bilateral upper extremities", "bilateral lower extremities"), "b", pack.reading)
    assert legs.items[0].facts["paresthesias"].value is True


def test_a_request_for_a_surgery_consult_says_surgery_is_considered(pack: RulePack) -> None:
    text = (FIXTURES / "letters" / "final-determination-header" / "fdh-mri-tramadol.txt").read_text()
    text = text.replace(
        "MRI of the lumbar spine without contrast:", "Consult with a spine surgeon for a lumbar fusion:"
    )
    item = parse_text(text, "a", pack.reading).items[0]
    assert item.request is not None and item.request.service == "consultation"
    assert item.facts["surgery_considered"].value is True
    assert item.facts["surgery_considered"].evidence.section == "request"
