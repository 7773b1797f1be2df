"""Summaries of an audit, streamed from items.jsonl: CSV, Markdown and self-contained HTML."""

from __future__ import annotations

import csv
import html
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mtus_check import __version__
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
)


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

    def add(self, record: dict[str, Any]) -> None:
        self.items += 1
        if record["predicted"] is not None:
            self.predicted += 1
            self.agree += bool(record["agreement"])

    @property
    def rate(self) -> float | None:
        return self.agree / self.predicted if self.predicted else None


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
        if any(c["severity"] != "info" for c in r["checks"]) or r["agreement"] is False:
            self.flagged_count += 1
            if len(self.flagged) < FLAG_LIMIT:
                self.flagged.append(r)

    @property
    def score(self) -> Score:
        """The blind prediction scored: balanced accuracy with no prediction counted as upheld."""
        return score(self.scored)

    @property
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

    @property
    def always_upheld(self) -> float | None:
        total = sum(self.actual.values())
        return self.actual["upheld"] / total if total else None


def summarize(out: Path, labels: Labels | None = None) -> Summary:
    """The summary of an audit folder; with `labels`, every item is scored against its label
    (items without one are counted, not scored; labels that match no item are listed)."""
    summary = Summary()
    relabeller = Relabeller(labels) if labels else None
    for record in read_jsonl(out / "items.jsonl"):
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


def write_csv(out: Path) -> None:
    with open(out / "items.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for r in read_jsonl(out / "items.jsonl"):
            row = {
                **r,
                "quantity": r["request"].get("quantity"),
                "rules": " ".join(r["rules"]),
                "checks": " ".join(c["check"] for c in r["checks"]),
            }
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in CSV_COLUMNS])


def percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def interval(i: Interval) -> str:
    if i.value is None:
        return "-"
    if i.low is None or i.high is None:
        return f"{i.value:.2f}"
    return f"{i.value:.2f} [{i.low:.2f}, {i.high:.2f}]"


def labels_origin(s: Summary) -> str:
    return f"labels from {s.labels_source}" if s.labels_source else "decisions read from the letters"


def _scoring(s: Summary) -> list[list[str]]:
    blind, own = s.score, s.score_findings
    return [
        ["reviewers' decisions", labels_origin(s), labels_origin(s)],
        ["balanced accuracy (no prediction = upheld), 95% CI", interval(blind.balanced_accuracy),
         interval(own.balanced_accuracy)],
        ["'always upheld' balanced accuracy", "0.50", "0.50"],
        ["certify precision (reviewer overturned), 95% CI", interval(blind.certify_precision),
         interval(own.certify_precision)],
        ["certify verdicts right / made", f"{blind.certified_right} / {blind.certified}",
         f"{own.certified_right} / {own.certified}"],
        ["certify recall (overturned items found), 95% CI", interval(blind.certify_recall),
         interval(own.certify_recall)],
        ["accuracy / 'always upheld' accuracy", f"{interval(blind.accuracy)} / {percent(blind.always_upheld_accuracy)}",
         f"{interval(own.accuracy)} / {percent(own.always_upheld_accuracy)}"],
        ["items (overturned / upheld)", f"{blind.items} ({blind.overturned} / {blind.upheld})",
         f"{own.items} ({own.overturned} / {own.upheld})"],
        ["items not decided (counted as upheld)", str(s.undecided), str(s.undecided_findings)],
        ["items with no guideline (counted as upheld)", str(s.verdicts["no-guideline"]),
         str(s.no_guideline_findings)],
    ]  # fmt: skip


def _label_rows(s: Summary) -> list[list[str]]:
    return [
        ["labels file", s.labels_source or ""],
        ["items scored (with a label)", str(s.items)],
        ["items without a label (not scored)", str(s.unlabelled)],
        ["labels that differ from the decision read from the letter", str(s.labels_differ)],
        ["labels that match no item (listed below)", str(len(s.unmatched_labels))],
    ]


def _tables(s: Summary) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) for every table of the report, shared by Markdown and HTML."""
    totals = [
        ["letters", str(len(s.letters))],
        ["letters not read (errors.jsonl)", str(sum(s.errors.values()))],
        ["items audited", str(s.items + s.unlabelled)],
        ["duplicate letters' items (not counted)", str(s.duplicates)],
        ["items with a guideline (predicted)", str(s.predicted)],
        ["items not decided (needs-info: a fact not established)", str(s.undecided)],
        ["items with no applicable rule", str(s.verdicts["no-guideline"])],
        ["agreement on predicted items", percent(s.agreement)],
        ["recall, overturned items", percent(s.recall("overturned"))],
        ["recall, upheld items", percent(s.recall("upheld"))],
        ["mean of the two recalls", percent(s.mean_recall)],
        ["'always upheld' baseline agreement", percent(s.always_upheld)],
        ["predictions that hinge on missing documentation", str(s.hinges)],
    ]
    confusion = [
        [f"reviewer {actual}", str(s.confusion[(actual, "overturned")]), str(s.confusion[(actual, "upheld")])]
        for actual in ("overturned", "upheld")
    ]
    tables = [
        (
            "Scoring (every item; no prediction counted as upheld; 95% CI from resampling letters)",
            ["", "blind (case facts)", "from the reviewer's findings"],
            _scoring(s),
        ),
        ("Totals", ["", "value"], totals),
        *([("Labels", ["", "value"], _label_rows(s))] if s.labels_source else []),
        ("Confusion matrix (items with a guideline)", ["", "predicted overturned", "predicted upheld"], confusion),
        ("Verdicts", ["verdict", "items"], [[k, str(v)] for k, v in sorted(s.verdicts.items())]),
    ]
    for key, title in (("service", "service"), ("rule", "rule"), ("specialty", "reviewer specialty"), ("year", "year")):
        rows = [[name, str(t.items), str(t.predicted), percent(t.rate)] for name, t in sorted(s.by[key].items())]
        tables.append((f"Agreement by {title}", [title, "items", "predicted", "agreement"], rows))
    if s.checks:
        tables.append(("Rationale checks", ["check", "items"], [[k, str(v)] for k, v in sorted(s.checks.items())]))
    if s.errors:
        tables.append(("Letters not read", ["reason", "letters"], [[k, str(v)] for k, v in sorted(s.errors.items())]))
    return tables


def _flag_lines(r: dict[str, Any]) -> list[str]:
    lines = []
    if r["agreement"] is False:
        lines.append(f"predicted {r['predicted']} ({r['verdict']}: {r['verdict_summary']}), reviewer {r['actual']}")
    for c in r["checks"]:
        quote = f' - "{c["evidence"]["quote"]}"' if c.get("evidence") else ""
        lines.append(f"[{c['severity']}] {c['check']}: {c['message']}{quote}")
    return lines


def _evidence_lines(r: dict[str, Any]) -> list[str]:
    """Each fact read from the letter with the words it was read from."""
    return [
        f'{name} = {fact["value"]}: "{fact["evidence"]["quote"]}" ({fact["evidence"]["section"]})'
        for name, fact in sorted((r.get("facts") or {}).items())
        if fact.get("evidence", {}).get("quote")
    ]


def summary_tables(s: Summary) -> list[tuple[str, list[str], list[list[str]]]]:
    """The report's tables (title, header, rows), for other renderers (the audit browser)."""
    return _tables(s)


def markdown(s: Summary) -> str:
    pack = s.rule_pack
    out = [
        "# mtus-check audit report",
        "",
        f"mtus-check {__version__}; rule pack {pack.get('name')} {pack.get('version')} (sha256 {pack.get('hash')})",
        "",
    ]
    for title, header, rows in _tables(s):
        out += [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
        out.append("")
    if s.unmatched_labels:
        out += [f"## Labels that match no item ({len(s.unmatched_labels)})", ""]
        out += [f"- {line}" for line in s.unmatched_labels[:UNMATCHED_LIMIT]]
        out.append("")
    out += [
        f"## Flagged items ({s.flagged_count}; first {min(FLAG_LIMIT, s.flagged_count)} listed)",
        "",
        "Items where the prediction and the reviewer disagree, or a warning or error check was raised.",
        "",
    ]
    for r in s.flagged:
        out.append(f"- **{r['case_number'] or r['letter_id']} #{r['item']}** {r['request_text']} ({r['source']})")
        out += [f"  - {line}" for line in _flag_lines(r)]
    return "\n".join(out) + "\n"


def _svg_bars(title: str, rows: list[tuple[str, float, int]]) -> str:
    """A horizontal bar chart: one bar per group, the agreement rate, with item counts."""
    height = 24 * len(rows) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="640" height="{height}" role="img" '
        f'aria-label="{html.escape(title)}"><text x="0" y="16" font-weight="bold">{html.escape(title)}</text>'
    ]
    for i, (label, rate, n) in enumerate(rows):
        y = 30 + 24 * i
        width = int(360 * rate)
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="12">{html.escape(label[:28])}</text>'
            f'<rect x="200" y="{y}" width="{width}" height="18" fill="#3b7dd8"/>'
            f'<text x="{205 + width}" y="{y + 14}" font-size="12">{100 * rate:.0f}% of {n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def html_report(s: Summary) -> str:
    pack = s.rule_pack
    body = [
        "<h1>mtus-check audit report</h1>",
        f"<p>mtus-check {__version__}; rule pack {html.escape(str(pack.get('name')))} "
        f"{html.escape(str(pack.get('version')))} (sha256 <code>{html.escape(str(pack.get('hash')))}</code>)</p>",
    ]
    chart_rows = [(name, t.rate, t.predicted) for name, t in sorted(s.by["service"].items()) if t.rate is not None]
    if chart_rows:
        body.append(_svg_bars("Agreement with reviewers by service", chart_rows))
    for title, header, rows in _tables(s):
        body.append(
            f"<h2>{html.escape(title)}</h2><table><tr>"
            + "".join(f"<th>{html.escape(h)}</th>" for h in header)
            + "</tr>"
        )
        body += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows]
        body.append("</table>")
    if s.unmatched_labels:
        body.append(f"<h2>Labels that match no item ({len(s.unmatched_labels)})</h2><ul>")
        body += [f"<li>{html.escape(line)}</li>" for line in s.unmatched_labels[:UNMATCHED_LIMIT]]
        body.append("</ul>")
    body.append(f"<h2>Flagged items ({s.flagged_count}; first {min(FLAG_LIMIT, s.flagged_count)} listed)</h2><ul>")
    for r in s.flagged:
        # served (`mtus-check serve --audit`), the link opens the item with its letter; opened as a
        # file, the script hides it and the evidence quotes below stand in for the letter
        href = f"item/{quote(r['letter_id'])}/{r['item']}"
        body.append(
            f"<li><b>{html.escape(r['case_number'] or r['letter_id'])} #{r['item']}</b> "
            f'{html.escape(r["request_text"])} <a class="served" href="{href}">open with the letter</a><ul>'
            + "".join(f"<li>{html.escape(line)}</li>" for line in _flag_lines(r))
            + "".join(f"<li>{html.escape(line)}</li>" for line in _evidence_lines(r))
            + "</ul></li>"
        )
    body.append("</ul>")
    body.append(
        "<script>if (location.protocol === 'file:') "
        "document.querySelectorAll('a.served').forEach(function (a) { a.hidden = true; });</script>"
    )
    style = (
        "body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
        "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}"
        "th{background:#f0f0f0}"
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>mtus-check audit</title>'
        f"<style>{style}</style></head><body>{''.join(body)}</body></html>\n"
    )


def write_reports(out: Path, labels: Labels | None = None) -> Summary:
    """items.csv, report.md and report.html from the JSONL files in `out` (scored against
    `labels` when given, else against the decisions read from the letters)."""
    write_csv(out)
    summary = summarize(out, labels)
    (out / "report.md").write_text(markdown(summary), encoding="utf-8")
    (out / "report.html").write_text(html_report(summary), encoding="utf-8")
    return summary
