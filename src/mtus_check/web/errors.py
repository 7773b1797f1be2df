"""Errors as JSON with the CLI's codes and "Fix:" hints; body size and time limits.

Every failure a client can cause is a 4xx with the reason; a 500 is only ever a bug in mtus-check.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mtus_check.errors import Problem

T = TypeVar("T")


class ErrorDetail(BaseModel):
    """One problem: a stable code (the CLI's where there is one), what is wrong, how to fix it."""

    code: str = Field(description="Stable code, e.g. json-syntax, request, body-too-large.")
    message: str
    fix: str = Field("", description="How to fix it (the CLI prints it after 'Fix:').")
    location: str | None = Field(None, description="Where in the request body, e.g. request[2]:quantity.")


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorDetail
    problems: list[ErrorDetail] = Field(default_factory=list, description="Every problem found, when several.")


class ApiError(Exception):
    """A client error to report as JSON with this status."""

    def __init__(
        self, status: int, code: str, message: str, fix: str = "", problems: list[Problem] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.fix = status, code, message, fix
        self.problems = problems or []


def detail_of(problem: Problem) -> ErrorDetail:
    return ErrorDetail(code=problem.code, message=problem.message, fix=problem.fix, location=str(problem.location))


def error_json(
    status: int, code: str, message: str, fix: str = "", problems: list[ErrorDetail] | None = None
) -> JSONResponse:
    body = ErrorResponse(error=ErrorDetail(code=code, message=message, fix=fix), problems=problems or [])
    return JSONResponse(body.model_dump(mode="json"), status_code=status)


_HTTP_CODES = {
    404: ("not-found", "use one of the paths listed at /docs or /openapi.json"),
    405: ("method-not-allowed", "see /docs for the methods each path takes"),
}


def install(app: FastAPI) -> None:
    """Exception handlers: ours, FastAPI's validation errors, HTTP errors and bugs, all as JSON."""

    async def api_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        details = [detail_of(p) for p in exc.problems]
        body = ErrorResponse(
            error=ErrorDetail(
                code=exc.code, message=exc.message, fix=exc.fix, location=details[0].location if details else None
            ),
            problems=details,
        )
        return JSONResponse(body.model_dump(mode="json"), status_code=exc.status)

    async def validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        details = [
            ErrorDetail(
                code="request",
                message=f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}",
                fix="send the value in the form the API schema gives (/docs)",
            )
            for e in exc.errors()
        ]
        first = details[0] if details else ErrorDetail(code="request", message="invalid request")
        return error_json(422, first.code, first.message, first.fix, details)

    async def http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        code, fix = _HTTP_CODES.get(exc.status_code, ("http", ""))
        return error_json(exc.status_code, code, str(exc.detail), fix)

    async def bug(_: Request, exc: Exception) -> JSONResponse:
        return error_json(500, "internal", f"internal error in mtus-check: {type(exc).__name__}", "please report it")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, bug)


class BodyLimit:
    """Refuse a body larger than the limit (413), by Content-Length or as it streams in, before
    any of it is parsed. Paths under `upload_paths` get the (larger) upload limit."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int, upload_paths: tuple[str, ...]) -> None:
        self.app, self.limit, self.upload_limit, self.upload_paths = app, limit, upload_limit, upload_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"].startswith(self.upload_paths) else self.limit
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await _too_large(limit)(scope, receive, send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise ApiError(413, "body-too-large", f"the body is over {limit} bytes", "send less per request")
            return message

        await self.app(scope, counted, send)


def _too_large(limit: int) -> JSONResponse:
    return error_json(413, "body-too-large", f"the body is over {limit} bytes", "send less per request")


async def run_limited(work: Callable[[], T], timeout: float) -> T:
    """Run blocking library work in a thread, giving up (503) after `timeout` seconds."""
    try:
        return await asyncio.wait_for(anyio.to_thread.run_sync(work, abandon_on_cancel=True), timeout)
    except TimeoutError:
        raise ApiError(
            503, "timeout", f"the work took longer than {timeout:g} s", "send fewer requests or a shorter letter"
        ) from None


async def read_json(request: Request) -> Any:
    """The request body as JSON, or a 4xx saying what is wrong with it."""
    import json

    body = await request.body()
    if not body.strip():
        raise ApiError(400, "body-empty", "the request body is empty", "send a JSON object or a list of objects")
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        raise ApiError(400, "json-syntax", "the body is not UTF-8 text", "send JSON encoded as UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ApiError(
            400,
            "json-syntax",
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            "send one JSON object or a list of objects",
        ) from None
