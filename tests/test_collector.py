"""settle_once: what lives at the first call is kept out of collections; garbage made later is
still collected (a batch's memory stays flat), and a second call freezes nothing more."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from mtus_check import collector


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(collector, "_settled", False)
    yield
    gc.unfreeze()


def test_later_cycles_are_still_collected(fresh: None) -> None:
    collector.settle_once()
    assert gc.get_freeze_count() > 0
    for _ in range(100):
        _Node()
    assert gc.collect() >= 100


def test_garbage_before_settling_is_freed_not_frozen(fresh: None) -> None:
    gc.disable()  # nothing collects the cycles before settle_once does
    try:
        refs = [weakref.ref(_Node()) for _ in range(100)]
        assert all(r() is not None for r in refs)
        collector.settle_once()
    finally:
        gc.enable()
    assert all(r() is None for r in refs)


def test_only_the_first_call_freezes(fresh: None) -> None:
    collector.settle_once()
    frozen = gc.get_freeze_count()
    kept = [_Node() for _ in range(50)]
    collector.settle_once()
    assert gc.get_freeze_count() == frozen
    assert kept
