"""A sentence is searched with only the phrases whose required words it holds; it must find the
mentions the whole alternation of a fact's phrases finds, in every phrasing case of the pack."""

from __future__ import annotations

from mtus_check.letters.facts import fact_reader
from mtus_check.letters.phrasing import load_phrasing
from mtus_check.rules.loader import load_pack
from mtus_check.text import lowercase

PACK = load_pack()


def test_the_phrases_a_sentence_can_match_find_what_every_phrase_finds():
    reader = fact_reader(PACK.reading.facts, PACK.reading.vocabulary)
    texts = sorted({loaded.case.text for loaded in load_phrasing(PACK)})
    narrowed = found = 0
    for text in texts:
        lower = lowercase(text)
        cues = reader._cues(lower)
        for fact in reader.compiled.values():
            for phrases in (pl.phrases for pl in fact.lists):
                if phrases.pattern is None:
                    continue
                pattern = phrases.for_cues(cues)
                expected = [m.span() for m in phrases.pattern.pattern.finditer(lower)]
                assert (pattern.spans(lower) if pattern else []) == expected, (
                    fact.spec.fact,
                    text,
                )
                narrowed += pattern is not phrases.pattern
                found += bool(expected)
    assert narrowed and found  # both kinds of sentence were compared
