"""A cache of validated rule packs, so a command that checks one request does not re-read and
re-validate every rule file (about a fifth of a pre-check's CPU before the cache).

One file per pack folder in the user's cache directory: $MTUS_CHECK_CACHE_DIR, else
$XDG_CACHE_HOME/mtus-check, else ~/.cache/mtus-check; MTUS_CHECK_NO_CACHE=1 turns it off. The
file holds a key and the pickled pack. The key is a sha256 over the relative path and bytes of
every .yaml file under the pack folder (a pack is read from those alone), the folder as given,
and the code that builds a pack (mtus-check's version, the size and time of each of its modules,
Python's and pydantic's versions): any change to any of them makes the entry stale, and a stale
entry is replaced by a fresh load. Only packs that loaded without problems are stored, so a
broken pack is reported in full every time. The cache is safe to delete; an unreadable or
corrupt entry is ignored; a cache folder that cannot be written leaves the pack loaded the
usual way. (Like any pickle, an entry is trusted: the folder is the user's own, made 0700.)
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mtus_check import __version__

if TYPE_CHECKING:
    from mtus_check.rules.loader import RulePack

_CODE = Path(__file__).resolve().parents[1]  # the mtus_check package
_code_key: bytes | None = None


def cache_dir() -> Path | None:
    """Where packs are cached, or None when caching is off."""
    if os.environ.get("MTUS_CHECK_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("MTUS_CHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtus-check"


def _code_fingerprint() -> bytes:
    """What a pickled pack depends on besides the pack files: the code that built it."""
    global _code_key
    if _code_key is None:
        import pydantic

        digest = hashlib.sha256(f"{__version__}\0{sys.version}\0{pydantic.VERSION}\0".encode())
        for folder, dirs, names in os.walk(_CODE):
            dirs.sort()
            for name in sorted(names):
                if name.endswith(".py"):
                    stat = os.stat(os.path.join(folder, name))
                    digest.update(f"{folder}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
        _code_key = digest.digest()
    return _code_key


def _pack_key(root: Path) -> str:
    """sha256 over the code, the folder as given, and every .yaml file under it (path and bytes),
    hidden folders included, as the loader's own search does."""
    digest = hashlib.sha256(_code_fingerprint())
    digest.update(f"{root}\0".encode())
    top = os.fspath(root)
    files: list[str] = []
    for folder, dirs, names in os.walk(top, followlinks=True):
        dirs.sort()
        files.extend(os.path.join(folder, name) for name in names if name.endswith(".yaml"))
    for path in sorted(files):
        digest.update(path[len(top) :].encode() + b"\0")  # the path below the folder
        with open(path, "rb") as handle:
            digest.update(handle.read())
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class PackCache:
    """The cache entry of one pack folder."""

    path: Path
    key: bytes

    @classmethod
    def for_root(cls, root: Path) -> PackCache | None:
        """The entry for `root`, or None when caching is off or the folder cannot be read (the
        loader then reports what is wrong with it)."""
        folder = cache_dir()
        if folder is None or not root.is_dir():
            return None
        try:
            key = _pack_key(root)
        except OSError:
            return None
        name = hashlib.sha256(str(root.absolute()).encode()).hexdigest()[:32]
        return cls(folder / "packs" / f"{name}.pickle", key.encode())

    def read(self) -> RulePack | None:
        """The cached pack when the entry is present and current, else None."""
        try:
            with open(self.path, "rb") as handle:
                if handle.readline().rstrip(b"\n") != self.key:
                    return None
                pack: RulePack = pickle.load(handle)
            return pack
        except Exception:  # missing, unreadable, written by other code, truncated: load afresh
            return None

    def write(self, pack: RulePack) -> None:
        """Store the pack (atomically: a reader never sees half a file); failures are ignored."""
        import tempfile  # only when writing: a cache hit does not import it

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".pickle")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(self.key + b"\n")
                    pickle.dump(pack, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
        except Exception:
            return
