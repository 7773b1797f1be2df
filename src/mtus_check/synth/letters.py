"""Generate IMR letters in every known layout, with known items and decisions.

Used by the audit benchmark (thousands of letters) and by tests. The wording is our own;
the layouts follow the headings of the real letter formats.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from pathlib import Path

from mtus_check.rules.loader import load_pack
from mtus_check.synth.pdf import make_pdf

LAYOUTS = (
    "final-determination",
    "final-determination-header",
    "maximus-federal",
    "medical-professional-review",
    "notice-2013",
)

# Items to write: a request, the rule whose visit limit decides it, and a rationale. The
# limit itself is read from the rule pack, so the ground truth follows the rules as data.
ITEMS = (
    ("Massage therapy x {n} for the low back", "cpmtg.massage.visits",
     "Massage is an adjunct to exercise; the visits requested are {n}."),
    ("Acupuncture {n} sessions, initial trial, for the neck", "mtus.acupuncture.initial-trial",
     "This is an initial trial of acupuncture; {n} treatments are requested."),
    ("Chiropractic manipulation {n} visits for the lumbar spine, initial trial", "cpmtg.manipulation.low-back-trial",
     "This is a first trial of manipulation for low back pain; {n} visits are requested."),
    ("Physical therapy {n} sessions for the lumbar spine", "cpmtg.physical-medicine.myalgia",
     "Physical therapy is requested for myalgia; {n} visits are requested."),
)  # fmt: skip


@functools.cache
def _limit(rule_id: str) -> float:
    """The visit limit (quantity at_most) of a rule of the bundled pack."""
    pack = load_pack()
    rule = pack.versions(rule_id)[-1].rule
    return next(c.at_most for c in rule.criteria if c.field == "quantity" and c.at_most is not None)


@dataclass
class Synthetic:
    text: str
    decisions: list[str]
    layout: str


def _case(rng: random.Random) -> str:
    return f"CM{rng.randint(15, 17)}-{rng.randint(0, 9999999):07d}"


def _items(rng: random.Random) -> list[tuple[str, str, str]]:
    out = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        template, rule_id, rationale = rng.choice(ITEMS)
        n = rng.randint(3, 14)
        passes = n <= _limit(rule_id)
        decision = "Overturned" if passes else "Upheld"
        verdict = "medically necessary" if passes else "not medically necessary"
        out.append((template.format(n=n), decision, rationale.format(n=n) + f" The request is {verdict}."))
    return out


_SUMMARY = (
    "The injured worker is a {age} year old {sex} who sustained an industrial injury on 03/0{m}/2014. "
    "Diagnoses include myalgia and lumbar strain. Treatment has included medications. "
    "There has been no prior massage, acupuncture, chiropractic care or physical therapy. "
    "She follows a home exercise program."
)


def _summary(rng: random.Random) -> str:
    return _SUMMARY.format(age=rng.randint(25, 64), sex=rng.choice(("female", "male")), m=rng.randint(1, 9))


def _final(rng: random.Random, header: bool, federal: bool) -> tuple[str, list[str]]:
    items = _items(rng)
    lines = []
    if header:
        lines += [
            f"Case Number: {_case(rng)}",
            "Date Assigned: 01/05/2016 Date of Injury: 03/01/2014",
            "Decision Date: 02/01/2016 UR Denial Date: 12/15/2015",
            "Priority: Standard",
        ]
    if federal:
        lines += [
            "MAXIMUS FEDERAL SERVICES, INC.",
            "Independent Medical Review",
            f"IMR Case Number: {_case(rng)} Date of UR Decision: 12/15/2015",
            "DOCUMENTS REVIEWED",
            "Utilization Review Determination; progress reports.",
        ]
    lines += [
        "HOW THE IMR FINAL DETERMINATION WAS MADE",
        "MAXIMUS Federal Services sent the complete case file to an expert reviewer.",
        "The Expert Reviewer has the following credentials:",
        "State(s) of Licensure: California",
        "Certification(s)/Specialty: Family Practice",
        "CLINICAL CASE SUMMARY",
        _summary(rng),
        "IMR DECISION(S) AND RATIONALE(S)" if federal else "IMR ISSUES, DECISIONS AND RATIONALES",
        "The Final Determination was based on decisions for the disputed items/services set forth below:",
    ]
    for request, decision, rationale in items:
        lines += [
            f"{request}: {decision}",
            "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016.",
            "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016.",
            f"Decision rationale: {rationale}",
        ]
    return "\n".join(lines) + "\n", [d.lower() for _, d, _ in items]


def _professional(rng: random.Random) -> tuple[str, list[str]]:
    items = _items(rng)
    lines = ["MEDICAL PROFESSIONAL REVIEW", f"Case Number: {_case(rng)}", "ISSUE AT DISPUTE:"]
    lines += [f"{i}. {request}: {decision}" for i, (request, decision, _) in enumerate(items, 1)]
    lines += [
        "CASE SUMMARY:",
        _summary(rng),
        "DOCUMENTS REVIEWED FOR DETERMINATION:",
        "Utilization review.",
        "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:",
        "MTUS Chronic Pain Medical Treatment Guidelines.",
        "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:",
    ]
    lines += [f"{i}. {rationale}" for i, (_, _, rationale) in enumerate(items, 1)]
    lines += ["MEDICAL REVIEWER QUALIFICATIONS:", "Board Certified in Family Medicine."]
    return "\n".join(lines) + "\n", [d.lower() for _, d, _ in items]


def _notice(rng: random.Random) -> tuple[str, list[str]]:
    items = _items(rng)
    verdict = {"Overturned": "is medically necessary", "Upheld": "is notmedically necessary"}
    lines = ["MAXIMUS FEDERAL SERVICES, INC. Notice of Independent Medical Review Determination Dated: 10/01/2013"]
    lines += [
        f"{i}) MAXIMUS Federal Services, Inc. has determined the request for {request.lower()} "
        f"{verdict[decision]} and appropriate."
        for i, (request, decision, _) in enumerate(items, 1)
    ]
    lines += ["INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE", "Case Summary:", _summary(rng)]
    for i, (request, _, rationale) in enumerate(items, 1):
        lines += [
            f"{i}) Regarding the request for {request.lower()}:",
            "Medical Treatment Guideline(s) Used by the Expert Reviewer (ER):",
            "Chronic Pain Medical Treatment Guidelines.",
            "Rationale for the Decision:",
            rationale,
        ]
    return "\n".join(lines) + "\n", [d.lower() for _, d, _ in items]


def letter(rng: random.Random, layout: str) -> Synthetic:
    """One synthetic letter in `layout`."""
    if layout == "medical-professional-review":
        text, decisions = _professional(rng)
    elif layout == "notice-2013":
        text, decisions = _notice(rng)
    else:
        text, decisions = _final(
            rng, header=layout == "final-determination-header", federal=layout == "maximus-federal"
        )
    return Synthetic(text, decisions, layout)


def write_corpus(folder: Path, count: int, pdf_share: float = 0.0, seed: int = 11) -> dict[str, list[str]]:
    """Write `count` letters (a share of them as PDF) round-robin over the layouts; returns
    the expected decisions by file name."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    truth: dict[str, list[str]] = {}
    for i in range(count):
        synthetic = letter(rng, LAYOUTS[i % len(LAYOUTS)])
        as_pdf = rng.random() < pdf_share
        path = folder / f"letter-{i:06d}.{'pdf' if as_pdf else 'txt'}"
        if as_pdf:
            path.write_bytes(make_pdf(synthetic.text.splitlines()))
        else:
            path.write_text(synthetic.text, encoding="utf-8")
        truth[path.name] = synthetic.decisions
    return truth
