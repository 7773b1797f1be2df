"""Summaries of an audit, streamed from items.jsonl: the counts, the tables and the CSV rows
(report_render.py writes them as items.csv, report.md and report.html)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from mtus_check.audit.labels import Labels, Relabeller
from mtus_check.audit.scoring import Interval, Score, Scored, score, scored_from_records

FLAG_LIMIT = 200  # flagged items listed in the report; all of them are in items.jsonl
UNMATCHED_LIMIT = 200  # labels matching no item listed in the report; the count is always whole
CSV_COLUMNS = (
    "letter_id",
    "source",
    "case_number",
    "layout",
    "item",
    "request_text",
    "service",
    "service_category",
    "quantity",
    "verdict",
    "rules",
    "predicted",
    "actual",
    "agreement",
    "hinges_on_documentation",
    "checks",
    "reviewer_specialty",
    "year",
    "duplicate_of",
    # the deciding finding: the rule the verdict rests on, its status, reason and citation
    "rule",
    "status",
    "reason",
    "citation",
    "missing_documentation",
    "needs_info_kind",
    "predicted_from_findings",
    "flag",
)
SMALL_GROUP = 10  # groups with fewer predicted items are marked: their agreement says little


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


@dataclass
class Tally:
    """Agreement counts for one group of items."""

    items: int = 0
    predicted: int = 0
    agree: int = 0
    overturned: int = 0  # the reviewer overturned (the treatment was found medically necessary)

    def add(self, record: dict[str, Any]) -> None:
        self.items += 1
        self.overturned += record.get("actual") == "overturned"
        if record["predicted"] is not None:
            self.predicted += 1
            self.agree += bool(record["agreement"])

    @property
    def rate(self) -> float | None:
        return self.agree / self.predicted if self.predicted else None

    @property
    def short(self) -> int:
        """Items not predicted right: wrong, not decided or without a guideline."""
        return self.items - self.agree

    def wilson(self) -> Interval:
        """The agreement with its Wilson 95% interval (sound for small groups and rates of 0 or 1)."""
        n, k, z = self.predicted, self.agree, 1.96
        if not n:
            return Interval(None, None, None)
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
        return Interval(p, max(0.0, centre - half), min(1.0, centre + half))


@dataclass
class Summary:
    """Everything the report shows, computed in one pass over items.jsonl."""

    letters: set[str] = field(default_factory=set)
    items: int = 0
    duplicates: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    actual: Counter[str] = field(default_factory=Counter)
    hinges: int = 0
    by: dict[str, defaultdict[str, Tally]] = field(
        default_factory=lambda: {k: defaultdict(Tally) for k in ("service", "rule", "specialty", "year")}
    )
    checks: Counter[str] = field(default_factory=Counter)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    flagged_count: int = 0
    rule_pack: dict[str, str] = field(default_factory=dict)
    # one small record per item, for balanced accuracy and its letter-bootstrap interval
    scored: list[Scored] = field(default_factory=list)
    scored_findings: list[Scored] = field(default_factory=list)
    undecided: int = 0
    undecided_findings: int = 0
    no_guideline_findings: int = 0
    # where the reviewers' decisions come from: the letters, or a labels file (--labels)
    labels_source: str | None = None
    unlabelled: int = 0
    labels_differ: int = 0
    unmatched_labels: list[str] = field(default_factory=list)

    def add(self, r: dict[str, Any]) -> None:
        self.letters.add(r["source"])
        self.rule_pack = r["rule_pack"]
        if r.get("duplicate_of"):
            self.duplicates += 1
            return
        self.items += 1
        self.scored += scored_from_records([r])
        self.scored_findings += scored_from_records([r], "predicted_from_findings")
        self.undecided += r["verdict"] == "needs-info" and r["predicted"] is None
        by_findings = r.get("verdict_from_findings")
        self.undecided_findings += by_findings == "needs-info" and r.get("predicted_from_findings") is None
        self.no_guideline_findings += by_findings == "no-guideline"
        self.verdicts[r["verdict"]] += 1
        self.actual[r["actual"]] += 1
        if r["predicted"] is not None:
            self.confusion[(r["actual"], r["predicted"])] += 1
            self.hinges += bool(r["hinges_on_documentation"])
        self.by["service"][r["service_category"]].add(r)
        for rule in r["rules"] or ["(none)"]:
            self.by["rule"][rule].add(r)
        self.by["specialty"][(r["reviewer_specialty"] or "unknown").split(",")[0].strip()].add(r)
        self.by["year"][str(r["year"] or "unknown")].add(r)
        for check in r["checks"]:
            self.checks[f"{check['severity']}: {check['check']}"] += 1
        if flags(r):
            self.flagged_count += 1
            if len(self.flagged) < FLAG_LIMIT:
                self.flagged.append(r)

    # scored once, when every item has been added (the Markdown and HTML reports both show them)
    @cached_property
    def score(self) -> Score:
        """The blind prediction scored: balanced accuracy with no prediction counted as upheld."""
        return score(self.scored)

    @cached_property
    def score_findings(self) -> Score:
        """The prediction from the reviewer's own findings, scored the same way."""
        return score(self.scored_findings)

    @property
    def predicted(self) -> int:
        return sum(self.confusion.values())

    @property
    def agreement(self) -> float | None:
        agree = self.confusion[("overturned", "overturned")] + self.confusion[("upheld", "upheld")]
        return agree / self.predicted if self.predicted else None

    def recall(self, outcome: str) -> float | None:
        total = self.confusion[(outcome, "overturned")] + self.confusion[(outcome, "upheld")]
        return self.confusion[(outcome, outcome)] / total if total else None

    @property
    def mean_recall(self) -> float | None:
        values = [self.recall("overturned"), self.recall("upheld")]
        return sum(v for v in values if v is not None) / 2 if all(v is not None for v in values) else None

    def confusion_row(self, actual: str) -> tuple[int, int, int]:
        """Predicted overturned, predicted upheld and not predicted, of the items the reviewer
        decided `actual`."""
        over, up = self.confusion[(actual, "overturned")], self.confusion[(actual, "upheld")]
        return over, up, self.actual[actual] - over - up

    @property
    def always_upheld(self) -> float | None:
        total = sum(self.actual.values())
        return self.actual["upheld"] / total if total else None


def summarize(
    out: Path, labels: Labels | None = None, each: Callable[[dict[str, Any]], object] | None = None
) -> Summary:
    """The summary of an audit folder; with `labels`, every item is scored against its label
    (items without one are counted, not scored; labels that match no item are listed).
    `each` sees every record of items.jsonl as read, so other outputs need no second pass."""
    summary = Summary()
    relabeller = Relabeller(labels) if labels else None
    for record in read_jsonl(out / "items.jsonl"):
        if each is not None:
            each(record)
        if relabeller is None:
            summary.add(record)
            continue
        summary.letters.add(record["source"])
        relabelled = relabeller.relabel(record)
        if relabelled is not None:
            summary.add(relabelled)
    if relabeller is not None:
        summary.labels_source = relabeller.source
        summary.unlabelled = relabeller.unlabelled
        summary.labels_differ = relabeller.differs
        summary.unmatched_labels = [label.describe() for label in relabeller.unmatched]
    for error in read_jsonl(out / "errors.jsonl"):
        summary.letters.add(error["source"])
        summary.errors[error["error_kind"]] += 1
        summary.rule_pack = summary.rule_pack or error["rule_pack"]
    return summary


def deciding_finding(r: dict[str, Any]) -> dict[str, Any] | None:
    """The finding the verdict rests on: the one its summary names (the engine ends the summary
    with the deciding rule's id), else the first whose status is the verdict's."""
    findings = r.get("findings") or []
    named = next((f for f in findings if r["verdict_summary"].endswith(f"({f['rule']})")), None)
    if named is not None:
        return named
    status = {"non-certify": "fail", "needs-info": "unknown", "certify": "pass"}.get(r["verdict"])
    return next((f for f in findings if f["status"] == status), None)


def flags(r: dict[str, Any]) -> list[str]:
    """Why an item is flagged: a disagreement with the reviewer, and each warning or error check."""
    found = ["disagreement"] if r["agreement"] is False else []
    return found + [c["check"] for c in r["checks"] if c["severity"] != "info"]


def csv_row(r: dict[str, Any]) -> list[Any]:
    lead = deciding_finding(r) or {}
    row = {
        **r,
        "quantity": r["request"].get("quantity"),
        "rules": " ".join(r["rules"]),
        "checks": " ".join(c["check"] for c in r["checks"]),
        "rule": lead.get("rule"),
        "status": lead.get("status"),
        "reason": lead.get("reason"),
        "citation": lead.get("citation"),
        "missing_documentation": "; ".join(r.get("missing") or []),
        "flag": " ".join(flags(r)),
    }
    return ["" if row.get(c) is None else row.get(c) for c in CSV_COLUMNS]
