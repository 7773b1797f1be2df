"""Pick up edited rule files in a long-running process; a broken edit keeps the last good pack."""

from __future__ import annotations

from pathlib import Path

from mtus_check.engine import Engine
from mtus_check.errors import Problem, ProblemsError
from mtus_check.rules.loader import default_pack_path, load_pack


class PackWatcher:
    """An engine that follows a rule pack folder: `engine()` reloads it when a file changed."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_pack_path()
        self.problems: list[Problem] = []
        # None until the first load: a missing folder has no files, and () must not read as "unchanged"
        self._stamp: tuple[tuple[str, int, int], ...] | None = None
        self._engine: Engine | None = None
        self.reloads = 0
        self.engine()
        if self._engine is None:
            raise ProblemsError(self.problems)

    def _current_stamp(self) -> tuple[tuple[str, int, int], ...]:
        out = []
        for path in sorted(self.root.rglob("*.yaml")):
            stat = path.stat()
            out.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(out)

    def changed(self) -> bool:
        return self._current_stamp() != self._stamp

    def engine(self) -> Engine:
        """The engine for the newest valid pack; problems of a broken edit are in `problems`."""
        stamp = self._current_stamp()
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                self._engine = Engine(load_pack(self.root))
                self.problems = []
                self.reloads += 1
            except ProblemsError as exc:
                self.problems = exc.problems  # keep serving the last good pack
        assert self._engine is not None or self.problems
        return self._engine  # type: ignore[return-value]
