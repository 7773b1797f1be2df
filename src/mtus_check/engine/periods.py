"""The periods a pack's rules cover, by service, and what a pre-check says about them: the rule
versions a verdict used, and for a request no version covers, which period the pack covers and
which guideline is in force on the request's date (rules/in-force/)."""

from __future__ import annotations

import datetime as dt

from mtus_check.models.verdict import PackCoverage, Period, RuleVersion, Verdict
from mtus_check.rules.in_force import InForceEntry
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


def _applying(verdict: Verdict, pack: RulePack) -> list[InForceEntry]:
    if verdict.verdict != "no-guideline" or verdict.as_of is None:
        return []
    service = str(verdict.request.get("service"))
    term = pack.vocabulary.services.terms.get(service)
    return pack.in_force.applying(verdict.as_of, service, term.category if term else None, verdict.request)


def coverage(verdict: Verdict, pack: RulePack) -> PackCoverage | None:
    """For a verdict no rule decided, on a known date: the pack's periods and what is in force."""
    date = verdict.as_of
    if verdict.verdict != "no-guideline" or date is None:
        return None
    service = str(verdict.request.get("service"))
    applying = _applying(verdict, pack)
    region = verdict.request.get("body_region")
    return PackCoverage(
        service=service,
        date=date,
        covered=list(service_periods(pack).get(service, ())),
        in_force=[entry.describe(str(region) if region else None) for entry in applying],
    )


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
    """The verdict with the rule versions it used, its coverage note and any `notes`."""
    found = coverage(verdict, pack)
    said = [entry.note for entry in _applying(verdict, pack) if entry.note]
    update: dict[str, object] = {"rules_used": rules_used(verdict), "notes": [*verdict.notes, *(notes or []), *said]}
    if found is not None:
        term = pack.vocabulary.services.terms.get(found.service)
        update["coverage"] = found
        if term is not None:  # an unrecognized service keeps its own summary ("service not recognized: ...")
            why = f" {term.no_rule}" if term.no_rule else ""  # why the pack has no rule for it
            update["summary"] = coverage_summary(found, term.label.lower()) + why
    return verdict.model_copy(update=update)
