"""What a server was started with; passed to worker processes through the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PREFIX = "MTUS_CHECK_SERVE_"


@dataclass(frozen=True)
class Settings:
    """Server options. Paths come from the operator (command line), never from a client."""

    rules: Path | None = None  # rule pack folder; None = the bundled pack
    audit: Path | None = None  # an `audit --out` folder to browse
    max_body_bytes: int = 1_000_000  # requests (JSON) and letters above this are refused (413)
    max_upload_bytes: int = 10_000_000  # a letter PDF may be larger than a JSON body
    timeout_seconds: float = 10.0  # one request's work; longer is a 503
    max_batch: int = 1000  # requests in one POST /v1/precheck
    reload_interval: float = 1.0  # seconds between checks of the rule files

    def to_env(self) -> dict[str, str]:
        env = {
            "MAX_BODY_BYTES": str(self.max_body_bytes),
            "MAX_UPLOAD_BYTES": str(self.max_upload_bytes),
            "TIMEOUT_SECONDS": str(self.timeout_seconds),
            "MAX_BATCH": str(self.max_batch),
        }
        if self.rules is not None:
            env["RULES"] = str(self.rules)
        if self.audit is not None:
            env["AUDIT"] = str(self.audit)
        return {_PREFIX + k: v for k, v in env.items()}

    @classmethod
    def from_env(cls) -> Settings:
        get = os.environ.get
        rules, audit = get(_PREFIX + "RULES"), get(_PREFIX + "AUDIT")
        return cls(
            rules=Path(rules) if rules else None,
            audit=Path(audit) if audit else None,
            max_body_bytes=int(get(_PREFIX + "MAX_BODY_BYTES", cls.max_body_bytes)),
            max_upload_bytes=int(get(_PREFIX + "MAX_UPLOAD_BYTES", cls.max_upload_bytes)),
            timeout_seconds=float(get(_PREFIX + "TIMEOUT_SECONDS", cls.timeout_seconds)),
            max_batch=int(get(_PREFIX + "MAX_BATCH", cls.max_batch)),
        )
