"""`rules coverage` and `rules diff` share the audit's supervised workers: the same answer at any
worker count, a progress callback per letter, and no progress noise when output is not a terminal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from mtus_check.audit.coverage import coverage
from mtus_check.audit.diff import diff_packs
from mtus_check.cli.main import app
from tests.conftest import FIXTURES, RULES

runner = CliRunner()
LETTERS = FIXTURES / "letters"


def test_coverage_reports_each_letter_to_the_progress_callback() -> None:
    seen: list[tuple[int, int]] = []
    result = coverage(None, [LETTERS], on_letter=lambda done, total: seen.append((done, total)))
    total = result.letters
    assert seen == [(n, total) for n in range(1, total + 1)]


def test_coverage_is_the_same_with_two_workers() -> None:
    one = runner.invoke(app, ["rules", "coverage", str(LETTERS), "--json"])
    two = runner.invoke(app, ["rules", "coverage", str(LETTERS), "--json", "--workers", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and json.loads(one.stdout)["items"] > 0
    assert one.stderr == ""  # not a terminal: no progress bar in the way


def test_diff_is_the_same_with_two_workers(tmp_path: Path) -> None:
    new = tmp_path / "rules"
    shutil.copytree(RULES, new)
    massage = new / "mtus/chronic-pain/massage.yaml"
    massage.write_text(massage.read_text().replace("at_most: 6", "at_most: 8"))  # the visit limit and the total
    args = ["rules", "diff", str(RULES), str(new), "--corpus", str(LETTERS), "--json"]
    one, two = runner.invoke(app, args), runner.invoke(app, [*args, "--workers", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert json.loads(one.stdout)["changed"] >= 1 and json.loads(one.stdout)["unreadable"] == 0


def test_diff_counts_a_letter_it_cannot_read_and_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "letters"
    shutil.copytree(LETTERS / "final-determination", corpus)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    seen: list[int] = []
    result = diff_packs(RULES, RULES, [corpus], on_letter=lambda done, total: seen.append(total))
    assert result.unreadable == 1 and result.items > 0 and not result.changes
    assert seen and set(seen) == {len(list(corpus.iterdir())) - len(list(corpus.glob("*.json")))}
