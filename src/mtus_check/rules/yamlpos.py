"""YAML loading that remembers where every value came from.

Rule and request files are written by people; every error must point at file:line:col.
libyaml's composer (when available) builds the node tree fast; we convert it to plain Python
ourselves and keep a map from each value's path to its mark.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mtus_check.errors import Location, Problem, ProblemsError

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pyyaml built without libyaml
    _Loader = yaml.SafeLoader

PathKey = tuple[str | int, ...]


@dataclass
class Positions:
    """Where each value of a loaded document starts, keyed by its path of keys/indexes."""

    source: str
    marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey) -> Location:
        """The location of the deepest known value on `path` (falls back to its parents)."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        line, col = self.marks.get(path, (0, 0))
        return Location(self.source, line, col)


@dataclass
class LoadedYaml:
    """One YAML document as plain Python data plus the positions of its values."""

    data: Any
    positions: Positions


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.ScalarNode) -> Any:
    # Resolve plain scalars the way SafeLoader would (ints, floats, bools, dates, null).
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except yaml.YAMLError:
        return node.value  # e.g. an impossible date: keep the text, validation reports it
    finally:
        _CONSTRUCTOR.constructed_objects.clear()


def _convert(node: yaml.Node, path: PathKey, pos: Positions) -> Any:
    pos.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if isinstance(key, dt.date):
                key = key.isoformat()
            if key in out:
                line = key_node.start_mark.line + 1
                raise ProblemsError(
                    [
                        Problem(
                            Location(pos.source, line, key_node.start_mark.column + 1),
                            f"key '{key}' appears twice in the same mapping",
                            code="yaml-duplicate-key",
                            fix="remove or rename one of them",
                        )
                    ]
                )
            child = (*path, key)
            pos.marks[(*child, "__key__")] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _convert(value_node, child, pos)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), pos) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)  # the composer makes only these three kinds
    return _scalar(node)


def _syntax_problem(source: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    what = getattr(exc, "problem", None) or str(exc)
    return Problem(
        Location(source, line, col),
        f"this is not valid YAML: {what}",
        code="yaml-syntax",
        fix="check indentation, colons and quotes on this line and the one above",
    )


def load_yaml_text(text: str, source: str) -> LoadedYaml:
    """Parse one YAML document; raise ProblemsError with the location of a syntax error."""
    pos = Positions(source)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise ProblemsError([_syntax_problem(source, exc)]) from None
    if node is None:
        return LoadedYaml(None, pos)
    return LoadedYaml(_convert(node, (), pos), pos)


def load_yaml_documents(text: str, source: str) -> Iterator[LoadedYaml]:
    """Parse a multi-document stream; each document keeps its own positions."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        raise ProblemsError([_syntax_problem(source, exc)]) from None
    for node in nodes:
        pos = Positions(source)
        yield LoadedYaml(None if node is None else _convert(node, (), pos), pos)


def load_yaml_file(path: Path) -> LoadedYaml:
    """Read and parse a YAML file, with a located error if it cannot be read or parsed."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemsError(
            [Problem(Location(str(path)), f"cannot read file: {exc}", code="file-unreadable")]
        ) from None
    return load_yaml_text(text, str(path))
