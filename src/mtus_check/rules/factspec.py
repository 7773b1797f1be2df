"""Facts the letter reader looks for, as data: one spec per fact (rules/facts/NAME.yaml), its
phrasing cases beside it (NAME.cases.yaml), and the clinical context rules (context.yaml) that
decide, once per sentence, whether a mention is negated, hypothetical, historical, about another
person, guideline text, or a statement that the record lacks it.

A phrase is a small pattern: words match case-insensitively at word boundaries, a space matches
any run of spaces, hyphens or colons (a templated exam's "Motor: 4/5"), `{a|b|c}` is one of its
alternatives (`{|a}` makes `a` optional), `{@NAME}` any word of a word class (words.yaml),
`word*` matches any ending, and `...` skips up to four
words (enough for "EMG of the right leg revealed ...": a study named with its limb), none of them
a negation ("no", "not", "never", "without", "nor", "-n't"). `..;` joins two clauses of one
sentence: it skips as many words as the spec's `clause_gap` says, commas and semicolons among
them, never a negation nor a word it lists.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from mtus_check.rules.phrases import clause_gap_regex, expand_classes

FACTS_FOLDER = "facts"
CONTEXT_FILE = "context.yaml"
SOURCES_FILE = "sources.yaml"
WORDS_FILE = "words.yaml"
MEASURES_FILE = "measures.yaml"
# alternatives no phrasing case exercised when the lint came in (rules/fact_cases.py)
BASELINE_FILE = "untested-phrases.yaml"

Source = Literal["summary", "rationale"]
# the modifiers a context rule can set (ConText's own five, and three this domain needs)
ContextCategory = Literal[
    "NEGATED_EXISTENCE",
    "POSSIBLE_EXISTENCE",
    "HYPOTHETICAL",
    "HISTORICAL",
    "FAMILY",
    "OTHER_PERSON",
    "GUIDELINE",
    "NOT_DOCUMENTED",
    "FUTURE",
    "ENDED",  # a state the sentence goes on to say has changed ("was homebound but now walks")
    "COMPARED",  # a negated comparison ("not ... as often as") states the finding, less of it
    "PATIENT",  # the patient named ("the claimant"): another person's scope ends there
    "PRIOR_REVIEW",  # what an earlier review said ("the prior reviewer noted ..."): not this reviewer's finding
    # a guideline criterion said to be met, or not met, by this patient ("the criteria for X have
    # been met"): the sentence applies the guideline to the patient, it does not quote it
    "CRITERION_MET",
    "CRITERION_UNMET",
    # the items of a series ("no weakness, fever, and numbness is reported"): a trigger that holds
    # the words so that no other takes them (", and numbness is reported" as a new subject)
    "SERIES",
    # what an earlier study showed, told before a later study of the same kind ("an earlier MRI
    # showed ..., but repeat MRI shows ..."): the later one is the finding now
    "SUPERSEDED",
]


class _Strict(BaseModel):
    # defer_build: validators are built the first time a spec file is read; a pack from the pack
    # cache never validates, so a pre-check does not pay for them
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, defer_build=True)


FactType = Literal["boolean", "number", "integer", "list", "date", "text"]
# how a letter finds the fact: the spec's phrases (yes/no facts), a grammar in letters/facts.py
# (numbers, dates, drug lists: not yet data), or nothing (only a pre-check user states it)
FactReaderKind = Literal["phrases", "grammar", "none"]


# which sentences may state a fact for a request about a body region (letters/region_scope.py)
Scope = Literal["none", "body_region", "body_region_and_nerves", "limb"]
SCOPE_HELP = (
    "none: every sentence; body_region: only sentences about the request's body region (or naming none); "
    "body_region_and_nerves: also those about the limb a spine region's nerve roots supply (a lumbar "
    "request reads a finding in the leg, not one in the arm); limb: a sign examined in a limb (a "
    "peripheral nerve's), only for a request about that limb region, the one the sentence names or, "
    "naming none, any limb region: never for a spine region, whose findings in the limbs are root signs"
)


def _no_blank(values: tuple[str, ...]) -> tuple[str, ...]:
    if any(not v.strip() for v in values):
        raise ValueError("a phrase may not be blank")
    return values


# a spec's or a scoped group's asserts or denies
Phrases = Annotated[tuple[str, ...], AfterValidator(_no_blank)]


class PhraseGroup(_Strict):
    """Phrases of a fact read with their own scope: a positive Tinel's sign is a neurologic finding
    of the wrist, not of the cervical roots that supply the arm."""

    scope: Scope = Field(..., description=SCOPE_HELP)
    why: str = Field(..., min_length=10, description="Why these phrases are scoped apart from the spec's")
    asserts: Phrases = Field((), description="Phrases that state the fact")
    denies: Phrases = Field((), description="Phrases that state its opposite outright")


ChangesAssert = Literal["better", "not_better"]
CHANGES_ASSERT_HELP = (
    "Which change of the measures asserts the fact: 'better' (the same or the worse way denies it: "
    "function that improved), or 'not_better' (the same or the worse way asserts it and the better way "
    "states nothing: symptoms that persist, where a lower rating is still pain and a drug's relief is "
    "told with the same numbers)"
)


class Part(_Strict):
    """One part of a fact told over sentences (FactSpec.told_apart): read as a fact of its own,
    with the spec's scope and context settings."""

    part: str = Field(..., pattern=r"^[a-z][a-z0-9_]*$", description="The part's name, as evidence names it")
    description: str = Field(..., min_length=10, description="What the part states")
    asserts: Phrases = Field(..., min_length=1, description="Phrases that state the part")
    denies: Phrases = Field((), description="Phrases that state its opposite outright")
    historical: Literal["counts", "ignored"] | None = Field(
        None,
        description="As the spec's, for this part (a symptom that persists is one present now, though "
        "the care tried may lie in the past); unset: the spec's",
    )
    changes: tuple[str, ...] = Field(
        (),
        description="Measures (measures.yaml) whose change told with numbers states the part, the way "
        "`changes_assert` says ('pain 6/10 -> 8/10 after therapy': the symptoms persist)",
    )
    changes_assert: ChangesAssert = Field("better", description=CHANGES_ASSERT_HELP)


class ToldApart(_Strict):
    """A fact a note tells over sentences of one account, each stating a part: the care tried in
    one ("Treatment has included PT and naproxen."), what persists now in another ("She continues
    to complain of low back pain."). Read only where no sentence states the fact whole; stated
    only where every part is: true when each part is, false when one is false."""

    why: str = Field(..., min_length=10, description="Why the parts together state the fact")
    parts: tuple[Part, ...] = Field(..., min_length=2)


def _gap_words(values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        if not re.fullmatch(r"[A-Za-z][\w'-]*\*?", value):
            raise ValueError(f"'{value}' is not one word (a stem ends in '*')")
    return values


class ClauseGap(_Strict):
    """What the phrase token `..;` skips: the rest of a clause and the start of a later one in the
    same sentence ("eight visits of therapy and a trial of naproxen, and the knee pain persists"),
    never a negation nor one of the words `never` lists (a clause between that says the care helped,
    a supposition: the two parts would no longer be one statement)."""

    words: int = Field(12, ge=1, le=20, description="The most words the gap skips, commas and semicolons among them")
    never: Annotated[tuple[str, ...], AfterValidator(_gap_words)] = Field(
        (),
        description="Words the gap never skips besides a negation, one word each; 'word*' any ending "
        "('improv*': a clause between that says the care helped; 'if': a supposition)",
    )


class FactSpec(_Strict):
    """One fact about the patient, declared once: the request field it is (its name, type and
    bounds), the label verdicts use, and how the letter reader finds it."""

    fact: str = Field(..., pattern=r"^[a-z][a-z0-9_]*$", description="The request fact it declares")
    type: FactType = Field("boolean", description="The value's type; list: a list of names (e.g. drugs)")
    label: str = Field(..., min_length=3, description="How verdicts name it ('X not stated; ...')")
    description: str = Field(..., min_length=10, description="What counts, in the guideline's words")
    reader: FactReaderKind = Field(
        "phrases",
        description="phrases: read by asserts/denies (yes/no facts); grammar: read by the letter reader's "
        "grammar for numbers, dates and lists; none: stated by a pre-check user only",
    )
    minimum: float | None = Field(None, description="number/integer: the least value a request may state")
    maximum: float | None = Field(None, description="number/integer: the greatest value a request may state")
    adjustable: bool = Field(False, description="number: a smaller value is a smaller request (modify_to may lower it)")
    categories: str | None = Field(
        None, description="list: the vocabulary section whose keys the items are mapped to (e.g. services)"
    )
    scope_when_stated: bool = Field(
        False,
        description="A rule scoped on it applies only when it is stated: it names a kind of request "
        "(a repeat study: prior_imaging)",
    )
    sources: tuple[Source, ...] = Field(
        ("summary",),
        min_length=1,
        description="Sections read for the blind prediction, first first. The case summary is what a "
        "pre-check user would also have; the reviewer's rationale is read apart, as reviewer findings",
    )
    scope: Scope = Field("none", description=SCOPE_HELP)
    any_report: bool = Field(False, description="true: one affirmed mention outweighs denials elsewhere")
    drug_scoped: bool = Field(
        False,
        description="true: for a drug request, a sentence that names other drugs and not the requested one "
        "(nor its class) does not speak for it (relief recorded for hydrocodone is not naproxen's)",
    )
    by_treatment: bool = Field(
        False,
        description="true: a treatment's effect; a sentence that names only other treatments (therapies, "
        "injections, programs, drugs) says nothing of it for an item (letters/treatment_scope.py)",
    )
    historical: Literal["counts", "ignored"] = Field(
        "counts", description="Whether a past mention ('history of ...') still states the fact now"
    )
    past_episode: Literal["counts", "ignored"] = Field(
        "counts",
        description="Whether a state told in the simple past with its length ('was on warfarin for three "
        "months', 'used crutches for six weeks') states the fact: ignored for a state now (a drug taken, "
        "homebound), counts for what happened (relief that lasted, a drug reduced)",
    )
    future: Literal["counts", "ignored"] = Field(
        "ignored",
        description="Whether a plan or request ('will be', 'is requested') states the fact: it does for a "
        "surgery being considered, not for a test done or a symptom present",
    )
    negation: Literal["denies", "ignored"] = Field(
        "denies",
        description="Whether a negation whose scope reaches a mention denies it: ignored for a dose the record "
        "states ('no documented benefit from Norco at 40 mg MED' denies the benefit, not the dose)",
    )
    possible: Literal["counts", "ignored"] = Field(
        "ignored",
        description="Whether a possibility ('may be a candidate for', 'possible') states the fact: it does for "
        "a surgery being considered, which is a possibility weighed; not for a finding only suspected",
    )
    review_reports: Literal["counts", "ignored"] = Field(
        "ignored",
        description="Whether a case-summary sentence telling what utilization review did ('UR certified the "
        "arthroscopy and denied the assistant') states the fact: it does for an authorization, which is the "
        "review's own act; the review's reasons are never case facts",
    )
    not_documented: Literal["false", "unknown"] = Field(
        "unknown",
        description="'no documentation of X' in the case record: false where the guideline requires the "
        "provider to document X; else unknown (not the same as X being false)",
    )
    asserts: Phrases = Field((), description="Phrases that state the fact")
    denies: Phrases = Field((), description="Phrases that state its opposite outright")
    names: Phrases = Field(
        (),
        description="Phrases that name what the fact asks for without stating it (conservative care, for "
        "failed_conservative_care): alone, or negated, they state nothing (a denial's phrase says what is "
        "absent); said not documented or unclear ('no documentation of conservative care', 'it is unclear "
        "whether conservative care was tried') they state the fact false, as a denial would",
    )
    vocabulary: str | None = Field(
        None, description="A vocabulary.yaml section whose terms also state the fact (e.g. red_flags)"
    )
    scoped: tuple[PhraseGroup, ...] = Field(
        (),
        description="Phrases read with a scope of their own instead of the spec's (a sign of a "
        "peripheral nerve: the limb region it names, where the spec's findings speak for the spine)",
    )
    clause_gap: ClauseGap | None = Field(
        None,
        description="What '..;' in a phrase skips: up to `words` words across the commas and semicolons "
        "between two clauses of one sentence, never a negation nor a word of `never`. A phrase that "
        "uses '..;' needs it",
    )

    changes: tuple[str, ...] = Field(
        (),
        description="Measures (measures.yaml) whose change told with numbers states the fact: the better "
        "way asserts it, the same or the worse way denies it ('ODI 46% -> 28%', 'sitting from 15 minutes to an hour')",
    )
    changes_assert: ChangesAssert = Field("better", description=CHANGES_ASSERT_HELP)
    told_apart: ToldApart | None = Field(
        None,
        description="The fact told over sentences, a part in each (care tried; symptoms that persist): "
        "read where no sentence states it whole",
    )

    def clause_gap_regex(self) -> str | None:
        """What '..;' in this spec's phrases stands for (None: the spec declares no clause gap)."""
        gap = self.clause_gap
        return None if gap is None else clause_gap_regex(gap.words, gap.never)

    def phrase_lists(self) -> Iterator[tuple[tuple[str | int, ...], bool | None, Scope, tuple[str, ...]]]:
        """(path in the file, whether they assert (None: they name it), scope, phrases) of every
        list of phrases: the spec's asserts, denies and names, then each scoped group's."""
        yield ("asserts",), True, self.scope, self.asserts
        yield ("denies",), False, self.scope, self.denies
        yield ("names",), None, self.scope, self.names
        for i, group in enumerate(self.scoped):
            yield ("scoped", i, "asserts"), True, group.scope, group.asserts
            yield ("scoped", i, "denies"), False, group.scope, group.denies

    def written_phrase_lists(self) -> Iterator[tuple[tuple[str | int, ...], bool | None, Scope, tuple[str, ...]]]:
        """As phrase_lists, then the phrases of each part the fact is told apart in (told_apart):
        every phrase the spec's file holds, which the loader checks and the lint wants cases for."""
        yield from self.phrase_lists()
        for i, part in enumerate(self.told_apart.parts if self.told_apart else ()):
            yield ("told_apart", "parts", i, "asserts"), True, self.scope, part.asserts
            yield ("told_apart", "parts", i, "denies"), False, self.scope, part.denies

    def written_measures(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """(path in the file, name) of every measure the spec's file names: its own `changes`, then
        each part's, which the loader checks and the lint wants cases for."""
        for i, name in enumerate(self.changes):
            yield ("changes", i), name
        for j, part in enumerate(self.told_apart.parts if self.told_apart else ()):
            for i, name in enumerate(part.changes):
                yield ("told_apart", "parts", j, "changes", i), name

    def part_specs(self) -> tuple[tuple[str, FactSpec], ...]:
        """(name, spec) of each part the fact is told apart in: the spec with the part's phrases for
        its own, read as the fact is (scope, context settings)."""
        if self.told_apart is None:
            return ()
        blank = {"names": (), "scoped": (), "vocabulary": None, "told_apart": None}
        return tuple(
            (
                p.part,
                self.model_copy(
                    update={
                        **blank,
                        "asserts": p.asserts,
                        "denies": p.denies,
                        "historical": p.historical or self.historical,
                        "changes": p.changes,
                        "changes_assert": p.changes_assert,
                    }
                ),
            )
            for p in self.told_apart.parts
        )

    def with_classes(self, classes: Mapping[str, tuple[str, ...]]) -> FactSpec:
        """The spec with every word class its phrases name ('{@activity}') written out as the
        class's words: what the reader compiles (the lint reads the phrases as written)."""
        if not classes:
            return self

        def out(phrases: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(expand_classes(p, classes) for p in phrases)

        scoped = tuple(g.model_copy(update={"asserts": out(g.asserts), "denies": out(g.denies)}) for g in self.scoped)
        update: dict[str, object] = {
            "asserts": out(self.asserts),
            "denies": out(self.denies),
            "names": out(self.names),
            "scoped": scoped,
        }
        if self.told_apart is not None:
            parts = tuple(
                p.model_copy(update={"asserts": out(p.asserts), "denies": out(p.denies)}) for p in self.told_apart.parts
            )
            update["told_apart"] = self.told_apart.model_copy(update={"parts": parts})
        return self.model_copy(update=update)


def _class_words(values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        if not re.fullmatch(r"[A-Za-z0-9/%'.-]+\*?(?: [A-Za-z0-9/%'.-]+\*?)*", value):
            raise ValueError(
                f"'{value}' is not a word or words of a phrase (no braces, gaps or '|'; a stem ends in '*')"
            )
    if len(set(values)) != len(values):
        raise ValueError("a word is listed twice")
    return values


class WordClass(_Strict):
    """Words of one clinical kind that many phrases share ("walk*", "climb stairs", "dress*" are
    activities of daily living): a phrase names the class ('{@activity}') and reads any of them."""

    description: str = Field(
        ..., min_length=10, description="What the words name, in clinical terms, and where they come from"
    )
    words: Annotated[tuple[str, ...], AfterValidator(_class_words)] = Field(
        (), description="The class's words, each as a phrase alternative ('walk*', 'climb stairs')"
    )
    services: tuple[str, ...] = Field(
        (),
        description="vocabulary.yaml services whose synonyms are words of the class too (the drug names of "
        "the CPMTG's medication classes): a name is declared once, where the request reader finds it",
    )


class WordsFile(_Strict):
    """rules/facts/words.yaml: word classes the fact specs' phrases name as '{@NAME}'."""

    classes: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], WordClass] = Field(..., min_length=1)


class UnitKind(_Strict):
    """Units of one kind (time, distance, weight): each word and what one of it is in the kind's
    base unit, so "15 minutes" and "an hour" compare."""

    description: str = Field(..., min_length=5)
    units: dict[str, float] = Field(..., min_length=1, description="unit word (lower case) -> size in the base unit")


class Measure(_Strict):
    """A measure of function a note compares with numbers over time, and which way is better."""

    description: str = Field(..., min_length=10)
    words: Annotated[tuple[str, ...], AfterValidator(_class_words)] = Field(
        ..., min_length=1, description="How notes name the measure (an activity told as one: 'sitting')"
    )
    better: Literal["higher", "lower"] = Field(..., description="Which way the measure moves when function improves")
    units: tuple[str, ...] = Field(
        ..., min_length=1, description="The unit kinds its numbers carry; 'none': bare numbers (a score)"
    )


class MeasuresFile(_Strict):
    """rules/facts/measures.yaml: the measures of function and the units their numbers carry."""

    units: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], UnitKind] = Field(..., min_length=1)
    measures: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Measure] = Field(..., min_length=1)
    changed: Annotated[tuple[str, ...], AfterValidator(_class_words)] = Field(
        ...,
        min_length=1,
        description="Words that tell two numbers as a change without 'from' ('went 15 to 45 minutes'): "
        "without one of them, an arrow or 'from', 'A to B' is a range",
    )


class ContextRule(_Strict):
    """A trigger phrase and what it does to the findings in its scope (ConText's rule)."""

    phrase: str = Field(
        ...,
        min_length=1,
        description="The trigger's words; {a|b} writes several triggers at once ('{by|through} {her|his} employer'); "
        "'...' skips one to eight words, neither a negation nor and/or/but; '..+' up to twelve, a list among them; "
        "'..-' one to four words of a series item (no article, pronoun or possessive)",
    )
    category: ContextCategory
    direction: Literal["forward", "backward", "bidirectional", "terminate", "pseudo", "sentence"] = Field(
        "forward",
        description="Where the trigger reaches: forward, backward or both up to a terminating word; "
        "terminate and pseudo as in ConText; sentence: the whole sentence, whatever terminates "
        "(a sentence that names a guideline is guideline text throughout)",
    )

    exact_case: bool = Field(
        False,
        description="Match the words in this case only: the modal 'may' is a possibility, the month 'May' is not",
    )
    reach: int | None = Field(
        None,
        ge=1,
        le=40,
        description="How many words at most may stand between the trigger and a mention it modifies; "
        "none: up to a terminating word or the sentence's end. A recommendation names what it plans "
        "right after it ('recommended a TENS trial'); what the sentence says further on is what is",
    )

    @field_validator("phrase")
    @classmethod
    def _words_only(cls, value: str) -> str:
        if value.count("{") != value.count("}") or re.search(r"\{[^}]*\{|\}[^{]*\}", value):
            raise ValueError("braces do not pair: write {a|b} around the alternatives")
        if re.search(r"\w\*", value):
            raise ValueError("a context trigger is a run of words: 'word*' is for fact phrases")
        words = value.split()
        if {"...", "..+", "..-"} & {words[0], words[-1]}:
            raise ValueError("'...' ('..+', '..-') stands between two words of a trigger, not at its start or end")
        return value


class Shorthand(_Strict):
    """An abbreviation of progress notes and the words it stands for ("c/o": "complains of")."""

    short: str = Field(
        ..., min_length=1, pattern=r"^\S(?:.*\S)?$", description="The abbreviation as written ('c/o', 'L spine')"
    )
    means: str = Field(..., min_length=1, description="The words it stands for")
    exact_case: bool = Field(
        False,
        description="Read it in this case only: 'pt' is the patient, 'PT' physical therapy; 'L' is left, 'l' is not",
    )


class ContextFile(_Strict):
    """rules/facts/context.yaml: domain context rules, added to ConText's general clinical ones."""

    shorthand: list[Shorthand] = Field(
        [],
        description="Clinical shorthand ('c/o', 'w/o', '(+)') read as the words it stands for before "
        "the fact phrases and context rules are matched",
    )
    rules: list[ContextRule] = Field(..., min_length=1)


# where an item's request fact may come from (sources.yaml orders them per fact); this order is
# also the order of an item's facts in the output
FactSource = Literal["request", "surgery_item", "summary", "medications", "treatments_list"]
FACT_SOURCES: tuple[FactSource, ...] = ("request", "surgery_item", "summary", "medications", "treatments_list")


class Yield(_Strict):
    """Some of a fact's sources step aside when another fact is known."""

    sources: tuple[FactSource, ...] = Field(..., min_length=1, description="This fact's sources that step aside")
    to: str = Field(..., pattern=r"^[a-z][a-z0-9_]*$", description="The other request fact")
    stated_by: tuple[FactSource, ...] | None = Field(
        None, description="Only when the other fact comes from one of these sources (default: from any)"
    )
    why: str = Field(..., min_length=10)


class FactSources(_Strict):
    """The sources of one request fact, first first: the first that states it decides."""

    sources: tuple[FactSource, ...] = Field(..., min_length=1, alias="from")
    yields: tuple[Yield, ...] = ()


class SourcesFile(_Strict):
    """rules/facts/sources.yaml: which source decides each request fact of a letter's item."""

    sources: dict[FactSource, str] = Field(..., description="What each source is, in a sentence")
    default: tuple[FactSource, ...] = Field(..., min_length=1, description="For a fact not listed under facts")
    facts: dict[str, FactSources] = Field(default_factory=dict)

    def order(self, fact: str) -> tuple[FactSource, ...]:
        """The sources of `fact`, first first."""
        spec = self.facts.get(fact)
        return spec.sources if spec is not None else self.default


class PhrasingCase(_Strict):
    """One sentence and the value it states (null: it states nothing about the fact)."""

    text: str = Field(..., min_length=3)
    expect: bool | float | None = Field(
        ..., description="The value the sentence states: true or false, a number for a number fact, null: nothing"
    )
    kind: (
        Literal[
            "affirmed",
            "treatment",
            "negated",
            "hypothetical",
            "historical",
            "family",
            "other_person",
            "other_region",
            "guideline",
            "not_documented",
            "paraphrase",
            "plan",
            "conclusion",
        ]
        | None
    ) = None
    mode: Literal["case", "findings"] = Field(
        "case",
        description="case: a sentence of the case summary, read for the blind prediction; findings: a "
        "sentence of the reviewer's rationale, read as the reviewer's finding (false: not met, which "
        "includes not documented)",
    )
    region: str | None = Field(None, description="The request's body region, for region-scoped facts")
    as_of: dt.date | None = Field(
        None, description="The letter's date of service, for a fact counted to it ('symptoms since March 2015')"
    )
    injured: dt.date | None = Field(
        None, description="The date of injury the sentence is read against: what it dates before then is history"
    )
    skip: str | None = None


class PhrasingCaseFile(_Strict):
    cases: list[PhrasingCase] = Field(..., min_length=1)
