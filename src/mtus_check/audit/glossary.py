"""The words of an audit report, explained once for report.md and report.html.

The report is read by auditors who did not run the tool: every term a table uses is here, in
the order a reader meets them.
"""

from __future__ import annotations

GLOSSARY: tuple[tuple[str, str], ...] = (
    (
        "verdict",
        "what the rules say of the request as the letter describes it: certify (every applicable rule "
        "passes), non-certify (a rule fails), needs-info (no rule fails, but a fact a rule needs is not "
        "stated) or no-guideline (no rule of the pack applies).",
    ),
    (
        "predicted",
        "the IMR outcome the verdict predicts: certify predicts overturned (the treatment is medically "
        "necessary), non-certify predicts upheld. Blind: from the case summary only, as a pre-check user "
        "would have it; from the reviewer's findings: what the rationale says of each fact takes precedence.",
    ),
    (
        "needs-info",
        "counted one of two ways. Documentation: what is missing is documentation the guideline requires "
        "of the provider, so the item is predicted upheld, as reviewers decide. Unstated: a fact nobody "
        "established; the item is not decided.",
    ),
    (
        "not decided",
        "a needs-info item whose missing fact is unstated: no prediction is made. Counted apart, and as "
        "upheld in the scores over every item.",
    ),
    (
        "no guideline",
        "no rule of the pack applies to the item (the MTUS may be silent, the guideline in force is not "
        "encoded, or the service is not recognized). Not predicted; counted as upheld in the scores.",
    ),
    (
        "covered",
        "an item is covered when at least one rule of the pack applies to it, i.e. its verdict is not "
        "no-guideline (`mtus-check rules coverage` lists the items that are not).",
    ),
    ("agreement", "of the predicted items, the share whose prediction equals the reviewer's decision."),
    (
        "predicted right",
        "the number of predicted items whose prediction equals the reviewer's decision; "
        "agreement = predicted right / predicted.",
    ),
    (
        "certify precision",
        "of the items the rules would certify, the share the reviewer overturned: how far a certify "
        "verdict can be trusted.",
    ),
    (
        "certify recall",
        "of the items the reviewer overturned, the share the rules would certify: how many medically "
        "necessary treatments the rules find.",
    ),
    (
        "balanced accuracy",
        "the mean of the recall of overturned items and of upheld items, every item counted (no "
        "prediction as upheld). Always answering upheld scores 0.50, whatever the mix of decisions.",
    ),
    (
        "95% interval",
        "in the scoring table, from resampling whole letters 2,000 times (fixed seed); in the tables by "
        "service, rule, specialty and year, the Wilson interval of the agreement. Groups marked * have "
        "fewer than 10 predicted items: their agreement says little.",
    ),
    (
        "hinges on documentation",
        "a prediction of upheld that rests only on documentation the guideline requires and the letter does not show.",
    ),
    (
        "flagged",
        "an item whose prediction disagrees with the reviewer, or on which a rationale check raised a "
        "warning or an error (items.csv, column flag).",
    ),
)


def glossary_markdown() -> list[str]:
    return ["## Glossary", "", *(f"- **{term}**: {meaning}" for term, meaning in GLOSSARY), ""]
