"""Evaluate requests against a rule pack: compile, evaluate, explain."""

from mtus_check.engine.core import Engine, active_rules, make_backend
from mtus_check.engine.facts import RequestError, build_fact, symptom_limit

__all__ = ["Engine", "RequestError", "active_rules", "build_fact", "make_backend", "symptom_limit"]
