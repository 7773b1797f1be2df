"""From a parsed letter to audit records: each item's verdict, prediction and checks.

The prediction uses only the extracted request and facts (facts never come from the decision
line or the rationale's conclusion); the reviewer's decision is what it is compared with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from mtus_check import __version__
from mtus_check.audit.checks import run_checks
from mtus_check.audit.models import ItemRecord, LetterError, Outcome
from mtus_check.engine import Engine, RequestError
from mtus_check.letters.models import Evidence, ExtractedFact, LetterItem, ParsedLetter
from mtus_check.models.request import Request
from mtus_check.models.verdict import Verdict

PREDICTION: dict[str, Outcome | None] = {
    "certify": "overturned",
    "non-certify": "upheld",
    "no-guideline": None,
}


def predict(verdict: Verdict) -> tuple[Outcome | None, bool]:
    """The IMR outcome a verdict predicts, and whether it hinges on missing documentation.
    needs-info predicts upheld only when what is missing is documentation the guideline requires
    of the provider (reviewers deny then); a fact nobody established leaves the item not decided."""
    if verdict.verdict == "needs-info":
        return ("upheld" if verdict.needs_info_kind == "documentation" else None), True
    return PREDICTION[verdict.verdict], False


def from_findings(engine: Engine, item: LetterItem, as_of: dt.date | None) -> Verdict | None:
    """The verdict with the reviewer's stated findings taking precedence over the case facts:
    does the MTUS support the decision, given what the reviewer says was documented?"""
    if item.request is None:
        return None
    stated = {
        k: f.value
        for k, f in item.reviewer_findings.items()
        if k in Request.model_fields or engine.pack.facts.get(k) is not None
    }
    try:
        request = Request.model_validate(item.request.model_dump(exclude_none=True) | stated)
    except ValueError:
        return None
    verdict, _ = evaluate(engine, request, as_of)
    return verdict


def evaluate(engine: Engine, request: Request | None, as_of: dt.date | None) -> tuple[Verdict | None, str | None]:
    """The verdict for an extracted request, or why there is none (no request, unknown words)."""
    if request is None:
        return None, None
    try:
        return engine.check(request, as_of=as_of, suggest=False), None  # records do not show modify_to
    except RequestError as exc:
        return None, str(exc)


def _year(letter: ParsedLetter) -> int | None:
    date = letter.decision_date or letter.ur_denial_date or letter.date_assigned
    return date.year if date else None


def _labels(engine: Engine) -> Callable[[str], str]:
    """A request field's label as verdicts name it (the fact spec's), for the audit's flags."""

    def label(field: str) -> str:
        spec = engine.pack.facts.get(field)
        return spec.label if spec is not None else field.replace("_", " ")

    return label


def _category(engine: Engine, service: str) -> str:
    term = engine.pack.vocabulary.services.terms.get(service)
    return (term.category if term else None) or "unclassified"


Evaluated = tuple[Verdict | None, str | None]


def letter_verdicts(letter: ParsedLetter, engine: Engine, as_of: dt.date | None) -> list[Evaluated]:
    """(verdict, error) for every item in letter order. Items asked for with a surgery are
    decided after it, given mtus-check's own verdict on that surgery (never the reviewer's)."""
    done: dict[int, Evaluated] = {}
    waiting = []
    for item in letter.items:
        if item.request is not None and item.request.perioperative and item.request.fact("surgery_certified") is None:
            waiting.append(item)
        else:
            done[item.index] = evaluate(engine, item.request, as_of)
    for item in waiting:
        _follow_surgery(item, done)
        done[item.index] = evaluate(engine, item.request, as_of)
    return [done[item.index] for item in letter.items]


def item_record(
    letter: ParsedLetter, item: LetterItem, engine: Engine, as_of: dt.date | None, evaluated: Evaluated | None = None
) -> ItemRecord:
    """Evaluate one item (or take its `evaluated` verdict) and compare with the reviewer."""
    info = engine.pack.info.model_dump()
    request = item.request
    verdict, error = evaluated if evaluated is not None else evaluate(engine, request, as_of)
    predicted, hinges = predict(verdict) if verdict else (None, False)
    by_findings = from_findings(engine, item, as_of) if item.reviewer_findings else verdict
    predicted_from_findings = predict(by_findings)[0] if by_findings else None
    service = (request and engine.pack.vocabulary.services.lookup(request.service)) or "unclassified"
    return ItemRecord(
        letter_id=letter.letter_id,
        source=letter.source,
        case_number=letter.case_number,
        layout=letter.layout,
        item=item.index,
        letter_items=len(letter.items),
        request_text=item.request_text,
        service=service,
        service_category=_category(engine, service),
        request=verdict.request if verdict else {},
        facts={k: f.model_dump(mode="json") for k, f in item.facts.items()},
        verdict=verdict.verdict if verdict else "error",
        verdict_summary=verdict.summary if verdict else (error or "no request"),
        rules=[f.rule for f in verdict.findings] if verdict else [],
        findings=[
            {"rule": f.rule, "status": f.status, "citation": f.citation.text, "reason": f.reason}
            for f in (verdict.findings if verdict else [])
        ],
        missing=verdict.missing if verdict else [],
        needs_info_kind=verdict.needs_info_kind if verdict else None,
        predicted=predicted,
        reviewer_findings={k: f.model_dump(mode="json") for k, f in item.reviewer_findings.items()},
        predicted_from_findings=predicted_from_findings,
        verdict_from_findings=by_findings.verdict if by_findings else None,
        hinges_on_documentation=hinges,
        actual=item.decision,
        agreement=None if predicted is None else predicted == item.decision,
        checks=run_checks(item, verdict, by_findings, predicted_from_findings, _labels(engine)),
        reviewer_specialty=letter.reviewer.specialty,
        year=_year(letter),
        error=error,
        tool_version=__version__,
        rule_pack=info,
    )


def letter_records(
    letter: ParsedLetter, engine: Engine, as_of: dt.date | None
) -> tuple[list[ItemRecord], LetterError | None]:
    """Records for every item of a letter, or the error that kept it from being read."""
    if not letter.ok:
        return [], LetterError(
            source=letter.source,
            letter_id=letter.letter_id,
            error_kind=letter.error_kind or "error",
            error=letter.error or "",
            tool_version=__version__,
            rule_pack=engine.pack.info.model_dump(),
        )
    verdicts = letter_verdicts(letter, engine, as_of)
    return [item_record(letter, item, engine, as_of, v) for item, v in zip(letter.items, verdicts, strict=True)], None


def _follow_surgery(item: LetterItem, done: dict[int, Evaluated]) -> None:
    """Give an item asked for with a surgery our own verdict on that surgery (never the reviewer's)."""
    fact = item.facts.get("surgery")
    ref = fact.evidence.ref if fact is not None else None
    if ref is None or ref.relation != "surgery":
        return
    index = ref.index
    surgery = done.get(index, (None, None))[0]
    if surgery is None or surgery.verdict not in ("certify", "non-certify"):
        return
    certified = surgery.verdict == "certify"
    quote = f"predicted verdict on item {index}: {surgery.verdict} ({surgery.summary})"
    item.facts["surgery_certified"] = ExtractedFact(
        value=certified, evidence=Evidence(section="verdict", quote=quote, start=0, end=0, ref=ref)
    )
    assert item.request is not None
    item.request = item.request.model_copy(update={"surgery_certified": certified})
