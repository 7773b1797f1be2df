"""An app over the bundled pack and an audit of the fixture letters, made once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mtus_check.audit import AuditOptions, run_audit, write_reports
from mtus_check.web import create_app
from mtus_check.web.settings import Settings
from tests.conftest import FIXTURES, RULES


@pytest.fixture(scope="session")
def audit_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("audit")
    run_audit(AuditOptions(paths=[FIXTURES / "letters"], out=out, rules=RULES, force=True))
    write_reports(out)
    return out


@pytest.fixture(scope="session")
def client(audit_dir: Path) -> TestClient:
    return TestClient(create_app(Settings(rules=RULES, audit=audit_dir)), raise_server_exceptions=False)
