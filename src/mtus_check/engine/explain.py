"""From what fired to an explained verdict: findings, reasons with numbers, missing documents.

Pure Python over rule metadata; knows nothing of durable-rules.
"""

from __future__ import annotations

from typing import Any, Literal

from mtus_check.engine.names import RuleOutcome
from mtus_check.models.request import FactField
from mtus_check.models.verdict import CriterionResult, Finding, Status
from mtus_check.rules.loader import LoadedRule
from mtus_check.rules.schema import Criterion

Fields = dict[str, FactField]  # RulePack.fields


def _label(fields: Fields, name: str) -> str:
    """A human label for a field (falls back to the name)."""
    field = fields.get(name)
    return field.label if field else name.replace("_", " ")


_RANK: dict[Status, int] = {"pass": 0, "unknown": 1, "fail": 2}


def _num(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def describe_test(crit: Criterion) -> str:
    """The test in words: 'at most 6', 'between 1 and 3', 'is yes', 'one of a, b'."""
    if crit.between is not None:
        return f"between {_show(_num(crit.between[0]))} and {_show(_num(crit.between[1]))}"
    if crit.one_of is not None:
        return "one of " + ", ".join(crit.one_of)
    if crit.stated is not None:
        return "stated"
    return f"{crit.test.replace('_', ' ')} {_show(_num(crit.expected))}"


def _fill(template: str, crit: Criterion, value: Any, service: str, fields: Fields) -> str:
    low, high = crit.between if crit.between is not None else (None, None)
    limit = crit.at_most if crit.at_most is not None else crit.at_least
    return template.format_map(
        {
            "value": _show(_num(value)) if value is not None else "not stated",
            "limit": _show(_num(limit)) if limit is not None else "",
            "low": _show(_num(low)) if low is not None else "",
            "high": _show(_num(high)) if high is not None else "",
            "field": _label(fields, crit.field),
            "service": service,
        }
    )


def ask_text(crit: Criterion, service: str, fields: Fields) -> str:
    """What documentation would decide an unknown criterion."""
    return _fill(crit.ask, crit, None, service, fields) if crit.ask else f"document {_label(fields, crit.field)}"


def _criterion(
    crit: Criterion, index: int, outcome: RuleOutcome, fact: dict[str, Any], service: str, fields: Fields
) -> CriterionResult:
    value = fact.get(crit.field)
    test = describe_test(crit)
    status: Status | Literal["not-stated"]
    if index in outcome.failed:
        status = "fail"
        reason = _fill(crit.fail or "", crit, value, service, fields)
    elif index in outcome.unknown:
        status = "unknown"
        reason = f"{_label(fields, crit.field)} not stated; the rule needs it {test}"
    elif value is None:
        status = "not-stated"
        reason = f"{_label(fields, crit.field)} not stated; checked only when stated ({test})"
    else:
        status = "pass"
        reason = (
            _fill(crit.pass_, crit, value, service, fields)
            if crit.pass_
            else f"{_label(fields, crit.field)} {_show(_num(value))} is {test}"
        )
    return CriterionResult(
        field=crit.field,
        test=test,
        expected=_num(crit.expected),
        actual=_num(value),
        status=status,
        reason=reason,
        page=crit.page,
        required_documentation=crit.required_documentation,
    )


def finding(
    loaded: LoadedRule, outcome: RuleOutcome, fact: dict[str, Any], service_label: str, fields: Fields
) -> Finding:
    """The finding of one rule that applies, or may apply, to the fact."""
    rule = loaded.rule
    results = [_criterion(c, i, outcome, fact, service_label, fields) for i, c in enumerate(rule.criteria)]
    missing = [ask_text(c, service_label, fields) for i, c in enumerate(rule.criteria) if i in outcome.unknown]
    scope_notes = []
    for field_name in outcome.scope_unknown:
        allowed = dict(rule.applies_to.items())[field_name]
        label = _label(fields, field_name)
        scope_notes.append(f"applies only when the {label} is {' or '.join(allowed)}; the {label} is not stated")
        missing.insert(0, f"state the {label}")
    if rule.recommendation == "not_recommended":
        status: Status = "unknown" if outcome.scope_unknown else "fail"
        reason = rule.reason or ""
    else:
        failed = [r.reason for r in results if r.status == "fail"]
        unknown = [r.reason for r in results if r.status == "unknown"]
        if failed:
            status, reason = "fail", "; ".join(failed)
        elif unknown or outcome.scope_unknown:
            status, reason = "unknown", "; ".join(unknown)
        else:
            status = "pass"
            reason = "; ".join(r.reason for r in results if r.actual is not None) or (rule.reason or rule.title)
        if outcome.scope_unknown and status == "fail":
            status = "unknown"  # a rule that may not apply cannot fail the request
    if scope_notes:
        reason = "; ".join([*scope_notes, reason] if reason else scope_notes)
    return Finding(
        rule=rule.id,
        title=rule.title,
        status=status,
        citation=loaded.citation,
        reason=reason,
        criteria=results,
        missing=missing,
        confidence=rule.confidence,
        alternatives=rule.alternatives,
    )


def unit_of(f: Finding) -> str:
    """The decision unit of a finding: its rule, or its set of alternatives."""
    return f"alt:{f.alternatives}" if f.alternatives else f"rule:{f.rule}"


def combine(findings: list[Finding]) -> dict[str, Status]:
    """Status per decision unit: a rule on its own, or a set of alternatives (best one counts)."""
    units: dict[str, Status] = {}
    for f in findings:
        unit = unit_of(f)
        prev = units.get(unit)
        if prev is None:
            units[unit] = f.status
        elif f.alternatives:
            units[unit] = min(prev, f.status, key=_RANK.__getitem__)
        else:
            units[unit] = max(prev, f.status, key=_RANK.__getitem__)
    return units


def failing_bounds(findings: list[Finding], fields: Fields) -> list[CriterionResult] | None:
    """The failed upper bounds on adjustable fields, or None if anything else failed."""
    out = []
    units = combine(findings)
    for f in findings:
        if f.status != "fail" or units[unit_of(f)] != "fail":
            continue
        for c in f.criteria:
            if c.status != "fail":
                continue
            spec = fields.get(c.field)
            upper = c.test.startswith("at most") or c.test.startswith("between")
            if spec is None or not spec.adjustable or not upper:
                return None
            out.append(c)
        if not any(c.status == "fail" for c in f.criteria):
            return None  # not_recommended: no smaller request passes
    return out
