"""`mtus-check serve`: the HTTP API, the pre-check page, the audit browser and CDS Hooks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from mtus_check.cli.options import RulesOption
from mtus_check.errors import ExitCode


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    rules: RulesOption = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes (one engine each).")] = 1,
    audit: Annotated[
        Path | None,
        typer.Option(exists=True, file_okay=False, help="An `audit --out` folder to browse at /audit/."),
    ] = None,
    max_body: Annotated[int, typer.Option(min=1024, help="Largest JSON body in bytes (413 above).")] = 1_000_000,
    max_upload: Annotated[int, typer.Option(min=1024, help="Largest letter upload in bytes.")] = 10_000_000,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds one request may work (503 after).")] = 10.0,
) -> int:
    """Serve the API (/v1, docs at /docs), the pre-check page (/), CDS Hooks (/cds-services) and,
    with --audit, the audit browser (/audit/). The rule pack is reloaded when its files change."""
    import uvicorn

    from mtus_check.web.app import create_app
    from mtus_check.web.settings import Settings

    settings = Settings(
        rules=rules,
        audit=audit.resolve() if audit else None,
        max_body_bytes=max_body,
        max_upload_bytes=max_upload,
        timeout_seconds=timeout,
    )
    app = create_app(settings)  # a broken pack or audit folder is reported here, before listening
    print(f"mtus-check serving on http://{host}:{port}/ (API docs at /docs; Ctrl-C stops)", flush=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    else:
        os.environ.update(settings.to_env())
        uvicorn.run(
            "mtus_check.web.app:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            access_log=False,
        )
    return ExitCode.OK
