"""A measure of function compared with numbers over time (rules/facts/measures.yaml): "ODI 46% ->
28%" (the arrow is read as "to"), "sitting tolerance went from 15 minutes to an hour", "walking
is now 30 minutes, up from 10". Which way the numbers moved, by the measure's better direction,
is what the mention states; the assertion layer then decides its context as for a phrase's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtus_check.letters.number_words import CARDINAL, CUE_WORDS, cardinal
from mtus_check.rules.factspec import Measure, MeasuresFile
from mtus_check.rules.shorthand import Shift, written_span

# an arrow as a note writes a change; shorthand spells it "to", as a range is written
_ARROW = re.compile(r"->|-->|→|=>|>")
_NUMBER = rf"(?:\d+(?:\.\d+)?|half\s+an?|an?|{CARDINAL})"
# "to a full eight", "to full eight-hour shifts": the whole of a measure, before its number
_FULL = r"(?:(?:a\s+)?full\s+)?"
# every form holds a number, in figures or in words (CUE_WORDS, a pre-check by substring)
_DIGIT = re.compile(r"\d")
_GAP = r"(?:[\s,:]+(?!(?:to|from)\b)[\w'/-]+){0,5}?"  # "has gone", "score", "is now"
# "ranges from 0 to 80", "scored from 1 to 10": the span of a scale, no change
_RANGE = re.compile(r"\b(?:range|ranges|ranged|ranging|scored|runs)\b")
# two numbers each dated by the care between them: "ODI 48% pre-injection, 48% at 1 month", "pain
# was 6/10 when therapy started and 7/10 at discharge" ("at d/c" is read spelled out). Without both
# marks two numbers are no change over time ("8/10 without medication, 4/10 with it").
_BEFORE = (
    r"(?:before|prior\s+to|pre-?\w+|initially|at\s+(?:baseline|intake|(?:the\s+)?(?:start|outset|beginning)|"
    r"the\s+initial\s+\w+)|when\s+(?:[\w-]+\s+){0,3}?(?:started|began|begun|was\s+started))"
)
_AFTER = (
    r"(?:after(?:wards?)?|later|post-?\w*|now|currently|today|since|at\s+(?:discharge|discontinued|follow-up|"
    r"re-?evaluation|the\s+(?:end|last\s+\w+|latest\s+\w+|follow-up(?:\s+\w+)?)|\S+\s+(?:weeks?|months?)))"
)
# what may stand between the first number's mark and the second number ("the injection and still")
_BETWEEN = r"[^,;.]{0,40}?(?:[,;]\s*|\s+(?:and|but|to)\s+)(?:(?:was|is|had|still|remained|remains|it|then)\s+){0,3}"


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w.lower()).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _amount(text: str) -> float | None:
    """'15' -> 15, 'an' -> 1, 'half an' -> 0.5, 'forty-five' -> 45."""
    text = " ".join(text.split())
    if text.startswith("half"):
        return 0.5
    if text in ("a", "an"):
        return 1.0
    try:
        return float(text)
    except ValueError:
        found = cardinal(text)
        return None if found is None else float(found)


@dataclass(frozen=True)
class Change:
    """Two numbers of one measure told as a change: where (offsets in the sentence as read) and
    whether function got better."""

    start: int
    end: int
    better: bool


class MeasureChanges:
    """The changes of some measures (a spec's `changes`) in a sentence."""

    def __init__(self, measures: MeasuresFile, names: tuple[str, ...]) -> None:
        self._measures: dict[str, Measure] = {}
        for name in names:
            for word in measures.measures[name].words:
                self._measures.setdefault(word.lower(), measures.measures[name])
        self._units = {
            word.lower(): (kind, size) for kind, unit in measures.units.items() for word, size in unit.units.items()
        }
        # "four-hour shifts": a unit joined to its number by a hyphen
        unit = rf"(?:(?:\s*|-)(?:%|\b(?:{_alternation([u for u in self._units if u != '%'])})\b))"
        words = _alternation(list(self._measures))
        changed = rf"\b(?:{_alternation(list(measures.changed))})\b"

        def num(n: str) -> str:
            return rf"\b(?P<{n}>{_NUMBER})(?P<u{n}>{unit})?"

        def measure(n: str) -> str:
            return rf"\b(?P<m{n}>{words})\b"

        # from A to B (or A -> B, or a verb of change then A to B); to B from A; B, up from A
        self._pattern = re.compile(
            rf"{measure('a')}(?P<gap>{_GAP})[\s,:]+(?:(?P<from>from)\s+)?{num('a')}\s+(?:(?:down|up)\s+)?to\s+{_FULL}{num('b')}"
            rf"|{measure('c')}{_GAP}[\s,:]+to\s+{num('d')}[\s,]+from\s+{num('c')}"
            rf"|{measure('e')}{_GAP}[\s,:]+{num('f')}(?:\s+(?:now|at\s+a\s+(?:time|stretch)))?[\s,]+(?:up|down)\s+from\s+{num('e')}"
            # the measure told after "from": "from standing 20 minutes ... to 40", "from twenty
            # minutes standing ... to forty", "from working four-hour shifts to full eight-hour shifts"
            rf"|\bfrom\s+(?:{measure('g')}\s+(?:for\s+)?{num('g')}|(?:\w+ing\s+)?{num('h')}\s+{measure('h')})"
            rf"{_GAP}[\s,:]+to\s+{_FULL}{num('i')}"
            # shorthand with an arrow: "4 h shifts -> full 8 h shifts"
            rf"|{num('l')}\s+{measure('l')}\s+to\s+{_FULL}{num('n')}"
            # "B, was A" (shorthand: "walks 1 block, was 4 blocks")
            rf"|{measure('j')}{_GAP}[\s,:]+{num('k')}[\s,;(]+(?:was|previously|formerly)\s+{num('j')}"
            # "A before X, B after": each number dated by the care between them
            rf"|{measure('p')}{_GAP}[\s,:]+{num('q')}\s+{_BEFORE}\b{_BETWEEN}{num('r')}(?:\s+[\w-]+){{0,3}}?\s+{_AFTER}\b"
        )
        self._changed = re.compile(changed)

    @property
    def words(self) -> tuple[str, ...]:
        """The words that name the measures (lower case): every change holds one."""
        return tuple(self._measures)

    def find(self, lower: str, written: str, shifts: tuple[Shift, ...]) -> list[Change]:
        """Every change of a measure in a sentence: `lower` as read, lower-cased; `written` and
        `shifts` where its words were written (an arrow tells a change from a range)."""
        found: list[Change] = []
        # a sentence without a number is passed by before the pattern of every form is tried at
        # every offset (the reader also passes by those naming no measure: FactReader's cue words)
        if not (_DIGIT.search(lower) or any(word in lower for word in CUE_WORDS)):
            return found
        for m in self._pattern.finditer(lower):
            # which form matched: its measure's name, and the groups of its first and second number
            if m.group("a") is not None:
                if _RANGE.search(m.group("gap") or ""):
                    continue
                if m.group("from") is None and not self._changed.search(m.group("gap") or ""):
                    begin, end = written_span(shifts, m.end("a"), m.start("b"))
                    if not _ARROW.search(written[begin:end]):
                        continue  # "can sit 20 to 30 minutes": a range
                name, first, second = m.group("ma"), "a", "b"
            elif m.group("i") is not None:
                first = "g" if m.group("g") is not None else "h"
                name, second = m.group("m" + first), "i"
            elif m.group("l") is not None:
                begin, end = written_span(shifts, m.end("ml"), m.start("n"))
                if not _ARROW.search(written[begin:end]):
                    continue  # "4 hour shifts to 6": no change written
                name, first, second = m.group("ml"), "l", "n"
            elif m.group("j") is not None:
                name, first, second = m.group("mj"), "j", "k"
            elif m.group("q") is not None:
                name, first, second = m.group("mp"), "q", "r"
            elif m.group("c") is not None:
                name, first, second = m.group("mc"), "c", "d"
            else:
                name, first, second = m.group("me"), "e", "f"
            before, after, ub, ua = m.group(first), m.group(second), m.group("u" + first), m.group("u" + second)
            moved = self._moved(self._measures[" ".join(name.split())], before, after, ub, ua)
            if moved is not None:
                # from the first number: a negation before it reaches it ("did not go from ...")
                start = min(m.start(g) for g in "acdeghjklq" if m.group(g) is not None)
                found.append(Change(start, m.end(), moved))
        return found

    def _moved(
        self, measure: Measure, before: str, after: str, unit_before: str | None, unit_after: str | None
    ) -> bool | None:
        """Whether the measure moved the better way (False: the same or worse; None: not comparable).
        A number without a unit takes the other's ("15 to 45 minutes")."""
        a, b = _amount(before), _amount(after)
        if a is None or b is None:
            return None
        for word, unit in ((before, unit_before), (after, unit_after)):
            if unit is None and (word in ("a", "an") or word.startswith("half")):
                return None  # "a" with no unit after it is no number
        first, second = _unit(unit_before or unit_after), _unit(unit_after or unit_before)
        if first is None or second is None:
            if "none" not in measure.units or unit_before or unit_after:
                return None
            sizes = (1.0, 1.0)
        else:
            kind_a, kind_b = self._units.get(first), self._units.get(second)
            if kind_a is None or kind_b is None or kind_a[0] != kind_b[0] or kind_a[0] not in measure.units:
                return None
            sizes = (kind_a[1], kind_b[1])
        a, b = a * sizes[0], b * sizes[1]
        return b > a if measure.better == "higher" else b < a


def _unit(text: str | None) -> str | None:
    return " ".join(text.replace("-", " ").split()) if text else None
