"""A user's own labels (the reviewer's decision per item), to score an audit against.

Two file kinds, chosen by extension:

- CSV with a header row: `letter,item,decision` (`file` may stand for `letter`, `request` for `item`).
- JSON: a list of entries, each either flat, `{"letter": ..., "item": ..., "decision": ...}`, or one
  letter with its items, `{"file": ..., "items": [{"request": ..., "decision": ...}, ...]}` (the shape
  of a corpus labels.json; an item without `request` is taken by its position, from 1).

`letter` is the letter's file name or stem (`imr-071`, `imr-071.txt`) or its case number; `item`
is the item's number in the letter (from 1) or its request text as written (case and spacing
ignored); `decision` is Overturned or Upheld (or the 2013 wording, "[not] medically necessary").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtus_check.audit.models import Outcome
from mtus_check.errors import Location, Problem, ProblemsError
from mtus_check.letters.layouts import decision_of
from mtus_check.rules.yamlpos import Positions, load_yaml_text

DECISION_FIX = "write Overturned or Upheld (the reviewer's decision on that item)"


@dataclass(frozen=True)
class Label:
    """One labelled item: which letter, which item (number or request text), the decision."""

    letter: str
    item: int | str
    decision: Outcome
    location: Location

    def describe(self) -> str:
        item = f"item {self.item}" if isinstance(self.item, int) else f'"{self.item}"'
        return f"{self.location}: {self.letter} {item}"


@dataclass
class Labels:
    source: str
    labels: list[Label]


def _key(text: str) -> str:
    """Letters and request texts compare without case, spacing or a trailing colon or period."""
    return " ".join(text.split()).casefold().rstrip(" :.")


def _letter_key(text: str) -> str:
    key = _key(text)
    for suffix in (".txt", ".pdf"):
        key = key.removesuffix(suffix)
    return key


class _Reader:
    """Collects every problem of a labels file before failing, each with its place."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.labels: list[Label] = []
        self.problems: list[Problem] = []

    def problem(self, where: Location, what: str, fix: str, code: str) -> None:
        self.problems.append(Problem(where, what, code=code, fix=fix))

    def add(self, where: Location, letter: Any, item: Any, decision: Any) -> None:
        if not isinstance(letter, str) or not letter.strip():
            self.problem(where, "no letter given", "give the letter's file name or case number", "labels-letter")
            return
        if item is None or (isinstance(item, str) and not item.strip()):
            self.problem(
                where, "no item given", "give the item's number in the letter or its request as written", "labels-item"
            )
            return
        if isinstance(item, str) and item.strip().isdigit():
            item = int(item)
        if (
            isinstance(item, bool)
            or not isinstance(item, int | str)
            or item in ("", 0)
            or (isinstance(item, int) and item < 1)
        ):
            self.problem(
                where,
                f"item {item!r} is neither an item number (from 1) nor a request text",
                "give the item's number in the letter or its request as written",
                "labels-item",
            )
            return
        outcome = decision_of(decision) if isinstance(decision, str) else None
        if outcome is None:
            self.problem(where, f"decision {decision!r} is not Overturned or Upheld", DECISION_FIX, "labels-decision")
            return
        self.labels.append(Label(letter.strip(), item.strip() if isinstance(item, str) else item, outcome, where))

    def finish(self) -> Labels:
        seen: dict[tuple[str, int | str], Label] = {}
        for label in self.labels:
            key = (_letter_key(label.letter), label.item if isinstance(label.item, int) else _key(label.item))
            first = seen.setdefault(key, label)
            if first is not label and first.decision != label.decision:
                self.problem(
                    label.location,
                    f"{label.letter} item {label.item!r} is labelled {label.decision} here and {first.decision} "
                    f"at line {first.location.line}",
                    "keep one label per item",
                    "labels-conflict",
                )
        if not self.labels and not self.problems:
            self.problem(Location(self.source), "the file holds no labels", "add one row per item", "labels-empty")
        if self.problems:
            raise ProblemsError(sorted(self.problems))
        return Labels(self.source, self.labels)


def _read_csv(text: str, reader: _Reader) -> None:
    rows = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(rows, [])]
    column = {name: header.index(alias) for name, aliases in _COLUMNS.items() for alias in aliases if alias in header}
    missing = [name for name in _COLUMNS if name not in column]
    if missing:
        reader.problem(
            Location(reader.source, 1, 1),
            f"the header row lacks {', '.join(missing)} (it reads: {', '.join(header) or 'nothing'})",
            "start the file with the header row: letter,item,decision",
            "labels-header",
        )
        return
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        where = Location(reader.source, rows.line_num, 1)
        cells = {name: row[i] if i < len(row) else "" for name, i in column.items()}
        reader.add(where, cells["letter"], cells["item"], cells["decision"].strip())


_COLUMNS = {"letter": ("letter", "file"), "item": ("item", "request"), "decision": ("decision",)}


def _read_json(text: str, reader: _Reader) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        reader.problem(
            Location(reader.source, exc.lineno, exc.colno),
            f"this is not valid JSON: {exc.msg}",
            "check the brackets, commas and quotes at this place",
            "labels-json",
        )
        return
    try:  # JSON is YAML: its composer gives every value's line, for the messages below
        positions = load_yaml_text(text, reader.source).positions
    except ProblemsError:
        positions = Positions(reader.source)
    if not isinstance(data, list):
        reader.problem(
            positions.locate(()), "the file is not a list of labels", "write a JSON list: [{...}, ...]", "labels-shape"
        )
        return
    for i, entry in enumerate(data):
        where = positions.locate((i,))
        if not isinstance(entry, dict):
            reader.problem(
                where,
                "this entry is not an object",
                'write {"letter": ..., "item": ..., "decision": ...}',
                "labels-shape",
            )
        elif "items" in entry:
            _letter_items(entry, i, positions, reader)
        else:
            reader.add(
                where,
                entry.get("letter", entry.get("file")),
                entry.get("item", entry.get("request")),
                entry.get("decision"),
            )


def _letter_items(entry: Mapping[str, Any], i: int, positions: Positions, reader: _Reader) -> None:
    """One letter with its items (the corpus shape): each item by its request text, else its position."""
    letter = entry.get("file", entry.get("letter"))
    items = entry["items"]
    if not isinstance(items, list):
        reader.problem(
            positions.locate((i, "items")), "items is not a list", "write items: [{...}, ...]", "labels-shape"
        )
        return
    for n, item in enumerate(items, 1):
        where = positions.locate((i, "items", n - 1))
        if not isinstance(item, dict):
            reader.problem(
                where, "this item is not an object", 'write {"request": ..., "decision": ...}', "labels-shape"
            )
            continue
        reader.add(where, letter, item.get("request", item.get("item", n)), item.get("decision"))


def load_labels(path: Path) -> Labels:
    """Read a labels file; ProblemsError lists every problem in it, each with file:line."""
    reader = _Reader(str(path))
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        reader.problem(
            Location(str(path)),
            f"labels must be a .json or .csv file, not '{suffix or path.name}'",
            "save the labels as JSON or CSV (see README, Scoring)",
            "labels-format",
        )
        raise ProblemsError(reader.problems)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemsError(
            [
                Problem(
                    Location(str(path)),
                    f"cannot read the labels: {exc}",
                    code="labels-unreadable",
                    fix="give the path of a readable UTF-8 file",
                )
            ]
        ) from None
    (_read_csv if suffix == ".csv" else _read_json)(text, reader)
    return reader.finish()


class Relabeller:
    """Gives each audit record the decision its label states, one record at a time (a large
    audit is streamed); counts the records with no label and, at the end, the labels that
    matched no record."""

    def __init__(self, labels: Labels) -> None:
        self.source = labels.source
        self.labels = labels.labels
        self.unlabelled = 0
        self.differs = 0  # labels that disagree with the decision read from the letter
        self._used: set[int] = set()
        self._by_letter: dict[str, list[Label]] = {}
        for label in labels.labels:
            self._by_letter.setdefault(_letter_key(label.letter), []).append(label)

    def relabel(self, record: dict[str, Any]) -> dict[str, Any] | None:
        """The record with `actual` (and `agreement`) from its label; None when it has none.
        A duplicate letter's record is returned as it is: it is not scored."""
        found = None
        for letter in dict.fromkeys(_record_letters(record)):
            for label in self._by_letter.get(letter, []):
                if label.item == record["item"] or (
                    isinstance(label.item, str) and _key(label.item) == _key(record["request_text"])
                ):
                    found = found or label
                    self._used.add(id(label))
        if record.get("duplicate_of"):
            return record
        if found is None:
            self.unlabelled += 1
            return None
        self.differs += found.decision != record["actual"]
        predicted = record["predicted"]
        agreement = None if predicted is None else predicted == found.decision
        return record | {"actual": found.decision, "agreement": agreement, "letter_actual": record["actual"]}

    @property
    def unmatched(self) -> list[Label]:
        return [label for label in self.labels if id(label) not in self._used]


def _record_letters(record: Mapping[str, Any]) -> Iterator[str]:
    yield _letter_key(Path(record["source"]).name)
    for key in ("letter_id", "case_number"):
        if record.get(key):
            yield _letter_key(record[key])
