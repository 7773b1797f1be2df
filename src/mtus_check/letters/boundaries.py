"""Where one sentence of a flowed section ends and the next begins (letters/sentences.py makes
them Sentences): after an end mark, not after a title, an initial, a citation's page or a dose's
shorthand; before a templated list's next label or a bullet. General English and clinical
writing, measured against medspaCy's splitters on boundaries marked by hand (`bench sentences`).
"""

from __future__ import annotations

import re

# the end mark first, not a lookbehind: Python's re then skips to the next '.', '!' or '?'. A
# templated list's next label starts a sentence too, without an end mark before it ("ROS: negative
# for fever Neuro: decreased sensation L5": the negation is the review of systems', not the exam's)
# for a text with a colon only. There the end mark or the label's first space is taken first, and
# which it was decides the rest: re skips to the next mark or space, where a lookbehind before the
# space was tried at every position (the label starts at the match, its `label` group one later).
# A list's bullet ("- ", "* ", "• ") starts a sentence too, after an end mark or none: a section is
# read flowed, so a bulleted line's end is gone and only its bullet is left ("Neuro intact - No red
# flags"); not before a level or a number ("L4 - L5", "2015 - 2016"). The bullet is the character
# taken first, as an end mark is, so re still skips from mark to mark where a text has no colon.
# After the mark its gap, or none: a text layer that drops the space after a sentence's mark
# ("left leg.She rates it 7/10.Sleep is poor") leaves a mark after a word in lower case, a number
# or a ')' and before a capitalized word, a sentence's end unless it ends an abbreviation
# ("Dr.Patel", "e.g.Motrin"); not after a capital ("U.S.Army", "J.Smith") nor before one ("Ph.D").
_GAP = (
    r"(?<=[.!?])(?:(?P<gap>[\"')]*\s+(?:[-*\u2022]\s+)?)(?=[A-Za-z0-9\"(])"
    r"|(?<=[a-z0-9%)].)(?=[A-Z][a-z])(?P<glued>))"
)
# (after a semicolon too: a bulleted list run into one line, each item closed by one: "Missing from
# the records: - a drug screen; - any return to work")
_BULLET = r"(?<=[\w%);]\s[-*\u2022])(?P<bullet>\s+)(?=[A-Z](?![0-9])|[a-z])"
_BOUNDARY = re.compile(rf"[.!?*\u2022-](?:{_GAP}|{_BULLET})")
_BOUNDARY_OR_LABEL = re.compile(
    rf"[.!?\s*\u2022-](?:{_GAP}|{_BULLET}"
    r"|(?<=[a-z0-9%)]\s)(?P<label>\s*)(?=[A-Z][A-Za-z']*(?:[ /][A-Za-z']+){0,2}:\s))"
)

# a period that ends an abbreviation, not a sentence, before a capital or a digit: titles ("Dr.
# Alvarez"), Latin ("e.g. PT"), page and figure numbers of citations ("p. 99, 8-10 visits are
# supported": split there, the guideline's name would be left in the sentence before); a month or
# "No." only before a number ("Jan. 2015", "No. 2"); a single capital is an initial beside another
# or after a title ("J. T. Lopez", "Dr. R. Kim"), else a letter ending a sentence ("vitamin D.").
_ABBREVIATIONS = frozenset("dr drs mr mrs ms prof st vs e.g i.e approx p pp fig figs ed eds vol cf".split())  # noqa: SIM905
_BEFORE_NUMBER = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec no nos ch chap".split())  # noqa: SIM905
# abbreviations that end a sentence as often as they start a name or go on: the country before a
# name ("U.S. Army", "U.S. Postal Service"), a street, an edition ("2nd Ed. Chapter 12"); the
# period ends the sentence too where a word that starts sentences, not names, follows ("outside
# the U.S. The reviewer", "the AMA Guides, 5th Ed. Neither supports the request")
_BEFORE_NAME = frozenset("u.s u.s.a u.k st ed eds vol".split())  # noqa: SIM905
_STARTS_SENTENCE = frozenset(
    (  # noqa: SIM905
        "the a an this that these those he she it they we i his her its their our there here neither none no "
        "nor however but and or therefore thus so then also furthermore moreover additionally in on at as for "
        "if when while since after before although though because given based per both each any all some "
        "what which who how why is are was were has have had does did do can could will would should please"
    ).split()
)

# a sentence that starts in lower case ("neck pain. pain is worse with rotation", telegraphic
# notes) starts after a plain word of three letters or more; not after shorthand that a clause
# runs on from ("20 lbs. on the right", "p.o. t.i.d. was", "pain, etc. and")
_RUNS_ON = frozenset(
    (  # noqa: SIM905
        "etc approx vs cont neg pos bilat lat med meds prev incl esp resp sig disp qty tab tabs cap caps inj lbs oz "
        "mi ft deg hrs hr wks wk mos yrs min mins sec secs mg mcg ml cm mm kg ca cf viz dept avg inc corp ltd"
    ).split()
)
# ... but a measure of time, weight or length, a number or a slashed shorthand ends a telegraphic
# sentence too ("pt to f/u in 2 wks. sx unchanged", "c/o pain 6/10. denies numbness", "seen for
# f/u. c/o LBP"): there a clause runs on only with a word that joins ("6 wks. despite rest",
# "20 lbs. on the right", "4 wks. for recheck", "30 min. twice daily")
_ENDS_NOTE = frozenset("lbs oz mi ft deg hrs hr wks wk mos yrs min mins sec secs cm mm kg meds".split())  # noqa: SIM905
_JOINS = frozenset(
    (  # noqa: SIM905
        "and or but nor with without despite on in at of to for from by as than then per via vs plus including "
        "due because since after before while when where which who that if a an the twice once daily each every "
        "is was are were has had have x"
    ).split()
)
_SHORTHAND = re.compile(r"[a-z]/[a-z]")  # "c/o", "f/u", "s/p"


def spans(text: str) -> list[tuple[int, int]]:
    """Each sentence's (start, end) in `text`: from its first character after the gap before it
    to its end mark (a label's sentence to the space before the next label)."""
    items = _list_items(text) if _SECOND_ITEM.search(text) else {}  # no list without a second item
    out, pos = [], 0
    for match in (_BOUNDARY_OR_LABEL if ":" in text else _BOUNDARY).finditer(text):
        gap, start = match.group("gap"), match.end()
        # after the end mark; before the space a bullet follows; at a label's gap
        if gap is not None:
            end = match.start("gap")
            if text[end - 1] == "." and (_abbreviation(text, end - 1) or (items and end - 2 in items)):
                continue
            # after a bullet, any word starts the item ("2013. \u2022 exercises daily"), the bullet with it
            if gap.rstrip()[-1:] in ("-", "*", "\u2022"):
                start = end + len(gap.rstrip()) - 1
            elif text[start].islower() and not _lower_case_start(text, end - 1, start):
                continue
            end += len(gap) - len(gap.lstrip("\"')"))  # a closing quote or parenthesis ends with it
        elif match.group("glued") is not None:
            end = match.end()
            if text[match.start()] == "." and _abbreviation(text, match.start()):
                continue
        elif match.group("bullet") is not None:
            end, start = match.start() - 1, match.start()
            if text[match.end()].islower() and not _bulleted_list(text, text[start]):
                continue
        else:
            end = match.start()
            if _in_label(text, end):
                continue
        if text[pos:end].strip():
            out.append((pos, end))
        pos = start
    if text[pos:].strip():
        out.append((pos, len(text)))
    return _verdicts_joined(text, _items_apart(text, out, items) if items else out)


# a criterion's verdict told as a sentence of its own after the criterion ("Transition to a home
# program. Not met. No program is described."): it belongs to the criterion's sentence, where
# the context rules read it as the criterion's verdict ('. not met'), not as a sentence of nothing
_VERDICT = re.compile(r"(?:not\s+)?(?:met|satisfied)\s*[.;,:]", re.IGNORECASE)


def _verdicts_joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and _VERDICT.match(text, start):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


# a list's item number: "1." or "1)" or "(1)" after a space, before a word. An item of a list
# whose lines were joined starts a sentence even without an end mark before it ("Plan: 1) continue
# PT 2) refill meds"), and the period after its number ends none ("2. Lumbar radiculopathy"); a
# number is an item's only where the next or the previous number of the list is also there, so a
# count that ends a sentence ("He completed 12 visits. 6 more were requested.") stays one.
_ITEM = re.compile(r"\s(\(?)(\d{1,2})([.)])(?=\s+[^\s\d])")  # searched in " " + text: \s first is fast
# a list's second item, searched first: its literal '2' lets re skip through a text without one
_SECOND_ITEM = re.compile(r"2(?<![^\s(]2)[.)]\s")


def _list_items(text: str) -> dict[int, int]:
    """A numbered list's items: where each number's last digit is, mapped to where the item starts."""
    found = [(m.start(1) - 1, m.end(2) - 2, int(m.group(2)), m.group(3)) for m in _ITEM.finditer(" " + text)]
    first: dict[tuple[int, str], int] = {}  # each number's first and last place, by its mark
    last: dict[tuple[int, str], int] = {}
    for start, _, number, mark in found:
        first.setdefault((number, mark), start)
        last[number, mark] = start
    out = {}
    for start, digit, number, mark in found:
        if last.get((number + 1, mark), -1) > start or first.get((number - 1, mark), len(text)) < start:
            out[digit] = start
    return out


def _items_apart(text: str, spans: list[tuple[int, int]], items: dict[int, int]) -> list[tuple[int, int]]:
    """The sentences with each list item that starts inside one split from it; not after a colon,
    where the list's header stays with its first item ("Plan: 1) continue PT"), nor inside a
    sentence that joins its own list ("denied because: 1) no trial of care; 2) no red flags, and/or 3)")."""
    cuts = []
    for item in sorted(items.values()):
        stop = item
        while stop > 0 and text[stop - 1].isspace():
            stop -= 1
        if stop and text[stop - 1] not in ":;,&" and not text[max(stop - 4, 0) : stop].endswith((" and", " or", "/or")):
            cuts.append((stop, item))
    out, next_cut = [], 0
    for start, end in spans:
        while next_cut < len(cuts) and cuts[next_cut][1] <= start:
            next_cut += 1
        while next_cut < len(cuts) and cuts[next_cut][1] < end:
            stop, item = cuts[next_cut]
            out.append((start, stop))
            start = item
            next_cut += 1
        out.append((start, end))
    return out


def _bulleted_list(text: str, bullet: str) -> bool:
    """Whether a bullet before a word in lower case starts a list's item: a dot or star always; a
    dash only in a text whose list opens with one ("Plan: - continue ibuprofen - ice"), elsewhere
    a dash in lower case sets off a clause ("pain - worse at night - and stiffness")."""
    return bullet != "-" or ": - " in text or text.lstrip().startswith("- ")


def _lower_case_start(text: str, mark: int, start: int) -> bool:
    """Whether a sentence starting in lower case at `start` follows the end mark at `mark`."""
    before = text[text.rfind(" ", 0, mark) + 1 : mark]
    after = text[start : start + 3]
    if not (after[:2].isalpha() or _SHORTHAND.match(after)):
        return False
    if len(before) >= 3 and before.isalpha() and before.lower() not in _RUNS_ON:
        return True
    if not (before.lower() in _ENDS_NOTE or before[:1].isdigit() or _SHORTHAND.fullmatch(before.lower())):
        return False
    word = text[start : start + 16].split(None, 1)[0].rstrip(".,;:")
    return word not in _JOINS


def _abbreviation(text: str, period: int) -> bool:
    """Whether the period at `period` ends an abbreviation of the word before it."""
    start = text.rfind(" ", 0, period) + 1
    word = text[start:period].lstrip("(\"'")
    if len(word) == 1 and word.isupper():
        return _initial(text, start, period)
    folded = word.lower()
    if folded in _BEFORE_NAME:
        return not _start_word_follows(text, period)
    if folded in _ABBREVIATIONS:
        return True
    if "." in folded and _DOTTED.match(text, period + 1):
        return True  # a dose's shorthand goes on in capitals ("one tab p.o. Q.H.S. p.r.n.")
    return folded in _BEFORE_NUMBER and text[period + 1 : period + 3].strip()[:1].isdigit()


_DOTTED = re.compile(r"\s+[A-Za-z]\.[A-Za-z]\.")


def _start_word_follows(text: str, period: int) -> bool:
    following = text[period + 1 : period + 24].split(None, 1)  # the next word (a start word is short)
    return bool(following) and following[0].strip("\"'(,;:").lower() in _STARTS_SENTENCE


def _initial(text: str, start: int, period: int) -> bool:
    """Whether the single capital before `period` (its word starting at `start`) is an initial:
    another initial follows it ("J. T."), an initial or a title comes before it, or a word that
    names a person next ("evaluated by R. Stone", not "hepatitis A and B. He")."""
    if re.match(r"\s+[A-Z]\.\s", text[period + 1 : period + 5]):
        return True
    before = text[text.rfind(" ", 0, max(start - 1, 0)) + 1 : max(start - 1, 0)]
    if before in _BEFORE_PERSON:
        return text[period + 1 : period + 3].strip()[:1].isupper() and not _start_word_follows(text, period)
    return before.endswith(".") and (len(before) == 2 or before[:-1].lower() in _ABBREVIATIONS)


_BEFORE_PERSON = frozenset("by from to with and cc per".split())  # noqa: SIM905


def _in_label(text: str, gap: int) -> bool:
    """Whether the word before a label's gap is a capitalised word of the label itself ("Prior PT:",
    "Red flags:" after "Neuro: intact"), or a small word joining two ("Date of Injury:"): a label
    starts after a word in lower case, a number or a level ("L5")."""
    before = text[:gap].rsplit(None, 2)
    if before and before[-1] in _TAKES_OBJECT:
        return True  # the capitalised word is the object of the word before ("the use of TENS: ...")
    if len(before) > 1 and before[-1] in _JOINS_LABEL:
        before.pop()
    return bool(before) and before[-1][:1].isupper() and before[-1].isalpha()


_JOINS_LABEL = frozenset("of and for to the in on at per & /".split())  # noqa: SIM905
# a preposition or an article needs the word after it: a label never starts there
_TAKES_OBJECT = frozenset("of for to the in on at per".split())  # noqa: SIM905
