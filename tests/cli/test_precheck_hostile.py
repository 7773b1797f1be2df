"""Hostile request input (tests/cli/hostile_requests/): every bad line or document is a located
error record, the batch goes on, and `precheck` reads one request at a time."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mtus_check.api import check_records, engine_for
from mtus_check.cli.main import app
from mtus_check.requests_io import read_stream
from tests.conftest import ONE_RULE_PACK

HERE = Path(__file__).parent
HOSTILE = HERE / "hostile_requests"
EXPECTED = yaml.safe_load((HOSTILE / "expected.yaml").read_text(encoding="utf-8"))
runner = CliRunner()
# undated requests are checked against the rules in force on this day (the bundled massage rule ends in 2017)
AS_OF = ("--as-of", "2015-06-01")


def test_every_hostile_file_has_an_expectation() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in HOSTILE.iterdir() if p.name != "expected.yaml")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_requests_json(name: str, monkeypatch) -> None:
    monkeypatch.chdir(HOSTILE)
    result = runner.invoke(app, ["precheck", name, "--json", *AS_OF])
    expected = EXPECTED[name]
    bad = [e for e in expected if isinstance(e, dict)]
    assert result.exit_code == (2 if bad else 0), result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(expected)
    for line, want in zip(lines, expected, strict=True):
        if isinstance(want, str):
            assert line["verdict"] == want, line
            continue
        assert line["verdict"] is None
        problem = next(p for p in line["problems"] if p["location"] == want["error"]["at"])
        assert want["error"]["says"] in problem["message"] and problem["fix"]
        # the same problem, located, on stderr for people
        assert f"{problem['location']}: [error] {problem['message']}" in result.stderr


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_requests_human(name: str, monkeypatch) -> None:
    monkeypatch.chdir(HOSTILE)
    result = runner.invoke(app, ["precheck", name, *AS_OF])
    assert result.exit_code in (0, 2), result.output
    verdicts = [e for e in EXPECTED[name] if isinstance(e, str)]
    for verdict in set(verdicts):
        assert result.stdout.count(verdict.upper()) == verdicts.count(verdict)


def test_markup_in_user_text_is_printed_as_written(monkeypatch) -> None:
    monkeypatch.chdir(HOSTILE)
    result = runner.invoke(app, ["precheck", "markup.jsonl", *AS_OF])
    assert result.exit_code == 0, result.output
    assert "x [/] y [sic] :pill:" in result.stdout


def test_impossible_date_in_a_fact_flag() -> None:
    for flag in (["--fact", "date_of_injury=2015-13-45"], ["--date-of-service", "2015-02-30"]):
        result = runner.invoke(app, ["precheck", "--service", "massage", *flag])
        assert result.exit_code == 2, result.output
        assert "not a real date" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_fact_flag_with_an_alias_cycle_or_broken_yaml() -> None:
    for value in ("&a [*a]", "a: b: c", "[[["):
        result = runner.invoke(app, ["precheck", "--service", "massage", "--fact", f"diagnoses={value}"])
        assert result.exit_code == 2, (value, result.output)
        assert "diagnoses" in result.stderr


class _Endless(io.RawIOBase):
    """A request stream that never ends: only a reader that streams gets a first verdict."""

    def __init__(self) -> None:
        self.count = 0

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> bytes:
        self.count += 1
        return b'{"service": "massage", "quantity": 4}\n'


def test_requests_are_read_one_at_a_time() -> None:
    stream = _Endless()
    results = check_records(engine_for(ONE_RULE_PACK), read_stream(stream, "<endless>"))
    first = list(itertools.islice(results, 3))
    assert [r.verdict.verdict for r in first if r.verdict] == ["certify"] * 3
    assert stream.count <= 4  # read as far as it was asked, no further


def test_yaml_documents_are_read_one_at_a_time() -> None:
    class Documents(_Endless):
        def readline(self, size: int | None = -1) -> bytes:
            self.count += 1
            return [b"---\n", b"service: massage\n", b"quantity: 4\n"][self.count % 3]

    stream = Documents()
    first = list(itertools.islice(read_stream(stream, "<endless>"), 2))
    assert [r.request.service for r in first if r.request] == ["massage", "massage"]
    assert stream.count <= 10


def test_json_output_is_pinned(monkeypatch) -> None:
    """The bytes of `precheck --json` (documented in the README): pydantic's serializer, compact
    separators, `source` first, then the verdict's fields in model order; an error record has
    `verdict: null`, `error` and `problems`. A change here is a change of the output format."""
    golden = HERE / "golden"
    monkeypatch.chdir(golden)
    result = runner.invoke(app, ["precheck", "requests.jsonl", "--json", "--rules", "pack", *AS_OF])
    assert result.exit_code == 2
    assert result.stdout == (golden / "precheck.jsonl").read_text(encoding="utf-8")


def test_a_bug_on_one_request_is_recorded_and_the_batch_goes_on(monkeypatch) -> None:
    from mtus_check.engine import Engine

    real = Engine.check

    def check(self, request, as_of=None):  # a bug that strikes one request only
        if request.quantity == 5:
            raise ZeroDivisionError("division by zero")
        return real(self, request, as_of)

    monkeypatch.setattr(Engine, "check", check)
    monkeypatch.chdir(HOSTILE)
    result = runner.invoke(app, ["precheck", "impossible-date.yaml", "--json", *AS_OF])
    assert result.exit_code == 3
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["verdict"] for line in lines] == ["certify", None, None]
    assert lines[2]["problems"][0]["code"] == "internal-error"
    assert "ZeroDivisionError" in lines[2]["error"] and "please report it" in lines[2]["error"]


def test_stdin_jsonl_and_yaml() -> None:
    jsonl = (HOSTILE / "not-utf8.jsonl").read_bytes()
    result = runner.invoke(app, ["precheck", "-", "--json", *AS_OF], input=jsonl)
    assert result.exit_code == 2
    assert [json.loads(line)["verdict"] for line in result.stdout.splitlines()] == ["certify", None, "certify"]
    assert "<stdin>:2:18: [error] this line is not UTF-8 text" in result.stderr
    yaml_docs = (HOSTILE / "syntax-error-one-document.yaml").read_bytes()
    result = runner.invoke(app, ["precheck", "-", "--json", *AS_OF], input=yaml_docs)
    assert [json.loads(line)["verdict"] for line in result.stdout.splitlines()] == ["certify", None, "certify"]
    assert "<stdin>:6:1: [error] this is not valid YAML" in result.stderr


def test_empty_input_is_a_usage_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing here\n\n", encoding="utf-8")
    result = runner.invoke(app, ["precheck", str(empty)])
    assert result.exit_code == 2
    assert "no request found" in result.stderr
