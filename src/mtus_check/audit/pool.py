"""Worker processes that may die or hang, supervised: each worker takes one task at a time; a
worker that dies (a segfault in PDFium, an OOM kill, os._exit) or overruns the time limit is
killed and replaced, and its task becomes a `lost` result. Results come back in input order.

multiprocessing.Pool never hands a dead worker's task back (the run hangs) and runs tasks in the
main process with one worker (a crash ends the run silently), so the audit uses this instead.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from mtus_check.errors import MtusCheckError

Init = Callable[..., Any]
_ORPHAN_CHECK = 1.0  # seconds between a waiting worker's checks that its parent is alive
FORK = sys.platform != "win32"  # forked workers share what the parent loaded before they start


@dataclass
class Lost:
    """Why a task gave no result: `kind` (worker-died, limit-time, internal) and what happened."""

    kind: str
    detail: str


def _child(
    conn: Connection, parent_end: Connection, init: Init, initargs: tuple[Any, ...], work: Callable[[Any], Any]
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the workers
    parent_end.close()  # inherited by the fork; the parent keeps its own
    parent = os.getppid()
    try:
        conn.send(("ready", init(*initargs)))
    except Exception as exc:  # e.g. a rule pack that does not load: the parent reports it once
        conn.send(("init-failed", str(exc) or type(exc).__name__))
        return
    while True:
        try:
            # a parent killed with SIGKILL closes no pipe a sibling inherited: look for it instead
            while not conn.poll(_ORPHAN_CHECK):
                if os.getppid() != parent:
                    return
            task = conn.recv()
            if task is None:
                return
            try:
                result: tuple[str, Any] = ("done", work(task))
            except Exception as exc:  # `work` guards itself; this is the last line of defence
                result = ("done", Lost("internal", f"internal error: {type(exc).__name__}: {exc}"))
            conn.send(result)
        except (EOFError, OSError):  # the parent is gone (killed, or interrupted): stop quietly
            return


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    index: int | None = None  # the task it runs
    started: float = 0.0


def _death(process: BaseProcess) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with code {code}"


class Supervisor:
    """Start `workers` processes running `init(*initargs)` once (its return value is `ready_info`)
    and then `work(task)` per task."""

    def __init__(
        self,
        workers: int,
        init: Init,
        initargs: tuple[Any, ...],
        work: Callable[[Any], Any],
        timeout: float | None,
    ) -> None:
        self._context: Any = multiprocessing.get_context("fork" if FORK else "spawn")
        self._init, self._initargs, self._work = init, initargs, work
        self._timeout = timeout
        self.ready_info: Any = None
        self._workers: list[_Worker] = []
        started = [self._spawn() for _ in range(workers)]  # initialized side by side
        self._workers = [self._ready(*pair) for pair in started]

    def _start(self) -> _Worker:
        return self._ready(*self._spawn())

    def _spawn(self) -> tuple[BaseProcess, Connection]:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_child, args=(child, parent, self._init, self._initargs, self._work), daemon=True
        )
        process.start()
        child.close()
        return process, parent

    def _ready(self, process: BaseProcess, parent: Connection) -> _Worker:
        try:
            status, info = parent.recv()
        except EOFError:
            process.join()
            self._abandon(process)
            raise MtusCheckError(f"an audit worker could not start ({_death(process)})") from None
        if status != "ready":
            self._abandon(process)
            raise MtusCheckError(f"an audit worker could not start: {info}")
        self.ready_info = info
        return _Worker(process, parent)

    def _abandon(self, process: BaseProcess) -> None:
        process.join(1)
        if process.is_alive():
            process.kill()
            process.join()
        self.close()

    def _replace(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self._workers[self._workers.index(worker)] = self._start()

    def map(self, tasks: list[Any]) -> Iterator[Any | Lost]:
        """Each task's result (or Lost), in input order; at most a few tasks ahead are held."""
        pending = deque(enumerate(tasks))
        results: dict[int, Any] = {}
        window = 4 * len(self._workers)  # results held back for order stay bounded
        following = 0
        while following < len(tasks):
            for worker in self._workers:
                if worker.index is None and pending and pending[0][0] < following + window:
                    worker.index, task = pending.popleft()
                    worker.conn.send(task)
                    worker.started = time.monotonic()
            busy = [w for w in self._workers if w.index is not None]
            waits: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
            wait(waits, timeout=self._next_deadline(busy))
            for worker in busy:
                self._collect(worker, results)
            while following in results:
                yield results.pop(following)
                following += 1

    def _next_deadline(self, busy: list[_Worker]) -> float | None:
        if self._timeout is None or not busy:
            return None
        now = time.monotonic()
        return max(0.0, min(w.started + self._timeout - now for w in busy)) + 0.01

    def _collect(self, worker: _Worker, results: dict[int, Any]) -> None:
        assert worker.index is not None
        index = worker.index
        if worker.conn.poll():
            try:
                status, value = worker.conn.recv()
            except (EOFError, OSError):
                status, value = "dead", None
            if status != "dead":
                results[index] = value
                worker.index = None
                return
        if not worker.process.is_alive():
            worker.process.join()
            results[index] = Lost("worker-died", _death(worker.process))
            worker.index = None
            self._replace(worker)
        elif self._timeout is not None and time.monotonic() - worker.started > self._timeout:
            results[index] = Lost("limit-time", f"{self._timeout:g} s")
            worker.index = None
            self._replace(worker)

    def close(self) -> None:
        for worker in self._workers:
            if worker.index is None and worker.process.is_alive():
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        deadline = time.monotonic() + 2
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()

    def __enter__(self) -> Supervisor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
