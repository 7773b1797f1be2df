"""The zen-engine (GoRules) anchor: the loaded pack's rules, where each test is a plain
comparison of one request field, translated into JDM decision tables.

One decision graph per service (input -> decision table, hit policy "collect" -> output), as
the durable-rules backend keeps one ruleset per service. Each row of a table is one outcome
that `engine.compile` gives a rule (it applies, a scope fact is unstated, a criterion fails,
a criterion's fact is unstated) and outputs that outcome's name, so zen's answer and
durable-rules' answer are the same kind of thing and can be compared name for name.

Not translated: a rule that tests a list-valued fact (a request's diagnoses, body regions,
current medications) in its scope, exclusions or criteria. Those are membership tests on a
list, not comparisons of one value; the pre-check has them, the anchor does not.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from mtus_check.engine import explain, names
from mtus_check.models.request import FactField
from mtus_check.rules.loader import LoadedRule, RulePack
from mtus_check.rules.schema import Criterion, Rule

ZEN_MISSING = "zen-engine not installed: pip install '.[bench]'"

Cells = list[tuple[str, str]]  # (fact field, a ZEN expression on it); all must hold


class ZenMissing(Exception):
    """zen-engine is an optional extra of the benchmarks."""


@dataclass
class Translation:
    """The pack as JDM graphs, and what could not be translated."""

    graphs: dict[str, dict[str, Any]] = field(default_factory=dict)  # service -> JDM graph
    translated: list[str] = field(default_factory=list)  # rule version keys
    skipped: Counter[str] = field(default_factory=Counter)  # why -> rule versions
    rows: int = 0


def _literal(values: list[Any]) -> str:
    return json.dumps(values)  # ZEN's array, string, number and boolean literals are JSON's


def _is_in(f: str, values: list[Any]) -> str:
    return f"{f} in {_literal(values)}"


def _fails(crit: Criterion) -> str:
    """The condition under which a stated value fails the criterion (an unstated one never does)."""
    f = crit.field
    if crit.at_most is not None:
        test = f"{f} > {crit.at_most}"
    elif crit.at_least is not None:
        test = f"{f} < {crit.at_least}"
    elif crit.between is not None:
        test = f"({f} < {crit.between[0]} or {f} > {crit.between[1]})"
    elif crit.is_ is not None:
        test = f"{f} == {_literal([not crit.is_])[1:-1]}"
    elif crit.none_of is not None:
        test = _is_in(f, crit.none_of)
    else:
        assert crit.one_of is not None
        test = f"not ({_is_in(f, crit.one_of)})"
    return f"{f} != null and {test}"


def untranslatable(rule: Rule, fields: dict[str, FactField]) -> str | None:
    """Why a rule has no JDM form here, or None when every test is a plain comparison."""
    tested = [("scope", f) for f, _ in rule.applies_to.items()[1:]]
    tested += [("exclusion", f) for f, _ in (rule.except_.items() if rule.except_ else [])]
    tested += [("criterion", c.field) for c in rule.criteria]
    for where, name in tested:
        if fields[name].kind == "categories":
            return f"{where} on the list-valued fact {name}"
    return None


def rows(key: str, rule: Rule, fields: dict[str, FactField]) -> list[tuple[Cells, str]]:
    """(conditions, outcome name) for each outcome `engine.compile.compile_rule` gives the rule,
    condition for condition (the service is the graph's, not a column)."""
    scope = rule.applies_to.items()[1:]
    matches = {f: _is_in(f, v) for f, v in scope}
    possible = {f: c if fields[f].scope_when_stated else f"{f} == null or {c}" for f, c in matches.items()}
    exclusions = [
        (f, f"{f} == null or not ({_is_in(f, v)})") for f, v in (rule.except_.items() if rule.except_ else [])
    ]
    out: list[tuple[Cells, str]] = [([*matches.items(), *exclusions], names.applies(key))]
    for name in matches:
        if not fields[name].scope_when_stated:
            others = [(f, c) for f, c in possible.items() if f != name]
            out.append(([(name, f"{name} == null"), *others, *exclusions], names.scope_unknown(key, name)))
    in_scope = [*possible.items(), *exclusions]
    for i, crit in enumerate(rule.criteria):
        if crit.stated is None:
            out.append(([*in_scope, (crit.field, _fails(crit))], names.criterion_fail(key, i)))
        if crit.if_unknown == "ask":
            out.append(([*in_scope, (crit.field, f"{crit.field} == null")], names.criterion_unknown(key, i)))
    return out


def _graph(table: list[tuple[Cells, str]]) -> dict[str, Any]:
    columns = sorted({f for cells, _ in table for f, _ in cells})
    rules = []
    for n, (cells, name) in enumerate(table):
        by_field: dict[str, list[str]] = {}
        for f, condition in cells:
            by_field.setdefault(f, []).append(f"({condition})")
        row = {"_id": f"r{n}", "out": json.dumps(name)}
        row.update({f"in_{f}": " and ".join(by_field.get(f, [])) for f in columns})
        rules.append(row)
    content = {
        "hitPolicy": "collect",
        # no `field`: a cell is then a standard ZEN expression over the request, not a "unary"
        # test of one value, whose parser does not take a parenthesized `and`/`or`
        "inputs": [{"id": f"in_{f}", "name": f} for f in columns],
        "outputs": [{"id": "out", "name": "outcome", "field": "outcome"}],
        "rules": rules,
    }
    node = {"position": {"x": 0, "y": 0}}
    return {
        "nodes": [
            {**node, "id": "request", "type": "inputNode", "name": "request", "content": {}},
            {**node, "id": "limits", "type": "decisionTableNode", "name": "limits", "content": content},
            {**node, "id": "outcomes", "type": "outputNode", "name": "outcomes", "content": {}},
        ],
        "edges": [
            {"id": "e1", "sourceId": "request", "targetId": "limits", "type": "edge"},
            {"id": "e2", "sourceId": "limits", "targetId": "outcomes", "type": "edge"},
        ],
    }


def translate(pack: RulePack) -> Translation:
    """Every translatable rule version of the pack, by service, in pack order."""
    result = Translation()
    tables: dict[str, list[tuple[Cells, str]]] = {}
    for loaded in pack.rules:
        why = untranslatable(loaded.rule, pack.fields)
        if why is not None:
            result.skipped[why] += 1
            continue
        result.translated.append(loaded.key)
        table = rows(loaded.key, loaded.rule, pack.fields)
        for service in loaded.rule.applies_to.items()[0][1]:
            tables.setdefault(service, []).extend(table)
        result.rows += len(table)
    result.graphs = {service: _graph(tables[service]) for service in sorted(tables)}
    return result


class ZenBackend:
    """Same interface as the engine's backends (a fact in, fired outcome names out), over
    the translated rules only. Raises ZenMissing when zen-engine is not installed."""

    name = "zen"

    def __init__(self, pack: RulePack) -> None:
        try:
            import zen
        except ImportError:
            raise ZenMissing(ZEN_MISSING) from None
        self.translation = translate(pack)
        engine = zen.ZenEngine()
        self._decisions = {s: engine.create_decision(json.dumps(g)) for s, g in self.translation.graphs.items()}

    def fired(self, fact: dict[str, Any]) -> list[str]:
        decision = self._decisions.get(fact["service"])
        if decision is None:
            return []
        found: Any = decision.evaluate(fact)["result"]  # "collect": a list of rows (the stub says dict)
        return [row["outcome"] for row in found]


def statuses(pack: RulePack, fired: list[str], keys: set[str]) -> dict[str, str]:
    """Each rule's status (pass, fail, unknown) from fired names, for the rules in `keys`."""
    by_key: dict[str, LoadedRule] = {r.key: r for r in pack.rules}
    return {k: explain.status_of(by_key[k], o) for k, o in names.parse(fired).items() if k in keys}


def agreement(pack: RulePack, facts: list[dict[str, Any]], zen: ZenBackend, durable: Any) -> tuple[int, list[str]]:
    """(requests on which zen and the engine give every translated rule the same status,
    the first few disagreements, described)."""
    keys = set(zen.translation.translated)
    agree, shown = 0, list[str]()
    for fact in facts:
        ours, theirs = statuses(pack, durable.fired(fact), keys), statuses(pack, zen.fired(fact), keys)
        if ours == theirs:
            agree += 1
        elif len(shown) < 5:
            shown.append(f"{json.dumps(fact, sort_keys=True)}: engine {ours}, zen {theirs}")
    return agree, shown
