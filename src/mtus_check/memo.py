"""Bounded memos: a batch asks the same few questions again and again (the same dates, facts,
words), so answers are kept; past MEMO_SIZE answers a memo starts over, so memory stays flat at
any batch size."""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

MEMO_SIZE = 4096


def remember(memo: dict[K, V], key: K, value: V, size: int = MEMO_SIZE) -> V:
    """`value` kept in `memo` under `key` (a full memo is emptied first), and returned."""
    if len(memo) >= size:
        memo.clear()
    memo[key] = value
    return value
