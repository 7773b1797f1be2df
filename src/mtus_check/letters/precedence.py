"""Which source decides each fact of an item, as rules/facts/sources.yaml declares: the facts
each source states go in, one fact per name comes out."""

from __future__ import annotations

from collections.abc import Mapping

from mtus_check.letters.models import ExtractedFact
from mtus_check.rules.factspec import FACT_SOURCES, FactSource, SourcesFile

Stated = Mapping[FactSource, Mapping[str, ExtractedFact]]


def decide(stated: Stated, precedence: SourcesFile) -> tuple[dict[str, ExtractedFact], dict[str, FactSource]]:
    """The facts of an item, each from the first of its sources that states it (after the yields),
    in source order then each source's own order; and the source each came from."""
    by_fact: dict[str, dict[FactSource, ExtractedFact]] = {}
    for source in FACT_SOURCES:
        for name, fact in stated.get(source, {}).items():
            by_fact.setdefault(name, {})[source] = fact
    for name, spec in precedence.facts.items():
        for step in spec.yields:
            other = by_fact.get(step.to, {})
            if any(source in other for source in (step.stated_by or FACT_SOURCES)):
                for source in step.sources:
                    by_fact.get(name, {}).pop(source, None)
    winner = {name: next((s for s in precedence.order(name) if s in found), None) for name, found in by_fact.items()}
    facts: dict[str, ExtractedFact] = {}
    origin: dict[str, FactSource] = {}
    for source in FACT_SOURCES:
        for name in stated.get(source, {}):
            if name not in facts and winner.get(name) == source:
                facts[name], origin[name] = by_fact[name][source], source
    return facts, origin
