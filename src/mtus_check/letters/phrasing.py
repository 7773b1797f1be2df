"""Phrasing cases (rules/facts/NAME.cases.yaml): sentences as clinicians and reviewers write
them and the value each states; run by pytest and by `mtus-check rules test-facts`."""

from __future__ import annotations

__all__ = ["LoadedPhrasing", "PhrasingResult", "load_phrasing", "run_phrasing"]

import re
from collections.abc import Callable
from dataclasses import dataclass

from mtus_check.letters.facts import dated, fact_finders, fact_reader
from mtus_check.letters.history import before_injury
from mtus_check.letters.imaging import imaging_finders
from mtus_check.letters.region_scope import about_scopes, regions_in
from mtus_check.letters.sentences import Sentence, sentences
from mtus_check.rules.fact_cases import LoadedPhrasing, load_phrasing
from mtus_check.rules.factspec import Scope
from mtus_check.rules.loader import RulePack
from mtus_check.rules.shorthand import spelling


@dataclass(frozen=True)
class PhrasingResult:
    loaded: LoadedPhrasing
    outcome: str  # passed, failed, skipped
    actual: bool | float | None


def _about(pack: RulePack, region: str | None) -> Callable[[Sentence, Scope], bool] | None:
    """A case's region: whether a sentence can speak, under a phrase's scope, for a letter's item
    about that region."""
    if region is None:
        return None
    return about_scopes([region], pack.vocabulary, regions_in(pack.vocabulary))


def run_phrasing(pack: RulePack, cases: list[LoadedPhrasing], pattern: str | None = None) -> list[PhrasingResult]:
    """Read each case's sentence as a case summary (or, with mode findings, as a sentence of the
    reviewer's rationale) and compare with what it expects."""
    reader = fact_reader(pack.facts, pack.vocabulary)
    spelled = spelling(pack.facts.shorthand)  # read as a letter's sentences are
    regex = re.compile(pattern) if pattern else None
    results = []
    for loaded in cases:
        if regex is not None and not regex.search(loaded.case_id):
            continue
        mode = loaded.case.mode
        told = sentences(loaded.case.text, 0, "summary" if mode == "case" else "rationale", spelled)
        sents = list(before_injury(told, loaded.case.injured))
        about = _about(pack, loaded.case.region)
        actual: bool | float | None
        if loaded.fact in reader.compiled:
            found = reader.read(loaded.fact, sents, mode, about)
            actual = None if found is None else bool(found.value)
        else:
            # a fact read by its own grammar (a number), as a letter dated `as_of` reads it
            finder = dated(fact_finders(pack.facts, pack.vocabulary, mode), loaded.case.as_of).get(
                loaded.fact
            ) or imaging_finders(pack.facts, pack.vocabulary).get(loaded.fact)
            spec = pack.facts.get(loaded.fact)
            scope = spec.scope if spec is not None else "none"
            found = finder([s for s in sents if about is None or about(s, scope)]) if finder is not None else None
            actual = None if found is None else found.value
        outcome = "skipped" if loaded.case.skip else "passed" if actual == loaded.case.expect else "failed"
        results.append(PhrasingResult(loaded, outcome, actual))
    return results
