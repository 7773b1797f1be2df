"""`extract -` reads standard input as bytes, the way it reads a letter file."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mtus_check.cli.main import app
from tests.conftest import FIXTURES

runner = CliRunner()


def test_binary_on_stdin_is_a_letter_error() -> None:
    result = runner.invoke(app, ["extract", "-", "--json"], input=bytes(range(256)) * 4)
    assert result.exit_code == 2, result.output
    letter = json.loads(result.stdout)
    assert letter["ok"] is False and letter["error_kind"] == "binary"


def test_latin1_on_stdin_is_read() -> None:
    text = sorted((FIXTURES / "letters").rglob("*.txt"))[0].read_text(encoding="utf-8")
    data = text.replace("the", "th\u00e9", 1).encode("latin-1", "replace")
    result = runner.invoke(app, ["extract", "-", "--json"], input=data)
    assert result.exit_code == 0, result.output
    letter = json.loads(result.stdout)
    assert letter["source"] == "<stdin>" and letter["ok"] and letter["items"]


def test_a_compounds_ingredients_are_shown_as_its_items() -> None:
    text = (FIXTURES / "heldout" / "hd05-acupuncture-compound.txt").read_text(encoding="utf-8")
    result = runner.invoke(app, ["extract", "-"], input=text.encode(), env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "ingredients=flurbiprofen, lidocaine" in result.stdout
    [item] = [
        i
        for i in json.loads(runner.invoke(app, ["extract", "-", "--json"], input=text).stdout)["items"]
        if i["index"] == 2
    ]
    assert item["facts"]["ingredients"]["value"] == ["flurbiprofen", "lidocaine"]
