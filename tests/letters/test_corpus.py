"""The real letters beside the checkout (../shared/corpus), when present: every item and
decision found, from text and from PDF. Skipped where the corpus is not available."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtus_check.letters.evaluate import evaluate

LABELS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "labels.json"
pytestmark = pytest.mark.skipif(not LABELS.is_file(), reason="../shared/corpus is not available")


@pytest.mark.parametrize("use_pdf", [False, True], ids=["text", "pdf"])
def test_corpus_items_and_decisions(use_pdf: bool) -> None:
    right, total, misses = evaluate(LABELS, use_pdf)
    for field in ("read", "item_count", "requests", "decisions"):
        assert right[field] == total, [m for m in misses if f": {field}:" in m]
    assert right["service"] >= 0.9 * total
