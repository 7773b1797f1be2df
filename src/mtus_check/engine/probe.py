"""Load every service's rules into the evaluator once, as `rules validate` does, so what
durable-rules refuses (a ruleset too large, a condition it cannot hold) is a located problem
in validate instead of an error in every pre-check for that service."""

from __future__ import annotations

from mtus_check.engine.compile import compile_by_service
from mtus_check.errors import Problem
from mtus_check.rules.loader import RulePack


def service_problems(pack: RulePack) -> list[Problem]:
    """One problem per service whose compiled rules durable-rules cannot register or evaluate
    (a request naming only the service is asserted: it reaches every rule's 'unknown' branch)."""
    from mtus_check.engine.durable_backend import DurableBackend, RulesetRefused

    compiled = compile_by_service(pack)
    backend = DurableBackend(compiled)
    problems: list[Problem] = []
    for service in compiled:
        try:
            backend.fired({"service": service})
        except Exception as exc:  # durable-rules raises bare errors with a numeric code
            cause = exc.cause if isinstance(exc, RulesetRefused) else str(exc)
            first = next(r for r in pack.rules if service in r.rule.applies_to.items()[0][1])
            problems.append(
                Problem(
                    first.location,
                    f"durable-rules cannot evaluate the {len(compiled[service])} compiled rules of "
                    f"service '{service}' ({cause}); this is the first of its rules",
                    code="engine-ruleset",
                    fix="split the service's rules or simplify their scopes, then run rules validate again",
                )
            )
    return problems
