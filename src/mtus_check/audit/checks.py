"""Rationale checks: where a letter's own words disagree with its decision or with the rules.

Each check returns findings with a severity and the quoted evidence. The numbers and
citations compared come from the rule pack, never from this module.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from mtus_check.audit.flags import Label, field_name, findings_flags
from mtus_check.audit.models import Check, Outcome
from mtus_check.letters.models import Evidence, GuidelineRef, LetterItem
from mtus_check.letters.sentences import Sentence, sentences
from mtus_check.models.verdict import Finding, Verdict
from mtus_check.text import pattern

_CONCLUSION = re.compile(
    r"\bmedically\s+(?:necessary|indicated|appropriate)|reversing\s+the\s+prior|uphold(?:ing)?\s+the\s+prior|"
    r"\b(?:is|are)\s+(?:not\s+)?supported|\bnot\s+(?:warranted|recommended|indicated)\b",
    re.I,
)
_NEGATED = re.compile(r"\b(?:not|cannot|can't|no|never|nor|neither|un\w+|fails?\s+to|lacks?)\b|notmedically", re.I)
_PER_WEEK = re.compile(r"^\s*(?:per|a|each)\s+week|^\s*weekly", re.I)
# a limit as guidelines state it: a range ("4-6 visits") or a cap ("up to 18 visits")
_LIMIT = re.compile(
    r"(?:(?:up\s+to|limited\s+to|maximum\s+of|no\s+more\s+than|total\s+of|at\s+most)\s+(?P<cap>\d+)|"
    r"(?<!\d)(?P<low>\d+)\s*(?:-|to)\s*(?P<high>\d+))\s+(?:visits?|sessions?|treatments?)",
    re.I,
)
_GUIDELINE_TALK = re.compile(r"\b(?:guidelines?|MTUS|recommend\w*|limited|up\s+to|allow\w*|support\w*)\b", re.I)
# the same, searched on an ASCII sentence's lower case: without re.I, re runs several times faster
# (re.I also folds a few non-ASCII letters into ASCII ones, so other sentences keep the first)
_GUIDELINE_TALK_LOWER = pattern(_GUIDELINE_TALK.pattern)
_STOP = {
    "mtus",
    "guidelines",
    "guideline",
    "medical",
    "treatment",
    "the",
    "and",
    "of",
    "ca",
    "2004",
    "2007",
    "2009",
    "2016",
    "complaints",
    "chapter",
    "section",
    "acoem",
    "official",
    "disability",
    "odg",
    "citation",
    "non",
}


_CLAUSE_BREAK = re.compile(r"[,;:]\s")
_WORD = re.compile(r"[a-z]+")
# a page number has at most a few digits: a longer run is no page (and int() of thousands of digits raises)
_PAGE_OR_RANGE = re.compile(r"(?<!\d)(\d{1,5})(?:-(\d{1,5}))?(?!\d)")


def _evidence(text: str, start: int, end: int, section: str = "rationale") -> Evidence:
    return Evidence(section=section, quote=text[start:end].strip(), start=start, end=end)


def conclusion_contradiction(item: LetterItem) -> Iterator[Check]:
    """The rationale's own conclusion says the opposite of the decision line."""
    sents = sentences(item.rationale, 0, "rationale")
    for sentence in reversed(sents[-3:]):
        matches = list(_CONCLUSION.finditer(sentence.text))
        if not matches:
            continue
        match = matches[-1]
        phrase = match.group(0).lower()
        if "reversing" in phrase:
            said = "overturned"
        elif "uphold" in phrase:
            said = "upheld"
        else:
            # the clause before the phrase decides: "is determined to not be medically necessary"
            clause = _CLAUSE_BREAK.split(sentence.text[: match.start()])[-1]
            negated = _NEGATED.search(clause) or phrase.startswith("not") or " not " in f" {phrase} "
            said = "upheld" if negated else "overturned"
        if said != item.decision:
            yield Check(
                check="conclusion-contradicts-decision",
                severity="error",
                message=f"the decision line says {item.decision}, but the rationale concludes "
                f"'{match.group(0)}' ({said})",
                evidence=_evidence(item.rationale, sentence.start, sentence.start + len(sentence.text)),
            )
        return


def _rule_limits(finding: Finding) -> set[float]:
    out: set[float] = set()
    for c in finding.criteria:
        limited = c.field in ("quantity", "total_sessions") and c.test.startswith("at most")
        if limited and isinstance(c.expected, (int, float)):
            out.add(float(c.expected))
    return out


def quoted_limit_differs(item: LetterItem, verdict: Verdict) -> Iterator[Check]:
    """A visit limit the rationale quotes that matches no limit of the rules that applied."""
    limits = {f.rule: _rule_limits(f) for f in verdict.findings if _rule_limits(f)}
    if not limits:
        return
    allowed = set().union(*limits.values())
    for sentence in sentences(item.rationale, 0, "rationale"):
        if not _talks_of_guidelines(sentence):
            continue
        quoted = [
            (m, float(m.group("cap") or m.group("high")))
            for m in _LIMIT.finditer(sentence.text)
            if not _PER_WEEK.match(sentence.text[m.end() :])
        ]
        quoted = [(m, high) for m, high in quoted if 1 < high < 100]
        if quoted and not any(high in allowed for _, high in quoted):
            m = quoted[0][0]
            rules = ", ".join(
                f"{rule} (at most {', '.join(f'{x:g}' for x in sorted(v))})" for rule, v in limits.items()
            )
            yield Check(
                check="quoted-limit-differs",
                severity="warning",
                message=f"the rationale quotes '{m.group(0)}', which matches no limit of {rules}",
                evidence=_evidence(item.rationale, sentence.start + m.start(), sentence.start + m.end()),
            )
            return


def _talks_of_guidelines(sentence: Sentence) -> bool:
    if sentence.text.isascii():
        return _GUIDELINE_TALK_LOWER.search(sentence.lower) is not None
    return _GUIDELINE_TALK.search(sentence.text) is not None


def _key(text: str | None) -> set[str]:
    words = _WORD.findall((text or "").lower())
    return {w for w in words if w not in _STOP and len(w) > 2}


def _same_guideline(ref: GuidelineRef, guideline: str, section: str) -> bool:
    ref_words = _key(ref.guideline) | _key(" ".join(ref.sections))
    return bool(ref_words & _rule_words(guideline, section))


@functools.lru_cache(maxsize=512)
def _rule_words(guideline: str, section: str) -> frozenset[str]:
    """A rule citation's key words: the pack's citations are few, and each letter's items ask again."""
    return frozenset(_key(guideline) | _key(section))


def _pages(text: str | None) -> list[tuple[int, int]]:
    """The page ranges cited, as (first, last): ranges, not sets of pages ("1-20000000" is one pair)."""
    return [(int(low), int(high or low)) for low, high in _PAGE_OR_RANGE.findall(text or "")]


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(low <= other_high and other_low <= high for low, high in a for other_low, other_high in b)


def citation_differs(item: LetterItem, verdict: Verdict) -> Iterator[Check]:
    """MAXIMUS cites another guideline or page than the deciding rule, or than the claims administrator."""
    refs = [r for r in item.maximus_guideline if r.source != "none"]
    deciding = [f for f in verdict.findings if f.status in ("fail", "pass")] or verdict.findings
    if refs and deciding:
        for finding in deciding[:1]:
            c = finding.citation
            matching = [r for r in refs if _same_guideline(r, c.guideline, c.section)]
            if not matching:
                yield Check(
                    check="citation-differs-from-rule",
                    severity="info",
                    message=f"MAXIMUS cites {'; '.join(r.text for r in refs)[:160]}, not {c.text} ({finding.rule})",
                )
            elif c.pages and all(r.pages and not _overlap(_pages(r.pages), _pages(c.pages)) for r in matching):
                yield Check(
                    check="citation-page-differs",
                    severity="warning",
                    message=f"MAXIMUS cites page(s) {matching[0].pages}; {finding.rule} cites page(s) {c.pages}",
                )
    ca = {w for r in item.claims_administrator_guideline for w in _key(r.guideline)}
    mx = {w for r in refs for w in _key(r.guideline)}
    if ca and mx and not (ca & mx):
        yield Check(
            check="citation-differs-from-claims-administrator",
            severity="info",
            message="MAXIMUS and the claims administrator cite different guidelines",
        )


def run_checks(
    item: LetterItem,
    verdict: Verdict | None,
    by_findings: Verdict | None = None,
    said: Outcome | None = None,
    label: Label = field_name,
) -> list[Check]:
    """Every check that applies to one item; `by_findings` is the verdict given the reviewer's
    findings and `said` the outcome it predicts (audit.flags)."""
    out = list(conclusion_contradiction(item))
    if verdict is not None:
        out += [*quoted_limit_differs(item, verdict), *citation_differs(item, verdict)]
    out += findings_flags(item, by_findings, said, label)
    return out
