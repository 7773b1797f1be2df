"""From a parsed item to the canonical request and its facts, every value with its evidence."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

from pydantic import ValidationError

from mtus_check.letters.fact_reader import Mode
from mtus_check.letters.facts import (
    DRUG_CATEGORIES,
    Finders,
    SummaryFacts,
    current_medications,
    fact_finders,
    fact_reader,
    imaging_lesion,
    narrative_facts,
    prior_imaging,
    reviewer_findings,
)
from mtus_check.letters.models import Evidence, ExtractedFact, LetterItem, ParsedLetter
from mtus_check.letters.prior import not_among_treatments
from mtus_check.letters.request_text import read_side, read_size
from mtus_check.letters.sentences import Sentence, sentences
from mtus_check.models.request import Request
from mtus_check.rules.facts_loader import Reading
from mtus_check.rules.request_facts import RequestFacts, request_facts
from mtus_check.rules.vocabulary import Vocabulary
from mtus_check.text import lowercase, pattern

UNCLASSIFIED = "unclassified"
_PREFIX = re.compile(
    r"^(?:associated surgical service|labs? to include|retrospective(?: request for)?|prospective"
    r"|request for|purchase of|rental of)\s*:?\s*",
    re.I,
)
# these are searched on lowercased request texts (see text.pattern)
_EXTENSION = pattern(
    r"\b(?:continue[ds]?|continuation|continuing|additional|more|extension|further|remaining|"
    r"repeat|ongoing|re-?exam)\b"
)
_POSTSURGICAL = pattern(r"\b(?:post-?op(?:erative)?|post-?surgical|associated\s+surgical\s+service|after\s+surgery)\b")
# "post-op" alone may be therapy after a surgery already done; these always go with a surgery
_WITH_SURGERY = pattern(
    r"\b(?:pre-?op(?:erative)?|peri-?operative|associated\s+surgical\s+service|surgical\s+assist\w*)\b"
)
_INITIAL = pattern(r"\b(?:initial|trial|first|new)\b")
_AUTHORIZED_BY = pattern(r"\s+was\s+authorized\s+by\s+the\s+Claims\s+Administrator")


def _authorized_part(text: str) -> tuple[str, tuple[int, int]] | None:
    """What UR authorized ("Six sessions ... was authorized by the Claims Administrator"): the
    sentence before the phrase, and the span from its start to the phrase's end."""
    found = _AUTHORIZED_BY.search(lowercase(text))
    if found is None:
        return None
    start = text.rfind(".", 0, found.start()) + 1
    return text[start : found.start()], (start, found.end())


_REQUEST_FIELDS = set(Request.model_fields)


def _request_evidence(text: str, span: tuple[int, int]) -> Evidence:
    return Evidence(section="request", quote=text[span[0] : span[1]].strip(), start=span[0], end=span[1])


def _put(facts: dict[str, ExtractedFact], name: str, value: object, evidence: Evidence) -> None:
    facts.setdefault(name, ExtractedFact(value=value, evidence=evidence))


class CaseContext:
    """What all items of one letter share: the summary's sentences and facts, found once."""

    def __init__(self, letter: ParsedLetter, reading: Reading) -> None:
        self.reading = reading
        finders = fact_finders(reading.facts, reading.vocabulary)
        self.findings: Finders = fact_finders(reading.facts, reading.vocabulary, "findings")
        self.sentences = sentences(letter.summary, 0, "summary")
        self.facts = SummaryFacts(self.sentences, finders)
        self._lazy: dict[str, Any] = {}  # found on first use: most letters never need them
        # id(sentence) -> (the sentence, kept so its id stays its own, its regions)
        self._regions: dict[int, tuple[Sentence, frozenset[str]]] = {}

    def _once(self, key: str, find: Callable[[], Any]) -> Any:
        if key not in self._lazy:
            self._lazy[key] = find()
        return self._lazy[key]

    def surgery_item(self, letter: ParsedLetter, vocabulary: Vocabulary) -> LetterItem | None:
        """The letter's first item that requests a surgery itself."""
        return self._once(
            "surgery", lambda: next((i for i in letter.items if _is_surgery(i.request_text, vocabulary)), None)
        )

    def current_medications(self, vocabulary: Vocabulary) -> ExtractedFact | None:
        """The drugs the summary says the patient takes, if it names any."""
        drugs = vocabulary.services_of(DRUG_CATEGORIES)
        return self._once("medications", lambda: current_medications(self.sentences, drugs))

    def regions_named(self, sentence: Sentence, vocabulary: Vocabulary) -> frozenset[str]:
        """The body regions a sentence names (found once per sentence: items share the summary's)."""
        key = id(sentence)
        if key not in self._regions:
            self._regions[key] = (sentence, frozenset(k for k, _, _ in vocabulary.body_regions.matches(sentence.text)))
        return self._regions[key][1]

    def imaging_lesion(self, vocabulary: Vocabulary) -> ExtractedFact | None:
        """The summary's imaging report of a lesion surgery repairs, if any."""
        return self._once("lesion", lambda: imaging_lesion(self.sentences, vocabulary.imaging_lesions))


def _is_surgery(text: str, vocabulary: Vocabulary) -> bool:
    best = vocabulary.services.best(text)
    term = vocabulary.services.terms[best[0]] if best else None
    return term is not None and term.category == "surgery" and not term.perioperative


# service -> the request fields worth reading for it (None: every fact the reader knows)
FactsFor = Callable[[str], Collection[str] | None]


def extract_item(
    item: LetterItem,
    letter: ParsedLetter,
    reading: Reading,
    context: CaseContext | None = None,
    facts_for: FactsFor | None = None,
) -> None:
    """Fill item.request and item.facts from the item's request text and the letter's case
    summary, and item.reviewer_findings from its rationale (kept apart: never in the request).
    With `facts_for` (e.g. RulePack.fields_for), only the narrative facts some rule for the
    item's service reads are looked for: an audit needs no others, and they cost time."""
    vocabulary = reading.vocabulary
    context = context or CaseContext(letter, reading)
    text = item.request_text
    subject = item.eligible_text or text  # after a UR modification, only the remainder is decided
    offset = text.find(subject) if item.eligible_text else 0
    stripped = _PREFIX.sub("", subject)
    offset += len(subject) - len(stripped)
    facts: dict[str, ExtractedFact] = {}

    best = vocabulary.services.best(stripped)
    service = best[0] if best else UNCLASSIFIED
    drug = best is not None and (vocabulary.services.terms[service].category or "") in DRUG_CATEGORIES
    if best:
        named = _request_evidence(text, (offset + best[1], offset + best[2]))
        _put(facts, "service", service, named)
        if drug:
            _put(facts, "drug", stripped[best[1] : best[2]], named)
            form = vocabulary.oral_suspensions.matches(stripped)
            if form:
                span = (offset + form[0][1], offset + form[0][2])
                _put(facts, "oral_suspension", True, _request_evidence(text, span))
    else:
        item.notes.append("no service in the vocabulary matches this request; add a synonym to rules/vocabulary.yaml")

    size = read_size(stripped)
    for name in ("quantity", "frequency_per_week", "duration_weeks", "strength"):
        value = getattr(size, name)
        if value is not None:
            start, end = size.spans.get(name, (0, 0))
            if name == "quantity" and name not in size.spans:
                start, end = size.spans.get("frequency_per_week", (0, len(stripped)))
            _put(facts, name, value, _request_evidence(text, (offset + start, offset + end)))
    item.notes.extend(size.notes)

    regions = vocabulary.body_regions.matches(stripped)
    if regions:
        key, start, end = regions[0]
        _put(facts, "body_region", key, _request_evidence(text, (offset + start, offset + end)))
        others = [(k, s, e) for k, s, e in regions if k != key]
        if others:
            names = list(dict.fromkeys(k for k, _, _ in others))
            span = (offset + others[0][1], offset + others[-1][2])
            _put(facts, "other_body_regions", names, _request_evidence(text, span))
    side = read_side(stripped)
    if side:
        _put(facts, "side", side[0], _request_evidence(text, (offset + side[1][0], offset + side[1][1])))

    postop = _POSTSURGICAL.search(lowercase(subject))
    if postop:
        start = offset - (len(subject) - len(stripped)) + postop.start()
        _put(facts, "postsurgical", True, _request_evidence(text, (start, start + len(postop.group(0)))))

    lowered = lowercase(stripped)
    course = _EXTENSION.search(lowered)
    if course:
        _put(facts, "course", "extension", _request_evidence(text, (offset + course.start(), offset + course.end())))
    elif (initial := _INITIAL.search(lowered)) is not None:
        _put(facts, "course", "initial", _request_evidence(text, (offset + initial.start(), offset + initial.end())))

    _perioperative(item, letter, vocabulary, context, service, facts)
    _surgery_named(stripped, offset, text, vocabulary, service, facts)

    # prior sessions and "had it before" make sense only for services given in sessions
    synonyms: list[str] = []
    term = vocabulary.services.terms.get(service)
    if term is not None and term.sessions:
        synonyms = [service.replace("_", " "), term.label, *term.synonyms]
    rationale = sentences(item.rationale, 0, "rationale")
    wanted = facts_for(service) if facts_for is not None else None
    item_regions = _request_regions(facts)
    about_regions = _about_regions(item_regions, vocabulary, context) if item_regions else None
    narrative = narrative_facts(context.sentences, synonyms, context.facts, wanted, about_regions)
    if wanted is None or "prior_imaging" in wanted:
        found = prior_imaging(context.sentences, about_regions)
        if found is not None:
            narrative["prior_imaging"] = found
    item.reviewer_findings = reviewer_findings(rationale, context.findings, wanted)
    _localize(facts, narrative, item, rationale, context, vocabulary)
    if wanted is None or "imaging_lesion" in wanted:
        lesion = context.imaging_lesion(vocabulary)
        if lesion is not None:
            narrative["imaging_lesion"] = lesion
    if wanted is None or "current_medications" in wanted:
        medications = context.current_medications(vocabulary)
        if medications is not None:
            narrative["current_medications"] = medications
    _continued_drug(service, facts, narrative, context, vocabulary)
    counts_sessions = wanted is None or "prior_sessions" in wanted
    stated = "prior_sessions" in facts or "prior_sessions" in narrative or "course" in narrative
    if counts_sessions and not stated:
        listed = not_among_treatments(context.sentences, synonyms)
        if listed is not None:
            narrative["prior_sessions"] = listed
            item.notes.append("no prior sessions: the treatments to date listed in the summary do not include it")
    surgery = facts.get("surgery")
    if "perioperative" in facts and surgery is not None and surgery.evidence.section.startswith("item:"):
        # the surgery is still being decided: therapy the letter reports came before it
        narrative.pop("prior_sessions", None)
    if "prior_sessions" in facts or "prior_sessions" in narrative:
        narrative.pop("course", None)  # a stated count decides initial vs extension
    for name, fact in narrative.items():
        facts.setdefault(name, fact)
    _count_authorized(item, facts)
    item.facts = facts
    item.request = _request(facts, letter, item, request_facts(reading.facts))


def _request_regions(facts: dict[str, ExtractedFact]) -> list[str]:
    """Every body region the request names, the first first."""
    if "body_region" not in facts:
        return []
    others = facts["other_body_regions"].value if "other_body_regions" in facts else []
    return [facts["body_region"].value, *others]


def _about_regions(regions: list[str], vocabulary: Vocabulary, context: CaseContext) -> Callable[[Sentence], bool]:
    """Whether a sentence is about one of `regions`: it names one of them, or no region at all."""

    def about(sentence: Sentence) -> bool:
        named = context.regions_named(sentence, vocabulary)
        return not named or any(vocabulary.same_limb(region, k) for region in regions for k in named)

    return about


def _localize(
    facts: dict[str, ExtractedFact],
    narrative: dict[str, ExtractedFact],
    item: LetterItem,
    rationale: list[Sentence],
    context: CaseContext,
    vocabulary: Vocabulary,
) -> None:
    """For a request about a limb, read the facts whose specs are scoped to the body region
    (limb symptoms, neurologic findings) only from sentences about that limb (or none)."""
    region = facts.get("body_region")
    terms = vocabulary.body_regions.terms
    limbs = {larger for term in terms.values() for larger in term.within}
    if region is None or not (region.value in limbs or terms[region.value].within):
        return
    about = _about_regions([region.value], vocabulary, context)
    reader = fact_reader(context.reading.facts, vocabulary)
    summary = [s for s in context.sentences if about(s)]
    said = [s for s in rationale if about(s)]
    readings: tuple[tuple[dict[str, ExtractedFact], list[Sentence], Mode], ...] = (
        (narrative, summary, "case"),
        (item.reviewer_findings, said, "findings"),
    )
    for name in reader.names:
        if not reader.scoped(name):
            continue
        for record, sents, mode in readings:
            if name in record:
                value = reader.read(name, sents, mode)
                if value is None:
                    del record[name]
                else:
                    record[name] = value


def _surgery_named(
    stripped: str, offset: int, text: str, vocabulary: Vocabulary, service: str, facts: dict[str, ExtractedFact]
) -> None:
    """A request that names a surgery it is for ("consult ... for a total hip arthroplasty"),
    and is neither that surgery nor part of it, says the surgery is being considered."""
    term = vocabulary.services.terms.get(service)
    if term is None or term.category == "surgery" or "perioperative" in facts or "postsurgical" in facts:
        return
    surgeries = vocabulary.services_of(("surgery",))
    for key, start, end in surgeries.matches(stripped):
        if not surgeries.terms[key].perioperative:
            _put(facts, "surgery_considered", True, _request_evidence(text, (offset + start, offset + end)))
            return


def _continued_drug(
    service: str,
    facts: dict[str, ExtractedFact],
    narrative: dict[str, ExtractedFact],
    context: CaseContext,
    vocabulary: Vocabulary,
) -> None:
    """A drug of a class the patient already takes is a continuation (course: extension)."""
    term = vocabulary.services.terms.get(service)
    if term is None or term.category not in DRUG_CATEGORIES or "course" in facts or "course" in narrative:
        return
    taking = context.current_medications(vocabulary)
    if taking is None:
        return
    for name in taking.value:
        found = vocabulary.services.best(name)
        if found is not None and found[0] == service:
            narrative["course"] = ExtractedFact(value="extension", evidence=taking.evidence)
            return


def _perioperative(
    item: LetterItem,
    letter: ParsedLetter,
    vocabulary: Vocabulary,
    context: CaseContext,
    service: str,
    facts: dict[str, ExtractedFact],
) -> None:
    """Mark an item asked for with a surgery, and name that surgery (another item of the letter)."""
    text = item.request_text
    term = vocabulary.services.terms.get(service)
    lowered = lowercase(text)
    marker = _WITH_SURGERY.search(lowered)
    postop = _POSTSURGICAL.search(lowered)
    if marker is None and postop is None and not (term is not None and term.perioperative):
        return  # most items: nothing says they go with a surgery
    surgery = context.surgery_item(letter, vocabulary)
    if surgery is item:
        return
    if marker:
        _put(facts, "perioperative", True, _request_evidence(text, marker.span()))
    elif term is not None and term.perioperative:
        _put(facts, "perioperative", True, facts["service"].evidence)
    elif surgery is not None and postop is not None:
        # "post-op" therapy in a letter that also decides the surgery goes with that surgery
        _put(facts, "perioperative", True, _request_evidence(text, postop.span()))
    if "perioperative" not in facts or surgery is None:
        return
    quote = surgery.request_text
    evidence = Evidence(section=f"item:{surgery.index}", quote=quote, start=0, end=len(quote))
    facts["surgery"] = ExtractedFact(value=quote, evidence=evidence)
    if "course" not in facts:
        # the surgery is still being decided, so any therapy after it would be the first course
        _put(facts, "course", "initial", evidence)
    item.notes.append(f"asked for with the surgery of item {surgery.index}; it follows that decision")


def _count_authorized(item: LetterItem, facts: dict[str, ExtractedFact]) -> None:
    """After a UR modification the authorized part comes before the remaining portion: count it
    with the sessions already received."""
    if not item.eligible_text:
        return
    authorized = _authorized_part(item.request_text)
    granted = read_size(authorized[0]).quantity if authorized else None
    if not authorized or not granted:
        return
    before = facts["prior_sessions"].value if "prior_sessions" in facts else 0
    facts["prior_sessions"] = ExtractedFact(
        value=before + granted, evidence=_request_evidence(item.request_text, authorized[1])
    )
    item.notes.append(
        f"prior sessions {before + granted} = {before} already received + {granted} authorized by UR"
        if before
        else f"prior sessions {granted}: authorized by UR before the remaining portion"
    )


def _request(
    facts: dict[str, ExtractedFact], letter: ParsedLetter, item: LetterItem, declared: RequestFacts
) -> Request | None:
    """The item's request: the request's own fields, and the facts the pack declares, typed by
    their specs; a value out of its bounds is dropped with a note (the rest still decides)."""
    data: dict[str, object] = {k: f.value for k, f in facts.items() if k in _REQUEST_FIELDS or k in declared.names}
    data["service"] = facts["service"].value if "service" in facts else UNCLASSIFIED
    data["id"] = f"{letter.letter_id}#{item.index}"
    if letter.diagnoses:
        data["diagnoses"] = letter.diagnoses
    date = letter.ur_denial_date or letter.decision_date or letter.date_assigned
    if date is not None:
        data["date_of_service"] = date
    if letter.date_of_injury is not None:
        data["date_of_injury"] = letter.date_of_injury
    if letter.claimant.age is not None:
        data["age"] = letter.claimant.age
    if isinstance(data.get("quantity"), float):
        data["quantity"] = int(data["quantity"])  # type: ignore[call-overload]
    stated = {k: v for k, v in data.items() if k in declared.names}
    typed, _problems = declared.check(stated)
    bad = {k for k in stated if k not in typed}
    own = {k: v for k, v in data.items() if k not in stated}
    try:
        request = Request.model_validate(own | typed)
    except ValidationError as exc:
        bad |= {str(e["loc"][0]) for e in exc.errors()}
        request = Request.model_validate({k: v for k, v in (own | typed).items() if k not in bad})
    if bad:
        item.notes.append(f"dropped facts that are out of range: {', '.join(sorted(bad))}")
    return request
