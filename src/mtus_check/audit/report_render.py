"""An audit's summary written out: items.csv, report.md and a self-contained report.html."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path
from urllib.parse import quote

from mtus_check import __version__
from mtus_check.audit.charts import confusion_svg, groups_svg
from mtus_check.audit.glossary import GLOSSARY, glossary_markdown
from mtus_check.audit.labels import Labels
from mtus_check.audit.report import CSV_COLUMNS, FLAG_LIMIT, UNMATCHED_LIMIT, Summary, csv_row, summarize
from mtus_check.audit.report_tables import evidence_lines, flag_lines, sorted_groups, summary_tables

CHART_GROUPS = 25  # services drawn in the chart; the table below it lists them all
GLOSSARY_NOTE = (
    "Terms (needs-info, not decided, no guideline, covered, certify precision and recall) are explained "
    "in the glossary at the end."
)


def _provenance(s: Summary) -> str:
    pack = s.rule_pack
    return f"mtus-check {__version__}; rule pack {pack.get('name')} {pack.get('version')} (sha256 {pack.get('hash')})"


def markdown(s: Summary) -> str:
    out = ["# mtus-check audit report", "", _provenance(s), "", GLOSSARY_NOTE, ""]
    for title, header, rows in summary_tables(s):
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
        out += [f"  - {line}" for line in flag_lines(r)]
    out += ["", *glossary_markdown()]
    return "\n".join(out) + "\n"


def _charts(s: Summary) -> list[str]:
    """The confusion matrix and where the rules fall short, by service, as pictures with counts."""
    matrix = {actual: s.confusion_row(actual) for actual in ("overturned", "upheld")}
    parts = [confusion_svg(matrix)] if any(sum(row) for row in matrix.values()) else []
    groups = [(name, t.agree, t.predicted - t.agree, t.items - t.predicted) for name, t in sorted_groups(s, "service")]
    if groups:
        parts.append(groups_svg("Items by service: predicted right, wrong, not predicted", groups[:CHART_GROUPS]))
    return parts


def _code(text: str) -> str:
    """Markdown's `code` spans of the glossary as HTML."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", text)


def html_report(s: Summary) -> str:
    body = [
        "<h1>mtus-check audit report</h1>",
        f"<p>{html.escape(_provenance(s))}</p>",
        "<p>" + html.escape(GLOSSARY_NOTE).replace("glossary", '<a href="#glossary">glossary</a>', 1) + "</p>",
        *_charts(s),
    ]
    for title, header, rows in summary_tables(s):
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
            + "".join(f"<li>{html.escape(line)}</li>" for line in flag_lines(r))
            + "".join(f"<li>{html.escape(line)}</li>" for line in evidence_lines(r))
            + "</ul></li>"
        )
    body.append("</ul>")
    body.append('<h2 id="glossary">Glossary</h2><dl>')
    body += [f"<dt>{html.escape(term)}</dt><dd>{_code(html.escape(meaning))}</dd>" for term, meaning in GLOSSARY]
    body.append("</dl>")
    body.append(
        "<script>if (location.protocol === 'file:') "
        "document.querySelectorAll('a.served').forEach(function (a) { a.hidden = true; });</script>"
    )
    style = (
        "body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
        "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}"
        "th{background:#f0f0f0}dt{font-weight:bold;margin-top:.5em}svg{display:block;margin:1em 0}"
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>mtus-check audit</title>'
        f"<style>{style}</style></head><body>{''.join(body)}</body></html>\n"
    )


def write_reports(out: Path, labels: Labels | None = None) -> Summary:
    """items.csv, report.md and report.html from the JSONL files in `out` (scored against
    `labels` when given, else against the decisions read from the letters)."""
    with open(out / "items.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        # one pass over items.jsonl: each record becomes its CSV row as it is summarized
        summary = summarize(out, labels, each=lambda r: writer.writerow(csv_row(r)))
    (out / "report.md").write_text(markdown(summary), encoding="utf-8")
    (out / "report.html").write_text(html_report(summary), encoding="utf-8")
    return summary
