"""The rule pack a server follows: reloaded when its files change, the last good pack kept on error."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path
from typing import Any

from mtus_check import api_text
from mtus_check.api import PrecheckResult
from mtus_check.engine import Engine
from mtus_check.errors import Problem
from mtus_check.watch import PackWatcher


class PackState:
    """Wraps the CLI's PackWatcher for concurrent requests: the files are looked at no more than
    once per `interval` (stat-ing every rule file per request would cost more than the check),
    and one engine runs one request at a time per process (workers give parallelism)."""

    def __init__(self, root: Path | None, interval: float = 1.0) -> None:
        self._watcher = PackWatcher(root)  # raises ProblemsError when the pack is broken at start
        self._interval = interval
        self._checked = time.monotonic()
        self._engine = self._watcher.engine()
        self._lock = threading.Lock()
        self.lock = threading.Lock()  # held while an engine checks a request
        self.read_lock = threading.Lock()  # held while a letter is read (one reader per process)

    def engine(self) -> Engine:
        now = time.monotonic()
        if now - self._checked >= self._interval:
            with self._lock:
                if now - self._checked >= self._interval:
                    self._checked = now
                    self._engine = self._watcher.engine()
        return self._engine

    @property
    def problems(self) -> list[Problem]:
        """Problems of the newest edit of the rule files (empty when it loaded)."""
        return self._watcher.problems

    @property
    def reloads(self) -> int:
        return self._watcher.reloads

    def check(self, data: Any, source: str, as_of: dt.date | None = None) -> list[PrecheckResult]:
        """Pre-check a body's requests (fields, own words or a note) as `precheck --json` does: an
        undated request against the rules in force today. Blocking: run it in a worker thread."""
        engine = self.engine()
        with self.lock:
            return api_text.check_body(engine, data, source, as_of, dt.date.today())
