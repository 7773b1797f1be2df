"""The HTTP layer: a thin FastAPI app over mtus_check.api (parse, call the library, render).

One job per module: settings (what the server was started with), state (the rule pack it follows),
errors (JSON errors and limits), schemas (response models for OpenAPI), routes_api (/v1), cds
(CDS Hooks), pages (the pre-check page), audit_view (the audit browser), html (page layout),
docs (offline API docs), app (wiring), bench (load benchmark).
"""

from mtus_check.web.app import create_app

__all__ = ["create_app"]
