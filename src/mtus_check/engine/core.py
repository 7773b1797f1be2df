"""The engine facade: a request in, an explained verdict out."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, NamedTuple, Protocol

from mtus_check.engine import explain, names
from mtus_check.engine.compile import CompiledByService
from mtus_check.engine.facts import RequestError, build_fact, symptom_limit
from mtus_check.memo import MEMO_SIZE, remember
from mtus_check.models.request import Request
from mtus_check.models.verdict import CriterionResult, Finding, NeedsInfoKind, Status, Verdict, VerdictKind
from mtus_check.rules.loader import LoadedRule, RulePack
from mtus_check.rules.request_facts import facts_key

BackendName = Literal["durable", "reference"]
# the reason a request whose service the vocabulary lacks gets no-guideline (stable: reports group on it)
SERVICE_NOT_RECOGNIZED = "service not recognized"


class _Status(NamedTuple):
    """A finding reduced to what deciding needs (explain.Decided)."""

    rule: str
    alternatives: str | None
    status: Status


class Backend(Protocol):
    name: str

    def fired(self, fact: dict[str, Any]) -> list[str]: ...


def make_backend(pack: RulePack, backend: BackendName = "durable") -> Backend:
    """The evaluator for a pack: durable-rules, or the plain-Python reference."""
    if backend == "reference":
        from mtus_check.engine.reference import ReferenceBackend

        return ReferenceBackend(pack)
    from mtus_check.engine.durable_backend import DurableBackend

    return DurableBackend(CompiledByService(pack))


def active_rules(pack: RulePack, as_of: dt.date | None) -> dict[str, LoadedRule]:
    """Rule versions in force on `as_of`; with no date, the newest version of each rule."""
    chosen: dict[str, LoadedRule] = {}
    for loaded in pack.rules:
        c = loaded.citation
        if as_of is not None:
            if c.effective_from <= as_of and (c.effective_to is None or as_of <= c.effective_to):
                chosen[loaded.id] = loaded
        else:
            current = chosen.get(loaded.id)
            if current is None or c.effective_from > current.citation.effective_from:
                chosen[loaded.id] = loaded
    return {r.key: r for r in chosen.values()}


class _InForce:
    """The rule versions in force on some dates (dates with the same versions share one), the
    services they name, and what they make of each set of fired names seen so far: a batch's
    facts fire the same few sets (the outcomes are only read, so verdicts may share them)."""

    def __init__(self, rules: dict[str, LoadedRule]) -> None:
        self.rules = rules
        self.services = frozenset(s for r in rules.values() for s in r.rule.applies_to.items()[0][1])
        self.outcomes: dict[tuple[str, ...], list[tuple[LoadedRule, names.RuleOutcome]]] = {}


class Engine:
    """Checks requests against one rule pack. Not thread-safe; use one per process."""

    def __init__(self, pack: RulePack, backend: BackendName = "durable") -> None:
        self.pack = pack
        self.backend = make_backend(pack, backend)
        self._by_date: dict[dt.date | None, _InForce] = {}
        self._by_rules: dict[frozenset[str], _InForce] = {}
        # stated facts the specs leave as they are: a batch states the same few again and again
        self._typed: dict[tuple[object, ...], None] = {}
        self._order = {r.key: i for i, r in enumerate(pack.rules)}
        self._texts: dict[str, explain.RuleTexts] = {}  # prepared on a rule's first finding
        self._symptom_limit = symptom_limit(pack)  # see build_fact

    def _rule_texts(self, rule: LoadedRule) -> explain.RuleTexts:
        """A rule's fixed texts, prepared once per engine, when the rule first has a finding: a
        single pre-check does not prepare the texts of every rule of the pack."""
        texts = self._texts.get(rule.key)
        if texts is None:
            texts = self._texts[rule.key] = explain.RuleTexts.of(rule, self.pack.fields)
        return texts

    def _in_force(self, as_of: dt.date | None) -> _InForce:
        found = self._by_date.get(as_of, None)
        if found is None:
            rules = active_rules(self.pack, as_of)
            found = self._by_rules.get(frozenset(rules))
            if found is None:
                found = self._by_rules[frozenset(rules)] = _InForce(rules)
            remember(self._by_date, as_of, found, MEMO_SIZE)  # a batch over many dates
        return found

    def check(self, request: Request | dict[str, Any], as_of: dt.date | None = None, suggest: bool = True) -> Verdict:
        """Evaluate one request against every applicable rule and explain the result.

        `as_of` selects rule versions when the request has no date_of_service; `suggest=False`
        skips modify_to (left None) for callers that do not show it, such as the audit. A service
        the vocabulary does not know gets `no-guideline` ("service not recognized: ..."), never an
        error: no rule can speak for it. Raises RequestError for another word the vocabulary
        lacks (a body region), which the user must correct.
        """
        if not isinstance(request, Request):
            request = Request.model_validate(request)
        # facts are declared by the pack's specs: unknown names and wrong types stop here
        stated = request.model_extra
        if stated:
            key = facts_key(stated)
            if key is None or key not in self._typed:
                checked, problems = self.pack.request_facts.apply(request)
                if problems:
                    raise RequestError(problems[0].message + ".", "facts", fix=problems[0].fix)
                if checked is request and key is not None:  # the specs leave these facts as stated
                    remember(self._typed, key, None, MEMO_SIZE)
                request = checked
        return self._check(request, as_of, suggest)

    def _applicable(self, fact: dict[str, Any], date: dt.date | None) -> list[tuple[LoadedRule, names.RuleOutcome]]:
        """The rules in force that fired for the fact, in pack order; a fallback alternative
        steps aside when another rule of its set clearly applies."""
        in_force = self._in_force(date)
        if fact["service"] not in in_force.services:
            return []  # no rule in force on the date names the service: nothing the engine says can apply
        fired = tuple(self.backend.fired(fact))
        found = in_force.outcomes.get(fired)
        if found is None:
            found = remember(in_force.outcomes, fired, self._applicable_of(fired, in_force.rules), MEMO_SIZE)
        return found

    def _applicable_of(
        self, fired: tuple[str, ...], active: dict[str, LoadedRule]
    ) -> list[tuple[LoadedRule, names.RuleOutcome]]:
        outcomes = names.parse(fired)
        applicable = [
            (active[key], outcome)
            for key, outcome in sorted(outcomes.items(), key=lambda kv: self._order.get(kv[0], 0))
            if key in active
        ]
        specific = {r.rule.alternatives for r, o in applicable if o.applies and not r.rule.fallback}
        return [(r, o) for r, o in applicable if not (r.rule.fallback and r.rule.alternatives in specific)]

    def _check(self, request: Request, as_of: dt.date | None, suggest: bool) -> Verdict:
        if self.pack.vocabulary.services.lookup(request.service) is None:
            return self._not_recognized(request, as_of)
        fact = build_fact(request, self.pack.vocabulary, self.pack.fields, self._symptom_limit)
        date = request.date_of_service or as_of
        term = self.pack.vocabulary.services.terms[fact.values["service"]]
        service_label = term.label.lower()
        findings = [
            explain.finding(rule, outcome, fact.values, service_label, self._rule_texts(rule))
            for rule, outcome in self._applicable(fact.values, date)
        ]
        verdict, summary = self._decide(findings, service_label)
        if verdict == "no-guideline" and term.no_rule:
            summary = f"{summary} {term.no_rule}"
        missing: list[str] = []
        for f in findings:
            if f.status == "unknown":
                missing.extend(m for m in f.missing if m not in missing)
        modify_to = self._modify(request, fact.values, findings, date) if suggest and verdict == "non-certify" else None
        # validated, not model_construct: with pydantic-core's validator it is the faster of the two
        return Verdict(
            id=request.id,
            verdict=verdict,
            summary=summary,
            findings=findings,
            missing=missing,
            needs_info_kind=_needs_info_kind(findings) if verdict == "needs-info" else None,
            modify_to=modify_to,
            request=fact.values,  # validation copies it into the verdict's own dict
            derived=fact.derived,
            as_of=date,
            rule_pack=self.pack.info,
        )

    def _not_recognized(self, request: Request, as_of: dt.date | None) -> Verdict:
        """No rule applies to a service the vocabulary does not name; say so, and the nearest names."""
        near = self.pack.vocabulary.services.suggest(request.service)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        return Verdict(
            id=request.id,
            verdict="no-guideline",
            summary=f"{SERVICE_NOT_RECOGNIZED}: {request.service}{hint}",
            request=request.model_dump(mode="json", exclude_none=True, exclude={"id"}),
            as_of=request.date_of_service or as_of,
            rule_pack=self.pack.info,
        )

    def _passes(self, request: Request, date: dt.date | None) -> bool:
        """Whether the request would be certified or only need information: the engine's
        statuses, decided as _decide does, without writing any explanation."""
        fact = build_fact(request, self.pack.vocabulary, self.pack.fields, self._symptom_limit)
        decided = [
            _Status(r.rule.id, r.rule.alternatives, explain.status_of(r, o))
            for r, o in self._applicable(fact.values, date)
        ]
        return bool(decided) and "fail" not in explain.combine(decided).values()

    @staticmethod
    def _decide(findings: list[Finding], service: str) -> tuple[VerdictKind, str]:
        if not findings:
            return "no-guideline", f"No rule in this pack applies to {service} as requested."
        units = explain.combine(findings)
        worst = "fail" if "fail" in units.values() else "unknown" if "unknown" in units.values() else "pass"
        # lead with a finding that decides: its own status is the verdict's and its unit's
        lead = next(f for f in findings if f.status == worst and units[explain.unit_of(f)] == worst)
        if worst == "fail":
            return "non-certify", f"{lead.reason} ({lead.rule})"
        if worst == "unknown":
            return (
                "needs-info",
                f"Cannot decide without: {'; '.join(lead.missing) or lead.reason} ({lead.rule})",
            )
        return "certify", f"{lead.reason} ({lead.rule})"

    def _modify(
        self, request: Request, fact: dict[str, Any], findings: list[Finding], date: dt.date | None
    ) -> dict[str, Any] | None:
        """The smaller request that would pass, if only size limits failed (UR may modify)."""
        bounds = explain.failing_bounds(findings, self.pack.fields)
        if not bounds:
            return None
        changes: dict[str, Any] = {}
        for c in bounds:
            new = _bounded(c)
            if new is None:
                return None
            if c.field == "total_sessions":
                field, new = "quantity", new - fact.get("prior_sessions", 0)
            else:
                field = c.field
            if new <= 0:
                return None
            changes[field] = min(changes.get(field, new), new)
        if "quantity" in changes:
            changes["quantity"] = int(changes["quantity"])
        # an unstated quantity stays unstated: it is derived again from frequency x duration
        return changes if self._passes(request.model_copy(update=changes), date) else None


def _needs_info_kind(findings: list[Finding]) -> NeedsInfoKind:
    """'documentation' when an undecided unit lacks what the guideline requires the provider to
    document (reviewers deny such requests); else 'unstated': the request is simply not decided."""
    units = explain.combine(findings)
    for f in findings:
        undecided = f.status == "unknown" and units[explain.unit_of(f)] == "unknown"
        if undecided and any(c.status == "unknown" and c.required_documentation for c in f.criteria):
            return "documentation"
    return "unstated"


def _bounded(c: CriterionResult) -> float | int | None:
    if c.test.startswith("at most"):
        return c.expected
    low_high = c.expected
    if isinstance(low_high, (list, tuple)) and c.actual is not None and c.actual > low_high[1]:
        return low_high[1]
    return None
