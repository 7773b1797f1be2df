"""The fuzz run's letters are the same for a seed, and a short run through the audit finds no
escaped exception (the full run is `python -m mtus_check.fuzz`, documented in the README)."""

from __future__ import annotations

import random
from pathlib import Path

from mtus_check import fuzz


def test_same_seed_same_letters(tmp_path: Path) -> None:
    fuzz.write_letters(tmp_path / "a", 12, seed=3)
    fuzz.write_letters(tmp_path / "b", 12, seed=3)
    for a in sorted((tmp_path / "a").iterdir()):
        assert a.read_bytes() == (tmp_path / "b" / a.name).read_bytes()


def test_mutation_changes_the_letter() -> None:
    rng = random.Random(1)
    text = "CLINICAL CASE SUMMARY\nThe patient has low back pain.\n" * 20
    assert fuzz.mutate(rng, text) != text


def test_a_short_run_reports_no_escaped_exception(tmp_path: Path, capsys) -> None:
    assert fuzz.main(["--letters", "25", "--workers", "1", "--workdir", str(tmp_path / "fz")]) == 0
    assert "escaped exceptions or dead workers: 0" in capsys.readouterr().out
