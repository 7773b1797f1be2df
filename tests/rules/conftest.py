"""Shared by the rule tests: an editable copy of the bundled pack, and a one-place text edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import RULES


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    """A copy of the bundled rule pack the test may edit."""
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace the first `old` in the pack file `rel` (a setup error if it is not there)."""
    path = root / rel
    text = path.read_text()
    assert old in text, f"test setup: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1))
