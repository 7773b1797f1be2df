"""Narrative facts read by their own grammar (numbers, dates, prior imaging): what each phrasing
documents, and what it does not (tests/letters/cases/facts.yaml). The yes/no facts' phrasing
cases live beside their specs in rules/facts/ (tests/letters/test_fact_phrasing.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from mtus_check.letters import parse_text
from mtus_check.letters.facts import (
    DRUG_CATEGORIES,
    case_facts,
    current_medications,
    fact_finders,
    fact_reader,
)
from mtus_check.letters.prior import had_service, prior_sessions
from mtus_check.letters.sentences import Sentence, Told, sentences
from mtus_check.rules.loader import RulePack
from mtus_check.rules.shorthand import spelling
from mtus_check.rules.vocabulary import Vocabulary
from tests.conftest import FIXTURES

Summary = Callable[[str], list[Sentence]]  # the conftest fixture `summary`
CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "cases" / "facts.yaml").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['fact']}:{i}" for i, c in enumerate(CASES)])
def test_fact_phrasing(summary: Summary, pack: RulePack, case: dict[str, Any]) -> None:
    sents = summary(case["text"])
    context = fact_reader(pack.facts, pack.vocabulary).context()
    found = case_facts(sents, fact_finders(pack.facts, pack.vocabulary), context).get(case["fact"])
    assert (None if found is None else found.value) == case["value"], case["text"]


def test_guideline_quotes_are_not_patient_facts(pack: RulePack) -> None:
    text = (FIXTURES / "letters" / "final-determination" / "seed-000.txt").read_text()
    letter = parse_text(text, reading=pack.reading)
    # "with extension of treatment if functional improvement is documented" is guideline text
    assert all("functional_improvement" not in item.facts for item in letter.items)


def test_one_report_outweighs_a_denial_elsewhere(summary: Summary, pack: RulePack) -> None:
    text = (
        "The exam did not reveal any neurological deficits. No numbness was noted in the left arm. "
        "She reports numbness of the left thumb."
    )
    facts = case_facts(summary(text), fact_finders(pack.facts, pack.vocabulary))
    assert facts["neurologic_findings"].value is False
    assert facts["paresthesias"].value is True


def test_a_measure_threshold_is_read_from_the_vocabulary(summary: Summary, pack: RulePack) -> None:
    spec = pack.vocabulary.spec.model_copy(deep=True)
    spec.weight_bearing_reasons["extreme_obesity"].at_least["bmi"] = 35
    text = "Her BMI is 37."
    edited = case_facts(summary(text), fact_finders(pack.facts, Vocabulary(spec)))
    assert edited["reduced_weight_bearing"].value is True
    assert "BMI is 37" in edited["reduced_weight_bearing"].evidence.quote
    assert "reduced_weight_bearing" not in case_facts(summary(text), fact_finders(pack.facts, pack.vocabulary))


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("There has been no prior massage, acupuncture or physical therapy.", 0),
        ("She has not had physical therapy.", 0),
        ("She has not had PT.", 0),
        ("He completed 12 sessions of physical therapy in 2015.", 12),
        ("The patient has attended 8 PT sessions.", 8),
        ("Treatment to date has included 12 physical therapy visits, medications and injections.", 12),
        ("He is status post 12 sessions of physical therapy.", 12),
        ("Physical therapy x 12 was completed in October.", 12),
        ("The records indicate 12 completed physical therapy sessions.", 12),
        ("She has had 6 completed PT visits.", 6),
        ("No functional improvement in response to physical therapy was documented.", None),
        ("Without documented improvement from physical therapy, more is not supported.", None),
        ("Symptoms began on 10/12/2016 and 6 visits of PT were requested.", None),
        # the same counts and denials in other words
        ("He has been treated with medications and ten (10) PT sessions, completed in 2015.", 10),
        ("She has had physical therapy x12 since the injury.", 12),
        ("He completed PT x 8 last spring.", 8),
        ("She has had no injections and no physical therapy.", 0),
        ("He has had no chiropractic care or PT.", 0),
        ("Injections and physical therapy have not been tried.", 0),
        ("Physical therapy has not been attempted.", 0),
        ("She has had no relief from physical therapy.", None),
        ("He has had no change in pain with 6 physical therapy visits completed.", 6),
        ("Physical therapy for the knee has not been given since the surgery.", 0),
        ("She is working modified duty and has not had PT.", 0),
        ("The request was modified to 6 sessions of physical therapy.", None),
        # the reviewer's summary voice and templated lists
        ("Treatment to date has not included physical therapy.", 0),
        ("Treatment to date has not included injections or physical therapy.", 0),
        ("Physical therapy: never tried.", 0),
        ("PT: none.", 0),
        ("He has had no post-operative physical therapy since the knee replacement.", 0),
        ("She has had no formal PT for the neck.", 0),
        ("Prior therapy: 12 sessions of physical therapy in 2013.", 12),
        ("Treatment to date has included medications; physical therapy: 8 visits completed.", 8),
        # telegraphic progress notes
        ("PT x 12 completed 2015.", 12),
        ("PT x 12 w/o improvement.", 12),
        ("PT x 6 with temporary relief.", 6),
        ("Prior PT: 12 visits (2015).", 12),
        ("PT x 12 requested.", None),
        # a templated list of the care to date
        ("Tx to date: 12 PT sessions in 2015 w/ minimal improvement, ibuprofen 800 mg TID.", 12),
        ("Treatment so far: 8 visits of physical therapy, home exercises.", 8),
        ("Treatment to date: 10 physical therapy treatments.", 10),
        # ... the count on the list's first item, telegraphic; a duration there is no count
        ("Tx to date: PT x4, naproxen, HEP.", 4),
        ("Treatment to date: PT x 6 wks, ibuprofen.", None),
        ("Tx to date: acupuncture x 6, PT, meds.", None),  # another service's count
        # the care itself negated as the subject
        ("No physical therapy has been given for the low back.", 0),
        ("No PT has yet been tried for the neck.", 0),
        # counts the assertion layer says are not this patient's sessions received: guideline
        # text, a supposition, another person's, a plan
        ("Patients who have completed 12 sessions of physical therapy should continue at home.", None),
        ("The guidelines allow a total of 10 physical therapy visits; she has had none.", None),
        ("If she had completed 12 sessions of physical therapy, the gains would be documented.", None),
        ("Her husband has had 12 sessions of physical therapy for his shoulder.", None),
        ("The surgeon recommended 12 more sessions of physical therapy.", None),
        ("She completed 6 visits of physical therapy, and the surgeon recommended 12 more.", 6),
        ("She completed 12 sessions of physical therapy, which helped.", 12),
        # the count, then a comma before what was done ("six sessions, completed in 2016")
        ("A course of six physical therapy sessions, completed in 2016, did not help.", 6),
        # a hyphenated word before the unit; "done" and "to date" after a progress note's count
        ("She has had 10 post-op physical therapy visits.", 10),
        ("PT: 8 sessions done, HEP started.", 8),
        ("PT x 9 to date.", 9),
        ("8 sessions of physical therapy to be done in June.", None),
        # a cap is no count received, told with its words ("a total of up to 18 visits")
        ("Physical therapy with improvement, a total of up to 18 visits.", None),
        ("Physical therapy is allowed after no more than 10 visits are reviewed.", None),
    ],
)
def test_prior_sessions_of_physical_therapy(summary: Summary, stated: Told, text: str, count: int | None) -> None:
    found = prior_sessions(summary(text), ["physical therapy", "pt", "physiotherapy"], stated)
    assert (found.value if found else None) == count


def test_therapy_after_an_operation_is_physical_therapy(summary: Summary, stated: Told, pack: RulePack) -> None:
    term = pack.vocabulary.services.terms["physical_therapy"]
    names = [term.label, *term.synonyms]
    found = prior_sessions(summary("He has had no post-operative therapy so far."), names, stated)
    assert found is not None and found.value == 0
    assert pack.vocabulary.services.best("Postoperative therapy 2x4 for the knee") is not None


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("She completed a course of 6 chiropractic visits.", 6),
        ("There is documentation of 20 prior chiropractic sessions.", 20),
        ("He has never been treated by a chiropractor.", 0),
        ("She has not been treated with chiropractic manipulation before.", 0),
        ("He has never seen a chiropractor for his back.", 0),
        ("He has never been prescribed any chiropractic treatment.", 0),
        ("No chiropractic treatment to date.", 0),
        ("She has had injections, but no chiropractic care so far.", 0),
        # sessions dated by a month or a year were given; a rate ("in two weeks") is no date
        ("The notes describe eight chiropractic visits in March and April.", 8),
        ("Six chiropractic visits during 2016 gave some relief.", 6),
        ("The plan is six chiropractic visits in two weeks.", None),
        ("Chiropractic, six visits in May, is planned.", None),
        ("She tried physical therapy (12 visits in 2015) and chiropractic care.", None),
    ],
)
def test_prior_sessions_of_chiropractic(summary: Summary, stated: Told, text: str, count: int | None) -> None:
    names = ["chiropractic", "chiropractic treatment", "chiropractor", "manipulation"]
    found = prior_sessions(summary(text), names, stated)
    assert (found.value if found else None) == count


def test_current_medications_are_drugs_taken_now(summary: Summary, stated: Told, pack: RulePack) -> None:
    text = (
        "Current medications included Norco 10/325 and naproxen. She stopped taking Soma in May. "
        "Treatment to date has included physical therapy and medications."
    )
    drugs = pack.vocabulary.services_of(DRUG_CATEGORIES)
    found = current_medications(summary(text), drugs, stated, stated)
    assert found is not None and found.value == ["norco", "naproxen"]
    assert found.evidence.quote.startswith("Current medications included Norco")
    assert current_medications(summary("Treatment has included medications."), drugs, stated, stated) is None
    rated = current_medications(summary("His pain is 8/10 without Norco and 4/10 with Norco."), drugs, stated, stated)
    assert rated is not None and rated.value == ["norco"]  # pain rated on and off a drug: one taken now
    told = current_medications(summary("With Norco his pain is 4/10 and without it 8/10."), drugs, stated, stated)
    assert told is not None and told.value == ["norco"]
    # a templated list of the treatments to date
    listed = current_medications(summary("Treatment to date: PT, chiro, tramadol since 2013."), drugs, stated, stated)
    assert listed is not None and listed.value == ["tramadol"]
    # a drug never given, told in the passive with an article: not taken now
    never = current_medications(
        summary("She takes naproxen. She has never been prescribed an opioid."), drugs, stated, stated
    )
    assert never is not None and never.value == ["naproxen"]
    # ... nor the drugs joined to the one negated by "or"
    neither = "She takes ibuprofen; she has not been tried on an antidepressant or gabapentin."
    found = current_medications(summary(neither), drugs, stated, stated)
    assert found is not None and found.value == ["ibuprofen"]
    both = current_medications(summary("She takes no aspirin, and takes tramadol daily."), drugs, stated, stated)
    assert both is not None and both.value == ["tramadol"]  # "and" after a negation: a drug taken
    # a compounded product's ingredients, each with its percent, are no drugs taken by mouth; a
    # single drug with its percent (a patch) is the drug
    compound = "Medications: tramadol 50 mg and a cream of ketoprofen 10%, gabapentin 6% and lidocaine 5%."
    found = current_medications(summary(compound), drugs, stated, stated)
    assert found is not None and "gabapentin" not in found.value and "tramadol" in found.value
    patch = current_medications(summary("Medications: Lidoderm 5% patch and naproxen."), drugs, stated, stated)
    assert patch is not None and "lidoderm" in patch.value and "naproxen" in patch.value
    # kept on drugs: every drug the sentence names after "maintained on"
    told_kept = "She has been maintained on tramadol and on tizanidine at night since 2015."
    kept = current_medications(summary(told_kept), drugs, stated, stated)
    assert kept is not None and kept.value == ["tramadol", "tizanidine"]
    # a morphine equivalent dose is the dose's measure, not morphine taken
    dosed = current_medications(
        summary("He takes tramadol 50 mg four times a day, a morphine equivalent dose of 20 mg."), drugs, stated, stated
    )
    assert dosed is not None and dosed.value == ["tramadol"]


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        # a medication list's line: the drug with its dose and schedule
        ("Medications: Norco 10/325 mg q6h prn, naproxen 550 mg BID.", ["norco", "naproxen"]),
        ("- cyclobenzaprine 7.5 mg TID (on it since 2015)", ["cyclobenzaprine"]),
        # kept up: refilled, a dose changed, "on it since"
        ("Norco, one every four hours, has been refilled each month for two years.", ["norco"]),
        ("Her gabapentin dose was raised to 600 mg in October.", ["gabapentin"]),
        ("Tramadol: on it since 2014.", ["tramadol"]),
        # a plan starts a drug: not taken now; a plan that continues one: taken
        ("Plan: start gabapentin 300 mg TID.", None),
        ("The plan is to begin duloxetine 30 mg daily.", None),
        ("She will continue tramadol 50 mg twice a day.", ["tramadol"]),
        # another person's
        ("Her husband takes oxycodone 10 mg every 6 hours.", None),
    ],
)
def test_drugs_taken_are_told_in_medication_lists_and_plans(pack: RulePack, text: str, taken: list[str] | None) -> None:
    reader = fact_reader(pack.facts, pack.vocabulary)
    spelled = spelling(pack.facts.shorthand)
    drugs = pack.vocabulary.services_of(DRUG_CATEGORIES)
    found = current_medications(sentences(text, 0, "summary", spelled), drugs, reader.told, reader.given)
    assert (found.value if found else None) == taken


def test_risk_factors_are_read_from_the_vocabulary(summary: Summary, pack: RulePack) -> None:
    spec = pack.vocabulary.spec.model_copy(deep=True)
    spec.gi_risk_factors["ulcer_or_gi_bleeding"].synonyms.append("nsaid gastropathy")
    edited = fact_finders(pack.facts, Vocabulary(spec))
    bundled = fact_finders(pack.facts, pack.vocabulary)
    text = "She has a history of NSAID gastropathy. There is no NSAID gastropathy in her brother."
    assert case_facts(summary(text), edited)["gi_risk"].value is True
    assert "gi_risk" not in case_facts(summary(text), bundled)


@pytest.mark.parametrize(
    ("text", "course"),
    [
        ("A one-month rental of a TENS unit in December decreased her pain.", "extension"),
        ("During a one-month TENS rental in December 2016 her pain went from 7/10 to 4/10.", "extension"),
        ("Her TENS unit trial last year reduced the pain.", "extension"),
        ("She rented a TENS unit for one month in December 2016.", "extension"),
        ("He trialed a TENS unit at physical therapy.", "extension"),
        ("A TENS unit was rented for 30 days after the flare in May.", "extension"),
        ("A TENS unit was requested for a 30 day rental.", None),
        ("She has had no TENS trial.", None),
        ("A TENS trial is requested.", None),
        ("A one-month TENS trial would be reasonable.", None),
        # a clinician's recommendation is a plan, not a trial had
        ("The physician recommended a TENS trial.", None),
        ("A TENS trial is recommended by the guidelines before a purchase.", None),
    ],
)
def test_a_home_trial_of_a_device_makes_its_purchase_an_extension(
    summary: Summary, stated: Told, text: str, course: str | None
) -> None:
    found = had_service(summary(text), ["tens", "tens unit"], stated)
    assert (found.value if found else None) == course


def test_every_fact_the_reader_finds_is_declared_and_every_grammar_spec_is_read() -> None:
    """A fact is declared once: what the letter reader finds is a request field or a spec of the
    pack, and a spec that says `reader: grammar` names a fact the reader does find."""
    from mtus_check.letters.reader import read_letter
    from mtus_check.letters.source import letter_files
    from mtus_check.models.request import Request
    from mtus_check.rules.loader import load_pack
    from tests.conftest import FIXTURES

    pack = load_pack()
    found: set[str] = set()
    for path in letter_files([FIXTURES / "letters"]):
        for item in read_letter(path, pack.reading).items:
            found |= set(item.facts) | set(item.reviewer_findings)
    undeclared = {n for n in found if n not in Request.model_fields and pack.facts.get(n) is None}
    assert not undeclared
    grammar = {s.fact for s in pack.facts.declared if s.reader == "grammar"}
    assert grammar and grammar <= found


def test_a_section_split_again_gives_a_list_of_its_own() -> None:
    # sentences are split once per text (cached); callers still get lists they may change

    text = "He had 6 visits. Pain is better. He works."
    first = sentences(text, 0, "rationale")
    first.pop()
    again = sentences(text, 0, "rationale")
    assert [s.text for s in again] == ["He had 6 visits.", "Pain is better.", "He works."]


@pytest.mark.parametrize(
    ("added", "count"),
    [
        ("She has completed 12 previous physical therapy sessions without lasting benefit.", 12),
        ("Guidelines allow a total of up to 10 visits.", None),  # guideline text, no finding
        ("There is no record of earlier physical therapy.", None),  # silence is never a zero finding
        # a rationale about the item may leave its service unnamed
        ("Her motion has improved with the 8 visits already completed.", 8),
        ("She has attended 6 sessions to date.", 6),
        ("She completed 6 acupuncture sessions to date.", None),  # another service's sessions
        ("Guidelines support 9 to 10 visits; 12 visits would exceed that.", None),
    ],
)
def test_the_reviewer_states_the_sessions_already_given(pack: RulePack, added: str, count: int | None) -> None:
    text = (FIXTURES / "letters" / "final-determination-header" / "fdh-pt-myalgia.txt").read_text()
    text = text.replace("Decision rationale: ", f"Decision rationale: {added} ", 1)
    [item] = parse_text(text, "letter.txt", pack.reading).items
    found = item.reviewer_findings.get("prior_sessions")
    assert (found.value if found else None) == count
    assert item.request is not None and item.request.prior_sessions != 12  # never the blind request


def test_a_semicolon_ends_a_negation_but_not_a_plan(summary: Summary, pack: RulePack) -> None:
    """'; ' between the items of a telegraphic summary ends a negation's scope; a request or a
    plan goes on past it (ConText's terminate would end both)."""
    finders = fact_finders(pack.facts, pack.vocabulary)

    def read(text: str) -> object:
        found = case_facts(summary(text), finders).get("adjunct_exercise")
        return None if found is None else found.value

    assert read("No prior massage therapy; daily walking and a home exercise program.") is True
    assert read("A request for physical therapy; include home exercise program and stretching.") is None


def test_every_reader_reads_shorthand_and_quotes_the_letter_as_written(pack: RulePack) -> None:
    """The grammar readers (drugs taken, pain relief, a drug course) read a progress note's
    shorthand as the phrase-read facts do; every evidence quote is the letter's own words at the
    offsets it gives, however many letters the spelled-out words added."""
    frame = (FIXTURES / "letters" / "final-determination-header" / "fdh-mri-tramadol.txt").read_text()
    told = (
        "57 yo M, DOI 02-03-2011. Dx: chronic LBP. Tx to date: PT x 12 w/o relief, chiro, tramadol since 2013. "
        "Neuro: intact. Pain 8/10 -> 5/10 w/ meds. Plan: MRI L-spine, cont tramadol."
    )
    start = frame.index("The injured worker is a 57")
    end = frame.index("continued tramadol.") + len("continued tramadol.")
    letter = parse_text(frame[:start] + told + frame[end:], "letter.txt", pack.reading)
    _mri, tramadol = letter.items
    assert tramadol.facts["current_medications"].value == ["tramadol"]
    assert tramadol.facts["course"].value == "extension"
    relief = tramadol.facts["pain_relief_percent"]
    assert relief.value == 38 and relief.evidence is not None and relief.evidence.quote == "Pain 8/10 -> 5/10"
    quoted = [f.evidence for item in letter.items for f in item.facts.values() if f.evidence is not None]
    summary = [e for e in quoted if e.section == "summary"]
    assert len(summary) >= 6
    for found in summary:
        assert " ".join(letter.summary[found.start : found.end].split()) == found.quote


@pytest.mark.parametrize(
    ("text", "count", "quote"),
    [
        ("Tx to date: PT x 12 w/o relief, chiro.", 12, "PT x 12 w/o relief"),
        ("Pt s/p PT x 8 completed 2015.", 8, "PT x 8 completed"),
        ("PT x 6 wks completed 2015.", None, None),  # a duration: no count of sessions
    ],
)
def test_a_session_count_in_shorthand_is_quoted_as_written(
    summary: Summary, stated: Told, text: str, count: int | None, quote: str | None
) -> None:
    found = prior_sessions(summary(text), ["physical therapy", "pt", "physiotherapy"], stated)
    assert (found.value if found else None) == count
    if found is not None and found.evidence is not None:
        assert found.evidence.quote == quote == text[found.evidence.start : found.evidence.end]


@pytest.mark.parametrize(
    ("told", "fact", "value"),
    [
        # a sentence opening with a date before the injury (06/21/2015) tells of the past
        ("In 2012 she worked full duty as a cashier.", "return_to_work", None),
        ("On 03/2014 she was working full time.", "return_to_work", None),
        ("In March 2015 she was working full duty.", "return_to_work", None),
        ("Back in 2013 she did a home exercise program.", "adjunct_exercise", None),
        # ... up to where the sentence turns to now
        ("In 2012 she worked full duty; currently she is working modified duty.", "return_to_work", True),
        # the records under review told by their dates, as summaries do: the record now
        ("In March 2016 she returned to modified duty.", "return_to_work", True),
        ("On 10/02/2016, the provider noted that she is working with restrictions.", "return_to_work", True),
        ("On 9/14/2016 she continued a daily home exercise program.", "adjunct_exercise", True),
        # a date inside the sentence is no opening: working since before the injury is working now
        ("She has worked full duty since 2012.", "return_to_work", True),
        # ... but one that dates what happened ("in 2012") makes its clause history, that clause only
        ("She worked full duty as a cashier in 2012.", "return_to_work", None),
        ("She worked full duty in 2013, and she is working modified duty now.", "return_to_work", True),
        ("She returned to modified duty in March 2016.", "return_to_work", True),
    ],
)
def test_a_sentence_dated_before_the_injury_is_history(pack: RulePack, told: str, fact: str, value: object) -> None:
    frame = (FIXTURES / "letters" / "final-determination-header" / "fdh-pt-myalgia.txt").read_text()
    start = frame.index("Treatments to date include")
    end = frame.index("denied the request.") + len("denied the request.")
    summary = f"Treatments to date include medications. {told} Physical therapy was requested."
    [item] = parse_text(frame[:start] + summary + frame[end:], "letter.txt", pack.reading).items
    found = item.facts.get(fact)
    assert (found.value if found else None) == value


@pytest.mark.parametrize(
    ("text", "course"),
    [
        # a course had before the injury (06/21/2015) is not this injury's
        ("She had acupuncture in 2011 for headaches.", None),
        ("In 2013 he had acupuncture for a shoulder strain.", None),
        ("She had acupuncture in 2016 with some relief.", "extension"),
    ],
)
def test_a_service_had_before_the_injury_is_no_extension(stated: Told, text: str, course: str | None) -> None:
    import datetime as dt

    from mtus_check.letters.history import before_injury

    told = list(before_injury(sentences(text, 0, "summary"), dt.date(2015, 6, 21)))
    found = had_service(told, ["acupuncture"], stated)
    assert (found.value if found else None) == course


def test_a_drug_the_summary_says_was_not_taken_is_a_first_course_though_prescribed_now(pack: RulePack) -> None:
    """'Cyclobenzaprine was prescribed' names the prescription under review as much as a drug
    taken; 'she had not taken a muscle relaxant' says which: a first course, not a continuation."""
    frame = (FIXTURES / "letters" / "final-determination-header" / "fdh-pt-myalgia.txt").read_text()
    start = frame.index("Treatments to date include")
    end = frame.index("denied the request.") + len("denied the request.")
    summary = (
        "She takes naproxen. After a fall last week cyclobenzaprine 10 mg was prescribed for an acute "
        "flare of neck spasm; she had not taken a muscle relaxant in the past two years."
    )
    text = frame[:start] + summary + frame[end:]
    text = text.replace(
        "Physical therapy 2 times a week for 4 weeks for the right shoulder", "Cyclobenzaprine 10 mg #20"
    )
    [item] = parse_text(text, "letter.txt", pack.reading).items
    assert item.facts["course"].value == "initial"


def test_another_drug_of_the_class_not_taken_leaves_a_drug_taken_continued(pack: RulePack) -> None:
    """'She takes no aspirin' is about aspirin: naproxen, which she takes, is continued."""
    frame = (FIXTURES / "letters" / "final-determination-header" / "fdh-pt-myalgia.txt").read_text()
    start = frame.index("Treatments to date include")
    end = frame.index("denied the request.") + len("denied the request.")
    summary = "She has taken naproxen 550 mg twice a day since 2014. She takes no aspirin or blood thinners."
    text = frame[:start] + summary + frame[end:]
    text = text.replace("Physical therapy 2 times a week for 4 weeks for the right shoulder", "Naproxen 550 mg #60")
    [item] = parse_text(text, "letter.txt", pack.reading).items
    assert item.facts["course"].value == "extension"


@pytest.mark.parametrize(
    ("told", "course"),
    [
        ("Plan: continue naproxen; start duloxetine (Cymbalta) 30 mg daily.", "initial"),
        ("The physician will start Cymbalta 30 mg at bedtime.", "initial"),
        # started before: the past, not a plan
        ("She was started on Cymbalta in 2014 and takes it daily.", "extension"),
    ],
)
def test_a_drug_the_plan_starts_is_a_first_course(pack: RulePack, told: str, course: str) -> None:
    frame = (FIXTURES / "letters" / "final-determination-header" / "fdh-pt-myalgia.txt").read_text()
    start = frame.index("Treatments to date include")
    end = frame.index("denied the request.") + len("denied the request.")
    text = frame[:start] + f"She takes naproxen. {told}" + frame[end:]
    text = text.replace("Physical therapy 2 times a week for 4 weeks for the right shoulder", "Cymbalta 30 mg #30")
    [item] = parse_text(text, "letter.txt", pack.reading).items
    assert item.facts["course"].value == course


@pytest.mark.parametrize(
    ("text", "dose"),
    [
        # a taper told in one sentence: the dose now, not the dose it came down from
        ("Tramadol was reduced from 40 mg MED to 20 mg MED in September.", 20),
        ("Norco wean: 10/325 6x/day (MED 60) -> 10/325 QID, current MED 40 mg/day.", 40),
        ("He had taken 60 mg MED and now takes 40 mg MED.", 40),
        # a dose only compared with another stays the dose told first
        ("He takes 40 mg MED, compared to 90 mg MED last year.", 40),
    ],
)
def test_a_dose_changed_in_one_sentence_reads_the_dose_now(
    summary: Callable[[str], list[Sentence]], pack: RulePack, text: str, dose: float
) -> None:
    facts = case_facts(summary(text), fact_finders(pack.facts, pack.vocabulary))
    assert facts["med_mg_per_day"].value == dose


@pytest.mark.parametrize(
    ("text", "count"),
    [
        # "status post" in shorthand; a course told by what happened over it; the region between
        ("Status post PT x 8, with some gains.", 8),
        ("s/p physical therapy x10 (2016).", 10),
        ("Over eight physical therapy sessions her walking improved.", 8),
        ("Over the next eight sessions of physical therapy she should improve.", None),
        ("Ten physical therapy visits for the knee in 2015 brought no change.", 10),
        ("Eight physical therapy sessions took her lifting from 10 to 20 pounds.", 8),
        ("PT x 8 for back 2016: minimal relief.", 8),
        ("PT x 8 for 6 weeks: requested.", None),
        # never given: a bare "never" in a list, not yet begun, denied with other care, by region
        ("PT: never.", 0),
        ("PT: never tolerated the drive, so chiropractic was chosen.", None),
        ("She has yet to try physical therapy.", 0),
        ("Her husband has yet to try physical therapy.", None),
        ("No PT, no home exercise to date.", 0),
        ("No physical therapy care has ever been given.", 0),
        ("No PT for back.", 0),
        ("No PT for 6 weeks because of travel.", None),
    ],
)
def test_prior_sessions_in_shorthand_and_told_by_their_effect(
    summary: Summary, stated: Told, text: str, count: int | None
) -> None:
    found = prior_sessions(summary(text), ["physical therapy", "pt", "physiotherapy"], stated)
    assert (found.value if found else None) == count


@pytest.mark.parametrize(
    ("text", "when"),
    [
        # the date right after the surgery's name, as a progress note writes it
        ("S/p left knee arthroscopic partial medial meniscectomy 12-12-2016. PT x6 since.", "2016-12-12"),
        # a clause without its verb, told with its date
        ("Six visits have been completed since the left knee meniscectomy performed on 12-12-2016.", "2016-12-12"),
        ("He underwent a lumbar fusion on 3/4/2015.", "2015-03-04"),
        # no date told with the surgery, or one planned: no date of a surgery done
        ("S/p left knee meniscectomy. Seen 12-12-2016 for follow-up.", None),
        ("The knee replacement planned for 12-12-2016 was postponed.", None),
    ],
)
def test_a_surgery_date_is_read_as_notes_write_it(
    summary: Summary, pack: RulePack, text: str, when: str | None
) -> None:
    found = case_facts(summary(text), fact_finders(pack.facts, pack.vocabulary)).get("surgery_date")
    assert (None if found is None else str(found.value)) == when
