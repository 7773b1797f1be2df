"""A state told in the simple past with its length is over: "she was on warfarin for three months
after a DVT", "he used crutches for six weeks", "she was confined to the house for six weeks last
year". What the sentence says of now decides ("..., and takes no anticoagulant now"); the past
episode says nothing of it. "She has been on warfarin for three months" is a state that goes on,
and "for the past three months" runs up to now: neither is over.

This is grammar (the tense of the clause that holds a mention), not vocabulary: the context
rules (rules/facts/context.yaml) cannot see which verb a mention hangs on.
"""

from __future__ import annotations

from mtus_check.letters.request_text import WORDS
from mtus_check.text import pattern

_COUNT = "|".join(sorted((w for w in WORDS if len(w) > 2), key=len, reverse=True))
# the simple past of being in a state or taking something, before the mention in its clause: "was",
# "were", "used", "took", "wore", "needed", "remained", "stayed" ("has been", "have been": a state up
# to now; "had" tells an event as often as a state: "he had GI bleeding for two days" is a history)
_PAST_VERB = pattern(r"\b(?:was|were|used|took|wore|needed|remained|stayed)\b")
# a length after the mention, in the same clause: "for three months", "for about 6 weeks", "for a year"
_LENGTH = pattern(
    rf"^[^,;:]*?\bfor\s+(?:about\s+|approximately\s+|nearly\s+|almost\s+|over\s+|roughly\s+)?"
    rf"(?:\d{{1,3}}|{_COUNT}|a|an|several|a\s+few|many)\s+(?:more\s+)?(?:days?|weeks?|months?|years?)\b"
)
# where a clause starts: a mention's verb is the last simple past since then
_CLAUSE = pattern(r"[;:,]|\b(?:and|but|however|although|while|whereas|which|who|now|currently)\b")
# what says the state goes on, after the length up to a turn ("... for three months and is still
# taking it"); "now" is no such word: "..., and takes no anticoagulant now" turns away from it
_ONGOING = pattern(r"\b(?:still|to date|ever since|since then|so far|ongoing|continues|continue|remains)\b")
_TURN = pattern(r";|\b(?:but|however|although|whereas)\b")


def ended_episode(lower: str, start: int, end: int) -> bool:
    """Whether the mention at [start, end) of the lower-cased sentence is a state told in the
    simple past with its length, in its own clause ("was on warfarin for three months")."""
    clause_start = 0
    for mark in _CLAUSE.finditer(lower, 0, start):
        clause_start = mark.end()
    if _PAST_VERB.search(lower, clause_start, start) is None:
        return False
    length = _LENGTH.match(lower[end:])
    if length is None:
        return False
    rest = lower[end + length.end() :]
    turn = _TURN.search(rest)
    return _ONGOING.search(rest, 0, turn.start() if turn else len(rest)) is None
