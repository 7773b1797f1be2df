"""The README's pre-check examples print exactly what the README shows: every block of the
"Pre-check a request" section that starts with `$ mtus-check precheck ...` is run at the width
the README was written at, and its output compared line for line."""

from __future__ import annotations

import re
import shlex

import pytest
from typer.testing import CliRunner

from mtus_check.cli.main import app
from tests.conftest import ROOT

SECTION = (ROOT / "README.md").read_text().split("## Pre-check a request", 1)[1].split("\n## ", 1)[0]
EXAMPLES = re.findall(r"```\n\$ mtus-check (precheck [^\n]*)\n(.*?)```", SECTION, re.S)
WIDTH = "100"  # the README's examples are printed at 100 columns


def test_the_section_has_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_prints_what_it_shows(command: str, shown: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples name files relative to the checkout
    result = CliRunner().invoke(app, shlex.split(command), env={"COLUMNS": WIDTH})
    assert "Traceback" not in result.output
    assert result.stdout.rstrip().splitlines() == shown.rstrip().splitlines()
