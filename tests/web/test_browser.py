"""The pages in a real browser: headless Chromium (Debian's chromium and chromium-driver) via Selenium,
against `mtus-check serve` started on a free local port. With MTUS_CHECK_SCREENSHOTS set the
screenshots are also written to docs/ (the README shows them)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import RULES

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
DOCS = Path(__file__).resolve().parents[2] / "docs"

if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
    reason = "no browser: install Debian's chromium and chromium-driver (make setup does as root)"
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(audit_dir: Path) -> Iterator[str]:
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "mtus_check",
        "serve",
        "--port",
        str(port),
        "--rules",
        str(RULES),
        "--audit",
        str(audit_dir),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/v1/health", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stdout.read().decode() if proc.stdout else "server exited") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    yield driver
    driver.quit()


def _shot(driver: webdriver.Chrome, name: str, tmp_path: Path) -> None:
    driver.save_screenshot(str(tmp_path / name))
    if os.environ.get("MTUS_CHECK_SCREENSHOTS"):
        DOCS.mkdir(exist_ok=True)
        shutil.copy(tmp_path / name, DOCS / name)


def test_precheck_form_gives_the_verdict_with_rule_and_fix(
    server: str, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    browser.get(server + "/")
    browser.find_element(By.ID, "f-text").send_keys("Massage therapy 8 visits for the low back")
    browser.find_element(By.ID, "f-date_of_service").send_keys("06012015")
    Select(browser.find_element(By.ID, "f-functional_improvement")).select_by_value("yes")
    browser.find_element(By.CSS_SELECTOR, "#precheck-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "verdict"))
    assert browser.find_element(By.ID, "verdict").text == "non-certify"
    assert "cpmtg.massage.visits" in browser.find_element(By.ID, "findings").text
    assert "quantity 6" in browser.find_element(By.ID, "modify-to").text
    assert browser.find_element(By.ID, "f-quantity").get_attribute("value") == "8"  # read into its field
    assert "8 visits" in browser.find_element(By.ID, "read").text  # with the words it was read from
    _shot(browser, "precheck.png", tmp_path)


def test_audit_browser_filters_disagreements_and_shows_highlighted_evidence(
    server: str, browser: webdriver.Chrome, audit_dir: Path, tmp_path: Path
) -> None:
    records = [json.loads(line) for line in (audit_dir / "items.jsonl").read_text().splitlines()]
    disagreements = [r for r in records if r["agreement"] is False]
    assert disagreements, "the fixture letters include a disagreement"
    browser.get(server + "/audit/")
    Select(browser.find_element(By.ID, "filter-kind")).select_by_value("disagree")
    rows = [r for r in browser.find_elements(By.CSS_SELECTOR, "#items tbody tr") if r.is_displayed()]
    assert len(rows) == len(disagreements)
    assert browser.find_element(By.ID, "shown").text.startswith(f"{len(disagreements)} of {len(records)}")
    rows[0].find_element(By.TAG_NAME, "a").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "summary-text"))
    shown = next(r for r in disagreements if (r["case_number"] or r["letter_id"]) in browser.title)
    marks = {m.get_attribute("data-fact"): m.text for m in browser.find_elements(By.CSS_SELECTOR, "mark")}
    expected = {k: f["evidence"]["quote"] for k, f in shown["facts"].items() if f["evidence"]["section"] == "summary"}
    assert expected and all(marks.get(k) == q for k, q in expected.items())
    browser.execute_script("document.getElementById('h-case').scrollIntoView()")
    _shot(browser, "audit-item.png", tmp_path)


def test_static_report_hides_server_links_and_shows_evidence(browser: webdriver.Chrome, audit_dir: Path) -> None:
    browser.get((audit_dir / "report.html").as_uri())
    links = browser.find_elements(By.CSS_SELECTOR, "a.served")
    assert links and not any(link.is_displayed() for link in links)
    records = [json.loads(line) for line in (audit_dir / "items.jsonl").read_text().splitlines()]
    flagged = next(r for r in records if r["agreement"] is False and r["facts"])
    name, fact = sorted(flagged["facts"].items())[0]
    assert f'{name} = {fact["value"]}: "{fact["evidence"]["quote"]}"' in browser.find_element(By.TAG_NAME, "body").text
