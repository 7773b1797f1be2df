"""Compiling per service on first use gives the rulesets compiling the whole pack up front gives."""

from __future__ import annotations

from mtus_check.engine.compile import CompiledByService, compile_by_service
from mtus_check.engine.durable_backend import ruleset_name
from mtus_check.rules.loader import RulePack


def test_each_service_compiles_to_the_same_conditions_in_the_same_order(pack: RulePack) -> None:
    whole, lazy = compile_by_service(pack), CompiledByService(pack)
    assert list(lazy) == list(whole) and len(lazy) == len(whole)
    for service in reversed(list(whole)):  # any order of first use
        assert list(lazy[service].items()) == list(whole[service].items())
        assert ruleset_name(lazy[service]) == ruleset_name(whole[service])  # durable-rules' ruleset names
    assert "no such service" not in lazy and lazy.get("no such service") is None
