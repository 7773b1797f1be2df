"""The periods a pack's rules cover, by service, and what a pre-check says about them: the rule
versions a verdict used, and for a request no version covers, which period the pack covers and
which guideline is in force on the request's date (rules/in-force/)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from mtus_check.memo import MEMO_SIZE, remember
from mtus_check.models.verdict import PackCoverage, Period, RuleVersion, Verdict
from mtus_check.rules.loader import RulePack

_DAY = dt.timedelta(days=1)


def _merge(periods: list[Period]) -> list[Period]:
    """Overlapping or adjacent periods as one, oldest first."""
    out: list[Period] = []
    for p in sorted(periods, key=lambda p: p.effective_from):
        last = out[-1] if out else None
        if last is not None and (last.effective_to is None or p.effective_from <= last.effective_to + _DAY):
            if last.effective_to is not None and (p.effective_to is None or p.effective_to > last.effective_to):
                out[-1] = Period(effective_from=last.effective_from, effective_to=p.effective_to)
            continue
        out.append(p)
    return out


_PERIODS: dict[str, dict[str, tuple[Period, ...]]] = {}  # by pack hash


def _periods(pack: RulePack) -> dict[str, tuple[Period, ...]]:
    found: dict[str, list[Period]] = {}
    for loaded in pack.rules:
        c = loaded.citation
        for service in dict(loaded.rule.applies_to.items())["service"]:
            found.setdefault(service, []).append(Period(effective_from=c.effective_from, effective_to=c.effective_to))
    return {service: tuple(_merge(periods)) for service, periods in sorted(found.items())}


def service_periods(pack: RulePack) -> dict[str, tuple[Period, ...]]:
    """Every service some rule names, with the periods its rules cover (merged)."""
    if pack.info.hash not in _PERIODS:
        _PERIODS[pack.info.hash] = _periods(pack)
    return _PERIODS[pack.info.hash]


def guideline_periods(pack: RulePack) -> dict[str, dict[str, tuple[Period, ...]]]:
    """For each service, the periods each guideline's rules cover (the pack may cover a service
    after 2017 only with a non-MTUS or a postsurgical rule: this says which)."""
    found: dict[str, dict[str, list[Period]]] = {}
    for loaded in pack.rules:
        c = loaded.citation
        name = f"{c.guideline} {c.version}" if c.version else c.guideline
        for service in dict(loaded.rule.applies_to.items())["service"]:
            found.setdefault(service, {}).setdefault(name, []).append(
                Period(effective_from=c.effective_from, effective_to=c.effective_to)
            )
    return {
        service: {name: tuple(_merge(spans)) for name, spans in sorted(by_name.items())}
        for service, by_name in sorted(found.items())
    }


def rules_used(verdict: Verdict) -> list[RuleVersion]:
    """The rule versions behind a verdict's findings, each once, in finding order."""
    seen: dict[tuple[str, dt.date], RuleVersion] = {}
    for f in verdict.findings:
        c = f.citation
        seen.setdefault(
            (f.rule, c.effective_from),
            RuleVersion(
                rule=f.rule,
                guideline=c.guideline,
                version=c.version,
                effective_from=c.effective_from,
                effective_to=c.effective_to,
            ),
        )
    return list(seen.values())


class _Cover(NamedTuple):
    """What a no-guideline verdict says of the periods, the same for every request with the
    same date, service, body region and facts the in-force entries read."""

    covered: tuple[Period, ...]
    in_force: tuple[str, ...]
    notes: tuple[str, ...]
    summary: str | None  # None: an unrecognized service keeps its own summary


class _Covers:
    """One pack's coverage notes by request: `InForce.applying` filters every entry by date,
    service and facts, and a batch asks the same few questions again and again; each answer
    is worked out once."""

    def __init__(self, pack: RulePack) -> None:
        self.pack = pack
        # the request facts an entry's `when` reads: the only ones its answer depends on
        self.when = tuple(sorted({name for entry in pack.in_force.entries for name in entry.when}))
        self.memo: dict[tuple[object, ...], _Cover] = {}

    @classmethod
    def of(cls, pack: RulePack) -> _Covers:
        found = _COVERS.get(pack.info.hash)
        if found is None or found.pack is not pack:
            found = _COVERS[pack.info.hash] = cls(pack)
        return found

    def cover(self, date: dt.date, request: dict[str, Any]) -> _Cover:
        service, region = str(request.get("service")), request.get("body_region")
        key = (date, service, region, *(request.get(name) is True for name in self.when))
        found = self.memo.get(key)
        if found is None:
            found = remember(
                self.memo, key, self._cover(date, service, str(region) if region else None, request), MEMO_SIZE
            )
        return found

    def _cover(self, date: dt.date, service: str, region: str | None, request: dict[str, Any]) -> _Cover:
        term = self.pack.vocabulary.services.terms.get(service)
        applying = self.pack.in_force.applying(date, service, term.category if term else None, request)
        covered = service_periods(self.pack).get(service, ())
        in_force = tuple(entry.describe(region) for entry in applying)
        summary = None
        if term is not None:
            found = PackCoverage(service=service, date=date, covered=list(covered), in_force=list(in_force))
            why = f" {term.no_rule}" if term.no_rule else ""  # why the pack has no rule for it
            summary = coverage_summary(found, term.label.lower()) + why
        return _Cover(covered, in_force, tuple(entry.note for entry in applying if entry.note), summary)


_COVERS: dict[str, _Covers] = {}  # by pack hash


def _cover(verdict: Verdict, pack: RulePack) -> _Cover | None:
    if verdict.verdict != "no-guideline" or verdict.as_of is None:
        return None
    return _Covers.of(pack).cover(verdict.as_of, verdict.request)


def _coverage(verdict: Verdict, found: _Cover) -> PackCoverage:
    assert verdict.as_of is not None
    return PackCoverage(
        service=str(verdict.request.get("service")),
        date=verdict.as_of,
        covered=list(found.covered),
        in_force=list(found.in_force),
    )


def coverage(verdict: Verdict, pack: RulePack) -> PackCoverage | None:
    """For a verdict no rule decided, on a known date: the pack's periods and what is in force."""
    found = _cover(verdict, pack)
    return None if found is None else _coverage(verdict, found)


def coverage_summary(found: PackCoverage, label: str) -> str:
    """The sentence a no-guideline verdict leads with, naming the periods and what applies."""
    outside = found.covered and not any(
        p.effective_from <= found.date and (p.effective_to is None or found.date <= p.effective_to)
        for p in found.covered
    )
    if outside:
        spans = "; ".join(str(p) for p in found.covered)
        head = f"No version of this pack's {label} rules is in force on {found.date}: they cover {spans}."
    else:
        head = f"No rule in this pack applies to {label} as requested on {found.date}."
    if found.in_force:
        return f"{head} The MTUS in force on {found.date}: {' | '.join(found.in_force)}"
    return head


def annotate(verdict: Verdict, pack: RulePack, notes: list[str] | None = None) -> Verdict:
    """`verdict` with the rule versions it used, its coverage note and any `notes`, set in place
    (a verdict fresh from Engine.check is its caller's; a copy cost more than the rest of this)."""
    found = _cover(verdict, pack)
    if verdict.findings or verdict.rules_used:  # else it stays the empty list it is
        verdict.rules_used = rules_used(verdict)
    added = [*(notes or []), *(found.notes if found else ())]
    if added:
        verdict.notes = [*verdict.notes, *added]
    if found is not None:
        verdict.coverage = _coverage(verdict, found)
        if found.summary is not None:
            verdict.summary = found.summary
    return verdict
