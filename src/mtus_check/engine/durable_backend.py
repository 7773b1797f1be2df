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
from collections.abc import Callable
from typing import Any

from durable.engine import Host, MessageNotHandledException

_HOST: Host | None = None
_SINKS: dict[str, list[str]] = {}
_SESSIONS = itertools.count(1)


def _host() -> Host:
    global _HOST
    if _HOST is None:
        _HOST = Host()
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
    """Evaluates facts against a compiled pack with durable-rules."""

    name = "durable"

    def __init__(self, compiled: dict[str, dict[str, Any]]) -> None:
        self.ruleset = ruleset_name(compiled)
        if self.ruleset not in _SINKS:
            sink: list[str] = []
            definition = {
                rule_name: {"all": [{"m": condition}], "run": _recorder(sink, rule_name)}
                # registration mutates the definitions: hand it a copy
                for rule_name, condition in copy.deepcopy(compiled).items()
            }
            _host().set_rulesets({self.ruleset: definition})
            _SINKS[self.ruleset] = sink
        self._sink = _SINKS[self.ruleset]
        self._host = _host()

    def fired(self, fact: dict[str, Any]) -> list[str]:
        """Names of the compiled rules the fact satisfies (empty when none applies)."""
        sid = str(next(_SESSIONS))
        sink = self._sink
        sink.clear()
        try:
            self._host.assert_fact(self.ruleset, {**fact, "sid": sid})
        except MessageNotHandledException:
            return []
        finally:
            self._host.delete_state(self.ruleset, sid)
        return list(sink)
