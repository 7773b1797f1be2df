"""Phrases of the fact specs compiled to regular expressions (the syntax: rules/factspec.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# a colon joins words too: templated exams write "Label: value" ("Sensation: diminished L S1",
# "Neuro: intact") for "the label is the value"
_SEP = r"[\s\-:]+"
# a gap never skips a negation: ConText leaves the triggers inside a mention alone (they are part
# of what the phrase states), so "medications provided no lasting relief" must not match
# "medication* provide* ... relief" as if it said they gave relief
_GAP = r"(?:(?!(?:no|not|never|without|nor)\b|\S*n't\b)\S+\s+){0,4}?"


def _word(word: str) -> str:
    stem = word.endswith("*") and len(word) > 1
    core = re.escape((word[:-1] if stem else word).lower())
    return core + (r"[\w']*" if stem else "")


def _alternative(text: str) -> str:
    """One alternative inside braces: words and spaces, no nested braces."""
    return _SEP.join(_word(w) for w in text.split())


def phrase_regex(phrase: str) -> str:
    """The regular expression of one phrase, without boundaries."""
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
            tail = _SEP if spaced else ""
            parts = [_alternative(o) + tail for o in options if o.strip()]
            optional = any(not o.strip() for o in options)
            out.append("(?:" + "|".join(parts) + ("|" if optional else "") + ")")
            continue
        end = pos
        while end < len(text) and text[end] != "{":
            end += 1
        chunk = text[pos:end]
        words = chunk.split()
        pieces = [(_GAP if w == "..." else _word(w)) for w in words]
        joined = ""
        for i, (word, piece) in enumerate(zip(words, pieces, strict=True)):
            joined += piece
            if word != "..." and (i < len(words) - 1 or chunk.endswith(" ")):
                joined += _SEP
        out.append(joined)
        pos = end
    return "".join(out)


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for a list of phrases, at word boundaries, to search on lower-cased text
    (text.lowercase keeps offsets): without re.I, Python's re runs about three times faster."""
    listed = [p for p in phrases if p.strip()]
    if not listed:
        return None
    body = "|".join(f"(?:{phrase_regex(p)})" for p in sorted(listed, key=len, reverse=True))
    # the group matters: without it only the first phrase had the word start, the last the word end.
    # A boundary is a word's: a phrase that starts or ends with a sign ("% relief" in "50% relief")
    # may touch a word; one word's letters are never split (not preceded and followed by a letter)
    return re.compile(rf"(?:(?<!\w)|(?!\w))(?:{body})(?:(?!\w)|(?<!\w))")


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
        elif group.group(2) != "...":
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


def phrase_error(phrase: str) -> str | None:
    """Why a phrase cannot be compiled, or None."""
    if phrase.count("{") != phrase.count("}"):
        return "braces do not pair"
    # phrase_regex escapes every word and closes every group it opens, so what it returns always
    # compiles (a property test holds it to that); compiling 170 phrases one by one only to
    # check them cost a pre-check most of its start-up. The reader compiles them when it reads.
    try:
        phrase_regex(phrase)
    except ValueError as exc:  # a '}' before its '{'
        return str(exc)
    return None
