"""/v1: pre-check, extract, rules and health as JSON; the same objects as the CLI's --json."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from mtus_check import __version__, api
from mtus_check.web.errors import ApiError, ErrorResponse, detail_of, read_json, run_limited
from mtus_check.web.schemas import (
    ExtractOut,
    Health,
    PackProblem,
    PrecheckFailed,
    PrecheckOut,
    RuleDetail,
    RuleSummary,
    RuleVersion,
    precheck_body_schema,
    relative,
    rule_summary,
)
from mtus_check.web.state import PackState

router = APIRouter(prefix="/v1", tags=["api"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in (
        (400, "The body is empty or not JSON"),
        (413, "The body is over the size limit"),
        (422, "The request is not valid (codes and fixes as the CLI's)"),
        (503, "The work took longer than the time limit"),
    )
}
_BODY_SCHEMA, BODY_DEFS = precheck_body_schema()


def _state(request: Request) -> PackState:
    state: PackState = request.app.state.pack
    return state


def result_json(result: api.PrecheckResult) -> dict[str, Any]:
    """One `precheck --json` line; a request not checked also lists its problems one by one."""
    out = result.to_json()
    if result.verdict is None:
        out["problems"] = [detail_of(p).model_dump() for p in result.problems]
    return out


@router.post(
    "/precheck",
    summary="Pre-check one request or a list",
    response_model=PrecheckOut | list[PrecheckOut | PrecheckFailed],
    responses=_ERRORS,
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": _BODY_SCHEMA}}}},
)
async def precheck(
    request: Request,
    as_of: Annotated[dt.date | None, Query(description="Use rule versions in force on this date.")] = None,
) -> Any:
    """The body is a request (as in a request file) or a list of them; a request may also be given in
    its own words, `{"text": "massage 8 visits for the low back"}`, or as a clinical note's text,
    `{"note": "..."}` (other fields beside them are yours and win over what was read). The answer is
    the verdict, or a list in the same order (a note gives one per treatment it requests), each as
    `mtus-check precheck --json` prints it, with `read` (values and quotes) for words. An undated
    request is checked against the rules in force today and says so. In a list a request that
    cannot be checked gives `verdict: null` and its `error`, and the rest are checked; a single
    request that cannot be checked is a 422."""
    settings = request.app.state.settings
    data = await read_json(request)
    if isinstance(data, list) and len(data) > settings.max_batch:
        raise ApiError(
            413, "batch-too-large", f"{len(data)} requests; at most {settings.max_batch} per call", "split the list"
        )
    state = _state(request)

    def work() -> list[api.PrecheckResult]:
        return state.check(data, "request", as_of)

    results = await run_limited(work, settings.timeout_seconds)
    if isinstance(data, list) or len(results) != 1:  # a list, or a note with several requests
        return JSONResponse([result_json(r) for r in results])
    (only,) = results
    if only.verdict is None:
        first = only.problems[0]
        raise ApiError(422, first.code, first.message, first.fix, only.problems)
    return JSONResponse(only.to_json())


@router.post(
    "/extract",
    summary="Read an IMR letter",
    response_model=ExtractOut,
    responses={**_ERRORS, 415: {"model": ErrorResponse, "description": "Not text, PDF or a form upload"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/plain": {"schema": {"type": "string"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
            },
        }
    },
)
async def extract(request: Request) -> Any:
    """A letter as text (text/plain), a PDF (application/pdf) or a form upload (field `file`); the
    answer is the object `mtus-check extract --json` prints. A letter that is not read is a 422 with
    the reason (`error_kind` as the CLI's)."""
    settings = request.app.state.settings
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=5, max_part_size=settings.max_upload_bytes)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ApiError(422, "upload-missing", "no file in the form", "send the letter in a form field named file")
        data = await upload.read()
        source = PurePath(upload.filename or "upload").name  # a label only: never opened on the server
    elif kind in ("text/plain", "application/pdf", "application/octet-stream"):
        data, source = await request.body(), "upload"
    else:
        raise ApiError(
            415,
            "unsupported-media-type",
            f"cannot read a letter sent as '{kind or 'no content type'}'",
            "send text/plain, application/pdf or multipart/form-data with a field named file",
        )
    if not data.strip():
        raise ApiError(400, "body-empty", "the letter is empty", "send the letter's text or PDF")
    state = _state(request)

    def work() -> dict[str, Any]:
        pack = state.engine().pack
        with state.read_lock:
            letter = api.extract_bytes(data, source, pack)
        return {**letter.model_dump(mode="json"), **api.provenance(pack.info)}

    out = await run_limited(work, settings.timeout_seconds)
    if not out["ok"]:
        raise ApiError(422, f"letter-{out['error_kind']}", out["error"], _LETTER_FIX.get(out["error_kind"], ""))
    return JSONResponse(out)


_LETTER_FIX = {
    "binary": "send the letter as text or PDF",
    "pdf-no-text": "run OCR on the PDF first",
    "pdf-unreadable": "send a complete PDF",
    "unrecognized-layout": "send an IMR final determination letter",
    "empty": "send the letter's text or PDF",
}


@router.get("/rules", summary="List the rules", response_model=list[RuleSummary])
async def rules(request: Request) -> list[RuleSummary]:
    """Every rule version of the pack in force, as `mtus-check rules list --json` gives it."""
    pack = _state(request).engine().pack
    return [rule_summary(r, pack.root) for r in pack.rules]


@router.get(
    "/rules/{rule_id}",
    summary="One rule",
    response_model=RuleDetail,
    responses={404: {"model": ErrorResponse, "description": "No rule with this id"}},
)
async def rule(request: Request, rule_id: str) -> RuleDetail:
    """Every version of one rule: its definition as written in the pack, citation and source."""
    pack = _state(request).engine().pack
    versions = pack.versions(rule_id)
    if not versions:
        import difflib

        near = difflib.get_close_matches(rule_id, sorted({r.id for r in pack.rules}), n=3)
        fix = f"did you mean {', '.join(near)}?" if near else "GET /v1/rules lists the rule ids"
        raise ApiError(404, "rule-unknown", f"no rule '{rule_id}'", fix)
    return RuleDetail(
        rule=rule_id,
        versions=[
            RuleVersion(definition=v.rule, citation=v.citation, source=relative(v.location, pack.root))
            for v in versions
        ],
    )


@router.get("/health", summary="Tool and rule pack", response_model=Health)
async def health(request: Request) -> Health:
    """Tool version and the rule pack in use (name, version, content hash); `degraded` with the
    problems when the newest edit of the rule files failed to load and the last good pack is used."""
    state = _state(request)
    pack = state.engine().pack
    problems = [
        PackProblem(code=p.code, message=p.message, fix=p.fix, location=relative(p.location, pack.root))
        for p in state.problems
    ]
    return Health(
        status="degraded" if problems else "ok",
        tool_version=__version__,
        rule_pack=pack.info,
        reloads=state.reloads,
        pack_problems=problems,
    )
