"""The audit as an auditor runs it: outputs, order, resume, bad input, exit codes, checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtus_check.audit.checks import conclusion_contradiction, quoted_limit_differs
from mtus_check.cli.main import app
from mtus_check.engine import Engine
from mtus_check.letters import parse_text
from mtus_check.synth.letters import write_corpus
from mtus_check.synth.pdf import make_pdf
from tests.conftest import FIXTURES

runner = CliRunner()
LETTERS = FIXTURES / "letters"


def audit(*args: str):
    return runner.invoke(app, ["audit", *args])


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_audit_writes_every_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = audit(str(LETTERS), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    for name in ("items.jsonl", "items.csv", "errors.jsonl", "report.md", "report.html"):
        assert (out / name).is_file(), name
    items = lines(out / "items.jsonl")
    letters = sorted(LETTERS.rglob("*.txt"))
    assert len({i["source"] for i in items}) == len(letters)
    first = items[0]
    assert {
        "letter_id",
        "request",
        "facts",
        "verdict",
        "findings",
        "predicted",
        "actual",
        "agreement",
        "rule_pack",
        "tool_version",
    } <= first.keys()
    report = (out / "report.md").read_text()
    assert (
        "Confusion matrix" in report and "recall, overturned items" in report and first["rule_pack"]["hash"] in report
    )
    page = (out / "report.html").read_text()
    assert "<svg" in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert (out / "items.csv").read_text().splitlines()[0].startswith("letter_id,source")


def test_same_output_whatever_the_worker_count(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 60, pdf_share=0.2)
    assert audit(str(corpus), "--out", str(tmp_path / "a"), "--workers", "1").exit_code == 0
    assert audit(str(corpus), "--out", str(tmp_path / "b"), "--workers", "2").exit_code == 0
    assert (tmp_path / "a" / "items.jsonl").read_bytes() == (tmp_path / "b" / "items.jsonl").read_bytes()


def test_known_decisions_are_predicted(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40)
    result = audit(str(corpus), "--out", str(tmp_path / "out"), "--json")
    summary = json.loads(result.stdout)
    assert summary["agreement"] == 1.0 and summary["recall_overturned"] == 1.0 and summary["recall_upheld"] == 1.0


def test_existing_results_are_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert audit(str(LETTERS / "notice-2013"), "--out", str(out)).exit_code == 0
    again = audit(str(LETTERS / "notice-2013"), "--out", str(out))
    assert again.exit_code == 2 and "--resume" in again.stderr
    assert audit(str(LETTERS / "notice-2013"), "--out", str(out), "--force").exit_code == 0
    assert len(lines(out / "items.jsonl")) == 6


def test_an_out_path_that_is_a_file_is_refused_with_what_to_give(tmp_path: Path) -> None:
    out = tmp_path / "results"
    out.write_text("not a folder\n")
    result = audit(str(LETTERS / "notice-2013"), "--out", str(out), "--force")
    assert result.exit_code == 2 and "is a file, not a folder" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert out.read_text() == "not a folder\n"


def test_resume_after_an_interrupted_run(tmp_path: Path) -> None:
    full, partial = tmp_path / "full", tmp_path / "partial"
    assert audit(str(LETTERS), "--out", str(full)).exit_code == 0
    # an interrupted run: some complete lines, then a torn one
    text = (full / "items.jsonl").read_text().splitlines(keepends=True)
    partial.mkdir()
    (partial / "items.jsonl").write_text("".join(text[:5]) + text[5][:40])
    (partial / "errors.jsonl").write_text("")
    result = audit(str(LETTERS), "--out", str(partial), "--resume")
    assert result.exit_code == 0, result.stderr
    resumed = sorted(line for line in (partial / "items.jsonl").read_text().splitlines())
    assert resumed == sorted(line for line in (full / "items.jsonl").read_text().splitlines())


def test_bad_letters_are_reported_and_the_audit_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-empty.txt").write_text("")
    (corpus / "b-scan.pdf").write_bytes(make_pdf([]))
    (corpus / "c-junk.txt").write_bytes(bytes(range(256)) * 4)
    shutil.copy(LETTERS / "final-determination-header" / "fdh-pt-myalgia.txt", corpus / "d-letter.txt")
    shutil.copy(LETTERS / "final-determination-header" / "fdh-pt-myalgia.txt", corpus / "e-same-case.txt")
    out = tmp_path / "out"
    result = audit(str(corpus), "--out", str(out))
    assert result.exit_code == 2, result.stderr  # the reports are written; the exit code says not all was read
    assert "3 letter(s) could not be audited" in result.stderr
    errors = {e["source"].split("/")[-1]: e["error_kind"] for e in lines(out / "errors.jsonl")}
    assert errors == {"a-empty.txt": "empty", "b-scan.pdf": "pdf-no-text", "c-junk.txt": "binary"}
    items = lines(out / "items.jsonl")
    assert [i["duplicate_of"] is not None for i in items] == [False, True]
    assert "duplicate letters' items (not counted) | 1" in (out / "report.md").read_text()


def test_fail_on_disagreement(tmp_path: Path) -> None:
    # physical therapy the rules certify from the case facts, here with the reviewer's decision made "Upheld"
    text = (LETTERS / "final-determination-header" / "fdh-pt-myalgia.txt").read_text()
    assert "right shoulder: Overturned" in text
    seed = tmp_path / "upheld.txt"
    seed.write_text(text.replace("right shoulder: Overturned", "right shoulder: Upheld"))
    assert audit(str(seed), "--out", str(tmp_path / "a")).exit_code == 0
    assert audit(str(seed), "--out", str(tmp_path / "b"), "--fail-on", "disagreement").exit_code == 1
    assert audit(str(seed), "--out", str(tmp_path / "c"), "--fail-on", "flag").exit_code == 1


def test_prediction_ignores_the_decision_line(engine: Engine) -> None:
    from mtus_check.audit.predict import letter_records

    text = (LETTERS / "final-determination" / "fd-chiro-massage.txt").read_text()
    flipped = (
        text.replace(": Overturned", ": UPHELD_TMP")
        .replace(": Upheld", ": Overturned")
        .replace(": UPHELD_TMP", ": Upheld")
    )
    before, _ = letter_records(parse_text(text, "a", engine.pack.reading), engine, None)
    after, _ = letter_records(parse_text(flipped, "a", engine.pack.reading), engine, None)
    assert [r.predicted for r in before] == [r.predicted for r in after]
    assert [r.actual for r in before] != [r.actual for r in after]


def test_conclusion_that_contradicts_the_decision_is_an_error() -> None:
    text = (LETTERS / "final-determination" / "seed-004.txt").read_text()
    letter = parse_text(text.replace("Massage Therapy x 6:  Overturned", "Massage Therapy x 6: Upheld"))
    (check,) = conclusion_contradiction(letter.items[0])
    assert check.severity == "error" and "medically indicated" in check.evidence.quote
    assert not list(conclusion_contradiction(parse_text(text).items[0]))


def test_negated_conclusions_read_as_upheld() -> None:
    text = (LETTERS / "final-determination-header" / "fdh-mri-tramadol.txt").read_text()
    for item in parse_text(text).items:  # "is not medically necessary" with decision Upheld
        assert not list(conclusion_contradiction(item))


@pytest.mark.parametrize(
    ("quote", "flagged"),
    [
        ("limited to 4-6 visits", False),
        ("limited to 8-10 visits", True),
        # a sentence with a letter outside ASCII is read the same way (by another pattern)
        ("LIMITED to 8-10 visits (per the reviewer's résumé)", True),
        ("limited to 4-6 visits (per the reviewer's résumé)", False),
    ],
)
def test_quoted_limit_against_the_rule(engine: Engine, quote: str, flagged: bool) -> None:
    text = (
        (LETTERS / "final-determination" / "seed-004.txt")
        .read_text()
        .replace("it should be limited to 4-\n\n6 sessions", f"it should be {quote}")
    )
    letter = parse_text(text, reading=engine.pack.reading)
    item = letter.items[0]
    verdict = engine.check(item.request)
    assert bool(list(quoted_limit_differs(item, verdict))) is flagged


def _surgery_letter(engine: Engine, mri: str | None = None):
    from mtus_check.audit.predict import letter_records

    text = (LETTERS / "final-determination-header" / "fdh-shoulder-surgery.txt").read_text()
    if mri is not None:
        text = text.replace("a full-thickness tear", mri)
    records, _ = letter_records(parse_text(text, "a", engine.pack.reading), engine, None)
    return records


def test_associated_services_follow_the_predicted_surgery(engine: Engine) -> None:
    surgery, clearance, therapy, cold, sling = _surgery_letter(engine)
    assert surgery.verdict == "certify" and "acoem.surgery.shoulder.lesion" in surgery.rules
    assert clearance.facts["surgery_certified"]["value"] is True
    evidence = clearance.facts["surgery_certified"]["evidence"]
    assert (evidence["section"], evidence["ref"]) == ("verdict", {"index": 1, "relation": "surgery"})
    assert clearance.facts["surgery"]["evidence"]["ref"] == {"index": 1, "relation": "surgery"}
    assert clearance.predicted == therapy.predicted == "overturned"
    assert "postsurgical.shoulder_arthroscopic.initial" in therapy.rules
    # the six sessions the summary reports came before the surgery, not after it
    assert "prior_sessions" not in therapy.facts
    # the cold therapy unit has its own limit, whatever the surgery
    assert cold.verdict == "non-certify" and "odg.cold-therapy.postoperative" in cold.rules
    # so has the abduction sling: not after an arthroscopic repair
    assert sling.verdict == "non-certify" and sling.predicted == sling.actual == "upheld"
    assert "odg.abduction-sling.open-repair" in sling.rules


def test_equipment_in_a_surgery_letter_goes_with_the_surgery_without_a_marker(engine: Engine) -> None:
    """A cold therapy unit or a CPM machine decided beside a surgery is that surgery's equipment,
    whether or not its header says "associated surgical service" or "post-operative"."""
    from mtus_check.audit.predict import letter_records

    text = (LETTERS / "final-determination-header" / "fdh-shoulder-surgery.txt").read_text()
    text = text.replace("Associated surgical service: Cold therapy unit", "Cold therapy unit")
    text = text.replace("Associated surgical service: Abduction pillow sling", "Continuous passive motion machine")
    records, _ = letter_records(parse_text(text, "a", engine.pack.reading), engine, None)
    cold, cpm = records[3], records[4]
    assert cold.request["perioperative"] is True and cpm.request["perioperative"] is True
    assert cpm.request["service"] == "dme" and "perioperative.follows-surgery" in cpm.rules
    assert cpm.facts["surgery_certified"]["value"] is True


def test_a_hedged_imaging_report_leaves_the_surgery_and_its_services_undecided(engine: Engine) -> None:
    records = _surgery_letter(engine, mri="an almost full-thickness tear")
    assert records[0].verdict == "needs-info" and "imaging_lesion" not in records[0].facts
    assert all("surgery_certified" not in r.facts for r in records[1:])
    # what is missing is a fact nobody established, not documentation the guideline requires: not decided
    assert records[1].verdict == "needs-info" and records[1].needs_info_kind == "unstated"
    assert records[1].predicted is None


def test_preoperative_tests_and_unknown_services_in_a_surgery_letter(engine: Engine) -> None:
    """A chest film and a urinalysis asked for with a surgery are its pre-operative tests (never
    spine imaging or a drug screen); a request the vocabulary does not know is no-guideline."""
    from mtus_check.audit.predict import letter_records

    path = LETTERS / "final-determination-header" / "fdh-shoulder-surgery.txt"
    text = (
        path.read_text()
        .replace("Associated surgical service: Cold therapy unit, 21 day rental", "Pre-operative chest x-ray")
        .replace("Associated surgical service: Abduction pillow sling", "Urinalysis")
        .replace("Pre-operative medical clearance", "Hyperbaric oxygen chamber")
    )
    letter = parse_text(text, str(path), engine.pack.reading)
    records, error = letter_records(letter, engine, None)
    assert error is None
    by_text = {r.request_text: r for r in records}
    xray, urine, unknown = (
        by_text["Pre-operative chest x-ray"],
        by_text["Urinalysis"],
        by_text["Hyperbaric oxygen chamber"],
    )
    assert (xray.service, xray.request["perioperative"]) == ("chest_xray", True)
    assert not any(rule.startswith("acoem.imaging") for rule in xray.rules)
    assert (urine.service, urine.request["perioperative"]) == ("urinalysis", True)
    assert "odg.preoperative-urinalysis" in urine.rules and "mtus.opioids.drug-testing" not in urine.rules
    assert (unknown.service, unknown.verdict) == ("unclassified", "no-guideline")
    assert unknown.verdict_summary.startswith("service not recognized: Hyperbaric oxygen chamber")
    assert unknown.error is None
