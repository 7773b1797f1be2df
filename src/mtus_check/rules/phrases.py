"""Phrases of the fact specs compiled to regular expressions (the syntax: rules/factspec.py)."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

# a colon joins words too: templated exams write "Label: value" ("Sensation: diminished L S1",
# "Neuro: intact") for "the label is the value"
_SEP = r"[\s\-:]+"
# a gap never skips a negation: ConText leaves the triggers inside a mention alone (they are part
# of what the phrase states), so "medications provided no lasting relief" must not match
# "medication* provide* ... relief" as if it said they gave relief
_NEGATION = r"(?:no|not|never|without|nor)\b|\S*n't\b"
_GAP = rf"(?:(?!{_NEGATION})\S+\s+){{0,4}}?"
# the clause gap ('..;'): the word before it may end its clause with a comma or a semicolon
CLAUSE_GAP = "..;"
_GAPS = ("...", CLAUSE_GAP)
_CLAUSE_SEP = r"[,;]?" + _SEP


# a brace group that names a word class of rules/facts/words.yaml
CLASS_GROUP = re.compile(r"\{@([a-z][a-z0-9_]*)\}")


def expand_classes(phrase: str, classes: Mapping[str, tuple[str, ...]]) -> str:
    """The phrase with each '{@NAME}' written out as its class's words, the longest first (a
    class word that begins another, "walk" and "walking tolerance", then matches the longer)."""

    def words(found: re.Match[str]) -> str:
        return "{" + "|".join(sorted(classes[found.group(1)], key=lambda w: (-len(w), w))) + "}"

    return CLASS_GROUP.sub(words, phrase) if "{@" in phrase else phrase


def class_error(phrase: str, classes: Mapping[str, tuple[str, ...]]) -> str | None:
    """Why a phrase's word classes cannot be read, or None: a class named alone in its braces,
    and declared in words.yaml."""
    for group in re.finditer(r"\{([^{}]*)\}", phrase):
        if "@" not in group.group(1):
            continue
        named = CLASS_GROUP.fullmatch(group.group(0))
        if named is None:
            return f"a word class stands alone in its braces ('{{@name}}'), not in '{group.group(0)}'"
        if named.group(1) not in classes:
            known = ", ".join(sorted(classes)) or "none"
            return f"no word class '{named.group(1)}' in words.yaml (declared: {known})"
    return None


def clause_gap_regex(words: int, never: Iterable[str]) -> str:
    """The regular expression of '..;' as a spec declares it (factspec.ClauseGap): up to `words`
    words, commas and semicolons among them, none a negation or one of `never` ('word*': any ending)."""
    stops = "|".join(sorted(_word(w) for w in never))
    barred = _NEGATION + (rf"|(?:{stops})\b" if stops else "")
    return rf"(?:(?!{barred})\S+\s+){{0,{words}}}?"


def _word(word: str) -> str:
    stem = word.endswith("*") and len(word) > 1
    core = re.escape((word[:-1] if stem else word).lower())
    return core + (r"[\w']*" if stem else "")


def _alternative(text: str) -> str:
    """One alternative inside braces: words and spaces, no nested braces."""
    return _SEP.join(_word(w) for w in text.split())


def by_clause_gap(phrases: tuple[str, ...]) -> Iterator[tuple[bool, tuple[str, ...]]]:
    """The phrases of one list in two: those within a clause, then those that join two ('..;'),
    each part searched apart so that a mention knows which kind found it (an empty part, none)."""
    joined = tuple(p for p in phrases if CLAUSE_GAP in p.split())
    yield False, tuple(p for p in phrases if p not in joined)
    if joined:
        yield True, joined


def _before_clause_gap(text: str, pos: int) -> bool:
    """Whether the phrase's next word from `pos` is the clause gap."""
    return text.startswith(CLAUSE_GAP, pos) and text[pos + len(CLAUSE_GAP) : pos + len(CLAUSE_GAP) + 1] in ("", " ")


def phrase_regex(phrase: str, clause_gap: str | None = None) -> str:
    """The regular expression of one phrase, without boundaries; `clause_gap` is what '..;' stands
    for (clause_gap_regex of the phrase's spec), a ValueError where the phrase uses it without one."""
    out: list[str] = []
    pos, text = 0, phrase.strip()
    while pos < len(text):
        if text[pos] == "{":
            close = text.index("}", pos)  # the loader checked that braces pair
            options = text[pos + 1 : close].split("|")
            pos = close + 1
            spaced = pos < len(text) and text[pos] == " "
            if spaced:
                pos += 1
            tail = (_CLAUSE_SEP if _before_clause_gap(text, pos) else _SEP) if spaced else ""
            parts = [_alternative(o) + tail for o in options if o.strip()]
            optional = any(not o.strip() for o in options)
            out.append("(?:" + "|".join(parts) + ("|" if optional else "") + ")")
            continue
        end = pos
        while end < len(text) and text[end] != "{":
            end += 1
        chunk = text[pos:end]
        words = chunk.split()
        if CLAUSE_GAP in words and clause_gap is None:
            raise ValueError(f"'{CLAUSE_GAP}' needs the spec's clause_gap (how many words it skips, and which never)")
        pieces = [_GAP if w == "..." else clause_gap if w == CLAUSE_GAP else _word(w) for w in words]
        joined = ""
        for i, (word, piece) in enumerate(zip(words, pieces, strict=True)):
            joined += piece or ""
            if word not in _GAPS and (i < len(words) - 1 or chunk.endswith(" ")):
                joined += _CLAUSE_SEP if words[i + 1 : i + 2] == [CLAUSE_GAP] else _SEP
        out.append(joined)
        pos = end
    return "".join(out)


# A boundary is a word's: a phrase that starts or ends with a sign ("% relief" in "50% relief")
# may touch a word; one word's letters are never split (not preceded and followed by a letter)
_START = r"(?:(?<!\w)|(?!\w))"


def _phrases_rest(phrases: Iterable[str], clause_gap: str | None = None) -> str | None:
    """The pattern of a list of phrases after their start boundary (None: no phrase)."""
    listed = [p for p in phrases if p.strip()]
    if not listed:
        return None
    body = "|".join(f"(?:{phrase_regex(p, clause_gap)})" for p in sorted(listed, key=len, reverse=True))
    # the group matters: without it only the first phrase had the word start, the last the word end
    return rf"(?:{body})(?:(?!\w)|(?<!\w))"


def compile_phrases(phrases: Iterable[str], clause_gap: str | None = None) -> re.Pattern[str] | None:
    """One pattern for a list of phrases, at word boundaries, to search on lower-cased text
    (text.lowercase keeps offsets): without re.I, Python's re runs about three times faster."""
    rest = _phrases_rest(phrases, clause_gap)
    return None if rest is None else re.compile(_START + rest)


class PhraseSearch:
    """The spans compile_phrases' pattern finds in a lower-cased text, in order, found faster.
    That pattern opens with its boundary test, which Python's re tries at every position; here
    a match is first found by a character it can start with (re skips to the next one in a fast
    loop, as for a pattern that opens with a character set), the boundary is tested there, and
    the phrases are matched from there inside a lookahead. re resumes after the matched
    character, not after the phrase: a match that starts inside the one before is dropped,
    as re's own search resumes after each match."""

    __slots__ = ("_first", "pattern")

    def __init__(self, rest: str) -> None:
        self.pattern = re.compile(_START + rest)
        first = first_characters(rest)
        # the character taken is the phrase's first: a boundary before it unless it and the one
        # before it are both word characters (at the text's start there is none before it)
        self._first = (
            re.compile(rf"[{''.join(map(re.escape, sorted(first)))}](?<!\w\w)(?<=(?=({rest}))[\s\S])")
            if first
            else None
        )

    def spans(self, lower: str) -> list[tuple[int, int]]:
        """(start, end) of each match, as `pattern.finditer` finds them."""
        if self._first is None:
            return [m.span() for m in self.pattern.finditer(lower)]
        out: list[tuple[int, int]] = []
        end = 0
        for match in self._first.finditer(lower):
            start = match.start(1)
            if start >= end:
                end = match.end(1)
                out.append((start, end))
        return out


def phrase_search(phrases: Iterable[str], clause_gap: str | None = None) -> PhraseSearch | None:
    """compile_phrases' search, as a PhraseSearch (None: no phrase)."""
    rest = _phrases_rest(phrases, clause_gap)
    return None if rest is None else PhraseSearch(rest)


def first_characters(source: str) -> frozenset[str] | None:
    """The characters every match of a pattern starts with, read from its parse; None when a
    match may be empty or start with a character of a class this reads as any (\\s, \\S, a
    negation), or the parse is not of a kind read here (another Python's re)."""
    try:  # the parse of Python's own re (3.11 and 3.12 have these modules)
        parser, constants = importlib.import_module("re._parser"), importlib.import_module("re._constants")
        chars, empty = _first_of_sequence(parser.parse(source).data, constants)
    except (ImportError, AttributeError, TypeError, ValueError, re.error):
        return None
    return None if chars is None or empty or not chars else frozenset(chars)


def _first_of_sequence(items: Iterable[tuple[Any, Any]], c: Any) -> tuple[set[str] | None, bool]:
    """(first characters, whether it may match empty) of parsed items in sequence; None: any."""
    out: set[str] = set()
    for op, av in items:
        chars, empty = _first_of(op, av, c)
        if chars is None:
            return None, False
        out |= chars
        if not empty:
            return out, False
    return out, True


def _first_of(op: Any, av: Any, c: Any) -> tuple[set[str] | None, bool]:
    if op is c.LITERAL:
        return {chr(av)}, False
    if op is c.IN:
        chars: set[str] = set()
        for item, value in av:
            if item is c.LITERAL:
                chars.add(chr(value))
            elif item is c.RANGE and value[1] - value[0] < 256:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:
                return None, False
        return chars, False
    if op is c.BRANCH:
        out: set[str] = set()
        empty = False
        for alternative in av[1]:
            found, may = _first_of_sequence(alternative.data, c)
            if found is None:
                return None, False
            out |= found
            empty = empty or may
        return out, empty
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, pattern = av
        return (None, False) if add_flags or del_flags else _first_of_sequence(pattern.data, c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, _high, pattern = av
        found, may = _first_of_sequence(pattern.data, c)
        return found, found is not None and (may or low == 0)
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
        return set(), True  # takes no character (it only narrows where a match starts)
    return None, False


def _literal(word: str) -> str:
    """The text every match of one phrase word contains, lower-cased ("exercis*" -> "exercis")."""
    return (word[:-1] if word.endswith("*") and len(word) > 1 else word).lower()


def _required(phrase: str) -> list[frozenset[str]]:
    """Sets of literals of which every match of `phrase` contains at least one each: a plain
    word gives a set of one, a brace group without an empty option the first word of each option."""
    out: list[frozenset[str]] = []
    for group in re.finditer(r"\{([^{}]*)\}|([^\s{}]+)", phrase):
        if group.group(1) is not None:
            options = group.group(1).split("|")
            if all(o.strip() for o in options):
                out.append(frozenset(_literal(o.split()[0]) for o in options))
        elif group.group(2) not in _GAPS:
            out.append(frozenset({_literal(group.group(2))}))
    return out


def phrase_requirements(phrase: str, most: int = 3) -> tuple[frozenset[str], ...]:
    """Up to `most` sets of literals of which every match of `phrase` contains one each, the most
    selective first (its shortest literal the longest); () when the phrase requires no literal. A text
    that lacks one of the sets cannot match the phrase."""
    sets = sorted({s for s in _required(phrase) if all(s)}, key=lambda s: (-min(map(len, s)), len(s), sorted(s)))
    return tuple(sets[:most])


def phrase_literals(phrase: str) -> tuple[str, ...]:
    """Every word sequence a phrase without gaps or stems stands for, in order:
    '{by|through} {her|the} employer' -> 'by her employer', 'by the employer', ... (context
    triggers are word sequences; the braces only save writing each one out)."""
    out = [""]
    for group in re.finditer(r"\{([^{}]*)\}|([^{}]+)", phrase):
        options = group.group(1).split("|") if group.group(1) is not None else [group.group(2)]
        out = [prefix + option for prefix in out for option in options]
    return tuple(dict.fromkeys(" ".join(o.split()) for o in out if o.strip()))


def phrase_error(phrase: str, clause_gap: bool = False) -> str | None:
    """Why a phrase cannot be compiled, or None; `clause_gap`: whether its spec declares one."""
    if phrase.count("{") != phrase.count("}"):
        return "braces do not pair"
    words = phrase.split()
    if CLAUSE_GAP in words:
        if not clause_gap:
            return f"'{CLAUSE_GAP}' needs the spec's clause_gap: (words:, never:)"
        if CLAUSE_GAP in (words[0], words[-1]) or words.count(CLAUSE_GAP) > 1:
            return f"'{CLAUSE_GAP}' joins two parts of a phrase: once, between two words"
    # phrase_regex escapes every word and closes every group it opens, so what it returns always
    # compiles (a property test holds it to that); compiling 170 phrases one by one only to
    # check them cost a pre-check most of its start-up. The reader compiles them when it reads.
    try:
        phrase_regex(phrase, "" if clause_gap else None)
    except ValueError as exc:  # a '}' before its '{'
        return str(exc)
    return None
