"""Lint a loaded pack: mistakes the schema cannot see (contradictions, impossible criteria,
citations without pages, periods in the future). Problems carry severity and a fix."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Iterator
from typing import cast

from annotated_types import Ge, Gt, Le, Lt

from mtus_check.errors import Location, Problem
from mtus_check.models.request import Request
from mtus_check.rules.loader import LoadedRule, RulePack
from mtus_check.rules.schema import Criterion


def _field_bounds(name: str, pack: RulePack) -> tuple[float, float]:
    """The values a field can take, from the request model's constraints or the fact's spec."""
    low, high = -math.inf, math.inf
    info = Request.model_fields.get(name)
    if name == "total_sessions":
        return 1, 2000
    spec = pack.facts.get(name)
    if spec is not None:
        low = spec.minimum if spec.minimum is not None else low
        high = spec.maximum if spec.maximum is not None else high
    for meta in info.metadata if info else ():
        if isinstance(meta, Ge):
            low = max(low, float(cast(float, meta.ge)))
        elif isinstance(meta, Gt):
            low = max(low, float(cast(float, meta.gt)))
        elif isinstance(meta, Le):
            high = min(high, float(cast(float, meta.le)))
        elif isinstance(meta, Lt):
            high = min(high, float(cast(float, meta.lt)))
    return low, high


def _passing_range(crit: Criterion) -> tuple[float, float] | None:
    if crit.at_most is not None:
        return -math.inf, crit.at_most
    if crit.at_least is not None:
        return crit.at_least, math.inf
    if crit.between is not None:
        return crit.between
    return None


def impossible_criteria(loaded: LoadedRule, pack: RulePack) -> Iterator[Problem]:
    """Criteria no request can meet (e.g. quantity at most 0 when quantity is at least 1)."""
    for crit in loaded.rule.criteria:
        passing = _passing_range(crit)
        if passing is None or pack.fields.get(crit.field) is None:
            continue
        low, high = _field_bounds(crit.field, pack)
        if passing[1] < low or passing[0] > high:
            yield Problem(
                loaded.location,
                f"{loaded.id}: '{crit.field} {crit.test} {crit.expected}' can never hold "
                f"({crit.field} is between {low:g} and {high:g})",
                code="lint-impossible",
                fix=f"check the number; {crit.field} is never outside {low:g}..{high:g}",
            )


def _overlap(a: LoadedRule, b: LoadedRule) -> bool:
    end_a = a.citation.effective_to or dt.date.max
    end_b = b.citation.effective_to or dt.date.max
    return a.citation.effective_from <= end_b and b.citation.effective_from <= end_a


def contradictions(pack: RulePack) -> Iterator[Problem]:
    """Two rules with the same scope, in force together, whose tests on one field cannot both pass."""
    for a, b in itertools.combinations(pack.rules, 2):
        if a.id == b.id or not _overlap(a, b):
            continue
        if a.rule.applies_to != b.rule.applies_to or a.rule.except_ != b.rule.except_:
            continue
        if a.rule.alternatives and a.rule.alternatives == b.rule.alternatives:
            continue  # alternatives are meant to differ
        for ca, cb in itertools.product(a.rule.criteria, b.rule.criteria):
            if ca.field != cb.field:
                continue
            ra, rb = _passing_range(ca), _passing_range(cb)
            clash = (ra and rb and (ra[1] < rb[0] or rb[1] < ra[0])) or (
                ca.is_ is not None and cb.is_ is not None and ca.is_ != cb.is_
            )
            if clash:
                yield Problem(
                    b.location,
                    f"{b.id} contradicts {a.id} (at {a.location}): '{cb.field} {cb.test} "
                    f"{cb.expected}' and '{ca.field} {ca.test} {ca.expected}' cannot both pass for the same "
                    f"scope",
                    code="lint-contradiction",
                    fix="narrow one rule's applies_to, make them alternatives, or correct a number",
                )


def citations(pack: RulePack, today: dt.date) -> Iterator[Problem]:
    """MTUS citations need pages (regulation sections excepted); periods should not start in the future."""
    for loaded in pack.rules:
        c = loaded.citation
        regulation = "CCR" in c.section or c.source != "mtus"
        if not c.pages and not regulation and not loaded.rule.notes:
            yield Problem(
                loaded.location,
                f"{loaded.id}: the citation has no page",
                code="lint-citation-page",
                severity="warning",
                fix="add pages: (or explain in notes: why the edition has none)",
            )
        if c.effective_from > today:
            yield Problem(
                loaded.location,
                f"{loaded.id}: effective_from {c.effective_from} is in the future",
                code="lint-future",
                severity="warning",
                fix="check the date; a rule not yet in force never applies to today's requests",
            )


def criterion_pages(pack: RulePack) -> Iterator[Problem]:
    """Every criterion of an MTUS rule names its guideline page, its own or the citation's."""
    for loaded in pack.rules:
        c = loaded.citation
        if c.pages or c.source != "mtus" or "CCR" in c.section:
            continue
        for crit in loaded.rule.criteria:
            if not crit.page:
                yield Problem(
                    loaded.location,
                    f"{loaded.id}: criterion on {crit.field} has no guideline page",
                    code="lint-criterion-page",
                    severity="warning",
                    fix="add page: to the criterion (or pages: to the citation) from the guideline text",
                )


def criterion_texts(pack: RulePack) -> Iterator[Problem]:
    """A criterion with a test but no pass: text: its passing reason is made from the test's
    words ("functional improvement yes is is yes"), which reads badly in every verdict."""
    for loaded in pack.rules:
        for crit in loaded.rule.criteria:
            if crit.stated is None and not crit.pass_:
                yield Problem(
                    loaded.location,
                    f"{loaded.id}: criterion on {crit.field} has no pass: text",
                    code="lint-criterion-pass",
                    severity="warning",
                    fix="add pass: with the sentence shown when the test passes, e.g. '{value} visits, within {limit}'",
                )


# an IMR case number ("CM16-0123456"): a letter is evidence of one reviewer's reading, never a rule's source
CASE_NUMBER = re.compile(r"\bCM\d{2}-\d{7}\b", re.IGNORECASE)


def case_numbers(pack: RulePack) -> Iterator[Problem]:
    """Rule files (comments included) that give an IMR case number as a source."""
    for path in pack.files:
        if path.name.endswith(".cases.yaml"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = CASE_NUMBER.search(line)
            if found:
                yield Problem(
                    Location(str(path), number, found.start() + 1),
                    f"cites IMR case {found.group(0)} as a source",
                    code="lint-case-number",
                    severity="warning",
                    fix="cite the guideline text (section and page) instead; one letter fits one letter",
                )


def lint(pack: RulePack, today: dt.date | None = None) -> list[Problem]:
    """Every lint problem of a valid pack, sorted by place."""
    today = today or dt.date.today()
    found = [p for r in pack.rules for p in impossible_criteria(r, pack)]
    found += list(contradictions(pack))
    found += list(citations(pack, today))
    found += list(criterion_pages(pack))
    found += list(criterion_texts(pack))
    found += list(case_numbers(pack))
    return sorted(found)
