"""The request's facts as the pack declares them (rules/facts/NAME.yaml): the fields rules may
test, and the validation of a request's facts against the specs.

A fact is declared once, in its spec. The Request model (models/) knows only the request's own
fields and keeps every other key as a generic mapping; this module builds a pydantic model from
the loaded specs and validates that mapping with it, so a wrong value gets pydantic's typed error
located at file:line like any other request field, and an unknown name a "did you mean".
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from mtus_check.errors import Location, Problem
from mtus_check.memo import MEMO_SIZE, remember
from mtus_check.models.request import REQUEST_FIELDS, FactField, Request
from mtus_check.rules.facts_loader import FactSpecs
from mtus_check.rules.factspec import FactSpec
from mtus_check.rules.yamlpos import Positions
from mtus_check.validation import problems_from_validation

_TYPES: dict[str, Any] = {
    "boolean": bool,
    "number": float,
    "integer": int,
    "list": list[str],
    "date": dt.date,
    "text": str,
}
_KINDS = {"boolean": "boolean", "number": "number", "integer": "number", "list": "categories"}


def fact_field(spec: FactSpec) -> FactField | None:
    """The field rules see for a fact; None for dates and text, which rules see only derived."""
    kind = _KINDS.get(spec.type)
    if kind is None:
        return None
    return FactField(
        spec.fact,
        kind,  # type: ignore[arg-type]  # one of FieldKind by _KINDS
        spec.label,
        vocabulary=spec.categories,
        adjustable=spec.adjustable,
        scope_when_stated=spec.scope_when_stated,
    )


def pack_fields(facts: FactSpecs) -> dict[str, FactField]:
    """Every field rules may name: the request's own, then the pack's facts in name order."""
    fields = dict(REQUEST_FIELDS)
    for spec in facts.declared:
        field = fact_field(spec)
        if field is not None:
            fields[spec.fact] = field
    return fields


def _field(spec: FactSpec) -> Any:
    numeric = spec.type in ("number", "integer")
    return (
        _TYPES[spec.type] | None,
        Field(
            None,
            description=f"{spec.label}: {spec.description}",
            ge=spec.minimum if numeric else None,
            le=spec.maximum if numeric else None,
        ),
    )


# values whose type and value alone decide their validation (a float is left out: -0.0 == 0.0)
_PLAIN = (bool, int, str)


def facts_key(stated: dict[str, Any]) -> tuple[object, ...] | None:
    """The stated facts as a key, each value with its exact type (1 is not True); None when a
    value is not one of _PLAIN."""
    key = []
    for name, value in stated.items():
        kind = type(value)
        if kind not in _PLAIN:
            return None
        key.append((name, kind, value))
    return tuple(key)


@dataclass(frozen=True)
class RequestFacts:
    """The facts a request may state under one pack, as a pydantic model built from the specs."""

    specs: tuple[FactSpec, ...]
    # facts stated without a problem, typed: a batch states the same few again and again
    _typed: dict[tuple[object, ...], dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    @functools.cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(spec.fact for spec in self.specs)

    @functools.cached_property
    def model(self) -> type[BaseModel]:
        """The pydantic model of the facts, built when a request first states one: a request
        that states none (and a one-request pre-check of one) does not pay for it."""
        config = ConfigDict(extra="forbid", str_strip_whitespace=True)
        fields = {spec.fact: _field(spec) for spec in self.specs}
        model: type[BaseModel] = create_model("RequestFacts", __config__=config, **fields)
        return model

    @functools.cached_property
    def _names(self) -> frozenset[str]:
        return frozenset(self.names)

    def _unknown(self, name: str, where: Location) -> Problem:
        near = difflib.get_close_matches(name, [*self.names, *Request.model_fields], n=2)
        return Problem(
            where,
            f"unknown key '{name}': not a request field or a fact this rule pack declares",
            code="request-unknown-fact",
            fix=(f"did you mean {' or '.join(near)}?" if near else "facts are declared in rules/facts/NAME.yaml")
            + " (`mtus-check rules facts` lists them)",
        )

    def check(
        self, stated: dict[str, Any], positions: Positions | None = None, prefix: tuple[Any, ...] = ()
    ) -> tuple[dict[str, Any], list[Problem]]:
        """The facts `stated` validated and typed (dates parsed, numbers as numbers), and the
        problems, each at its key's place when `positions` are given."""

        def where(name: str) -> Location:
            return positions.locate((*prefix, name, "__key__")) if positions else Location("<request>")

        key = facts_key(stated)
        found = self._typed.get(key) if key is not None else None
        if found is not None:
            return dict(found), []
        names = self._names
        problems = [self._unknown(n, where(n)) for n in stated if n not in names]
        known = {k: v for k, v in stated.items() if k in names}
        if not known:
            return {}, problems
        try:
            typed = self.model.model_validate(known).model_dump(exclude_unset=True)
        except ValidationError as exc:
            located = positions or Positions("<request>", {})
            problems += problems_from_validation(exc, self.model, located, prefix, "request")
            bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
            typed = self.model.model_validate({k: v for k, v in known.items() if k not in bad}).model_dump(
                exclude_unset=True
            )
        # the stated order is kept: output follows the request as written
        typed = {k: typed[k] for k in known if k in typed}
        if key is not None and not problems:
            remember(self._typed, key, dict(typed), MEMO_SIZE)
        return typed, problems

    def apply(self, request: Request) -> tuple[Request, list[Problem]]:
        """The request with its facts typed, and the problems of the facts that could not be."""
        stated = dict(request.model_extra or {})
        if not stated:
            return request, []
        typed, problems = self.check(stated)
        if not problems and typed == stated:
            return request, []
        fields = request.model_dump(exclude_unset=True, exclude=set(stated))
        return Request.model_validate(fields | typed), problems


@functools.lru_cache(maxsize=16)
def request_facts(facts: FactSpecs) -> RequestFacts:
    """The pack's facts, once per pack (their model is built on first use)."""
    return RequestFacts(tuple(facts.declared))
