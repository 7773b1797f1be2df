"""Compile a rule pack into durable-rules' JSON ruleset form.

Each rule becomes a handful of durable rules whose firing tells one outcome: the rule
applies; a scope fact is unstated; a criterion fails; a criterion's fact is unstated.
A criterion that passes fires nothing, which keeps the number of actions per request low.
Every compiled rule starts with a positive test on the service, so none is made only of
"field absent" tests (those re-fire forever in durable-rules).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from mtus_check.engine import names
from mtus_check.models.request import FactField
from mtus_check.rules.loader import RulePack
from mtus_check.rules.schema import Criterion, Rule

Cond = dict[str, Any]
Fields = dict[str, FactField]  # RulePack.fields: the request's own and the pack's facts


def _absent(field: str) -> Cond:
    return {"$nex": {field: 1}}


def _any_of(conds: list[Cond]) -> Cond:
    return conds[0] if len(conds) == 1 else {"$or": conds}


def _all_of(conds: list[Cond]) -> Cond:
    return conds[0] if len(conds) == 1 else {"$and": conds}


def _is_in(field: str, values: list[str], fields: Fields) -> Cond:
    if fields[field].kind == "categories":
        return _any_of([{"$iany": {field: {"$i": v}}} for v in values])
    return _any_of([{field: v} for v in values])


def _not_in(field: str, values: list[str]) -> Cond:
    return _all_of([{"$neq": {field: v}} for v in values])


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def fails(crit: Criterion, fields: Fields) -> Cond:
    """The condition under which a stated fact fails the criterion."""
    f = crit.field
    if crit.at_most is not None:
        return {"$gt": {f: _number(crit.at_most)}}
    if crit.at_least is not None:
        return {"$lt": {f: _number(crit.at_least)}}
    if crit.between is not None:
        low, high = crit.between
        return {"$or": [{"$lt": {f: _number(low)}}, {"$gt": {f: _number(high)}}]}
    if crit.is_ is not None:
        return {f: not crit.is_}
    if crit.none_of is not None:  # the value, or some item of the list, is one of the values
        return _is_in(f, crit.none_of, fields)
    assert crit.one_of is not None
    if fields[f].kind == "categories":  # no item of the list is one of the values
        return {"$iall": {f: _all_of([{"$neq": {"$i": v}} for v in crit.one_of])}}
    return _not_in(f, crit.one_of)


def _scope_terms(rule: Rule, fields: Fields) -> tuple[Cond, dict[str, Cond], dict[str, Cond], list[Cond]]:
    """Service test; per scope field: matches / might match; exclusion tests."""
    items = rule.applies_to.items()
    service = _is_in("service", items[0][1], fields)
    matches = {f: _is_in(f, v, fields) for f, v in items[1:]}
    # some scope fields must be stated to match: they have no "might apply" form
    possible = {f: c if fields[f].scope_when_stated else {"$or": [_absent(f), c]} for f, c in matches.items()}
    exclusions = []
    if rule.except_:
        exclusions = [{"$or": [_absent(f), _not_in(f, v)]} for f, v in rule.except_.items()]
    return service, matches, possible, exclusions


def compile_rule(key: str, rule: Rule, fields: Fields) -> dict[str, Cond]:
    """Durable rule name -> condition on the request fact ('m'), for one rule version."""
    service, matches, possible, exclusions = _scope_terms(rule, fields)
    out: dict[str, Cond] = {names.applies(key): _all_of([service, *matches.values(), *exclusions])}
    for field in matches:
        if fields[field].scope_when_stated:
            continue
        others = [c for f, c in possible.items() if f != field]
        out[names.scope_unknown(key, field)] = _all_of([service, _absent(field), *others, *exclusions])
    in_scope = [service, *possible.values(), *exclusions]
    for i, crit in enumerate(rule.criteria):
        if crit.stated is None:  # a "stated" criterion cannot fail, it only asks
            out[names.criterion_fail(key, i)] = _all_of([*in_scope, fails(crit, fields)])
        if crit.if_unknown == "ask":
            out[names.criterion_unknown(key, i)] = _all_of([*in_scope, _absent(crit.field)])
    return out


def compile_pack(pack: RulePack) -> dict[str, Cond]:
    """Every compiled condition of the pack, by durable rule name (deterministic order)."""
    out: dict[str, Cond] = {}
    for loaded in pack.rules:
        out.update(compile_rule(loaded.key, loaded.rule, pack.fields))
    return out


def compile_by_service(pack: RulePack) -> dict[str, dict[str, Cond]]:
    """The compiled conditions split by the services they name: a request is asserted only
    into its own service's ruleset, so its cost grows with that service's rules, not the pack's."""
    out: dict[str, dict[str, Cond]] = {}
    for loaded in pack.rules:
        compiled = compile_rule(loaded.key, loaded.rule, pack.fields)
        for service in loaded.rule.applies_to.items()[0][1]:
            out.setdefault(service, {}).update(compiled)
    return {service: out[service] for service in sorted(out)}


class CompiledByService(Mapping[str, dict[str, Cond]]):
    """compile_by_service, compiled one service at a time on first use: a pre-check of one
    request compiles only its own service's rules. Same contents and order as compile_by_service."""

    def __init__(self, pack: RulePack) -> None:
        self._pack = pack
        self._services = sorted({s for loaded in pack.rules for s in loaded.rule.applies_to.items()[0][1]})
        self._done: dict[str, dict[str, Cond]] = {}

    def __getitem__(self, service: str) -> dict[str, Cond]:
        if service not in self._done:
            if service not in self._services:
                raise KeyError(service)
            out: dict[str, Cond] = {}
            for loaded in self._pack.rules:
                if service in loaded.rule.applies_to.items()[0][1]:
                    out.update(compile_rule(loaded.key, loaded.rule, self._pack.fields))
            self._done[service] = out
        return self._done[service]

    def __contains__(self, service: object) -> bool:
        return service in self._services

    def __iter__(self) -> Iterator[str]:
        return iter(self._services)

    def __len__(self) -> int:
        return len(self._services)
