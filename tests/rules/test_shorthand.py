"""Clinical shorthand is read as the words it stands for, and only where it is a token of its own."""

from __future__ import annotations

import pytest

from mtus_check.rules.loader import RulePack
from mtus_check.rules.shorthand import Spelling, written_span

READS = [
    ("Pt c/o LBP w/o relief.", "patient complains of LBP without relief."),
    ("(+) SLR on R, (-) Spurling's.", "positive SLR on right, negative Spurling's."),
    ("Motor: 4/5 L EHL.", "Motor: 4/5 left EHL."),
    # physical therapy, a lumbar level and the lumbar spine are not the patient or a side
    ("Failed PT at L5-S1, L-spine tender.", "Failed PT at L5-S1, L-spine tender."),
    ("Improving w/PT, s/p TKA.", "Improving with PT, status post TKA."),
    ("Improving w/ PT.", "Improving with PT."),
    ("HEP x 6 wks, f/u 4 wks.", "HEP for 6 weeks, follow-up 4 weeks."),
    ("Neuro: WNL, denies B/B sx.", "neurologic: within normal limits, denies bowel and bladder symptoms."),
    ("An x-ray and a tx plan.", "An x-ray and a treatment plan."),
    ("MRI of the L spine, tender C spine.", "MRI of the lumbar spine, tender cervical spine."),
    # a change told by an arrow, with or without spaces around it
    ("Pain 8/10 -> 5/10, 7/10→4/10.", "Pain 8/10 to 5/10, 7/10 to 4/10."),
    # the longer abbreviation where two start at one place; one inside a word is no abbreviation
    (
        "Meds d/c'd --> HEP, bilat LE pain w/o relief x 3 mos.",
        "Meds discontinued to HEP, bilateral LE pain without relief for 3 months.",
    ),
    (
        "Pt reports symptoms; pt is 2 wks s/p surgery.",
        "patient reports symptoms; patient is 2 weeks status post surgery.",
    ),
    ("RUE/LUE numbness, N/T in RLE.", "RUE/LUE numbness, numbness and tingling in right lower extremity."),
]


@pytest.mark.parametrize(("written", "read"), READS)
def test_shorthand_reads_as_its_words(pack: RulePack, written: str, read: str) -> None:
    assert Spelling(pack.facts.shorthand)(written) == read


@pytest.mark.parametrize(("written", "read"), READS)
def test_a_letter_outside_ascii_does_not_change_how_shorthand_reads(pack: RulePack, written: str, read: str) -> None:
    # an ASCII sentence is read by a faster path than one with a typographic quote or an accent
    assert Spelling(pack.facts.shorthand)(f"{written} “Émile”") == f"{read} “Émile”"


def test_a_text_without_shorthand_is_the_same_text(pack: RulePack) -> None:
    text = "The patient has decreased sensation in the left L5 dermatome."
    assert Spelling(pack.facts.shorthand)(text) is text
    assert Spelling(())("pt c/o") == "pt c/o"


@pytest.mark.parametrize(
    ("written", "words", "quote"),
    [
        ("Pain 8/10->5/10 w/meds.", "8/10 to 5/10 with", "8/10->5/10 w/"),
        ("Pt c/o LBP w/o relief.", "complains of LBP", "c/o LBP"),
        ("Pt c/o LBP w/o relief.", "without", "w/o"),
        ("Pt c/o LBP w/o relief.", "relief.", "relief."),
        ("(+) SLR on R.", "SLR on right", "SLR on R"),
        # a span that starts or ends inside spelled-out words takes in the whole abbreviation
        ("(+) SLR on R.", "itive SLR", "(+) SLR"),
        ("(+) SLR on R.", "SLR on ri", "SLR on R"),
        ("No shorthand here.", "shorthand", "shorthand"),
    ],
)
def test_a_span_of_the_text_as_read_leads_back_to_the_words_as_written(
    pack: RulePack, written: str, words: str, quote: str
) -> None:
    read, shifts = Spelling(pack.facts.shorthand).spell_out(written)
    start = read.index(words)
    begin, end = written_span(shifts, start, start + len(words))
    assert written[begin:end] == quote
