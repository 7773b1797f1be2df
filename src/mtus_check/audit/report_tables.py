"""The report's tables (title, header, rows), shared by report.md, report.html and the audit
browser, and the lines that explain a flagged item."""

from __future__ import annotations

from typing import Any

from mtus_check.audit.report import SMALL_GROUP, Summary, Tally
from mtus_check.audit.scoring import Interval


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
        [f"reviewer {actual}", *(str(n) for n in s.confusion_row(actual))] for actual in ("overturned", "upheld")
    ]
    tables = [
        (
            "Scoring (every item; no prediction counted as upheld; 95% CI from resampling letters)",
            ["", "blind (case facts)", "from the reviewer's findings"],
            _scoring(s),
        ),
        ("Totals", ["", "value"], totals),
        *([("Labels", ["", "value"], _label_rows(s))] if s.labels_source else []),
        (
            "Confusion matrix (blind prediction against the reviewer's decision)",
            ["", "predicted overturned (certify)", "predicted upheld", "not predicted"],
            confusion,
        ),
        ("Verdicts", ["verdict", "items"], [[k, str(v)] for k, v in sorted(s.verdicts.items())]),
    ]
    for key, title in (("service", "service"), ("rule", "rule"), ("specialty", "reviewer specialty"), ("year", "year")):
        tables.append(
            (
                f"By {title} ({GROUP_ORDER[key]}; * fewer than {SMALL_GROUP} predicted items)",
                [title, *GROUP_HEADER],
                [[name, *group_cells(t)] for name, t in sorted_groups(s, key)],
            )
        )
    if s.checks:
        tables.append(("Rationale checks", ["check", "items"], [[k, str(v)] for k, v in sorted(s.checks.items())]))
    if s.errors:
        tables.append(("Letters not read", ["reason", "letters"], [[k, str(v)] for k, v in sorted(s.errors.items())]))
    return tables


GROUP_HEADER = (
    "items",
    "reviewer overturned",
    "predicted",
    "predicted right",
    "agreement [95% CI]",
    "not decided or no guideline",
)
GROUP_ORDER = {
    "service": "most items not predicted right first",
    "rule": "most items not predicted right first",
    "specialty": "most items first",
    "year": "by year",
}


def sorted_groups(s: Summary, key: str) -> list[tuple[str, Tally]]:
    """The groups of one table in the order an auditor reads them: where the rules fall short
    of the reviewers most, first (years in order)."""
    groups = s.by[key].items()
    if key == "year":
        return sorted(groups)
    if key == "specialty":
        return sorted(groups, key=lambda g: (-g[1].items, g[0]))
    return sorted(groups, key=lambda g: (-g[1].short, -g[1].items, g[0]))


def group_cells(t: Tally) -> list[str]:
    iv = t.wilson()
    agreement = "-" if iv.value is None else f"{iv.value:.0%} [{iv.low or 0:.0%}, {iv.high or 0:.0%}]"
    small = " *" if 0 < t.predicted < SMALL_GROUP else ""
    return [
        str(t.items),
        str(t.overturned),
        str(t.predicted),
        str(t.agree),
        agreement + small,
        str(t.items - t.predicted),
    ]


def flag_lines(r: dict[str, Any]) -> list[str]:
    lines = []
    if r["agreement"] is False:
        lines.append(f"predicted {r['predicted']} ({r['verdict']}: {r['verdict_summary']}), reviewer {r['actual']}")
    for c in r["checks"]:
        quote = f' - "{c["evidence"]["quote"]}"' if c.get("evidence") else ""
        lines.append(f"[{c['severity']}] {c['check']}: {c['message']}{quote}")
    return lines


def evidence_lines(r: dict[str, Any]) -> list[str]:
    """Each fact read from the letter with the words it was read from."""
    return [
        f'{name} = {fact["value"]}: "{fact["evidence"]["quote"]}" ({fact["evidence"]["section"]})'
        for name, fact in sorted((r.get("facts") or {}).items())
        if fact.get("evidence", {}).get("quote")
    ]


def summary_tables(s: Summary) -> list[tuple[str, list[str], list[list[str]]]]:
    """The report's tables (title, header, rows), for every renderer (Markdown, HTML, the audit browser)."""
    return _tables(s)
