"""Narrative facts read from a letter's sentences: what each phrasing documents, and what it does not."""

from __future__ import annotations

from mtus_check.letters import parse_text
from mtus_check.letters.facts import DRUG_CATEGORIES, case_facts, current_medications, fact_finders
from mtus_check.letters.prior import prior_sessions
from mtus_check.letters.sentences import sentences
from mtus_check.rules.loader import RulePack
from mtus_check.rules.vocabulary import Vocabulary
from tests.conftest import FIXTURES


def test_guideline_quotes_are_not_patient_facts(pack: RulePack) -> None:
    text = (FIXTURES / "letters" / "final-determination" / "seed-000.txt").read_text()
    letter = parse_text(text, vocabulary=pack.vocabulary)
    # "with extension of treatment if functional improvement is documented" is guideline text
    assert all("functional_improvement" not in item.facts for item in letter.items)


def test_narrative_facts_read_negation_and_lists(pack: RulePack) -> None:

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

    finders = fact_finders(pack.vocabulary)
    for text, working in (
        ("Current work status is return to work with restrictions.", True),
        ("Work status was regular work on 01-05-2017.", True),
        ("Current work status is temporarily and totally psychologically disabled.", False),
    ):
        assert case_facts(sentences(text, 0, "summary"), finders)["return_to_work"].value is working, text


def test_numb_as_an_adjective_is_a_paresthesia(pack: RulePack) -> None:

    finders = fact_finders(pack.vocabulary)
    for text in ("The fingers go numb with activity and gripping.", "His right arm went numb when sleeping."):
        assert case_facts(sentences(text, 0, "summary"), finders)["paresthesias"].value is True, text


def test_surgery_considered_or_not(pack: RulePack) -> None:

    finders = fact_finders(pack.vocabulary)
    for text, considered in (
        ("There was no plan for surgery.", False),
        ("There was a lack of documentation indicating that the patient was a candidate for surgery.", False),
        ("The surgeon notes she is a candidate for lumbar surgery if the MRI shows a herniation.", True),
    ):
        assert case_facts(sentences(text, 0, "summary"), finders)["surgery_considered"].value is considered, text


def test_functional_improvement_said_as_increased_function(pack: RulePack) -> None:

    finders = fact_finders(pack.vocabulary)

    def improved(text: str) -> bool | None:
        found = case_facts(sentences(text, 0, "summary"), finders).get("functional_improvement")
        return None if found is None else found.value

    assert improved("After six visits she reports increased function at work.") is True
    assert improved("There is a lack of documentation of an increase in function from prior treatment.") is False
    assert improved("Records also indicate no changes in complaints or level of functioning.") is False
    assert improved("The medications allow her to perform household chores and walk her dog.") is True
    assert improved("With the medications, he is able to work a full shift.") is True
    # more activity that brings the pain on is not a functional gain
    assert improved("With increased activities of daily living such as cooking he gets more pain.") is None


def test_current_medications_are_drugs_taken_now(pack: RulePack) -> None:

    text = (
        "Current medications included Norco 10/325 and naproxen. She stopped taking Soma in May. "
        "Treatment to date has included physical therapy and medications."
    )
    drugs = pack.vocabulary.services_of(DRUG_CATEGORIES)
    found = current_medications(sentences(text, 0, "summary"), drugs)
    assert found is not None and found.value == ["Norco", "naproxen"]
    assert found.evidence.quote.startswith("Current medications included Norco")
    assert current_medications(sentences("Treatment has included medications.", 0, "summary"), drugs) is None


def test_risk_factors_are_read_from_the_vocabulary(pack: RulePack) -> None:

    spec = pack.vocabulary.spec.model_copy(deep=True)
    spec.gi_risk_factors["ulcer_or_gi_bleeding"].synonyms.append("nsaid gastropathy")
    edited = fact_finders(Vocabulary(spec))
    bundled = fact_finders(pack.vocabulary)
    text = "She has a history of NSAID gastropathy. There is no NSAID gastropathy in her brother."
    assert case_facts(sentences(text, 0, "summary"), edited)["gi_risk"].value is True
    assert "gi_risk" not in case_facts(sentences(text, 0, "summary"), bundled)


def test_pre_operative_risk_facts(pack: RulePack) -> None:

    finders = fact_finders(pack.vocabulary)

    facts = case_facts(sentences("She takes warfarin for atrial fibrillation.", 0, "summary"), finders)
    assert facts["bleeding_risk"].value is True and facts["cardiac_risk"].value is True
    facts = case_facts(sentences("There is no history of bleeding. He denies heart disease.", 0, "summary"), finders)
    assert facts["bleeding_risk"].value is False
    assert facts["cardiac_risk"].value is False  # "denies" negates what follows


def test_drug_testing_documented_or_missing(pack: RulePack) -> None:
    finders = fact_finders(pack.vocabulary)
    for text, documented in (
        ("Urine drug screens have been consistent with the prescribed medications.", True),
        ("There is no evidence that the CURES was checked and documented prior to prescribing.", False),
        (
            "There was no documentation indicating the patient had undergone sufficient monitoring for "
            "aberrant behavior, including a urine drug screen.",
            False,
        ),
    ):
        assert case_facts(sentences(text, 0, "summary"), finders)["urine_drug_testing"].value is documented, text


def test_pain_rated_on_and_off_the_medication_gives_the_relief(pack: RulePack) -> None:
    finders = fact_finders(pack.vocabulary)
    for text, relief in (
        ("Her pain is 8/10 without Norco and 4/10 with Norco.", 50),
        ("The patient rated the pain with medication 5/10 and without medication 8/10.", 38),
        ("Pain is rated 6/10 with and 6/10 without medications.", None),  # no relief to speak of
        ("Pain is 9/10 at worst and 5/10 at best.", None),  # not on and off a drug
    ):
        found = case_facts(sentences(text, 0, "summary"), finders).get("pain_relief_percent")
        assert (found.value if found else None) == relief, text


def test_prior_sessions_as_letters_report_them() -> None:
    pt = ["physical therapy", "pt", "physiotherapy"]
    chiro = ["chiropractic", "chiropractic treatment", "manipulation"]
    for text, names, count in (
        ("The patient has attended 8 PT sessions.", pt, 8),
        ("Treatment to date has included 12 physical therapy visits, medications and injections.", pt, 12),
        ("He is status post 12 sessions of physical therapy.", pt, 12),
        ("Physical therapy x 12 was completed in October.", pt, 12),
        ("She completed a course of 6 chiropractic visits.", chiro, 6),
        ("There is documentation of 20 prior chiropractic sessions.", chiro, 20),
        ("She has not had PT.", pt, 0),
        ("Symptoms began on 10/12/2016 and 6 visits of PT were requested.", pt, None),
    ):
        found = prior_sessions(sentences(text, 0, "summary"), names)
        assert (found.value if found else None) == count, text
