"""Get a letter's text from a .txt or .pdf file (or stdin), with a specific reason when we cannot."""

from __future__ import annotations

import ctypes
import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from mtus_check.letters.limits import LetterLimits, over_limit

LETTER_SUFFIXES = (".txt", ".pdf")


class LetterReadError(Exception):
    """The file holds no readable letter text; `kind` is a stable code for reports."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class LetterText:
    source: str
    text: str
    pages: int = 0


_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def _looks_binary(data: bytes) -> bool:
    if not data:
        return False
    sample = data[:4096]
    if b"\0" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))  # what is left: the control bytes (in C)
    return controls > len(sample) * 0.05


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters


@functools.cache
def keep_freed_memory() -> None:
    """Let glibc keep the memory PDFium frees after each letter instead of handing it back.

    PDFium allocates and frees a few megabytes per document. With glibc's defaults the heap is
    trimmed (and large blocks unmapped) after every letter, and the next letter faults the same
    pages in again: about 15% of the PDF time. Called once, on the first PDF; a user who set
    MALLOC_TRIM_THRESHOLD_ or MALLOC_MMAP_THRESHOLD_ keeps their own setting.
    """
    if not sys.platform.startswith("linux") or any(
        name in os.environ for name in ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_")
    ):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return
    mallopt(_M_MMAP_THRESHOLD, 4 << 20)
    mallopt(_M_TRIM_THRESHOLD, 16 << 20)


def pdf_text(data: bytes, source: str, limits: LetterLimits | None = None) -> LetterText:
    """Text layer of a PDF, page by page (pypdfium2: fast and faithful to reading order).
    Any PDFium failure, at open or on a page (a broken page tree), is this letter's error."""
    import pypdfium2 as pdfium

    keep_freed_memory()
    limits = limits or LetterLimits()
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise LetterReadError("pdf-unreadable", f"not a readable PDF ({exc}); is the file complete?") from None
    try:
        count = len(document)
        if count > limits.max_pages:
            found = f"{count} pages"
            raise LetterReadError("limit-pages", over_limit("the PDF", found, f"{limits.max_pages}", "--max-pages"))
        pages, chars = [], 0
        for index in range(count):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
            chars += len(pages[-1])
            if chars > limits.max_chars:
                found = f"over {limits.max_chars:,} characters by page {index + 1}"
                raise LetterReadError(
                    "limit-chars", over_limit("the text", found, f"{limits.max_chars:,}", "--max-chars")
                )
    except pdfium.PdfiumError as exc:
        raise LetterReadError("pdf-unreadable", f"PDFium cannot read the PDF's pages ({exc})") from None
    finally:
        document.close()
    text = "\n\f\n".join(pages)
    if not text.strip():
        raise LetterReadError(
            "pdf-no-text",
            f"the PDF has {count} page(s) but no text layer (a scanned image): run OCR first, "
            "e.g. ocrmypdf, then read the OCR'd PDF",
        )
    return LetterText(source, text, count)


def decode_text(data: bytes, source: str, limits: LetterLimits | None = None) -> LetterText:
    """Text of a .txt letter; UTF-8, falling back to Latin-1 (never fails on a byte)."""
    limits = limits or LetterLimits()
    if not data.strip():
        raise LetterReadError("empty", "the file is empty")
    if data.startswith(b"%PDF"):
        return pdf_text(data, source, limits)
    if _looks_binary(data):
        raise LetterReadError("binary", "the file is binary, not letter text or PDF")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if len(text) > limits.max_chars:
        found = f"{len(text):,} characters"
        raise LetterReadError("limit-chars", over_limit("the text", found, f"{limits.max_chars:,}", "--max-chars"))
    return LetterText(source, text)


def read_letter_file(path: Path, limits: LetterLimits | None = None) -> LetterText:
    """Read a letter file; raise LetterReadError with a specific reason."""
    limits = limits or LetterLimits()
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            found = f"{size / 2**20:.1f} MB"
            raise LetterReadError("limit-size", over_limit("the file", found, f"{limits.max_mb:g} MB", "--max-mb"))
        data = path.read_bytes()
    except OSError as exc:
        raise LetterReadError("unreadable", f"cannot read the file: {exc.strerror or exc}") from None
    if path.suffix.lower() == ".pdf" or data.startswith(b"%PDF"):
        if not data:
            raise LetterReadError("empty", "the file is empty")
        return pdf_text(data, str(path), limits)
    return decode_text(data, str(path), limits)


def letter_files(paths: list[Path]) -> list[Path]:
    """Files to read: each file given, and every .txt/.pdf below each directory, sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in LETTER_SUFFIXES))
        else:
            out.append(path)
    return out
