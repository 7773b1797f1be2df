"""The audit browser (`serve --audit DIR`): totals and scoring, a sortable and filterable item table,
and one item beside its letter with each fact's evidence highlighted. The folder is the operator's;
a client picks an item by letter id and number, never a path."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from mtus_check import api
from mtus_check.audit.report import summarize
from mtus_check.audit.report_tables import summary_tables
from mtus_check.errors import Location, Problem, ProblemsError
from mtus_check.web.errors import ApiError, run_limited
from mtus_check.web.html import esc, page, status_badge, table, verdict_badge

router = APIRouter(prefix="/audit", include_in_schema=False)


@dataclass
class AuditFolder:
    root: Path
    records: list[dict[str, Any]]

    @classmethod
    def open(cls, root: Path) -> AuditFolder:
        items = root / "items.jsonl"
        if not items.is_file():
            raise ProblemsError(
                [
                    Problem(
                        Location(str(root)), "no items.jsonl here", "audit-folder", fix="give an `audit --out` folder"
                    )
                ]
            )
        records = [json.loads(line) for line in items.read_text(encoding="utf-8").splitlines() if line.strip()]
        return cls(root, records)

    def find(self, letter_id: str, item: int) -> dict[str, Any]:
        for r in self.records:
            if r["letter_id"] == letter_id and r["item"] == item:
                return r
        raise ApiError(404, "audit-item-unknown", f"no item {item} of letter {letter_id}", "open /audit/ for the list")

    def letter_path(self, source: str) -> Path | None:
        """The letter an item was read from: as recorded, or beside the audit folder."""
        for path in (Path(source), self.root.parent / source, self.root.parent.parent / source):
            if path.is_file():
                return path
        return None


def _flags(r: dict[str, Any]) -> list[str]:
    return [c["check"] for c in r["checks"] if c["severity"] != "info"]


def _row(r: dict[str, Any]) -> tuple[str, list[str]]:
    disagree = r["agreement"] is False
    flagged = disagree or bool(_flags(r))
    href = f"item/{quote(r['letter_id'])}/{r['item']}"
    attrs = f'data-disagree="{"yes" if disagree else "no"}" data-flagged="{"yes" if flagged else "no"}"'
    cells = [
        f'<a href="{href}">{esc(r["case_number"] or r["letter_id"])} #{r["item"]}</a>',
        esc(r["service"] or "-"),
        esc(r["request_text"]),
        verdict_badge(r["verdict"]),
        esc(r["predicted"] or "not decided"),
        esc(r["actual"]),
        "no" if disagree else ("yes" if r["agreement"] else "-"),
        esc(", ".join(_flags(r))),
    ]
    return attrs, cells


@router.get("/", response_class=HTMLResponse)
async def overview(request: Request) -> HTMLResponse:
    folder: AuditFolder = request.app.state.audit
    summary = summarize(folder.root)
    parts = ['<p><a href="report.html">The audit report (report.html)</a></p>']
    for title, header, rows in summary_tables(summary)[:3]:
        parts.append(
            f"<h2>{esc(title)}</h2>" + table([esc(h) for h in header], [[esc(c) for c in row] for row in rows])
        )
    head = ["item", "service", "request", "verdict", "predicted", "reviewer", "agrees", "flags"]
    heads = "".join(f'<th scope="col"><button type="button">{h}</button></th>' for h in head)
    body: list[str] = []
    for r in folder.records:
        attrs, cells = _row(r)
        body.append(f"<tr {attrs}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    parts.append(
        f"<h2>Items ({len(folder.records)})</h2>"
        '<div class="grid"><div><label for="filter-text">Filter by words</label>'
        '<input id="filter-text" type="search"></div>'
        '<div><label for="filter-kind">Show</label><select id="filter-kind">'
        '<option value="all">all items</option><option value="disagree">disagreements</option>'
        '<option value="flagged">flagged items</option></select></div></div>'
        '<p id="shown" aria-live="polite"></p>'
        f'<table id="items"><thead><tr>{heads}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )
    return HTMLResponse(page("Audit", "".join(parts), audit=True, scripts=["audit.js"]))


@router.get("/report.html", response_class=HTMLResponse)
async def report(request: Request) -> Response:
    folder: AuditFolder = request.app.state.audit
    path = folder.root / "report.html"
    if not path.is_file():
        raise ApiError(404, "not-found", "this audit folder has no report.html", "run mtus-check audit again")
    return HTMLResponse(path.read_text(encoding="utf-8"))


def highlight(text: str, facts: dict[str, Any], section: str, css: str = "") -> str:
    """`text` escaped, each fact's evidence span in this section marked; a span inside another is
    marked inside it (a fact read from part of a sentence another fact quotes whole), a span that
    crosses another's end is left out (marks cannot cross)."""
    spans = []
    for name, fact in facts.items():
        ev = fact.get("evidence") or {}
        if ev.get("section") != section:
            continue
        start, end = ev["start"], ev["end"]
        if text[start:end] != ev["quote"]:  # the letter changed since the audit: find the words again
            start = text.find(ev["quote"])
            end = start + len(ev["quote"])
        if start >= 0 and end > start:
            spans.append((start, -end, name, fact["value"]))
    out: list[str] = []
    open_ends: list[int] = []  # the ends of the marks open now, innermost last
    at = 0
    for start, neg_end, name, value in sorted(spans):
        end = -neg_end
        while open_ends and open_ends[-1] <= start:
            out.append(esc(text[at : open_ends[-1]]) + "</mark>")
            at = open_ends.pop()
        if start < at or (open_ends and end > open_ends[-1]):
            continue
        out.append(esc(text[at:start]))
        title = esc(f"{name} = {value}")
        out.append(f'<mark class="{css}" data-fact="{esc(name)}" title="{title}">')
        open_ends.append(end)
        at = start
    while open_ends:
        out.append(esc(text[at : open_ends[-1]]) + "</mark>")
        at = open_ends.pop()
    out.append(esc(text[at:]))
    return "".join(out)


def _facts_table(facts: dict[str, Any], caption: str) -> str:
    rows = [
        [esc(name), esc(f["value"]), esc(f["evidence"]["section"]), f"&ldquo;{esc(f['evidence']['quote'])}&rdquo;"]
        for name, f in sorted(facts.items())
    ]
    return f"<h3>{esc(caption)}</h3>" + table(["fact", "value", "section", "evidence"], rows)


@router.get("/item/{letter_id}/{item}", response_class=HTMLResponse)
async def item_view(request: Request, letter_id: str, item: int) -> HTMLResponse:
    folder: AuditFolder = request.app.state.audit
    r = folder.find(letter_id, item)
    path = folder.letter_path(r["source"])
    letter_item, summary = None, ""
    if path is not None:
        pack = request.app.state.pack.engine().pack

        def read() -> Any:
            with request.app.state.pack.read_lock:
                return next(iter(api.extract([path], pack=pack)))

        letter = await run_limited(read, request.app.state.settings.timeout_seconds)
        if letter.ok and len(letter.items) >= item:
            letter_item, summary = letter.items[item - 1], letter.summary
    facts, reviewer = r["facts"], r.get("reviewer_findings") or {}
    findings = [
        [status_badge(f["status"]), f"<code>{esc(f['rule'])}</code>", esc(f["reason"]), esc(f["citation"])]
        for f in r["findings"]
    ]
    parts = [
        f"<p>{esc(r['request_text'])}</p>",
        f"<p>mtus-check: {verdict_badge(r['verdict'])} predicts <strong>{esc(r['predicted'] or 'not decided')}"
        f"</strong>; the reviewer: <strong>{esc(r['actual'])}</strong>; from the reviewer's findings: "
        f"<strong>{esc(r['predicted_from_findings'] or 'not decided')}</strong></p>",
        f"<p>{esc(r['verdict_summary'])}</p>",
        "<h2>Findings</h2>" + table(["status", "rule", "reason", "citation"], findings),
    ]
    if r["checks"]:
        parts.append("<h2>Rationale checks</h2><ul>")
        parts += [f"<li>[{esc(c['severity'])}] {esc(c['check'])}: {esc(c['message'])}</li>" for c in r["checks"]]
        parts.append("</ul>")
    if letter_item is None:
        parts.append('<p class="error" role="status">The letter could not be read again; its evidence quotes:</p>')
        parts.append(_facts_table(facts, "Facts read from the letter"))
    else:
        parts.append(
            '<div class="side"><section aria-labelledby="h-case"><h2 id="h-case">The letter</h2>'
            f'<h3>Request</h3><pre class="letter" id="request-text">'
            f"{highlight(letter_item.request_text, facts, 'request')}</pre>"
            f'<h3>Case summary</h3><pre class="letter" id="summary-text">{highlight(summary, facts, "summary")}</pre>'
            '</section><section aria-labelledby="h-rev"><h2 id="h-rev">The reviewer</h2>'
            f"<p>Decision: <strong>{esc(letter_item.decision_text)}</strong></p>"
            f'<h3>Rationale</h3><pre class="letter" id="rationale-text">'
            f"{highlight(letter_item.rationale, reviewer, 'rationale', 'reviewer')}</pre></section></div>"
        )
        parts.append(_facts_table(facts, "Facts read from the letter (highlighted yellow)"))
        if reviewer:
            parts.append(_facts_table(reviewer, "What the rationale says of them (highlighted blue)"))
    title = f"{r['case_number'] or r['letter_id']} item {r['item']}"
    return HTMLResponse(page(title, "".join(parts), audit=True))
