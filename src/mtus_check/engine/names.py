"""Names of compiled rules: how an outcome of one criterion is spelled in the engine.

Both evaluators (durable-rules and the reference) report outcomes as these names, so the
explanation step never depends on which evaluator ran.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

SEP = "|"


def applies(key: str) -> str:
    return f"{key}{SEP}a"


def scope_unknown(key: str, field_name: str) -> str:
    return f"{key}{SEP}s{SEP}{field_name}"


def criterion_fail(key: str, index: int) -> str:
    return f"{key}{SEP}{index}{SEP}f"


def criterion_unknown(key: str, index: int) -> str:
    return f"{key}{SEP}{index}{SEP}u"


@dataclass
class RuleOutcome:
    """What fired for one compiled rule."""

    applies: bool = False
    scope_unknown: list[str] = field(default_factory=list)
    failed: set[int] = field(default_factory=set)
    unknown: set[int] = field(default_factory=set)


def parse(fired: Iterable[str]) -> dict[str, RuleOutcome]:
    """Group fired names by rule key."""
    out: dict[str, RuleOutcome] = {}
    for name in fired:
        key, _, rest = name.partition(SEP)
        outcome = out.setdefault(key, RuleOutcome())
        if rest == "a":
            outcome.applies = True
        elif rest.startswith("s" + SEP):
            outcome.scope_unknown.append(rest[2:])
        else:
            index, _, kind = rest.partition(SEP)
            (outcome.failed if kind == "f" else outcome.unknown).add(int(index))
    for outcome in out.values():
        outcome.scope_unknown.sort()
    return out
