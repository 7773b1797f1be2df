"""Per-letter limits: what one letter may cost before it is recorded as an error instead.

A real IMR letter is a few pages and tens of kilobytes; the defaults are far above that and far
below what would stall a batch. Each limit has a named default and an `audit` option to raise it;
the error a letter gets names the limit and that option.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_MB = 25  # file size: a scanned letter with images stays well under this
DEFAULT_MAX_PAGES = 300  # PDF pages
DEFAULT_MAX_CHARS = 2_000_000  # extracted text, about 600 pages of letter text
DEFAULT_SECONDS = 120  # wall time for one letter in an audit worker (most take milliseconds)
DEFAULT_MEMORY_MB = 1024  # memory one letter may add to its audit worker (a PDF decompression bomb)


@dataclass(frozen=True)
class LetterLimits:
    """Size limits applied while a letter is read (time and memory are the audit worker's)."""

    max_mb: float = DEFAULT_MAX_MB
    max_pages: int = DEFAULT_MAX_PAGES
    max_chars: int = DEFAULT_MAX_CHARS

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 2**20)


def over_limit(what: str, found: str, limit: str, option: str) -> str:
    """The message of a letter over a limit: what, how much, the limit and how to raise it."""
    return (
        f"{what} is {found}, over the limit of {limit} per letter; if the letter is genuine, raise it with "
        f"`mtus-check audit {option}`"
    )
