"""YAML loading that remembers where every value came from.

Rule and request files are written by people; every error must point at file:line:col.
libyaml's composer (when available) builds the node tree fast; we convert it to plain Python
ourselves and keep a map from each value's path to its mark.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtus_check.errors import Location, Problem, ProblemsError

if TYPE_CHECKING:
    import yaml

# pyyaml is imported when a first document is parsed, not with this module: a pre-check of JSON
# requests with the pack from the pack cache parses no YAML and does not pay for the import.


@functools.cache
def _parsing() -> tuple[type, Any]:
    """The loader (libyaml's when pyyaml has it) and the constructor that resolves scalars."""
    import yaml

    try:
        loader: type = yaml.CSafeLoader
    except AttributeError:  # pyyaml built without libyaml
        loader = yaml.SafeLoader
    return loader, yaml.constructor.SafeConstructor()


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


# Values an alias may copy into a file before it is refused: a legitimate file reuses a few
# anchors; a "billion laughs" file nests aliases to expand into billions of values.
ALIAS_BUDGET = 10_000


def _scalar(node: yaml.ScalarNode) -> Any:
    # Resolve plain scalars the way SafeLoader would (ints, floats, bools, dates, null).
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    import yaml

    constructor = _parsing()[1]
    try:
        return constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError):
        return node.value  # e.g. an impossible date (2015-02-30): keep the text, validation reports it
    finally:
        constructor.constructed_objects.clear()


class _Converter:
    """Node tree to plain Python, refusing alias cycles and alias expansion beyond the budget."""

    def __init__(self, pos: Positions, line_offset: int) -> None:
        self.pos = pos
        self.offset = line_offset
        self.seen: set[int] = set()
        self.open: set[int] = set()  # nodes being converted: meeting one again is a cycle
        self.copied = 0

    def mark(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def problem(self, node: yaml.Node, message: str, code: str, fix: str) -> ProblemsError:
        return ProblemsError([Problem(Location(self.pos.source, *self.mark(node)), message, code=code, fix=fix)])

    def convert(self, node: yaml.Node, path: PathKey) -> Any:
        import yaml

        if id(node) in self.open:
            raise self.problem(
                node, "an alias refers to the value that contains it (a cycle)", "yaml-alias-cycle", "remove the alias"
            )
        if isinstance(node, yaml.ScalarNode):
            self.pos.marks[path] = self.mark(node)
            return _scalar(node)
        if id(node) in self.seen:
            self.copied += len(node.value)
            if self.copied > ALIAS_BUDGET:
                raise self.problem(
                    node,
                    f"aliases expand to more than {ALIAS_BUDGET:,} values",
                    "yaml-alias-budget",
                    "write the values out, or use fewer nested aliases",
                )
        self.seen.add(id(node))
        self.open.add(id(node))
        try:
            return self.collection(node, path)
        finally:
            self.open.discard(id(node))

    def collection(self, node: yaml.Node, path: PathKey) -> Any:
        import yaml

        self.pos.marks[path] = self.mark(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)  # the composer makes only these three kinds
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key: Any = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else "(a collection)"
            if isinstance(key, dt.date):
                key = key.isoformat()
            if key in out:
                raise self.problem(
                    key_node,
                    f"key '{key}' appears twice in the same mapping",
                    "yaml-duplicate-key",
                    "remove or rename one of them",
                )
            child = (*path, key)
            self.pos.marks[(*child, "__key__")] = self.mark(key_node)
            out[key] = self.convert(value_node, child)
        return out


def _syntax_problem(source: str, exc: yaml.YAMLError, line_offset: int = 0) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark is not None else (0, 0)
    what = getattr(exc, "problem", None) or str(exc)
    return Problem(
        Location(source, line, col),
        f"this is not valid YAML: {what}",
        code="yaml-syntax",
        fix="check indentation, colons and quotes on this line and the one above",
    )


def _too_deep(source: str, line_offset: int) -> ProblemsError:
    return ProblemsError(
        [
            Problem(
                Location(source, line_offset + 1, 1),
                "values are nested too deeply to read",
                code="yaml-too-deep",
                fix="flatten the lists and mappings of this document",
            )
        ]
    )


def load_yaml_text(text: str, source: str, line_offset: int = 0) -> LoadedYaml:
    """Parse one YAML document; raise ProblemsError with the location of a syntax error.
    `line_offset` is the number of lines of the file before `text` (for its locations)."""
    import yaml

    pos = Positions(source)
    try:
        node = yaml.compose(text, Loader=_parsing()[0])
    except yaml.YAMLError as exc:
        raise ProblemsError([_syntax_problem(source, exc, line_offset)]) from None
    except RecursionError:
        raise _too_deep(source, line_offset) from None
    if node is None:
        return LoadedYaml(None, pos)
    try:
        return LoadedYaml(_Converter(pos, line_offset).convert(node, ()), pos)
    except RecursionError:
        raise _too_deep(source, line_offset) from None


def _is_marker(line: str, marker: str) -> bool:
    return line.startswith(marker) and (len(line) == 3 or line[3] in " \t\r\n")


def split_documents(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Split a YAML stream into its documents without parsing it: (lines before, text) each.

    A document starts at a '---' line (with the '%' directive lines just before it) and ends
    at a '...' line or the next start, as YAML requires, so a syntax error in one document
    leaves the others readable. Only one document is held at a time.
    """
    chunk: list[str] = []
    start = 0
    number = 0
    directives = False
    for number, line in enumerate(lines):
        starts = False
        if line.startswith("%"):
            starts, directives = not directives, True
        elif _is_marker(line, "---"):
            starts, directives = not directives, False
        elif line.strip() and not line.lstrip().startswith("#"):
            directives = False
        if starts and any(part.strip() and not part.lstrip().startswith("#") for part in chunk):
            yield start, "".join(chunk)
            chunk, start = [], number
        elif starts:
            chunk, start = [], number  # only blank lines and comments so far
        chunk.append(line)
        if _is_marker(line, "..."):
            yield start, "".join(chunk)
            chunk, start = [], number + 1
    if any(part.strip() and not part.lstrip().startswith("#") for part in chunk):
        yield start, "".join(chunk)


def load_yaml_documents(lines: Iterable[str], source: str) -> Iterator[LoadedYaml | ProblemsError]:
    """Parse a multi-document stream one document at a time; each keeps its own positions.
    A document that cannot be read comes out as its ProblemsError and the next is read."""
    for offset, text in split_documents(lines):
        try:
            yield load_yaml_text(text, source, offset)
        except ProblemsError as exc:
            yield exc


def load_yaml_file(path: Path) -> LoadedYaml:
    """Read and parse a YAML file, with a located error if it cannot be read or parsed."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemsError(
            [Problem(Location(str(path)), f"cannot read file: {exc}", code="file-unreadable")]
        ) from None
    return load_yaml_text(text, str(path))
