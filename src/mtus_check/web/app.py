"""Wire the HTTP app: routes, JSON errors, limits, the rule pack it follows, the OpenAPI schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles

from mtus_check import __version__
from mtus_check.web import audit_view, cds, docs, errors, pages, routes_api
from mtus_check.web.settings import Settings
from mtus_check.web.state import PackState

STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app for these settings; raises ProblemsError when the rule pack (or audit folder) is unusable."""
    settings = settings or Settings()
    app = FastAPI(
        title="mtus-check",
        version=__version__,
        description="Pre-check California workers' compensation treatment requests against the MTUS rule pack; "
        "read IMR letters; CDS Hooks for EHRs. Errors are JSON with a code, message and fix.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.pack = PackState(settings.rules, settings.reload_interval)
    errors.install(app)
    app.add_middleware(
        errors.BodyLimit,
        limit=settings.max_body_bytes,
        upload_limit=settings.max_upload_bytes,
        upload_paths=("/v1/extract",),
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    docs.mount(app)
    app.include_router(routes_api.router)
    app.include_router(cds.router)
    app.include_router(pages.router)
    if settings.audit is not None:
        app.state.audit = audit_view.AuditFolder.open(settings.audit)
        app.include_router(audit_view.router)

    def openapi() -> dict[str, Any]:
        # the precheck body is read raw (a bad item must not fail a list), so its schemas are added here
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            schema.setdefault("components", {}).setdefault("schemas", {}).update(routes_api.BODY_DEFS)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def app_from_env() -> FastAPI:
    """Factory for uvicorn worker processes: the settings come through the environment."""
    return create_app(Settings.from_env())
