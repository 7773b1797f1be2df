"""`mtus-check serve` as a user starts it: worker processes answer, a bad pack or folder is refused."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import RULES


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_two_workers_answers_prechecks() -> None:
    port = _free_port()
    cmd = [sys.executable, "-m", "mtus_check", "serve", "--port", str(port), "--workers", "2", "--rules", str(RULES)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                health = json.load(urllib.request.urlopen(base + "/v1/health", timeout=1))
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                time.sleep(0.1)
        assert health["rule_pack"]["name"] == "mtus-core"
        body = json.dumps({"service": "massage", "quantity": 8, "date_of_service": "2015-06-01"}).encode()
        request = urllib.request.Request(base + "/v1/precheck", body, {"content-type": "application/json"})
        assert json.load(urllib.request.urlopen(request, timeout=10))["verdict"] == "non-certify"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_refuses_a_missing_pack_and_a_folder_that_is_no_audit(tmp_path: Path) -> None:
    for args, expected in (
        (["--rules", str(tmp_path / "none")], "pack-missing"),
        (["--audit", str(tmp_path)], "audit-folder"),
    ):
        done = subprocess.run([sys.executable, "-m", "mtus_check", "serve", *args], capture_output=True, text=True)
        assert done.returncode == 2 and expected in done.stderr and "Traceback" not in done.stderr
