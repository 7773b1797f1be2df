"""Phrasing cases (rules/facts/NAME.cases.yaml): sentences as clinicians and reviewers write
them and the value each states; run by pytest and by `mtus-check rules test-facts`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import ValidationError

from mtus_check.errors import Location, Problem, ProblemsError
from mtus_check.letters.facts import fact_reader
from mtus_check.letters.sentences import Sentence, sentences
from mtus_check.rules.factspec import FACTS_FOLDER, PhrasingCase, PhrasingCaseFile
from mtus_check.rules.loader import RulePack
from mtus_check.rules.yamlpos import load_yaml_file
from mtus_check.validation import problems_from_validation


@dataclass(frozen=True)
class LoadedPhrasing:
    fact: str
    index: int
    case: PhrasingCase
    location: Location

    @property
    def case_id(self) -> str:
        return f"{self.fact}::{self.index + 1}"


@dataclass(frozen=True)
class PhrasingResult:
    loaded: LoadedPhrasing
    outcome: str  # passed, failed, skipped
    actual: bool | None


def load_phrasing(pack: RulePack) -> list[LoadedPhrasing]:
    """Every phrasing case of the pack's fact specs; ProblemsError lists every bad file."""
    problems: list[Problem] = []
    out: list[LoadedPhrasing] = []
    for path in sorted((pack.root / FACTS_FOLDER).glob("*.cases.yaml")):
        fact = path.name.removesuffix(".cases.yaml")
        if pack.facts.get(fact) is None:
            problems.append(Problem(Location(str(path)), f"no fact spec {fact}.yaml beside it", code="fact-cases"))
            continue
        try:
            loaded = load_yaml_file(path)
            spec = PhrasingCaseFile.model_validate(loaded.data)
        except ProblemsError as exc:
            problems.extend(exc.problems)
            continue
        except ValidationError as exc:
            problems.extend(problems_from_validation(exc, PhrasingCaseFile, loaded.positions, code="fact-cases"))
            continue
        out.extend(
            LoadedPhrasing(fact, i, case, loaded.positions.locate(("cases", i))) for i, case in enumerate(spec.cases)
        )
    if problems:
        raise ProblemsError(problems)
    return out


def _about(pack: RulePack, region: str | None) -> Callable[[Sentence], bool] | None:
    """A case's region: the sentence names no region, or one of the same limb."""
    if region is None:
        return None
    vocabulary = pack.vocabulary

    def about(sentence: Sentence) -> bool:
        named = {k for k, _, _ in vocabulary.body_regions.matches(sentence.text)}
        return not named or any(vocabulary.same_limb(region, k) for k in named)

    return about


def run_phrasing(pack: RulePack, cases: list[LoadedPhrasing], pattern: str | None = None) -> list[PhrasingResult]:
    """Read each case's sentence as a case summary and compare with what it expects."""
    reader = fact_reader(pack.facts, pack.vocabulary)
    regex = re.compile(pattern) if pattern else None
    results = []
    for loaded in cases:
        if regex is not None and not regex.search(loaded.case_id):
            continue
        found = reader.read(
            loaded.fact, sentences(loaded.case.text, 0, "summary"), "case", _about(pack, loaded.case.region)
        )
        actual = None if found is None else bool(found.value)
        outcome = "skipped" if loaded.case.skip else "passed" if actual == loaded.case.expect else "failed"
        results.append(PhrasingResult(loaded, outcome, actual))
    return results
