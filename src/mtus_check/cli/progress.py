"""A progress bar for commands that read a corpus of letters: on a terminal only (stderr), gone
when done, so piped and JSON output stay clean."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

OnLetter = Callable[[int, int], None]


@contextmanager
def letters_progress(label: str) -> Iterator[OnLetter | None]:
    """A callback `(done, total)` that moves the bar, or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    started = time.perf_counter()
    columns = (
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.0f} letters/s"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None, rate=0.0)

        def tick(done: int, total: int) -> None:
            bar.update(task, total=total, completed=done, rate=done / max(time.perf_counter() - started, 1e-9))

        yield tick
