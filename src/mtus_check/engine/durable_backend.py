"""The only module that touches durable-rules.

durable-rules facts, not events: `post()` is consumed by the first matching rule, while
`assert_fact` fires every matching rule. Each evaluation uses its own session id and deletes
its state afterwards (at most 1024 live sessions per ruleset; memory stays flat). A ruleset
name can be registered only once per process and never removed, so rulesets are named by
the hash of their compiled definition and kept in one host per process. Actions only
record which rule fired; anything thrown inside an action would be swallowed by the engine.
The C engine holds the GIL: use processes, not threads, to evaluate in parallel.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
from collections.abc import Callable, Mapping
from typing import Any

import durable_rules_engine as _engine
from durable.engine import Host, MessageNotHandledException

from mtus_check.errors import MtusCheckError


class RulesetRefused(MtusCheckError):
    """durable-rules would not register a service's compiled rules (a rule pack problem)."""

    def __init__(self, service: str, cause: str) -> None:
        super().__init__(
            f"durable-rules refuses the rules for service '{service}' ({cause}); "
            "run `mtus-check rules validate` to see which"
        )
        self.cause = cause


class _SynchronousHost(Host):
    """A host without the background thread that Host starts to dispatch pending actions
    and timers every 0.2 s: that thread can run the actions of an evaluation in flight
    (stealing its results). Evaluations here are synchronous and use no timers."""

    def _run(self) -> None:
        pass


CATCH_ALL = "~any"

_HOST: Host | None = None
_SINKS: dict[str, list[str]] = {}
_SESSIONS = itertools.count(1)


def _host() -> Host:
    global _HOST
    if _HOST is None:
        _HOST = _SynchronousHost()
    return _HOST


def _recorder(sink: list[str], name: str) -> Callable[[Any], None]:
    def record(_closure: Any) -> None:
        sink.append(name)

    return record


def ruleset_name(compiled: dict[str, Any]) -> str:
    """A stable ruleset name derived from the compiled definitions."""
    blob = json.dumps(compiled, sort_keys=True, separators=(",", ":")).encode()
    return "mtus_" + hashlib.sha256(blob).hexdigest()[:20]


class DurableBackend:
    """Evaluates facts against a compiled pack with durable-rules: one ruleset per service,
    and each fact goes only to its service's ruleset."""

    name = "durable"

    def __init__(self, compiled_by_service: Mapping[str, dict[str, dict[str, Any]]]) -> None:
        self._compiled = compiled_by_service
        self._by_service: dict[str, list[_Ruleset]] = {}  # registered on first use: a pre-check needs one

    def fired(self, fact: dict[str, Any]) -> list[str]:
        """Names of the compiled rules the fact satisfies (empty when none applies)."""
        service = fact["service"]
        rulesets = self._by_service.get(service)
        if rulesets is None:
            if service not in self._compiled:
                return []
            try:
                rulesets = [_Ruleset(part) for part in _chunks(self._compiled[service])]
            except Exception as exc:  # durable-rules says only "error code: N"
                raise RulesetRefused(service, str(exc)) from None
            self._by_service[service] = rulesets
        return [name for ruleset in rulesets for name in ruleset.fired(fact)]


# durable-rules 2.0.28 refuses a fact that satisfies more than about 60 rules of one ruleset at
# once ("Could not assert fact, error code: 303"); a service with many routes (imaging by body
# part) reaches that, so a service's rules are registered as several rulesets of at most this many
RULES_PER_RULESET = 40


def _chunks(compiled: dict[str, dict[str, Any]]) -> list[dict[str, dict[str, Any]]]:
    names = list(compiled)
    return [{k: compiled[k] for k in names[i : i + RULES_PER_RULESET]} for i in range(0, len(names), RULES_PER_RULESET)]


class _Ruleset:
    """One registered durable-rules ruleset."""

    def __init__(self, compiled: dict[str, dict[str, Any]]) -> None:
        self.ruleset = ruleset_name(compiled)
        if self.ruleset not in _SINKS:
            sink: list[str] = []
            # Every fact must match a rule: a fact no rule matches still leaves a session that
            # delete_state then frees wrongly (heap corruption, seen as segfaults under fork),
            # and not deleting it leaks toward the 1024-session limit.
            conditions = {**copy.deepcopy(compiled), CATCH_ALL: {"$ex": {"service": 1}}}
            definition = {
                rule_name: {"all": [{"m": condition}], "run": _recorder(sink, rule_name)}
                for rule_name, condition in conditions.items()  # registration mutates these: copies
            }
            _host().set_rulesets({self.ruleset: definition})
            _SINKS[self.ruleset] = sink
        self._sink = _SINKS[self.ruleset]
        self._host = _host()
        # The host's action dispatch builds a closure, copies and re-serializes the session
        # state for every action; ours only need the rule name. Drive the registered
        # ruleset's C handle directly when this durable-rules version exposes it (2.0.28 does).
        self._handle = getattr(self._host.get_ruleset(self.ruleset), "_handle", None)

    def fired(self, fact: dict[str, Any]) -> list[str]:
        sid = str(next(_SESSIONS))
        if self._handle is not None:
            return self._fired_direct(fact, sid)
        sink = self._sink
        sink.clear()
        try:
            self._host.assert_fact(self.ruleset, {**fact, "sid": sid})
        finally:
            self._host.delete_state(self.ruleset, sid)
        return [name for name in sink if name != CATCH_ALL]

    def _fired_direct(self, fact: dict[str, Any], sid: str) -> list[str]:
        handle = self._handle
        out: list[str] = []
        result = _engine.assert_fact(handle, json.dumps({**fact, "sid": sid}))
        try:
            if result[0] == 1:
                raise MessageNotHandledException(fact)  # the catch-all rule makes this impossible
            if result[0] == 2:
                raise MessageNotHandledException(fact)  # observed twice: cannot happen with fresh sids
            state_handle = result[1]
            started = _engine.start_action_for_state(handle, state_handle)
            message = started[1] if started else None
            while message:
                # a message is {"<rule name>": {...}}; names never hold a quote (see compile)
                name = message[2 : message.index('"', 2)]
                if name != CATCH_ALL:
                    out.append(name)
                message = _engine.complete_and_start_action(handle, state_handle)
        finally:
            _engine.delete_state(handle, sid)
        return out
