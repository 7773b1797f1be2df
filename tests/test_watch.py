"""The rule pack watcher behind `precheck --watch` and `serve`."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtus_check.errors import ProblemsError
from mtus_check.watch import PackWatcher


def test_a_missing_pack_folder_is_a_located_problem_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(ProblemsError) as caught:
        PackWatcher(tmp_path / "no-such-pack")
    assert caught.value.problems[0].code == "pack-missing"
