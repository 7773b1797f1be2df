"""The pre-check page at /: a form, and the verdict rendered on the server (works without JS)."""

from __future__ import annotations

from typing import Any

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mtus_check import api
from mtus_check.models.request import Course
from mtus_check.models.request import Request as RequestModel
from mtus_check.rules.facts_loader import FactSpecs
from mtus_check.web.errors import run_limited
from mtus_check.web.html import esc, page, status_badge, table, verdict_badge
from mtus_check.web.routes_api import result_json
from mtus_check.web.state import PackState

router = APIRouter(include_in_schema=False)

_NUMBERS = ("quantity", "frequency_per_week", "duration_weeks", "prior_sessions")
_YES_NO = ("functional_improvement", "adjunct_exercise", "return_to_work")
_FIELDS = ("service", *_NUMBERS, "body_region", "diagnoses", "course", *_YES_NO, "date_of_service")


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _hint(name: str, facts: FactSpecs) -> str:
    """The field's description, or the label of the pack's fact spec (facts are declared there)."""
    info = RequestModel.model_fields.get(name)
    if info is not None:
        return esc(info.description or "")
    spec = facts.get(name)
    return esc(spec.label if spec is not None else "")


def _form(values: dict[str, str], state: PackState) -> str:
    pack = state.engine().pack  # one pack for the whole form, even if the rules reload meanwhile
    vocab = pack.vocabulary
    services = "".join(f'<option value="{esc(s)}">' for s in sorted(vocab.services.terms))
    regions = "".join(f'<option value="{esc(r)}">' for r in sorted(vocab.body_regions.terms))

    def text(name: str, kind: str = "text", extra: str = "") -> str:
        return (
            f'<div><label for="f-{name}">{_label(name)} '
            f'<span class="hint" id="h-{name}">{_hint(name, pack.facts)}</span></label>'
            f'<input id="f-{name}" name="{name}" type="{kind}" value="{esc(values.get(name, ""))}" '
            f'aria-describedby="h-{name}" {extra}></div>'
        )

    def choice(name: str, options: list[tuple[str, str]]) -> str:
        opts = "".join(
            f'<option value="{esc(v)}"{" selected" if values.get(name, "") == v else ""}>{esc(t)}</option>'
            for v, t in options
        )
        return (
            f'<div><label for="f-{name}">{_label(name)} '
            f'<span class="hint" id="h-{name}">{_hint(name, pack.facts)}</span></label>'
            f'<select id="f-{name}" name="{name}" aria-describedby="h-{name}">{opts}</select></div>'
        )

    unknown_yes_no = [("", "not stated (unknown)"), ("yes", "yes"), ("no", "no")]
    fields = [
        text("service", extra='list="services" autocomplete="off"'),
        *[text(n, "number", 'min="0" step="any"') for n in _NUMBERS],
        text("body_region", extra='list="regions" autocomplete="off"'),
        text("diagnoses"),
        choice("course", [("", "not stated"), *[(c.value, c.value) for c in Course]]),
        *[choice(n, unknown_yes_no) for n in _YES_NO],
        text("date_of_service", "date"),
    ]
    return (
        '<form method="post" action="/" id="precheck-form">'
        '<p><label for="f-text">The request in your words <span class="hint" id="h-text">e.g. '
        "&ldquo;massage therapy 8 visits for the low back&rdquo;; what is read fills the empty fields below, "
        "where you can correct it</span></label>"
        f'<textarea id="f-text" name="text" rows="2" aria-describedby="h-text">{esc(values.get("text", ""))}'
        "</textarea></p>"
        "<p>Any field left empty is <em>unknown</em>, never false; a field you fill wins over what is read.</p>"
        f'<fieldset><legend>Request</legend><div class="grid">{"".join(fields)}</div>'
        f'<datalist id="services">{services}</datalist><datalist id="regions">{regions}</datalist>'
        '<p><label for="f-more">Other facts <span class="hint" id="h-more">one per line as name: value, '
        "e.g. postsurgical: true (field names as in a request file)</span></label>"
        f'<textarea id="f-more" name="more" rows="3" aria-describedby="h-more">{esc(values.get("more", ""))}'
        "</textarea></p></fieldset>"
        '<button type="submit">Pre-check</button></form>'
    )


def request_from_form(values: dict[str, str]) -> dict[str, Any] | str:
    """The request a form describes, or what is wrong with the 'other facts' box."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        value = value.strip()
        if not value or name in ("more", "text"):
            continue
        if name in _YES_NO:
            out[name] = value == "yes"
        elif name == "diagnoses":
            out[name] = [d.strip() for d in value.replace("\n", ",").split(",") if d.strip()]
        elif name in RequestModel.model_fields:
            out[name] = value
    more = values.get("more", "").strip()
    if more:
        try:
            extra = yaml.safe_load(more)
        except yaml.YAMLError as exc:
            return f"Other facts: not name: value lines ({getattr(exc, 'problem', exc)})"
        if not isinstance(extra, dict):
            return "Other facts: write one name: value per line"
        out.update({str(k): v for k, v in extra.items()})
    return out


def render_result(result: dict[str, Any]) -> str:
    """One `precheck --json` object as HTML: verdict, findings, missing documentation, modify_to."""
    if result.get("verdict") is None:
        items = "".join(
            f"<li>{esc(p['location'])}: {esc(p['message'])} {esc(p['fix'])}</li>" for p in result["problems"]
        )
        return f'<div class="error" role="alert"><h2>Not checked</h2><ul>{items}</ul></div>'
    rows = [
        [
            status_badge(f["status"]),
            f"<code>{esc(f['rule'])}</code><br>{esc(f['title'])}",
            esc(f["reason"]),
            esc(f["citation"].get("text") or f["citation"]["guideline"]),
        ]
        for f in result["findings"]
    ]
    parts = [
        f'<h2>Verdict: <span id="verdict">{verdict_badge(result["verdict"])}</span></h2>',
        f'<p id="summary">{esc(result["summary"])}</p>',
    ]
    if rows:
        parts.append(
            "<h3>Findings</h3>" + table(["status", "rule", "reason and numbers", "citation"], rows, 'id="findings"')
        )
    if result.get("missing"):
        parts.append('<h3>Documentation missing</h3><ul id="missing">')
        parts += [f"<li>{esc(m)}</li>" for m in result["missing"]]
        parts.append("</ul>")
    if result.get("modify_to"):
        would = ", ".join(f"{esc(k)} {esc(v)}" for k, v in result["modify_to"].items())
        parts.append(
            f'<h3>Would pass as</h3><p id="modify-to">{would} (utilization review may modify; '
            "IMR decides the request as submitted)</p>"
        )
    if result.get("read"):
        read_rows = [
            [esc(name), esc(f["value"]), f"&ldquo;{esc(f['quote'])}&rdquo;"]
            for name, f in result["read"]["facts"].items()
        ]
        parts.append("<h3>Read from your words</h3>" + table(["field", "value", "words"], read_rows, 'id="read"'))
    for note in result.get("notes") or []:
        parts.append(f'<p class="hint">{esc(note)}</p>')
    pack = result["rule_pack"]
    parts.append(f'<p class="hint">Rule pack {esc(pack["name"])} {esc(pack["version"])} ({esc(pack["hash"][:12])})</p>')
    return "".join(parts)


@router.get("/", response_class=HTMLResponse)
async def form_page(request: Request) -> HTMLResponse:
    state: PackState = request.app.state.pack
    body = _form({}, state) + '<section id="result" aria-live="polite"></section>'
    return HTMLResponse(
        page("Pre-check a request", body, audit=request.app.state.settings.audit is not None, scripts=["precheck.js"])
    )


@router.post("/", response_class=HTMLResponse)
async def form_result(request: Request) -> HTMLResponse:
    state: PackState = request.app.state.pack
    form = await request.form(max_files=0, max_fields=60)
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    data = request_from_form(values)
    words = values.get("text", "").strip()
    if isinstance(data, str) or not (words or data):
        message = data if isinstance(data, str) else "write the request in your words or give at least the service"
        result_html, status = f'<div class="error" role="alert"><p>{esc(message)}</p></div>', 422
    else:
        body_data = {"text": words, **data} if words else data

        def work() -> list[api.PrecheckResult]:
            return state.check(body_data, "form")

        results = await run_limited(work, request.app.state.settings.timeout_seconds)
        result_html = "".join(render_result(result_json(r)) for r in results)
        status = 200 if all(r.verdict is not None for r in results) else 422
        for r in results:
            values = fill_from_read(values, r.read)
    body = _form(values, state) + f'<section id="result" aria-live="polite">{result_html}</section>'
    audit = request.app.state.settings.audit is not None
    return HTMLResponse(page("Pre-check a request", body, audit=audit, scripts=["precheck.js"]), status_code=status)


def fill_from_read(values: dict[str, str], read: dict[str, Any] | None) -> dict[str, str]:
    """The form's fields with what was read from the words filled in where the user left them
    empty, so that a misreading can be corrected in its field and checked again."""
    if not read:
        return values
    out = dict(values)
    for name, fact in read["facts"].items():
        if name not in _FIELDS or out.get(name, "").strip():
            continue
        value = fact["value"]
        if isinstance(value, bool):
            out[name] = "yes" if value else "no"
        elif isinstance(value, list):
            out[name] = ", ".join(str(v) for v in value)
        else:
            out[name] = str(value)
    return out
