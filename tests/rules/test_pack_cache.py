"""The pack cache: a second load of an unchanged pack comes from the cache and is the same pack;
any change to a pack file is picked up; a broken pack is never served from it; a damaged or
unwritable cache only costs the load it would have saved."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mtus_check.engine import Engine
from mtus_check.errors import ProblemsError
from mtus_check.rules import loader
from mtus_check.rules.loader import RulePack, load_pack
from tests.conftest import RULES

REQUEST = {"service": "massage", "quantity": 8, "body_region": "low back"}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MTUS_CHECK_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return Path(shutil.copytree(RULES, tmp_path / "pack"))


def _no_fresh_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(root: Path) -> RulePack:
        raise AssertionError(f"{root} was read and validated again")

    monkeypatch.setattr(loader, "_load_pack", fail)


def _same(a: RulePack, b: RulePack) -> None:
    assert (a.root, a.info, a.rules, a.files, a.facts, a.in_force, a.formulary) == (
        b.root,
        b.info,
        b.rules,
        b.files,
        b.facts,
        b.in_force,
        b.formulary,
    )
    assert Engine(a).check(REQUEST).model_dump_json() == Engine(b).check(REQUEST).model_dump_json()


def test_an_unchanged_pack_comes_from_the_cache(cache: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = load_pack(root)
    assert len(list((cache / "packs").glob("*.pickle"))) == 1
    _no_fresh_load(monkeypatch)
    _same(load_pack(root), fresh)


def test_a_changed_rule_file_is_picked_up(cache: Path, root: Path) -> None:
    before = load_pack(root)
    first = before.rules[0]
    path = Path(first.location.path)
    path.write_text(path.read_text().replace(first.rule.title, first.rule.title + " (edited)", 1))
    after = load_pack(root)
    assert after.rules[0].rule.title == first.rule.title + " (edited)"
    assert after.info.hash != before.info.hash
    assert len(list((cache / "packs").glob("*.pickle"))) == 1  # the stale entry was replaced


def test_a_pack_broken_after_it_was_cached_is_reported(cache: Path, root: Path) -> None:
    load_pack(root)
    path = Path(load_pack(root).rules[0].location.path)
    path.write_text(path.read_text() + "\nnot: [valid\n")
    with pytest.raises(ProblemsError):
        load_pack(root)
    with pytest.raises(ProblemsError):  # and again: a broken pack is never stored
        load_pack(root)


def test_a_new_file_in_the_pack_is_picked_up(cache: Path, root: Path) -> None:
    load_pack(root)
    (root / "mtus" / "zz-broken.yaml").write_text("rules: 3\n")
    with pytest.raises(ProblemsError):
        load_pack(root)


def test_a_damaged_entry_is_ignored_and_replaced(cache: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = load_pack(root)
    (entry,) = (cache / "packs").glob("*.pickle")
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2])  # a write cut short
    _same(load_pack(root), fresh)
    _no_fresh_load(monkeypatch)
    _same(load_pack(root), fresh)  # rewritten whole


def test_an_unwritable_cache_folder_still_loads(tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("MTUS_CHECK_CACHE_DIR", str(blocker / "cache"))
    _same(load_pack(root), load_pack(root))


def test_the_cache_can_be_turned_off(cache: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTUS_CHECK_NO_CACHE", "1")
    load_pack(root)
    assert not cache.exists()
