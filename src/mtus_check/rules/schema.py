"""The rule language: pydantic models of rule, vocabulary, pack and test-case files.

Written for a utilization-review nurse: each rule says what it applies to, what it checks
in plain keys (at_most, at_least, between, is, one_of, none_of) and the sentence shown to users.
Nothing in a rule file is ever executed.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

RULE_ID_PATTERN = r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$"
TESTS = ("at_most", "at_least", "between", "is", "one_of", "none_of", "stated")


PAGES_PATTERN = r"^\d+(?:-\d+)?(?:, ?\d+(?:-\d+)?)*$"


class _Strict(BaseModel):
    # no inf or nan: `at_most: .nan` would compare false with every value and silently disable the limit
    # defer_build: validators are built when a rule file is first read; a pack from the pack cache
    # never validates, so a pre-check does not pay for them
    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False, defer_build=True)


class CitationSpec(_Strict):
    """Where the rule comes from."""

    guideline: str = Field(..., min_length=3, description="e.g. MTUS Chronic Pain Medical Treatment Guidelines")
    version: str | None = Field(None, description="Edition, e.g. 2009")
    section: str = Field(..., min_length=2, description="Section or topic title, or regulation paragraph")
    pages: str | None = Field(None, pattern=PAGES_PATTERN, description="e.g. 60 or 58-59")
    quote: str | None = Field(None, description="Short quote of the limit, as reviewers cite it")
    source: Literal["mtus", "non-mtus", "statute"] = "mtus"
    effective_from: dt.date
    effective_to: dt.date | None = Field(None, description="Last day in force; absent = still in force")

    @model_validator(mode="after")
    def _period(self) -> CitationSpec:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self


class Criterion(_Strict):
    """One test on one fact of the request."""

    field: str = Field(..., description="A request fact, e.g. quantity, frequency_per_week, functional_improvement")
    at_most: float | None = None
    at_least: float | None = None
    between: tuple[float, float] | None = None
    is_: bool | None = Field(None, alias="is")
    one_of: list[str] | None = None
    none_of: list[str] | None = Field(
        None,
        description="Fails when the value, or any item of a list, is one of these (a compound that holds a drug "
        "not recommended); {found} in the reasons names the items caught",
    )
    stated: Literal[True] | None = Field(
        None, description="true: any stated value passes; the criterion only asks for the fact when it is unstated"
    )
    if_unknown: Literal["ask", "skip"] = Field(
        "ask", description="ask: an unstated fact makes the finding unknown; skip: checked only when stated"
    )
    fail: str | None = Field(
        None,
        min_length=3,
        description="Reason shown when the test fails; may use {value} and {limit} (every test but stated needs it)",
    )
    pass_: str | None = Field(None, alias="pass", description="Reason shown when the test passes")
    ask: str | None = Field(None, description="The documentation that would decide it, when the fact is unknown")
    page: str | None = Field(
        None,
        pattern=PAGES_PATTERN,
        description="The guideline page this criterion comes from (the citation's pages when left out)",
    )
    required_documentation: bool = Field(
        False,
        description="true: the guideline makes the provider document this fact (e.g. functional improvement before "
        "an extension); left undocumented, the request is not supported (needs-info predicts upheld). false: an "
        "unstated fact only means the reader or the user did not establish it (not decided)",
    )

    @model_validator(mode="after")
    def _one_test(self) -> Criterion:
        given = [name for name in TESTS if getattr(self, "is_" if name == "is" else name) is not None]
        if len(given) != 1:
            raise ValueError(f"a criterion needs exactly one test of {', '.join(TESTS)}; found {len(given) or 'none'}")
        if self.between is not None and self.between[0] > self.between[1]:
            raise ValueError("between needs [low, high] with low <= high")
        if self.stated is None and not self.fail:
            raise ValueError("a criterion needs fail: the reason shown when its test fails")
        if self.stated is not None and self.if_unknown == "skip":
            raise ValueError("a 'stated' criterion with if_unknown: skip never does anything; use if_unknown: ask")
        return self

    @cached_property
    def test(self) -> str:
        """The name of the test this criterion uses."""
        return next(n for n in TESTS if getattr(self, "is_" if n == "is" else n) is not None)

    @cached_property
    def expected(self) -> Any:
        """The value(s) the test compares with."""
        return getattr(self, "is_" if self.test == "is" else self.test)


ScopeValue = str | list[str]
SCOPE_FIELDS = (
    "service",
    "body_region",
    "body_regions",
    "diagnosis",
    "course",
    "side",
    "surgery_type",
    "postsurgical",
    "perioperative",
    "oral_suspension",
    "prior_imaging",
)


class Scope(_Strict):
    """What a rule applies to. A stated fact outside the scope means the rule does not apply;
    an unstated one means it might (the finding is then unknown)."""

    service: ScopeValue
    body_region: ScopeValue | None = None
    body_regions: ScopeValue | None = Field(
        None, description="Any of the regions a request treats (a request is decided whole)"
    )
    diagnosis: ScopeValue | None = None
    course: ScopeValue | None = None
    side: ScopeValue | None = None
    surgery_type: ScopeValue | None = None
    # surgery_type and the flags name a kind of request; unlike the fields above, when unstated
    # the rule does not apply (a request is postsurgical or perioperative only when it says so).
    postsurgical: bool | None = Field(None, description="true: only treatment after surgery")
    perioperative: bool | None = Field(None, description="true: only services asked for with a surgery")
    oral_suspension: bool | None = Field(None, description="true: only drugs asked for as an oral suspension")
    prior_imaging: bool | None = Field(None, description="true: only imaging of a region imaged before (a repeat)")

    def items(self) -> list[tuple[str, list]]:
        """(field, allowed values) for every field the scope names, service first."""
        out: list[tuple[str, list]] = []
        for name in SCOPE_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out.append((name, [value] if isinstance(value, (str, bool)) else list(value)))
        return out


class Exclusion(_Strict):
    """Stated facts that take a request out of a rule (an unstated fact does not)."""

    body_region: ScopeValue | None = None
    course: ScopeValue | None = None
    side: ScopeValue | None = None
    postsurgical: bool | None = Field(None, description="true: the rule does not apply after surgery")
    perioperative: bool | None = Field(
        None, description="true: the rule does not apply to a service asked for with a surgery"
    )

    def items(self) -> list[tuple[str, list]]:
        out: list[tuple[str, list]] = []
        for name in type(self).model_fields:  # declared above, in order
            value = getattr(self, name)
            if value is not None:
                out.append((name, [value] if isinstance(value, (str, bool)) else list(value)))
        return out


class Rule(_Strict):
    """One guideline statement a request can be checked against."""

    id: str = Field(..., pattern=RULE_ID_PATTERN, description="Stable dotted id, e.g. cpmtg.massage.visits")
    title: str = Field(..., min_length=5)
    groups: list[str] = Field(default_factory=list)
    recommendation: Literal["recommended", "not_recommended"] = "recommended"
    citation: CitationSpec
    confidence: Literal["confirmed", "single_source", "unverified"] = Field(
        "confirmed", description="How well the numbers are sourced; unverified rules say so in every verdict"
    )
    applies_to: Scope
    except_: Exclusion | None = Field(None, alias="except")
    alternatives: str | None = Field(
        None,
        pattern=RULE_ID_PATTERN,
        description="Rules sharing this name are alternatives: a request passes if one that applies passes",
    )
    fallback: bool = Field(
        False, description="With alternatives: counts only when no other rule of the set clearly applies"
    )
    criteria: list[Criterion] = Field(default_factory=list)
    reason: str | None = Field(None, description="Why, in one sentence; the reason shown for not_recommended")
    notes: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> Rule:
        if self.fallback and not self.alternatives:
            raise ValueError("fallback: true needs alternatives: (the set it is the fallback of)")
        if self.recommendation == "not_recommended":
            if self.criteria:
                raise ValueError("a not_recommended rule has no criteria: it fails whenever it applies")
            if not self.reason:
                raise ValueError("a not_recommended rule needs a reason")
        elif not self.criteria:
            raise ValueError("a recommended rule needs at least one criterion")
        return self


class RuleFile(_Strict):
    """A rule file: one topic, any number of rules."""

    rules: list[Rule] = Field(..., min_length=1)


class Term(_Strict):
    """A vocabulary entry: the canonical key, a label and the words that mean it."""

    label: str
    synonyms: list[str] = Field(default_factory=list)
    codes: list[str] = Field(default_factory=list, description="ICD code prefixes (diagnosis categories only)")
    category: str | None = Field(None, description="Services: the family reports group it under (imaging, ...)")
    priority: int = Field(
        0, description="Services: when a request names several, the highest priority wins (then the first named)"
    )
    sessions: bool = Field(False, description="Services given in sessions or visits, whose prior sessions count")
    treatments_list: bool = Field(
        False,
        description="Services: one a case summary's account of the care given to date names when it was "
        "given (a therapy, an injection, a program, a device trial): an account that leaves it out says "
        "it was not given, a first course",
    )
    listed_under: list[str] = Field(
        default_factory=list,
        description="Services (with treatments_list): broader words an account of the care given may name "
        "it by ('injections'); an account that names one says nothing of it",
    )
    perioperative: bool = Field(
        False, description="Services: always asked for with a surgery (pre-operative clearance, surgical assistant)"
    )
    generic: bool = Field(
        False, description="Services: its words name no particular drug or device ('medications', 'tablets')"
    )
    with_surgery: bool = Field(
        False,
        description="Services: a test that, asked for in a letter that also asks for a surgery, is "
        "pre-operative testing for it (EKG, laboratory tests, chest x-ray)",
    )
    ingredients: bool = Field(
        False,
        description="Services: a product often compounded from several drugs; the drugs its request names are "
        "read as the request's ingredients (by the topical_agents section)",
    )
    no_rule: str | None = Field(
        None,
        description="Services: why the pack has no rule of its own for it (what the guidelines say and "
        "which fact is missing); shown with a no-guideline verdict",
    )
    within: list[str] = Field(
        default_factory=list, description="Body regions: the larger regions this one is part of (hand: upper_extremity)"
    )
    supplies: list[str] = Field(
        default_factory=list,
        description="Body regions (spine): the limbs its nerve roots supply, where its radicular symptoms and "
        "neurologic findings show (lumbar: lower_extremity)",
    )
    at_least: dict[str, float] = Field(
        default_factory=dict,
        description="Fact sections: a measure a letter states as a number, and the least value that counts "
        "('bmi: 40' reads 'BMI of 42' as this term)",
    )

    @field_validator("synonyms", "codes", "listed_under")
    @classmethod
    def _no_blank(cls, values: list[str]) -> list[str]:
        if any(not v.strip() for v in values):
            raise ValueError("empty synonym or code")
        return values

    @model_validator(mode="after")
    def _listed_under_needs_a_list(self) -> Term:
        if self.listed_under and not self.treatments_list:
            raise ValueError("listed_under is read only with treatments_list: true; add it, or drop listed_under")
        return self


def _section(description: str | None = None) -> Any:
    """An optional vocabulary section: canonical key -> Term."""
    return Field(default_factory=dict, description=description)


class VocabularyFile(_Strict):
    """rules/vocabulary.yaml."""

    services: dict[str, Term]
    body_regions: dict[str, Term] = _section()
    diagnosis_categories: dict[str, Term] = _section()
    surgeries: dict[str, Term] = _section()
    imaging_lesions: dict[str, Term] = _section("Imaging findings of a lesion that surgery is known to repair")
    gi_risk_factors: dict[str, Term] = _section("Conditions and drugs that document gastrointestinal risk (gi_risk)")
    cardiac_risk_factors: dict[str, Term] = _section("Conditions that document cardiovascular or renal risk")
    bleeding_risk_factors: dict[str, Term] = _section("A bleeding history, bleeding disorder or anticoagulant")
    red_flags: dict[str, Term] = _section("Signs of a serious underlying condition (red_flags)")
    oral_suspensions: dict[str, Term] = _section("Words that ask for a drug as an oral suspension")
    weight_bearing_reasons: dict[str, Term] = _section(
        "Conditions that make reduced weight bearing desirable (reduced_weight_bearing)"
    )
    topical_agents: dict[str, Term] = _section(
        "The drugs a topical product or compound is made of, one key per agent the rules name (ingredients)"
    )
    symptoms: dict[str, Term] = _section(
        "Words that name a symptom, whose stated length is read as symptom_weeks ('neck pain for 6 months')"
    )


class PackFile(_Strict):
    """rules/pack.yaml: names and versions the pack."""

    name: str
    version: str
    description: str | None = None


class CaseExpect(_Strict):
    """What a test case expects."""

    verdict: Literal["certify", "non-certify", "needs-info", "no-guideline"] | None = None
    findings: dict[str, Literal["pass", "fail", "unknown", "absent"]] = Field(default_factory=dict)
    reason_contains: list[str] = Field(default_factory=list)
    missing_contains: list[str] = Field(default_factory=list)
    modify_to: dict[str, Any] | None = None


class Case(_Strict):
    """One named test case: a request and what the pack must say about it."""

    name: str = Field(..., pattern=r"^[a-z0-9_]+$")
    description: str | None = None
    request: dict[str, Any]
    as_of: dt.date | None = None
    expect: CaseExpect
    skip: str | None = Field(None, description="Why this case is skipped (reported, not run)")


class CaseFile(_Strict):
    """<topic>.cases.yaml beside <topic>.yaml."""

    cases: list[Case] = Field(..., min_length=1)
