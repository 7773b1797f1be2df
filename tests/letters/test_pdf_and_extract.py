"""PDF round trip, extraction details, and the extract command."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mtus_check.cli.main import app
from mtus_check.letters import parse_text, read_letter
from mtus_check.letters.request_text import read_size
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
    from_pdf = summarize(read_letter(pdf, pack.vocabulary))
    from_text = summarize(read_letter(source, pack.vocabulary))
    assert from_pdf["items"] == from_text["items"]
    assert from_pdf["case_number"] == "CM17-0400202"


def test_seed_items_extract_to_requests(pack: RulePack) -> None:
    letter = read_letter(FIXTURES / "letters" / "final-determination" / "seed-000.txt", pack.vocabulary)
    acupuncture, massage = letter.items
    assert acupuncture.request is not None and massage.request is not None
    assert (acupuncture.request.service, acupuncture.request.quantity, acupuncture.request.body_region) == (
        "acupuncture",
        6,
        "lumbar",
    )
    assert acupuncture.decision == massage.decision == "overturned"
    # the rationale mentions previous acupuncture, with a 30% decrease in pain: an extension, and
    # pain relief alone is not functional improvement
    assert acupuncture.facts["course"].value == "extension"
    assert acupuncture.facts["pain_relief_percent"].value == 30
    assert "functional_improvement" not in acupuncture.facts
    evidence = acupuncture.facts["pain_relief_percent"].evidence
    assert evidence.quote == "30% decrease in pain"
    assert acupuncture.rationale[evidence.start : evidence.end] == evidence.quote


def test_guideline_quotes_are_not_patient_facts(pack: RulePack) -> None:
    text = (FIXTURES / "letters" / "final-determination" / "seed-000.txt").read_text()
    letter = parse_text(text, vocabulary=pack.vocabulary)
    # "with extension of treatment if functional improvement is documented" is guideline text
    assert all("functional_improvement" not in item.facts for item in letter.items)


def test_quantity_phrases() -> None:
    cases = {
        "Six (6) sessions of acupuncture": (6, None, None),
        "Massage Therapy x 6": (6, None, None),
        "Chiropractic spinal manipulation times 12": (12, None, None),
        "#12": (12, None, None),
        "PT 2x3": (6, 2, 3),
        "Physical therapy 2 times a week for 4 weeks": (8, 2, 4),
        "12 visits": (12, None, None),
        "two to three times a week for six to eight weeks (24 sessions)": (24, 3, 8),
        "twice a week for 3 weeks": (6, 2, 3),
        "Acupuncture 1 to 2 times per week for 4 weeks": (8, 2, 4),
        "Cold compression therapy 30 day rental": (None, None, 4.3),
        "Cryotherapy unit, seven day use": (None, None, 1),
    }
    for text, (quantity, frequency, weeks) in cases.items():
        size = read_size(text)
        assert (size.quantity, size.frequency_per_week, size.duration_weeks) == (quantity, frequency, weeks), text


def test_split_range_across_lines_is_joined(pack: RulePack) -> None:
    letter = read_letter(FIXTURES / "letters" / "final-determination" / "seed-004.txt", pack.vocabulary)
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


def test_narrative_facts_read_negation_and_lists(pack: RulePack) -> None:
    from mtus_check.letters.facts import case_facts, fact_finders
    from mtus_check.letters.prior import prior_sessions
    from mtus_check.letters.sentences import sentences

    finders = fact_finders(pack.vocabulary)

    pt = ["physical therapy", "pt"]
    cases = {
        "There has been no prior massage, acupuncture or physical therapy.": 0,
        "She has not had physical therapy.": 0,
        "He completed 12 sessions of physical therapy in 2015.": 12,
        "No functional improvement in response to physical therapy was documented.": None,
        "Without documented improvement from physical therapy, more is not supported.": None,
    }
    for text, expected in cases.items():
        found = prior_sessions(sentences(text, 0, "summary"), pt)
        assert (found.value if found else None) == expected, text
    facts = case_facts(
        sentences(
            "The exam did not reveal any neurological deficits. No numbness was noted in the left arm. "
            "She reports numbness of the left thumb. There are no red flags.",
            0,
            "summary",
        ),
        finders,
    )
    assert facts["neurologic_findings"].value is False
    assert facts["paresthesias"].value is True  # one report outweighs a denial elsewhere
    assert facts["red_flags"].value is False
    guideline = case_facts(
        sentences("Most patients improve quickly, provided any red-flag conditions are ruled out.", 0, "summary"),
        finders,
    )
    assert "red_flags" not in guideline


def test_conservative_care_of_a_stated_length_counts_as_tried(pack: RulePack) -> None:
    from mtus_check.letters.facts import case_facts, fact_finders
    from mtus_check.letters.sentences import sentences

    finders = fact_finders(pack.vocabulary)

    tried = case_facts(sentences("The records report conservative care of at least 1 month.", 0, "summary"), finders)
    assert tried["failed_conservative_care"].value is True
    persists = case_facts(
        sentences("Her numbness persists after six sessions of physical therapy.", 0, "summary"), finders
    )
    assert persists["failed_conservative_care"].value is True
    for text in (
        "He has undergone 8 sessions of physical therapy which were not beneficial.",
        "Patient is also on anti-inflammatories with no benefit.",
    ):
        assert case_facts(sentences(text, 0, "summary"), finders)["failed_conservative_care"].value is True, text
    untried = case_facts(sentences("He has not yet tried any conservative care.", 0, "summary"), finders)
    assert untried["failed_conservative_care"].value is False


def test_exam_findings_read_either_way_round(pack: RulePack) -> None:
    from mtus_check.letters.facts import case_facts, fact_finders
    from mtus_check.letters.sentences import sentences

    finders = fact_finders(pack.vocabulary)

    def neuro(text: str) -> bool | None:
        found = case_facts(sentences(text, 0, "summary"), finders).get("neurologic_findings")
        return None if found is None else found.value

    assert neuro("Straight leg raise test was positive on the left.") is True
    assert neuro("Upper arm reflexes are decreased in his left triceps.") is True
    assert neuro("There was hypoesthesia over the L5 dermatome.") is True
    assert neuro("There was no motor or sensory deficit in the lower extremities.") is False
    assert neuro("Strength in shoulder abduction was 4/5 with a positive drop arm test.") is None


def test_conservative_care_not_failed_when_the_letter_says_so(pack: RulePack) -> None:
    from mtus_check.letters.facts import case_facts, fact_finders
    from mtus_check.letters.sentences import sentences

    finders = fact_finders(pack.vocabulary)
    for text in (
        "The patient cannot be considered as having failed conservative treatment.",
        "The patient has not failed an adequate conservative course of treatment.",
        "There is a lack of documentation that this claimant has failed conservative treatment measures.",
        "It is unclear what recent conservative care the patient has tried and failed.",
        "The injury is about 20 days old and the injured worker is responding to physical therapy.",
    ):
        assert case_facts(sentences(text, 0, "summary"), finders)["failed_conservative_care"].value is False, text


def test_a_drug_taken_with_improvement_in_pain_documents_its_response(pack: RulePack) -> None:
    from mtus_check.letters.facts import case_facts, fact_finders
    from mtus_check.letters.sentences import sentences

    finders = fact_finders(pack.vocabulary)

    found = case_facts(sentences("She is taking Naprosyn 550 mg bid with improvement in pain.", 0, "summary"), finders)
    assert found["pain_function_documented"].value is True
    for text, documented in (
        ("The patient rated the pain with medication 5/10 and without medication 8/10.", True),
        ("The patient reported that the pain medications helped her functional mobility.", True),
        ("There is no evidence of at least 30% pain relief in terms of VAS with use of the medication.", False),
        ("There was a lack of documentation regarding the patient's objective response to the medication.", False),
    ):
        found = case_facts(sentences(text, 0, "summary"), finders)
        assert found["pain_function_documented"].value is documented, text


def test_work_status_lines(pack: RulePack) -> None:
    from mtus_check.letters.facts import case_facts, fact_finders
    from mtus_check.letters.sentences import sentences

    finders = fact_finders(pack.vocabulary)
    for text, working in (
        ("Current work status is return to work with restrictions.", True),
        ("Work status was regular work on 01-05-2017.", True),
        ("Current work status is temporarily and totally psychologically disabled.", False),
    ):
        assert case_facts(sentences(text, 0, "summary"), finders)["return_to_work"].value is working, text


def test_numb_as_an_adjective_is_a_paresthesia(pack: RulePack) -> None:
    from mtus_check.letters.facts import case_facts, fact_finders
    from mtus_check.letters.sentences import sentences

    finders = fact_finders(pack.vocabulary)
    for text in ("The fingers go numb with activity and gripping.", "His right arm went numb when sleeping."):
        assert case_facts(sentences(text, 0, "summary"), finders)["paresthesias"].value is True, text


def test_surgery_considered_or_not(pack: RulePack) -> None:
    from mtus_check.letters.facts import case_facts, fact_finders
    from mtus_check.letters.sentences import sentences

    finders = fact_finders(pack.vocabulary)
    for text, considered in (
        ("There was no plan for surgery.", False),
        ("There was a lack of documentation indicating that the patient was a candidate for surgery.", False),
        ("The surgeon notes she is a candidate for lumbar surgery if the MRI shows a herniation.", True),
    ):
        assert case_facts(sentences(text, 0, "summary"), finders)["surgery_considered"].value is considered, text


def test_functional_improvement_said_as_increased_function(pack: RulePack) -> None:
    from mtus_check.letters.facts import case_facts, fact_finders
    from mtus_check.letters.sentences import sentences

    finders = fact_finders(pack.vocabulary)

    def improved(text: str) -> bool | None:
        found = case_facts(sentences(text, 0, "summary"), finders).get("functional_improvement")
        return None if found is None else found.value

    assert improved("After six visits she reports increased function at work.") is True
    assert improved("There is a lack of documentation of an increase in function from prior treatment.") is False
    assert improved("Records also indicate no changes in complaints or level of functioning.") is False
    # more activity that brings the pain on is not a functional gain
    assert improved("With increased activities of daily living such as cooking he gets more pain.") is None


def test_limb_symptoms_count_only_for_a_study_of_that_limb(pack: RulePack) -> None:
    text = (FIXTURES / "letters" / "final-determination-header" / "fdh-mri-tramadol.txt").read_text()
    text = text.replace(
        "The neurological examination was\nnormal",
        "She reports numbness in both legs. The neurological examination was\nnormal",
    ).replace("MRI of the lumbar spine without contrast:", "EMG/NCV of the bilateral upper extremities:")
    item = parse_text(text, "a", pack.vocabulary).items[0]
    assert item.request is not None and item.request.body_region == "upper_extremity"
    assert "paresthesias" not in item.facts
    legs = parse_text(text.replace("bilateral upper extremities", "bilateral lower extremities"), "b", pack.vocabulary)
    assert legs.items[0].facts["paresthesias"].value is True


def test_current_medications_are_drugs_taken_now(pack: RulePack) -> None:
    from mtus_check.letters.facts import DRUG_CATEGORIES, current_medications
    from mtus_check.letters.sentences import sentences

    text = (
        "Current medications included Norco 10/325 and naproxen. She stopped taking Soma in May. "
        "Treatment to date has included physical therapy and medications."
    )
    drugs = pack.vocabulary.services_of(DRUG_CATEGORIES)
    found = current_medications(sentences(text, 0, "summary"), drugs)
    assert found is not None and found.value == ["Norco", "naproxen"]
    assert found.evidence.quote.startswith("Current medications included Norco")
    assert current_medications(sentences("Treatment has included medications.", 0, "summary"), drugs) is None


def test_a_request_for_a_surgery_consult_says_surgery_is_considered(pack: RulePack) -> None:
    text = (FIXTURES / "letters" / "final-determination-header" / "fdh-mri-tramadol.txt").read_text()
    text = text.replace(
        "MRI of the lumbar spine without contrast:", "Consult with a spine surgeon for a lumbar fusion:"
    )
    item = parse_text(text, "a", pack.vocabulary).items[0]
    assert item.request is not None and item.request.service == "consultation"
    assert item.facts["surgery_considered"].value is True
    assert item.facts["surgery_considered"].evidence.section == "request"


def test_risk_factors_are_read_from_the_vocabulary(pack: RulePack) -> None:
    from mtus_check.letters.facts import case_facts, fact_finders
    from mtus_check.letters.sentences import sentences
    from mtus_check.rules.vocabulary import Vocabulary

    spec = pack.vocabulary.spec.model_copy(deep=True)
    spec.gi_risk_factors["ulcer_or_gi_bleeding"].synonyms.append("nsaid gastropathy")
    edited = fact_finders(Vocabulary(spec))
    bundled = fact_finders(pack.vocabulary)
    text = "She has a history of NSAID gastropathy. There is no NSAID gastropathy in her brother."
    assert case_facts(sentences(text, 0, "summary"), edited)["gi_risk"].value is True
    assert "gi_risk" not in case_facts(sentences(text, 0, "summary"), bundled)


def test_pre_operative_risk_facts(pack: RulePack) -> None:
    from mtus_check.letters.facts import case_facts, fact_finders
    from mtus_check.letters.sentences import sentences

    finders = fact_finders(pack.vocabulary)

    facts = case_facts(sentences("She takes warfarin for atrial fibrillation.", 0, "summary"), finders)
    assert facts["bleeding_risk"].value is True and facts["cardiac_risk"].value is True
    facts = case_facts(sentences("There is no history of bleeding. He denies heart disease.", 0, "summary"), finders)
    assert facts["bleeding_risk"].value is False
    assert facts["cardiac_risk"].value is False  # "denies" negates what follows
