"""Audit flags from the reviewer's own findings: where the decision does not follow from what the
reviewer says was documented, applied under the rules (`predicted_from_findings`), say why.

One flag per item, the first that fits:
- `findings-disagree`: the rules certify (or deny) the item given the reviewer's findings, and the
  decision is the other ("decision not supported by the reviewer's own findings under rule X");
- `non-mtus-criterion`: no MTUS rule decides the item (none applies, only non-MTUS rules apply, or
  the rationale cites only non-MTUS guidance), so the decision rests on a criterion no MTUS rule has;
- `overturned-without-required-fact`: overturned, though neither the reviewer's findings nor the
  case record state a criterion the MTUS rules need ("decision made without documenting X").
An item whose decision is what the rules leave it at (no prediction counts as upheld) is not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from mtus_check.audit.models import Check, Outcome
from mtus_check.letters.models import GuidelineRef, LetterItem
from mtus_check.models.verdict import Finding, Verdict

# "documented X" labels read "without documenting X", not "without documenting documented X"
_DOCUMENTED = re.compile(r"(?:^|(?<=, ))documented\s+")
# a request field's name as people read it (the pack's fact label where there is one)
Label = Callable[[str], str]


def field_name(field: str) -> str:
    return field.replace("_", " ")


def findings_flags(
    item: LetterItem, by_findings: Verdict | None, said: Outcome | None, label: Label = field_name
) -> Iterator[Check]:
    """The flag for an item whose decision differs from `said`, the outcome the rules give with
    the reviewer's findings (`by_findings`; None: not decided, which counts as upheld)."""
    if by_findings is None or (said or "upheld") == item.decision:
        return
    if by_findings.verdict in ("certify", "non-certify"):
        yield _disagree(item, by_findings)
        return
    refs = [r for r in item.maximus_guideline if r.source != "none"]
    deciding = [f for f in by_findings.findings if f.citation.source != "statute"]
    unknown = _unstated(deciding, label)
    if by_findings.verdict == "no-guideline" or not deciding:
        why = _lower_first(by_findings.summary.rstrip("."))
    elif all(f.citation.source != "mtus" for f in deciding):
        why = f"only rules from outside the MTUS apply ({_rules(deciding)})"
    elif refs and all(r.source == "non-mtus" for r in refs):
        why = f"the MTUS rules ({_rules(deciding)}) need {unknown or 'more'}, which the reviewer does not state"
    else:
        yield _without(item, deciding, unknown, refs)
        return
    cited = f"; the rationale cites {_refs(refs)}" if refs else ""
    yield Check(
        check="non-mtus-criterion",
        severity="warning",
        message=f"reviewer relied on a criterion no MTUS rule has: decision {item.decision}, but {why}{cited}",
    )


def _disagree(item: LetterItem, by_findings: Verdict) -> Check:
    certify = by_findings.verdict == "certify"
    units = [f for f in by_findings.findings if f.status == ("pass" if certify else "fail")]
    lead = units[0] if units else None
    rule = f" under rule {lead.rule} ({lead.citation.text})" if lead else ""
    reason = f": {lead.reason}" if lead else ""
    stated = ", ".join(f"{k}={v.value}" for k, v in sorted(item.reviewer_findings.items()))
    return Check(
        check="findings-disagree",
        severity="warning",
        message=f"decision {item.decision} not supported by the reviewer's own findings{rule}{reason}; the rules "
        f"{'certify' if certify else 'deny'} it given "
        + (f"the reviewer's findings {stated}" if stated else "the case record (the reviewer states no finding)"),
    )


def _without(item: LetterItem, deciding: list[Finding], unknown: str, refs: list[GuidelineRef]) -> Check:
    other = [r for r in refs if r.source == "non-mtus"]
    also = f"; the rationale also cites {_refs(other)}" if other else ""
    what = _DOCUMENTED.sub("", unknown) or "what the rules require"
    return Check(
        check="overturned-without-required-fact",
        severity="warning",
        message=f"decision made without documenting {what}: overturned, though neither the reviewer's findings nor "
        f"the case record state what {_rules(deciding)} need{also}",
    )


def _unstated(findings: list[Finding], label: Label) -> str:
    """The criteria the undecided rules need and nobody states, by their labels, in rule order."""
    fields = [c.field for f in findings if f.status == "unknown" for c in f.criteria if c.status == "unknown"]
    return ", ".join(dict.fromkeys(label(f) for f in fields))


def _rules(findings: list[Finding]) -> str:
    undecided = [f for f in findings if f.status == "unknown"] or findings
    return ", ".join(dict.fromkeys(f.rule for f in undecided))


def _refs(refs: list[GuidelineRef]) -> str:
    return "; ".join(r.text for r in refs)[:160]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
