"""Read the pack's yes/no facts (rules/facts/) from sentences: a spec's phrases find the
mentions, the assertion layer decides each mention's context, and the first mention that
states something about this patient gives the value.

Two modes: `case` reads the case record for the blind prediction ("no documentation of X" is
unknown unless the spec says the guideline requires X documented); `findings` reads what the
reviewer's rationale says of each criterion ("there is no documentation of X": not met).
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from mtus_check.letters.assertion import ContextReader, Modifiers, context_reader
from mtus_check.letters.episode import ended_episode
from mtus_check.letters.history import note_date
from mtus_check.letters.list_items import lead_ins
from mtus_check.letters.measure_change import MeasureChanges
from mtus_check.letters.models import Evidence, ExtractedFact
from mtus_check.letters.region_scope import one_region
from mtus_check.letters.sentences import Sentence, evidence, states_record, tells_review
from mtus_check.memo import remember
from mtus_check.rules.facts_loader import FactSpecs
from mtus_check.rules.factspec import ChangesAssert, FactSpec, MeasuresFile, Scope
from mtus_check.rules.phrases import PhraseSearch, by_clause_gap, compile_phrases, phrase_requirements, phrase_search
from mtus_check.rules.vocabulary import Section, Vocabulary
from mtus_check.text import CueIndex

Mode = Literal["case", "findings"]
# how one sentence is searched for one fact (CompiledFact.plan): a search per list of phrases (None:
# none of its phrases can match), and whether the vocabulary terms are looked for
Plan = tuple[tuple[PhraseSearch | None, ...], bool]
# a mention: start, end, what its phrase states (None: it names the fact, states nothing alone),
# the scope its phrase is read with, whether its phrase joins two clauses ('..;')
Mention = tuple[int, int, bool | None, Scope, bool]
# whether a sentence can speak for the request under a scope (None: every sentence can)
About = Callable[[Sentence, Scope], bool]
# a mention in one of these contexts says nothing about this patient now
_SILENT = frozenset(
    {"HYPOTHETICAL", "POSSIBLE_EXISTENCE", "FAMILY", "OTHER_PERSON", "GUIDELINE", "PRIOR_REVIEW", "SUPERSEDED"}
)
_NOT_GIVEN = _SILENT | {"FUTURE"}
_PAST = frozenset({"HISTORICAL"})
_ENDED = frozenset({"ENDED"})
# a criterion said to be met or not by this patient: the guideline's words in the sentence are applied
_APPLIED = frozenset({"CRITERION_MET", "CRITERION_UNMET"})
_DENIALS = frozenset({"NEGATED_EXISTENCE", "NOT_DOCUMENTED"})


def measure_pattern(name: str) -> re.Pattern[str]:
    """A measure stated as a number: "BMI of 42", "BMI: 41.5", "BMI is over 40"."""
    return re.compile(
        rf"\b{re.escape(name)}\b\s*(?:is\s+|was\s+)?(?:of|over|above|:|=)?\s*(?P<v>\d{{1,4}}(?:\.\d+)?)\b", re.I
    )


@functools.lru_cache(maxsize=1024)
def _phrases_pattern(phrases: tuple[str, ...], clause_gap: str | None) -> PhraseSearch | None:
    return phrase_search(phrases, clause_gap)


class PhraseSet:
    """A fact's phrases of one kind (asserts or denies), each with the cue masks of the words every
    match of it holds (one word of each mask). A sentence is searched with only the phrases whose
    words it holds: a phrase it cannot match takes no part in the alternation's leftmost, first-
    listed matches, so the pattern of the rest finds the same mentions, and a long alternation tried
    at every offset of every sentence was the reader's costliest regular expression."""

    __slots__ = ("_able", "_bits", "clause_gap", "needs", "pattern", "phrases")

    def __init__(self, phrases: tuple[str, ...], needs: tuple[tuple[int, ...], ...], clause_gap: str | None) -> None:
        self.phrases = phrases
        self.needs = needs
        self.clause_gap = clause_gap
        self.pattern = _phrases_pattern(phrases, clause_gap) if phrases else None  # every phrase
        self._bits = functools.reduce(operator.or_, (m for need in needs for m in need), 0)
        self._able: dict[int, PhraseSearch | None] = {}

    def for_cues(self, found: int) -> PhraseSearch | None:
        """The pattern of the phrases a sentence with cue mask `found` can match (None: none)."""
        key = found & self._bits  # the phrases' own words decide, the sentence's others do not
        if key in self._able:
            return self._able[key]
        able = tuple(p for p, need in zip(self.phrases, self.needs, strict=True) if all(key & m for m in need))
        pattern = (
            self.pattern
            if len(able) == len(self.phrases)
            else _phrases_pattern(able, self.clause_gap)
            if able
            else None
        )
        return remember(self._able, key, pattern)  # a few hundred sets of cue words occur in practice


def phrase_set(phrases: tuple[str, ...], cues: CueIndex, clause_gap: str | None = None) -> PhraseSet:
    listed = tuple(p for p in phrases if p.strip())
    needs = tuple(tuple(cues.register(*words) for words in phrase_requirements(p)) for p in listed)
    return PhraseSet(listed, needs, clause_gap)


@dataclass(frozen=True)
class PhraseList:
    """One list of a spec's phrases: whether they assert or deny (None: they name the fact), the
    scope they are read with, and whether they join two clauses ('..;': their mentions are read
    apart, see FactReader.read)."""

    asserts: bool | None
    scope: Scope
    phrases: PhraseSet
    clauses: bool = False


@dataclass(frozen=True)
class CompiledFact:
    spec: FactSpec
    lists: tuple[PhraseList, ...]
    terms: Section | None
    measures: tuple[tuple[re.Pattern[str], float], ...]
    # the cue mask of the longest word of each of the terms' phrases: every match holds one
    # (None: a phrase without words; the terms are then always looked for)
    term_words: int | None
    # the parts the fact is told apart in (FactSpec.told_apart), each compiled as a fact of its own
    parts: tuple[tuple[str, CompiledFact], ...] = ()
    # the measures whose change told with numbers states the fact (FactSpec.changes), and the cue
    # mask of their words' longest words: a sentence without one holds no change
    changes: MeasureChanges | None = None
    change_words: int = 0
    # the cue words of the phrases and terms: with the measures, they decide what a sentence is
    # searched with (`plan`), remembered per set of them present (a few hundred sets occur)
    cue_bits: int = field(init=False)
    _plans: dict[int, Plan | None] = field(init=False, default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        needs = tuple(need for pl in self.lists for need in pl.phrases.needs)
        bits = functools.reduce(operator.or_, (m for need in needs for m in need), self.term_words or 0)
        object.__setattr__(self, "cue_bits", bits)

    def plan(self, found: int) -> Plan | None:
        """What a sentence with cue mask `found` is searched with: each list's pattern, whether
        the terms are looked for (None: it cannot mention the fact). FactReader.read passes by most
        sentences for most facts without searching them."""
        key = found & self.cue_bits  # the fact's own words decide, the sentence's others do not
        if key in self._plans:
            return self._plans[key]
        searches = tuple(pl.phrases.for_cues(key) for pl in self.lists)
        terms = self.terms is not None and (self.term_words is None or bool(key & self.term_words))
        can = any(s is not None for s in searches) or terms or bool(self.measures)
        plan = (searches, terms) if can else None
        return remember(self._plans, key, plan)

    def mentions(self, text: str, lower: str, found: int) -> list[Mention]:
        """(start, end, what the phrase states, its scope) of every mention, in text order; `lower` is
        text.lowercase(text), which the phrases are matched on; `found` its cue mask (the
        FactReader's cues), which decides the phrases worth trying."""
        plan = self.plan(found)
        return [] if plan is None else self.planned(plan, text, lower)

    def planned(self, plan: Plan, text: str, lower: str) -> list[Mention]:
        """The mentions in a sentence, searched as `plan` (see mentions)."""
        searches, terms = plan
        scope = self.spec.scope
        mentions: list[Mention] = []
        for pl, search in zip(self.lists, searches, strict=True):
            if search is not None:
                found = search.spans(lower)
                mentions.extend((start, end, pl.asserts, pl.scope, pl.clauses) for start, end in found)
        if terms and self.terms is not None:
            mentions.extend((start, end, True, scope, False) for _key, start, end in self.terms.matches(text))
        for measure, least in self.measures:
            for m in measure.finditer(text):
                if float(m.group("v")) >= least:
                    mentions.append((m.start(), m.end(), True, scope, False))
        if self.spec.scoped and mentions:
            # words a scoped group's phrase matches are read with that group's scope, should the
            # spec's own phrases match them too
            scopes: dict[tuple[int, int, bool | None, bool], Scope] = {}
            for start, end, base, sc, clauses in mentions:
                if (start, end, base, clauses) not in scopes or sc != scope:
                    scopes[start, end, base, clauses] = sc
            mentions = [(start, end, base, sc, clauses) for (start, end, base, clauses), sc in scopes.items()]
        return _outermost(sorted(set(mentions), key=_order)) if mentions else mentions


def _order(m: Mention) -> tuple[int, int, int, str, bool]:
    """Text order; at the same words a name first, then a denial, then an assertion."""
    return m[0], m[1], -1 if m[2] is None else int(m[2]), m[3], m[4]


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Mentions not inside a longer one: the longer phrase is the more specific statement
    ("drug screen has not been done" over the "drug screen" inside it). Where a denial and an
    assertion span the same words, the denial was written for the negated form and stands
    ("MRI shows no nerve root impingement" also fits "MRI ... shows ... root impingement"); so
    it does where a denial that starts first runs into an assertion ("no evidence of nerve root
    impingement on imaging": the denial holds the negation, which the assertion's words, read
    apart from the denial's, would not see). A phrase that joins two clauses states nothing over
    a statement of the other way inside it: the clause between says the care did something
    ("therapy gave some relief, but stiffness persists")."""
    mentions = [
        m
        for m in mentions
        if not (m[4] and any(m[0] <= o[0] and o[1] <= m[1] and o[2] is not None and o[2] != m[2] for o in mentions))
    ]
    return [
        m
        for m in mentions
        if not any(
            (o[0] <= m[0] and m[1] <= o[1] and ((o[1] - o[0]) > (m[1] - m[0]) or (m[2] and o[2] is False)))
            or (m[2] and o[2] is False and o[0] < m[0] < o[1] < m[1])
            # a name gives way to any statement over its words, and takes none's place
            or (m[2] is None and o is not m and o[2] is not None and o[0] < m[1] and m[0] < o[1])
            for o in mentions
        )
    ]


def compile_fact(
    spec: FactSpec, vocabulary: Vocabulary, cues: CueIndex, measures_file: MeasuresFile | None = None
) -> CompiledFact:
    """A spec's phrases and measures compiled, the words its phrases need registered in `cues`;
    `measures_file`: the pack's measures of function, for a spec that names some (`changes`)."""
    terms = vocabulary.section(spec.vocabulary) if spec.vocabulary else None
    measures = tuple(
        (measure_pattern(name), least)
        for term in (terms.terms.values() if terms else ())
        for name, least in sorted(term.at_least.items())
    )
    # a phrase's words are found in the text as they are (Section.matches only blanks punctuation)
    words = [max(phrase.split(), key=len) for phrase in terms.phrases if phrase.split()] if terms else []
    term_words = cues.register(*words) if terms is None or len(words) == len(terms.phrases) else None
    gap = spec.clause_gap_regex()
    lists = tuple(
        PhraseList(asserts, scope, phrase_set(part, cues, gap if clauses else None), clauses)
        for _, asserts, scope, phrases in spec.phrase_lists()
        for clauses, part in by_clause_gap(phrases)
    )
    parts = tuple((name, compile_fact(part, vocabulary, cues, measures_file)) for name, part in spec.part_specs())
    changes = MeasureChanges(measures_file, spec.changes) if spec.changes and measures_file is not None else None
    change_words = cues.register(*(max(w.split(), key=len) for w in changes.words)) if changes else 0
    return CompiledFact(spec, lists, terms, measures, term_words, parts, changes, change_words)


def mention_value(base: bool | None, modifiers: Modifiers, spec: FactSpec, mode: Mode) -> bool | None:
    """What one mention states, given its context; None: nothing about this patient now. A
    name (base None) states the fact false only where the record is said to lack it."""
    if spec.negation == "ignored":
        modifiers = modifiers - _DENIALS  # the sentence denies something else ("no documented benefit at 40 mg MED")
    if modifiers & _APPLIED:
        modifiers = modifiers - {"GUIDELINE"}
    if spec.possible == "counts":
        modifiers = modifiers - {"POSSIBLE_EXISTENCE"}  # a surgery one "may be a candidate for" is being weighed
    if spec.review_reports == "counts":
        # the review's own act ("the utilization review certified it") is the fact itself
        modifiers = modifiers - {"PRIOR_REVIEW"}
    if modifiers & _SILENT:
        return None
    if "ENDED" in modifiers and "NEGATED_EXISTENCE" not in modifiers:
        return None  # what the sentence says after the turn decides ("... has since resolved": false)
    if "HISTORICAL" in modifiers and spec.historical == "ignored":
        return None
    if "FUTURE" in modifiers and spec.future == "ignored":
        return None
    if "NOT_DOCUMENTED" in modifiers or "CRITERION_UNMET" in modifiers:
        # a reviewer's criterion the record does not show is not met, whichever way the phrase
        # leans ("the records do not show red flags, and surgery is not being considered")
        if mode == "findings":
            return False
        # in the case record, only where the guideline makes the provider document it; a denial
        # phrase said of the record ("the submitted records lack any drug screen") is the same lack
        return False if spec.not_documented == "false" else None
    negated = "NEGATED_EXISTENCE" in modifiers and "COMPARED" not in modifiers
    if base is None:
        return None  # a name said absent is a denial's to state ("no conservative care has been tried")
    if negated and not base:
        # a denial in a negation's scope is that negation reaching too far ("no weakness, negative
        # straight leg raise, and intact sensation"), not a double negative that asserts: the
        # negated forms that assert are phrases of their own ("did not help", "not improved")
        return None
    return base != negated


class FactReader:
    """The pack's yes/no facts, compiled once; reads them from any sentences."""

    def __init__(self, facts: FactSpecs, vocabulary: Vocabulary) -> None:
        # the words every fact's phrases need, found in one pass per sentence
        cues = CueIndex()
        self.compiled = {spec.fact: compile_fact(spec, vocabulary, cues, facts.measures) for spec in facts.specs}
        self._vocabulary = vocabulary
        self._cues = functools.lru_cache(maxsize=4096)(cues.found)
        self._rules = facts.context
        self._context: ContextReader | None = None
        # where a note turns from the past to now ("currently", "now"): the words that end a
        # history's scope in the context rules end a dated sentence's past too
        self._now = compile_phrases(
            r.phrase for r in facts.context if r.category == "HISTORICAL" and r.direction == "terminate"
        )

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.compiled)

    def scopes(self, name: str) -> frozenset[Scope]:
        """The scopes the fact's phrases are read with: the spec's, and its scoped groups'."""
        return self._scopes[name]

    @functools.cached_property
    def _scopes(self) -> dict[str, frozenset[Scope]]:
        # asked for every fact of every item: worked out once per reader
        return {name: frozenset({c.spec.scope, *(g.scope for g in c.spec.scoped)}) for name, c in self.compiled.items()}

    def context(self) -> ContextReader:
        if self._context is None:
            self._context = context_reader(self._rules)
        return self._context

    def mention(
        self,
        sentence: Sentence,
        span: tuple[int, int],
        spec: FactSpec,
        mode: Mode = "case",
        base: bool | None = True,
        others: tuple[tuple[int, int], ...] = (),
        grammar: bool = False,
        lead: str = "",
    ) -> bool | None:
        """What one mention of `spec`'s fact at `span` states of this patient now (None: nothing),
        decided by the assertion layer: a phrase's mention, or one a fact's own grammar found (a
        dose, a study, a lesion). `base`: what the mention's words say without their context;
        `others`: the sentence's other mentions, whose words are theirs; `grammar`: found by a
        fact's own grammar, not a phrase (ContextReader.modifiers); `lead`: the lead-in of the
        list the sentence is an item of (letters/list_items.py), read before it."""
        start, end = span
        if lead:
            shift = len(lead) + 1
            moved = tuple((a + shift, b + shift) for a, b in others)
            text, at = f"{lead} {sentence.text}", (start + shift, end + shift)
            [mods] = self.context().modifiers(text, [at], moved, grammar)
        else:
            [mods] = self.context().modifiers(sentence.text, [span], others, grammar)
        past = sentence.past
        lower = sentence.lower
        if past and past[0] <= start < past[1] and not (self._now and self._now.search(lower, past[0], start)):
            mods = mods | _PAST  # told of a time before the injury (letters.history)
        if spec.past_episode == "ignored" and ended_episode(lower, start, end):
            mods = mods | _ENDED  # "was on warfarin for three months": over (letters.episode)
        return mention_value(base, mods, spec, mode)

    def told(self, sentence: Sentence, span: tuple[int, int]) -> bool:
        """Whether words a fact's own grammar found at `span` (a drug taken, a number) are told of
        this patient: in a sentence of the record, and not guideline text, a supposition, another
        person's or what a review did (the assertion layer's decision, as for a phrase's mention).
        A negation is the grammar's own to read ("no prior therapy")."""
        return self._told(sentence, span, _SILENT)

    def given(self, sentence: Sentence, span: tuple[int, int]) -> bool:
        """As `told`, for care received to date: a plan or recommendation is none ("the physician
        recommended a TENS trial")."""
        return self._told(sentence, span, _NOT_GIVEN)

    def _told(self, sentence: Sentence, span: tuple[int, int], silent: frozenset[str]) -> bool:
        if not states_record(sentence):
            return False
        [mods] = self.context().modifiers(sentence.text, [span], grammar=True)
        return not mods & silent

    def read(
        self,
        name: str,
        sents: Sequence[Sentence],
        mode: Mode = "case",
        about: About | None = None,
    ) -> ExtractedFact | None:
        """The value the sentences state for fact `name`, with the sentence it came from; with
        `about`, a mention counts only where its sentence speaks for the request under the scope
        of the mention's phrase."""
        fact = self.compiled[name]
        whole = latest_stated(self._stated(fact, sents, mode, about), fact.spec)
        if whole is not None or not fact.parts or mode != "case":
            # a reviewer's finding is said of the criterion, not pieced from their retelling of the record
            return whole
        parts = [unanimous(found for found, _ in self._stated(part, sents, mode, about)) for _, part in fact.parts]
        return told_apart(parts, lambda quote: one_region(quote, self._vocabulary))

    def _stated(
        self, fact: CompiledFact, sents: Sequence[Sentence], mode: Mode, about: About | None
    ) -> Iterator[tuple[ExtractedFact, dt.date | None]]:
        """What each mention of the fact states, in the order told (mentions that state nothing
        left out), with the date of the note it is told under; read lazily, so the mention that
        decides ends the search."""
        leads = lead_ins(sents)
        for sentence, lead, when in zip(sents, leads, note_dates(sents), strict=True):
            # the sentence as read: shorthand spelled out (sentences(..., spelling))
            text, lower = sentence.text, sentence.lower
            found = self._cues(lower)
            plan = fact.plan(found)
            changed = (
                changes(fact.changes, sentence, fact.spec.scope, fact.spec.changes_assert)
                if fact.changes is not None and found & fact.change_words
                else []
            )
            if plan is None and not changed:
                continue
            mentions = fact.planned(plan, text, lower) if plan is not None else []
            if changed:
                # a change told with numbers and a phrase over the same words: the longer decides
                mentions = _outermost(sorted(set(mentions + changed), key=_order))
            if about is not None:
                mentions = [m for m in mentions if about(sentence, m[3])]
            # a sentence of the record; for an authorization, also one telling what the review did
            reviewed = fact.spec.review_reports == "counts" and tells_review(sentence)
            if not mentions or not (states_record(sentence) or reviewed):
                continue
            spans = tuple((m[0], m[1]) for m in mentions)
            for start, end, base, _scope, clauses in mentions:
                if clauses and not one_region(text[start:end], self._vocabulary):
                    continue  # care for one body part, what persists of another
                # one mention at a time: the first that states something decides, the rest cost
                # nothing; the others' words are theirs (ContextReader.modifiers)
                others = tuple(sp for sp in spans if sp != (start, end)) if len(spans) > 1 else ()
                value = self.mention(sentence, (start, end), fact.spec, mode, base, others, lead=lead)
                if value is not None:
                    yield ExtractedFact(value=value, evidence=evidence(sentence)), when


def changes(measures: MeasureChanges, sentence: Sentence, scope: Scope, asserts: ChangesAssert) -> list[Mention]:
    """The changes of a fact's measures in a sentence, as mentions read with the spec's scope
    (FactSpec.changes_assert): better asserts the fact and the same or worse denies it; or the
    same or worse asserts it and better states nothing (pain rated lower is still pain, and a
    drug's relief is told with the same numbers: "tramadol takes his pain from 7/10 to 4/10")."""
    found = measures.find(sentence.lower, sentence.written, sentence.shifts)
    if asserts == "better":
        return [(c.start, c.end, c.better, scope, False) for c in found]
    return [(c.start, c.end, True, scope, False) for c in found if not c.better]


def unanimous(found: Iterable[ExtractedFact]) -> ExtractedFact | None:
    """A part of a fact told apart: stated where every mention agrees, else its first denial (the
    therapy "is helping", though the pain goes on: the parts do not make care that failed)."""
    first: ExtractedFact | None = None
    for mention in found:
        if not mention.value:
            return mention
        first = first or mention
    return first


def told_apart(parts: Sequence[ExtractedFact | None], one_subject: Callable[[str], bool]) -> ExtractedFact | None:
    """What a fact told over sentences states (FactSpec.told_apart): nothing unless every part is
    stated; true when each is, each by a sentence of its own or by one sentence that names one
    body region at most (`one_subject`): one that tells them all of two regions, not read as the
    fact whole, tells them of different things (care for the shoulder, back pain that persists),
    while "PT x8: pain 6/10 at start, 7/10 at discharge" tells both of one; false when one is
    false. The evidence quotes the parts in the order told."""
    if any(part is None for part in parts):
        return None
    stated = [part for part in parts if part is not None]
    quotes = sorted({(p.evidence.section, p.evidence.start, p.evidence.end, p.evidence.quote) for p in stated})
    value = all(p.value for p in stated)
    if value and len(quotes) < len(stated) and not all(one_subject(q[3]) for q in quotes):
        return None
    first, last = quotes[0], max(quotes, key=lambda q: (q[0] == quotes[0][0], q[2]))
    joined = Evidence(
        section=first[0],
        quote=" … ".join(q[3] for q in quotes if q[0] == first[0]),
        start=first[1],
        end=last[2],
    )
    return ExtractedFact(value=value, evidence=joined)


def note_dates(sents: Sequence[Sentence]) -> Iterator[dt.date | None]:
    """The date of the note each sentence is told under: the date a sentence opens with ("On
    5/12/2016, ...", "A progress report dated 5/12/2016 ..."), carried to the sentences after it
    until the next (a summary retells serial visits in order); None before the first."""
    when = None
    for sentence in sents:
        when = note_date(sentence.lower) or when
        yield when


def latest_stated(found: Iterable[tuple[ExtractedFact, dt.date | None]], spec: FactSpec) -> ExtractedFact | None:
    """What a fact's mentions state together: as first_stated, except that where the deciding
    mention is told under a dated note, a later-dated note that states otherwise decides (serial
    visits: relief that faded, a screen consistent at the last visit, function unchanged since). A
    spec with `any_report` keeps first_stated: one affirmed report stands."""
    found = iter(found)
    if spec.any_report:
        return first_stated((fact for fact, _ in found), spec)
    first = next(found, None)
    if first is None:
        return None
    decided, latest = first
    if latest is None:
        return decided
    for fact, when in found:
        if when is not None and when > latest and fact.value != decided.value:
            decided, latest = fact, when
    return decided


def first_stated(found: Iterable[ExtractedFact], spec: FactSpec) -> ExtractedFact | None:
    """What a fact's mentions, in the order told, state together: the first, or with the spec's
    `any_report` the first affirmed one (a denial elsewhere does not undo it), else the first denial."""
    denied: ExtractedFact | None = None
    for mention in found:
        if mention.value or not spec.any_report:
            return mention
        denied = denied or mention
    return denied
