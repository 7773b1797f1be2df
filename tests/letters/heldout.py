"""The held-out letters (fixtures/heldout/) against their hand labels, fact by fact.

Each NAME.txt has a NAME.labels.yaml written by a person reading the letter before the reader
was run on it: per item, the request, the value of every fact a rule for the service asks
(null: the letter does not say), the verdict a careful reviewer reaches under the MTUS and the
rule that decides it. `python -m tests.letters.heldout` prints accuracy per fact, per
construction (how the letter says it) and for verdicts; tests/letters/test_heldout.py turns
each comparison into a test (a label's `xfail: {key: reason}` marks one known miss, strictly).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mtus_check.audit.models import ItemRecord
from mtus_check.audit.predict import letter_records
from mtus_check.engine import Engine
from mtus_check.letters import LetterItem, read_letter
from mtus_check.rules.loader import RulePack

HELDOUT = Path(__file__).resolve().parents[2] / "fixtures" / "heldout"
VERDICT, RULE = "verdict", "rule"
# the status the deciding rule has under each verdict
RULE_STATUS = {"certify": "pass", "non-certify": "fail", "needs-info": "unknown"}
NUMBER_TOLERANCE = 0.5  # "30-day" is 4.3 weeks; 4/7 of the pain gone is 57%


@dataclass(frozen=True)
class Check:
    """One labelled value of one item: what a person read, and how the letter says it."""

    letter: str
    item: int  # 1-based, as the letter numbers its items
    key: str
    expected: Any
    construction: str
    xfail: str | None

    @property
    def id(self) -> str:
        return f"{self.letter}/{self.item}/{self.key}"


def label_files(*patterns: str) -> list[Path]:
    """The label files of the letters whose names match any of `patterns` (globs; none: all)."""
    return sorted({path for pattern in patterns or ("*",) for path in HELDOUT.glob(f"{pattern}.labels.yaml")})


def checks(*patterns: str) -> list[Check]:
    """Every labelled value of the letters whose names match any of `patterns` (globs), read from the
    label files alone (no reader run)."""
    out = []
    for path in label_files(*patterns):
        letter = path.name.removesuffix(".labels.yaml")
        labels = yaml.safe_load(path.read_text())
        for index, item in enumerate(labels["items"], start=1):
            tags = item.get("constructions") or {}
            misses = item.get("xfail") or {}
            values = dict(item["request"]) | dict(item.get("facts") or {})
            values |= {VERDICT: item["decision"], RULE: (item["rule"], item["decision"])}
            for key, expected in values.items():
                kind = "request" if key in item["request"] and key not in tags else tags.get(key, "plain")
                if key in (VERDICT, RULE):
                    kind = key
                out.append(Check(letter, index, key, expected, kind, misses.get(key)))
    return out


Read = tuple[list[LetterItem], list[ItemRecord]]
_READ: dict[tuple[str, int], Read] = {}


def _read(letter: str, pack: RulePack, engine: Engine) -> Read:
    """A letter's items and their audit records, read once per engine."""
    key = (letter, id(engine))
    if key not in _READ:
        parsed = read_letter(HELDOUT / f"{letter}.txt", pack.reading, pack.fields_for)  # as `audit` reads
        assert parsed.ok, f"{letter}: {parsed.error}"
        records, error = letter_records(parsed, engine, None)
        assert error is None, error
        _READ[key] = (parsed.items, records)
    return _READ[key]


def actual(check: Check, pack: RulePack, engine: Engine) -> Any:
    """What the reader and the engine give for a labelled key of an item."""
    items, records = _read(check.letter, pack, engine)
    if check.item > len(items):
        return "<item not read>"
    item, record = items[check.item - 1], records[check.item - 1]
    if check.key == VERDICT:
        return record.verdict
    if check.key == RULE:
        rule = check.expected[0]
        status = next((f["status"] for f in record.findings if f["rule"] == rule), "absent")
        return (rule, status)
    if check.key == "diagnosis":
        diagnoses = item.request.diagnoses if item.request else None
        return sorted(pack.vocabulary.categorize_diagnoses(diagnoses or []))
    if check.key in record.request:
        return record.request[check.key]
    fact = item.facts.get(check.key)
    return fact.value if fact is not None else None


def agrees(check: Check, value: Any) -> bool:
    expected = check.expected
    if check.key == RULE:
        rule, decision = expected
        return bool(value == (rule, RULE_STATUS[decision]))
    if check.key == "diagnosis":
        return sorted(expected) == value
    if isinstance(expected, bool) or isinstance(value, bool):
        return expected is value
    if isinstance(expected, (int, float)) and isinstance(value, (int, float)):
        return abs(expected - value) <= NUMBER_TOLERANCE
    if isinstance(expected, str) and isinstance(value, str):
        return expected.casefold() == value.casefold()
    return bool(expected == value if expected is not None else value is None)


def _rate(pairs: list[bool]) -> str:
    return f"{sum(pairs)}/{len(pairs)} ({sum(pairs) / len(pairs):.0%})"


def report(pack: RulePack, engine: Engine, *patterns: str) -> str:
    """Accuracy per fact, per construction and for verdicts, then every disagreement, over the
    letters whose names match any of `patterns` (one round of letters is scored on its own)."""
    by_key: dict[str, list[bool]] = defaultdict(list)
    by_kind: dict[str, list[bool]] = defaultdict(list)
    misses = []
    for check in checks(*patterns):
        value = actual(check, pack, engine)
        ok = agrees(check, value)
        by_key[check.key].append(ok)
        if check.key not in (VERDICT, RULE):
            by_kind[check.construction].append(ok)
            by_kind["all facts and request fields"].append(ok)
            if check.construction != "request":
                by_kind["case facts (not request fields)"].append(ok)
        if not ok:
            misses.append(f"  {check.id}: expected {check.expected!r}, got {value!r} [{check.construction}]")
    lines = ["per key:"] + [f"  {k:38} {_rate(v)}" for k, v in sorted(by_key.items())]
    lines += ["per construction:"] + [f"  {k:38} {_rate(v)}" for k, v in sorted(by_kind.items())]
    return "\n".join([*lines, "disagreements:", *misses])


if __name__ == "__main__":
    import sys

    from mtus_check.rules.loader import load_pack

    loaded = load_pack(Path(__file__).resolve().parents[2] / "rules")
    # optional globs over letter names: `python -m tests.letters.heldout 'hd1[3-9]*' 'hd2[0-2]*'`
    print(report(loaded, Engine(loaded), *sys.argv[1:]))
