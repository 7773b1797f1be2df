"""Turn pydantic validation errors into located, plain-English problems with a fix."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from mtus_check.errors import Problem, ProblemsError
from mtus_check.rules.yamlpos import LoadedYaml, PathKey, Positions, load_yaml_file

M = TypeVar("M", bound=BaseModel)


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names (by alias) of the model that owns `loc`, walking nested models."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields:
            return []
        info = next((f for n, f in fields.items() if (f.alias or n) == part), None)
        if info is None:
            continue  # a mapping key (e.g. a vocabulary term name): same model below it
        current = _inner_model(info.annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [f.alias or n for n, f in fields.items()]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


_BOUNDS = {
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("more than", "gt"),
    "less_than_equal": ("at most", "le"),
    "less_than": ("less than", "lt"),
}


def _describe(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:  # an integer of more than 4,300 digits
        return "a number too long to show"
    return text if len(text) <= 40 else text[:37] + "..."


# parts pydantic adds to an error's loc that are no key of the user's: validator wrappers and
# the member of a union it tried
_INVENTED = re.compile(r"^(?:function-(?:after|before|wrap|plain)\[.*\]|str|list\[str\]|float|int|bool)$")


def _own_parts(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(p for p in loc if not (isinstance(p, str) and _INVENTED.match(p)))


def problems_from_validation(
    exc: ValidationError,
    model: type[BaseModel],
    positions: Positions,
    prefix: PathKey = (),
    code: str = "schema",
) -> list[Problem]:
    """One Problem per pydantic error, located through the YAML positions."""
    problems: list[Problem] = []
    for err in exc.errors():
        kind = err["type"]
        loc = _own_parts(err["loc"])
        if kind == "extra_forbidden":  # the last part is the user's key, whatever it is called
            loc = (*_own_parts(err["loc"][:-1]), err["loc"][-1])
        field = ".".join(str(p) for p in loc) or "(document)"
        where = positions.locate((*prefix, *loc))
        fix = ""
        if kind == "extra_forbidden":
            name = str(loc[-1])
            where = positions.locate((*prefix, *loc, "__key__"))
            allowed = _allowed_keys(model, loc)
            close = difflib.get_close_matches(name, allowed, n=1)
            message = f"unknown key '{name}'"
            fix = f"did you mean '{close[0]}'?" if close else f"remove it; allowed keys here: {', '.join(allowed)}"
        elif kind == "missing":
            message = f"'{loc[-1]}' is required here" if loc else "a required value is missing"
            fix = f"add '{loc[-1]}:' with a value"
        elif kind in _BOUNDS:
            limit = (err.get("ctx") or {}).get(_BOUNDS[kind][1])
            message = f"{field} must be {_BOUNDS[kind][0]} {limit}, got {_describe(err.get('input'))}"
            fix = f"write a number {_BOUNDS[kind][0]} {limit}"
        elif kind in ("literal_error", "enum"):
            expected = (err.get("ctx") or {}).get("expected", "")
            message = f"{field} cannot be {_describe(err.get('input'))}"
            fix = f"use one of {expected}"
        elif kind in ("value_error", "assertion_error"):
            message = f"{field}: {str(err['msg']).removeprefix('Value error, ')}"
        elif kind == "finite_number":
            message = f"{field} must be a finite number, got {_describe(err.get('input'))}"
            fix = "write the limit as a number, e.g. 6 (to drop a limit, remove the criterion)"
        elif kind.startswith(("date_", "datetime_")):
            message = f"{field}: not a real date ({err['msg'].lower()}), got {_describe(err.get('input'))}"
            fix = "write a calendar date as YYYY-MM-DD, e.g. 2015-02-28"
        elif kind.endswith("_type") or kind.endswith("_parsing"):
            message = f"{field}: {err['msg'].lower()}, got {_describe(err.get('input'))}"
            fix = "write the value in the expected form"
        else:
            message = f"{field}: {err['msg']}, got {_describe(err.get('input'))}"
        problems.append(Problem(where, message, code=code, fix=fix))
    return problems


def load_model(path: Path, model: type[M], problems: list[Problem], code: str) -> tuple[LoadedYaml, M] | None:
    """A pack file read as YAML with positions and validated as `model`. Whatever is wrong (the
    YAML, an empty file, the schema) is appended to `problems`, located, and None returned."""
    try:
        loaded = load_yaml_file(path)
    except ProblemsError as exc:
        problems.extend(exc.problems)
        return None
    if loaded.data is None:
        problems.append(Problem(loaded.positions.locate(()), "the file is empty", code=code))
        return None
    try:
        return loaded, model.model_validate(loaded.data)
    except ValidationError as exc:
        problems.extend(problems_from_validation(exc, model, loaded.positions, code=code))
        return None
