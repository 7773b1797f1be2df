"""A plain-Python evaluator of the same rule pack, written from the rule language itself
(not from the compiled JSON), to cross-check the durable-rules backend."""

from __future__ import annotations

from typing import Any

from mtus_check.engine import names
from mtus_check.models.request import FactField
from mtus_check.rules.loader import RulePack
from mtus_check.rules.schema import Criterion


def _matches(field: str, value: Any, allowed: list[str], fields: dict[str, FactField]) -> bool:
    if fields[field].kind == "categories":
        return any(v in allowed for v in value)
    return value in allowed


def criterion_fails(crit: Criterion, value: Any) -> bool:
    """True when a stated value does not meet the criterion."""
    if crit.stated is not None:
        return False
    if crit.at_most is not None:
        return value > crit.at_most
    if crit.at_least is not None:
        return value < crit.at_least
    if crit.between is not None:
        return not crit.between[0] <= value <= crit.between[1]
    if crit.is_ is not None:
        return value is not crit.is_
    if crit.none_of is not None:
        return any(v in crit.none_of for v in value) if isinstance(value, list) else value in crit.none_of
    assert crit.one_of is not None
    if isinstance(value, list):
        return not any(v in crit.one_of for v in value)
    return value not in crit.one_of


class ReferenceBackend:
    """Same interface as DurableBackend: fact in, fired names out."""

    name = "reference"

    def __init__(self, pack: RulePack) -> None:
        self.pack = pack

    def fired(self, fact: dict[str, Any]) -> list[str]:
        out: list[str] = []
        fields = self.pack.fields
        for loaded in self.pack.rules:
            rule, key = loaded.rule, loaded.key
            scope = rule.applies_to.items()
            if not _matches("service", fact["service"], scope[0][1], fields):
                continue
            if rule.except_ and any(f in fact and _matches(f, fact[f], v, fields) for f, v in rule.except_.items()):
                continue
            if any(fields[f].scope_when_stated and f not in fact for f, _ in scope[1:]):
                continue  # these scope fields must be stated for the rule to apply
            unknown = [f for f, _ in scope[1:] if f not in fact]
            if any(f in fact and not _matches(f, fact[f], v, fields) for f, v in scope[1:]):
                continue
            if unknown:
                out.extend(names.scope_unknown(key, f) for f in unknown)
            else:
                out.append(names.applies(key))
            for i, crit in enumerate(rule.criteria):
                if crit.field not in fact:
                    if crit.if_unknown == "ask":
                        out.append(names.criterion_unknown(key, i))
                elif criterion_fails(crit, fact[crit.field]):
                    out.append(names.criterion_fail(key, i))
        return out
