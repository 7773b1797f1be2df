"""The HTTP API against the app: the CLI's JSON, errors as JSON with codes, limits, OpenAPI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from mtus_check.web import create_app
from mtus_check.web.settings import Settings
from tests.conftest import FIXTURES, RULES

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "bad_input.yaml").read_text(encoding="utf-8"))
MASSAGE = {"service": "massage", "quantity": 8, "body_region": "low back", "date_of_service": "2015-06-01"}


def _send(client: TestClient, case: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    if "json" in case:
        kwargs["json"] = case["json"]
    elif "huge" in case:
        kwargs["content"] = b"[" + b" " * case["huge"] + b"]"
    elif "content_hex" in case:
        kwargs["content"] = bytes.fromhex(case["content_hex"])
    elif "upload_hex" in case:
        kwargs["files"] = {"file": ("letter.txt", bytes.fromhex(case["upload_hex"]), "text/plain")}
    elif "form" in case:
        kwargs["files"] = {k: (None, v) for k, v in case["form"].items()}
    elif "content" in case:
        kwargs["content"] = case["content"].encode()
    if "content_type" in case:
        kwargs["headers"] = {"content-type": case["content_type"]}
    return client.request(case["method"], case["path"], **kwargs)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input_is_a_4xx_json_error_and_the_server_goes_on(client: TestClient, case: dict[str, Any]) -> None:
    response = _send(client, case)
    assert response.status_code == case["status"], response.text
    error = response.json()["error"]
    assert error["code"] == case["code"]
    assert error["message"]
    assert client.post("/v1/precheck", json=MASSAGE).json()["verdict"] == "non-certify"


def test_precheck_answers_what_precheck_json_prints(client: TestClient, tmp_path: Path) -> None:
    request = tmp_path / "request.json"
    request.write_text(json.dumps(MASSAGE), encoding="utf-8")
    cli = subprocess.run(
        [sys.executable, "-m", "mtus_check", "precheck", str(request), "--json", "--rules", str(RULES)],
        capture_output=True,
        text=True,
        check=True,
    )
    expected = json.loads(cli.stdout)
    got = client.post("/v1/precheck", json=MASSAGE).json()
    assert {k: v for k, v in got.items() if k != "source"} == {k: v for k, v in expected.items() if k != "source"}
    assert got["modify_to"] == {"quantity": 6}


def test_a_list_is_checked_item_by_item_and_a_bad_item_does_not_stop_it(client: TestClient) -> None:
    body = [MASSAGE, {"service": "massage", "quantity": "x"}, {**MASSAGE, "quantity": 4}]
    response = client.post("/v1/precheck", json=body)
    assert response.status_code == 200
    out = response.json()
    assert [r["source"] for r in out] == ["request[0]", "request[1]", "request[2]"]
    assert out[1]["verdict"] is None and "Fix:" in out[1]["error"]
    assert out[1]["problems"][0]["code"] == "request"
    assert out[0]["verdict"] == "non-certify" and out[2]["verdict"] != "non-certify"


def test_a_service_the_vocabulary_does_not_know_is_no_guideline(client: TestClient) -> None:
    response = client.post("/v1/precheck", json={"service": "frobnication", "date_of_service": "2015-03-02"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["verdict"] == "no-guideline" and "service not recognized: frobnication" in answer["summary"]


def test_a_list_over_the_batch_limit_is_refused(audit_dir: Path) -> None:
    small = TestClient(create_app(Settings(rules=RULES, max_batch=2)))
    response = small.post("/v1/precheck", json=[MASSAGE] * 3)
    assert response.status_code == 413 and response.json()["error"]["code"] == "batch-too-large"


def test_work_over_the_time_limit_is_a_503(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(Settings(rules=RULES, timeout_seconds=0.2))
    from mtus_check import api_text

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.0)
        raise AssertionError("not reached in time")

    monkeypatch.setattr(api_text, "check_body", slow)
    response = TestClient(app).post("/v1/precheck", json=MASSAGE)
    assert response.status_code == 503 and response.json()["error"]["code"] == "timeout"


def test_extract_reads_text_and_an_upload_like_extract_json(client: TestClient) -> None:
    letter = FIXTURES / "letters" / "final-determination" / "fd-acupuncture-extension.txt"
    text = client.post("/v1/extract", content=letter.read_bytes(), headers={"content-type": "text/plain"}).json()
    upload = client.post("/v1/extract", files={"file": ("/etc/x/../letter.txt", letter.read_bytes())}).json()
    assert text["ok"] and text["items"][0]["decision"] == "upheld"
    assert text["items"][0]["facts"]["quantity"]["value"] == 12
    assert text["rule_pack"]["name"] == "mtus-core" and text["tool_version"]
    assert upload["source"] == "letter.txt"  # a label only: the client's path is not kept
    assert upload["items"] == text["items"]


def test_health_rules_and_rule(client: TestClient) -> None:
    health = client.get("/v1/health").json()
    assert health["status"] == "ok" and len(health["rule_pack"]["hash"]) == 64
    rules = client.get("/v1/rules").json()
    assert any(r["rule"] == "cpmtg.massage.visits" for r in rules)
    assert all(not r["source"].startswith("/") for r in rules)  # no server folder shown
    one = client.get("/v1/rules/cpmtg.massage.visits").json()
    assert one["versions"][0]["definition"]["id"] == "cpmtg.massage.visits"


def test_openapi_comes_from_the_models(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    components = schema["components"]["schemas"]
    assert {"Request", "PrecheckOut", "ExtractOut", "Health", "ErrorResponse", "CdsResponse"} <= set(components)
    body = schema["paths"]["/v1/precheck"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"$ref": "#/components/schemas/Request"} in body["anyOf"]
    assert "quantity" in components["Request"]["properties"]
    # a request in words (text) or a note's text, alone or in a list
    assert {"$ref": "#/components/schemas/RequestInWords"} in body["anyOf"]
    assert {"$ref": "#/components/schemas/RequestInWords"} in body["anyOf"][-1]["items"]["anyOf"]
    assert set(components["RequestInWords"]["properties"]) == {"text", "note"}


def test_docs_are_served_without_network(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "http://" not in page and "https://" not in page
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_the_pack_is_reloaded_on_change_and_the_last_good_kept(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    app = create_app(Settings(rules=rules))
    app.state.pack._interval = 0.0  # look at the files on every request
    client = TestClient(app)
    first = client.get("/v1/health").json()["rule_pack"]["hash"]
    massage = next(rules.rglob("*.yaml"))
    massage.write_text(massage.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = client.get("/v1/health").json()
    assert edited["rule_pack"]["hash"] != first and edited["status"] == "ok"
    massage.write_text("rules: [ {", encoding="utf-8")
    broken = client.get("/v1/health").json()
    assert broken["status"] == "degraded" and broken["rule_pack"]["hash"] == edited["rule_pack"]["hash"]
    assert broken["pack_problems"] and not broken["pack_problems"][0]["location"].startswith("/")
    assert client.post("/v1/precheck", json=MASSAGE).json()["verdict"] == "non-certify"


def test_as_of_picks_the_rule_versions_of_that_day(client: TestClient) -> None:
    undated = {"service": "massage", "quantity": 8}
    out = client.post("/v1/precheck?as_of=2015-01-30", json=undated).json()
    assert out["as_of"] == "2015-01-30" and out["verdict"] == "non-certify"
    today = client.post("/v1/precheck", json=undated).json()  # as the CLI: the rules in force today
    assert any("no request date given" in note for note in today["notes"])


def test_the_library_never_imports_the_web_layer_and_the_web_layer_not_the_cli() -> None:
    src = Path(__file__).resolve().parents[2] / "src" / "mtus_check"
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        layer = path.relative_to(src).parts[0]
        if layer not in ("web", "cli"):
            assert "mtus_check.web" not in text, path
        if layer == "web":
            assert "mtus_check.cli" not in text, path


def test_a_request_in_words_and_a_note_are_read_then_checked(client: TestClient) -> None:
    words = client.post(
        "/v1/precheck", json={"text": "massage therapy 8 visits for the low back", "date_of_service": "2015-06-01"}
    )
    out = words.json()
    assert out["verdict"] == "non-certify" and out["read"]["facts"]["quantity"]["value"] == 8
    stated = client.post(
        "/v1/precheck", json={"text": "massage therapy 8 visits", "quantity": 4, "date_of_service": "2015-06-01"}
    )
    assert stated.json()["request"]["quantity"] == 4  # the user's field wins over what was read
    note = (FIXTURES / "notes" / "rfa-knee-pt.txt").read_text(encoding="utf-8")
    results = client.post("/v1/precheck", json={"note": note}).json()
    assert isinstance(results, list) and results and all(r["read"]["text"] for r in results)
    bad = client.post("/v1/precheck", json={"text": ""})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "request-shape"


def test_words_in_a_body_are_read_as_a_request_files_text_is(client: TestClient) -> None:
    """The body's `text` goes through the same reading as a request file's: the field beside it wins
    and the conflict is said; a misspelt service names its close matches; a list goes on past it."""
    text = "Six (6) sessions of acupuncture for the low back"
    more = client.post("/v1/precheck", json={"text": text, "quantity": 8, "date_of_service": "2026-03-01"}).json()
    assert more["request"]["quantity"] == 8 and more["read"]["overridden"] == {"quantity": {"text": 6, "used": 8}}
    misspelt = client.post("/v1/precheck", json={"text": "acupunture x 6"})
    assert misspelt.status_code == 422 and misspelt.json()["error"]["code"] == "request-service"
    assert "close matches: acupuncture" in misspelt.json()["error"]["fix"]
    batch = client.post(
        "/v1/precheck",
        json=[{"text": "acupunture x 6"}, {"text": "massage therapy x 6", "date_of_service": "2015-06-01"}],
    ).json()
    assert batch[0]["verdict"] is None and batch[1]["verdict"] == "certify"
