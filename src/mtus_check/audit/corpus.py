"""Run a function over every letter of a corpus in the audit's supervised workers, with one
engine per rule pack loaded once per worker (`rules coverage` uses one pack, `rules diff` two).

Results come back in input order whatever the worker count; a letter whose worker dies or
overruns the time limit comes back as `Lost`, never stopping the run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from mtus_check.audit.pool import Lost, Supervisor
from mtus_check.engine import Engine
from mtus_check.letters.limits import DEFAULT_SECONDS
from mtus_check.letters.source import letter_files
from mtus_check.rules.loader import default_pack_path, load_pack

T = TypeVar("T")
Packs = tuple[str, ...]

# worker side: the engines of the packs, loaded once per process (a forked worker inherits them)
_LOADED: dict[Packs, list[Engine]] = {}
_CURRENT: list[Engine] = []
_AS_OF: list[dt.date | None] = [None]


def _init(packs: Packs, as_of: dt.date | None) -> None:
    global _CURRENT
    if packs not in _LOADED:
        _LOADED[packs] = [Engine(load_pack(Path(p))) for p in packs]
    _CURRENT = _LOADED[packs]
    _AS_OF[0] = as_of


def engines() -> list[Engine]:
    """The engines of the packs the running map was given, in their order (worker side)."""
    return _CURRENT


def as_of() -> dt.date | None:
    return _AS_OF[0]


def map_letters(
    paths: list[Path],
    packs: list[Path | None],
    work: Callable[[str], T],
    workers: int = 1,
    when: dt.date | None = None,
    on_letter: Callable[[int, int], None] | None = None,
    seconds: float | None = DEFAULT_SECONDS,
) -> Iterator[tuple[str, T | Lost]]:
    """(letter path, work(path) or Lost) for every letter under `paths`, in sorted order; `work`
    is a module-level function that reads `engines()` and `as_of()`. `on_letter(done, total)`
    is called after each letter (for a progress bar)."""
    files = [str(p) for p in letter_files(paths)]
    key = tuple(str(p if p is not None else default_pack_path()) for p in packs)
    _init(key, when)  # loaded here: a pack that does not load stops the run before it starts
    if not files:
        return
    initargs = (key, when)
    with Supervisor(min(workers, len(files)), _init, initargs, work, seconds) as pool:
        for done, (path, result) in enumerate(zip(files, pool.map(files), strict=True), 1):
            if on_letter is not None:
                on_letter(done, len(files))
            yield path, result
