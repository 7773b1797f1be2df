"""The drug a request names, as written: the words of one drug name kept together across its
strength ("Fentanyl 25mcg/hr patch"), the figures of a name that are no count ("Tylenol #3"), and
a compound named by all its ingredients ("Flurbiprofen/Lidocaine cream")."""

from __future__ import annotations

import re

from mtus_check.letters.request_text import STRENGTH
from mtus_check.text import lowercase

_DIGIT = re.compile(r"\d")


def without_strengths(text: str) -> str:
    """`text` with each drug strength blanked to spaces (offsets kept), so that the words of one
    drug name meet again: "Fentanyl 25mcg/hr patch" names a fentanyl patch, "Ketorolac 60 mg IM
    injection" a ketorolac injection."""
    if _DIGIT.search(text) is None:
        return text
    lower = lowercase(text)
    out = list(text)
    for found in STRENGTH.finditer(lower):
        out[found.start() : found.end()] = " " * (found.end() - found.start())
    return "".join(out)


_NAME_FIGURES = frozenset("0123456789#")


def name_unnumbered(text: str, unmeasured: str, best: tuple[str, int, int] | None) -> str:
    """`text` with the figures of the service's own name blanked ("Tylenol #3", "12-lead EKG":
    no count), and a strength inside it kept ("Fentanyl 25mcg/hr patch")."""
    if best is None:
        return text
    start, end = best[1], best[2]
    name = "".join(
        " " if c in _NAME_FIGURES and unmeasured[start + i] == c else c for i, c in enumerate(text[start:end])
    )
    return text[:start] + name + text[end:]


_LIST_SEPARATOR = re.compile(r"[/,+&;:]")  # what stands between the drugs of one compound
_JOINING_WORDS = frozenset(("and", "with", "plus"))


def _joined(gap: str) -> bool:
    """Whether the text between two drug names joins them into one product (strengths blanked):
    "Flurbiprofen 20%/Lidocaine 5% cream", "Flurbiprofen / Menthol / Camphor / Capsaicin cream"
    (an ingredient the vocabulary does not name is a single word between separators); words that
    run on ("for the low back") end the product."""
    if len(gap) > 60:
        return False
    for piece in _LIST_SEPARATOR.split(gap.lower()):
        words = [w for w in piece.replace("-", " ").split() if w not in _JOINING_WORDS]
        if len(words) > 1 or any(not w.isalpha() for w in words):
            return False
    return True


def drug_span(unmeasured: str, drugs: list[tuple[int, int]], best: tuple[int, int]) -> tuple[int, int]:
    """The span of the drug a request names: the phrase that decided its class, with the drug
    names joined to it on either side, so that a compound is named by its ingredients
    ("Flurbiprofen/Lidocaine cream", not "Lidocaine cream"). `drugs`: the spans of every drug
    phrase in the text, in order; `unmeasured`: the text with its strengths blanked."""
    start, end = best
    for s, e in reversed([d for d in drugs if d[1] <= start]):
        if not _joined(unmeasured[e:start]):
            break
        start = s
    for s, e in [d for d in drugs if d[0] >= end]:
        if not _joined(unmeasured[end:s]):
            break
        end = e
    return start, end


def drug_name(unmeasured: str, span: tuple[int, int]) -> str:
    """The drug as written, without its strengths: "Flurbiprofen/Lidocaine cream"."""
    name = " ".join(unmeasured[span[0] : span[1]].split())
    return re.sub(r"\s*/\s*", "/", re.sub(r"\s+,", ",", name))
