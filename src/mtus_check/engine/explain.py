"""From what fired to an explained verdict: findings, reasons with numbers, missing documents.

Pure Python over rule metadata; knows nothing of durable-rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from mtus_check.engine.names import RuleOutcome
from mtus_check.models.request import FactField
from mtus_check.models.verdict import CriterionResult, Finding, Status
from mtus_check.rules.loader import LoadedRule
from mtus_check.rules.schema import Criterion

_RANK: dict[Status, int] = {"pass": 0, "unknown": 1, "fail": 2}
_FINDING = Finding.__pydantic_validator__  # Finding(**data), without the keyword round trip
Fields = dict[str, FactField]  # RulePack.fields


def _label(fields: Fields, name: str) -> str:
    """A human label for a field (falls back to the name)."""
    field = fields.get(name)
    return field.label if field else name.replace("_", " ")


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
    if crit.none_of is not None:
        return "none of " + ", ".join(crit.none_of)
    if crit.stated is not None:
        return "stated"
    return f"{crit.test.replace('_', ' ')} {_show(_num(crit.expected))}"


def _needed(test: str) -> str:
    """The test as what a rule needs: 'is yes' -> 'to be yes'; 'at most 6' stays."""
    return "to be " + test.removeprefix("is ") if test.startswith("is ") else test


def _fixed(crit: Criterion, fields: Fields) -> dict[str, str]:
    """The parts of a criterion's templates that do not depend on the request."""
    low, high = crit.between if crit.between is not None else (None, None)
    limit = crit.at_most if crit.at_most is not None else crit.at_least
    return {
        "limit": _show(_num(limit)) if limit is not None else "",
        "low": _show(_num(low)) if low is not None else "",
        "high": _show(_num(high)) if high is not None else "",
        "field": _label(fields, crit.field),
    }


def _caught(crit: Criterion, value: Any) -> list[Any]:
    """The stated items a none_of test names (what a compound holds that is not recommended)."""
    if crit.none_of is None or value is None:
        return []
    return [v for v in (value if isinstance(value, list) else [value]) if v in crit.none_of]


def _fill(template: str, fixed: dict[str, str], value: Any, service: str, crit: Criterion | None = None) -> str:
    found = _caught(crit, value) if crit is not None else []
    return template.format_map(
        {
            **fixed,
            "value": _show(_num(value)) if value is not None else "not stated",
            "service": service,
            "found": " and ".join(map(str, found)) or "none",
        }
    )


@dataclass(frozen=True, slots=True)
class CriterionTexts:
    """What explaining one criterion needs that is the same for every request."""

    crit: Criterion
    label: str
    test: str
    expected: Any
    fixed: dict[str, str]
    unknown_reason: str
    not_stated_reason: str

    @classmethod
    def of(cls, crit: Criterion, fields: Fields) -> CriterionTexts:
        label, test = _label(fields, crit.field), describe_test(crit)
        return cls(
            crit=crit,
            label=label,
            test=test,
            expected=_num(crit.expected),
            fixed=_fixed(crit, fields),
            unknown_reason=f"{label} not stated; the rule needs it {_needed(test)}",
            not_stated_reason=f"{label} not stated; checked only when stated ({test})",
        )


def _scope_texts(label: str, allowed: list[str]) -> tuple[str, str]:
    return (
        f"applies only when the {label} is {' or '.join(allowed)}; the {label} is not stated",
        f"state the {label}",
    )


@dataclass(frozen=True, slots=True)
class RuleTexts:
    """A rule's fixed texts, prepared once per pack (Engine) rather than per request."""

    criteria: tuple[CriterionTexts, ...]
    scope: dict[str, tuple[str, str]]  # field -> (the scope note, what to state)
    fields: Fields

    @classmethod
    def of(cls, loaded: LoadedRule, fields: Fields) -> RuleTexts:
        scope = {}
        for field_name, allowed in loaded.rule.applies_to.items():
            if not all(isinstance(a, str) for a in allowed):
                continue  # e.g. a yes/no scope: finding() words it on demand, as before
            label = _label(fields, field_name)
            scope[field_name] = _scope_texts(label, allowed)
        return cls(tuple(CriterionTexts.of(c, fields) for c in loaded.rule.criteria), scope, fields)


def ask_text(crit: Criterion, service: str, fields: Fields) -> str:
    """What documentation would decide an unknown criterion."""
    if crit.ask:
        return _fill(crit.ask, _fixed(crit, fields), None, service)
    return f"document {_label(fields, crit.field)}"


def _ask(texts: CriterionTexts, service: str) -> str:
    crit = texts.crit
    return _fill(crit.ask, texts.fixed, None, service) if crit.ask else f"document {texts.label}"


def _criterion(
    texts: CriterionTexts, index: int, outcome: RuleOutcome, fact: dict[str, Any], service: str
) -> dict[str, Any]:
    crit = texts.crit
    value = fact.get(crit.field)
    status: Status | Literal["not-stated"]
    if index in outcome.failed:
        status = "fail"
        reason = _fill(crit.fail or "", texts.fixed, value, service, crit)
    elif index in outcome.unknown:
        status = "unknown"
        reason = texts.unknown_reason
    elif value is None:
        status = "not-stated"
        reason = texts.not_stated_reason
    else:
        status = "pass"
        reason = (
            _fill(crit.pass_, texts.fixed, value, service, crit)
            if crit.pass_
            else f"{texts.label} {_show(_num(value))} is {texts.test}"
        )
    # a plain dict: finding() has pydantic-core validate the whole Finding, criteria included,
    # in one call (faster than a CriterionResult each, and model_construct is slower still)
    return {
        "field": crit.field,
        "test": texts.test,
        "expected": texts.expected,
        "actual": _num(value),
        "status": status,
        "reason": reason,
        "page": crit.page,
        "required_documentation": crit.required_documentation,
    }


def status_of(loaded: LoadedRule, outcome: RuleOutcome) -> Status:
    """The status finding() gives, without writing any text (for modify_to's re-check)."""
    if loaded.rule.recommendation == "not_recommended":
        return "unknown" if outcome.scope_unknown else "fail"
    count = len(loaded.rule.criteria)
    if any(i < count for i in outcome.failed):
        return "unknown" if outcome.scope_unknown else "fail"
    if outcome.scope_unknown or any(i < count for i in outcome.unknown):
        return "unknown"
    return "pass"


def finding(
    loaded: LoadedRule,
    outcome: RuleOutcome,
    fact: dict[str, Any],
    service_label: str,
    texts: RuleTexts,
) -> Finding:
    """The finding of one rule that applies, or may apply, to the fact (`texts`: the rule's
    RuleTexts, prepared once per pack)."""
    rule = loaded.rule
    results = [_criterion(t, i, outcome, fact, service_label) for i, t in enumerate(texts.criteria)]
    missing = [_ask(t, service_label) for i, t in enumerate(texts.criteria) if i in outcome.unknown]
    scope_notes = []
    for field_name in outcome.scope_unknown:
        prepared = texts.scope.get(field_name)
        if prepared is None:
            allowed = dict(rule.applies_to.items())[field_name]
            prepared = _scope_texts(_label(texts.fields, field_name), allowed)
        note, ask = prepared
        scope_notes.append(note)
        missing.insert(0, ask)
    if rule.recommendation == "not_recommended":
        status: Status = "unknown" if outcome.scope_unknown else "fail"
        reason = rule.reason or ""
    else:
        failed = [r["reason"] for r in results if r["status"] == "fail"]
        unknown = [r["reason"] for r in results if r["status"] == "unknown"]
        if failed:
            status, reason = "fail", "; ".join(failed)
        elif unknown or outcome.scope_unknown:
            status, reason = "unknown", "; ".join(unknown)
        else:
            status = "pass"
            reason = "; ".join(r["reason"] for r in results if r["actual"] is not None) or (rule.reason or rule.title)
        if outcome.scope_unknown and status == "fail":
            status = "unknown"  # a rule that may not apply cannot fail the request
    if scope_notes:
        reason = "; ".join([*scope_notes, reason] if reason else scope_notes)
    return _FINDING.validate_python(
        {
            "rule": rule.id,
            "title": rule.title,
            "status": status,
            "citation": loaded.citation,
            "reason": reason,
            "criteria": results,
            "missing": missing,
            "confidence": rule.confidence,
            "alternatives": rule.alternatives,
        }
    )


class Decided(Protocol):
    """What deciding needs of a finding: a Finding, or a status computed without its texts."""

    @property
    def rule(self) -> str: ...

    @property
    def alternatives(self) -> str | None: ...

    @property
    def status(self) -> Status: ...


def unit_of(f: Decided) -> str:
    """The decision unit of a finding: its rule, or its set of alternatives."""
    return f"alt:{f.alternatives}" if f.alternatives else f"rule:{f.rule}"


def combine(findings: Sequence[Decided]) -> dict[str, Status]:
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
