"""Rule test cases as data: <topic>.cases.yaml beside each rule file, run by pytest and
by `mtus-check rules test`, with the same results."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from mtus_check.engine.core import Engine
from mtus_check.engine.facts import RequestError
from mtus_check.errors import Location, Problem, ProblemsError
from mtus_check.models.request import Request
from mtus_check.models.verdict import Verdict
from mtus_check.rules.loader import RulePack
from mtus_check.rules.schema import Case, CaseFile
from mtus_check.validation import load_model, problems_from_validation

Outcome = Literal["passed", "failed", "skipped", "error"]


@dataclass
class LoadedCase:
    """A case with the file it came from and its location."""

    case: Case
    file: Path
    location: Location

    @property
    def case_id(self) -> str:
        return f"{self.file.name.removesuffix('.cases.yaml')}::{self.case.name}"


@dataclass
class CaseResult:
    """The outcome of one case; `actual` is the result as YAML ready to paste on a mismatch."""

    loaded: LoadedCase
    outcome: Outcome
    failures: list[str] = field(default_factory=list)
    actual: str = ""


def load_cases(pack: RulePack, paths: list[Path] | None = None) -> list[LoadedCase]:
    """All cases of the pack's case files (or of `paths`); ProblemsError lists every bad case."""
    files = paths if paths is not None else pack.case_files()
    problems: list[Problem] = []
    out: list[LoadedCase] = []
    known = {r.id for r in pack.rules}
    for path in files:
        read = load_model(path, CaseFile, problems, "case-schema")
        if read is None:
            continue
        loaded, spec = read
        seen: set[str] = set()
        for i, case in enumerate(spec.cases):
            where = loaded.positions.locate(("cases", i))
            if case.name in seen:
                problems.append(
                    Problem(
                        where,
                        f"case name '{case.name}' is used twice in this file",
                        code="case-duplicate",
                        fix="give each case its own name",
                    )
                )
            seen.add(case.name)
            try:  # a request the model refuses (an impossible date, a misspelt field) is a located problem
                Request.model_validate(case.request)
            except ValidationError as exc:
                problems.extend(
                    problems_from_validation(exc, Request, loaded.positions, ("cases", i, "request"), "case-request")
                )
            for rule_id in case.expect.findings:
                if rule_id not in known:
                    problems.append(
                        Problem(
                            loaded.positions.locate(("cases", i, "expect", "findings", rule_id, "__key__")),
                            f"case names unknown rule '{rule_id}'",
                            code="case-unknown-rule",
                            fix="use an id from `mtus-check rules list`",
                        )
                    )
            out.append(LoadedCase(case, path, where))
    if problems:
        raise ProblemsError(problems)
    return out


def _contains(needles: list[str], haystack: list[str], what: str) -> Iterator[str]:
    text = "\n".join(haystack).lower()
    for needle in needles:
        if needle.lower() not in text:
            yield f"{what} does not mention {needle!r}"


def check_case(engine: Engine, loaded: LoadedCase) -> CaseResult:
    """Run one case and compare with what it expects."""
    case = loaded.case
    if case.skip:
        return CaseResult(loaded, "skipped", [case.skip])
    try:
        verdict = engine.check(case.request, as_of=case.as_of)
    except (RequestError, ValidationError) as exc:
        return CaseResult(loaded, "error", [f"request cannot be checked: {exc}"])
    exp = case.expect
    failures: list[str] = []
    if exp.verdict is not None and verdict.verdict != exp.verdict:
        failures.append(f"verdict: expected {exp.verdict}, got {verdict.verdict}")
    statuses = {f.rule: f.status for f in verdict.findings}
    for rule_id, status in exp.findings.items():
        got = statuses.get(rule_id, "absent")
        if got != status:
            failures.append(f"finding {rule_id}: expected {status}, got {got}")
    reasons = [verdict.summary, *(f.reason for f in verdict.findings)]
    failures.extend(_contains(exp.reason_contains, reasons, "reason"))
    failures.extend(_contains(exp.missing_contains, verdict.missing, "missing"))
    if "modify_to" in exp.model_fields_set and verdict.modify_to != exp.modify_to:
        failures.append(f"modify_to: expected {exp.modify_to}, got {verdict.modify_to}")
    return CaseResult(loaded, "failed" if failures else "passed", failures, actual_yaml(verdict) if failures else "")


def actual_yaml(verdict: Verdict) -> str:
    """The verdict in the shape of an `expect:` block, to paste into a case file."""
    expect: dict[str, Any] = {
        "verdict": verdict.verdict,
        "findings": {f.rule: f.status for f in verdict.findings},
    }
    if verdict.modify_to is not None:
        expect["modify_to"] = verdict.modify_to
    return yaml.safe_dump({"expect": expect}, sort_keys=False)


def untested_rules(pack: RulePack, cases: list[LoadedCase]) -> list[Problem]:
    """Rules no case sees pass or fail: each rule, each alternative of a set, needs a case of its own."""
    exercised = {
        rule_id
        for c in cases
        if not c.case.skip
        for rule_id, status in c.case.expect.findings.items()
        if status in ("pass", "fail")
    }
    seen: set[str] = set()
    problems = []
    for loaded in pack.rules:
        if loaded.id in exercised or loaded.id in seen:
            continue
        seen.add(loaded.id)
        problems.append(
            Problem(
                loaded.location,
                f"{loaded.id}: no case expects it to pass or fail",
                code="lint-untested",
                severity="warning",
                fix=f"add cases to the topic's .cases.yaml with findings: {{{loaded.id}: pass}} and one that fails",
            )
        )
    return problems


def run_cases(engine: Engine, cases: list[LoadedCase], pattern: str | None = None) -> list[CaseResult]:
    """Run the cases whose id matches `pattern` (a regular expression), in file order."""
    regex = re.compile(pattern) if pattern else None
    return [check_case(engine, c) for c in cases if regex is None or regex.search(c.case_id)]
