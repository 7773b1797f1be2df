"""From a parsed item to the canonical request and its facts, every value with its evidence."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection

from pydantic import ValidationError

from mtus_check.letters.drug_scope import drug_scoped, drugs_relief_left_out
from mtus_check.letters.fact_reader import Mode
from mtus_check.letters.facts import DRUG_CATEGORIES, fact_reader, narrative_facts, reviewer_findings
from mtus_check.letters.imaging import imaging_finders
from mtus_check.letters.letter_facts import UNRECOGNIZED, FactsFor, LetterFacts
from mtus_check.letters.models import Evidence, ExtractedFact, ItemRef, LetterItem, ParsedLetter
from mtus_check.letters.precedence import decide
from mtus_check.letters.prior import prior_sessions
from mtus_check.letters.region_scope import about_regions, about_scopes
from mtus_check.letters.request_drug import drug_name, drug_span, name_unnumbered, without_strengths
from mtus_check.letters.request_text import read_side, read_size
from mtus_check.letters.sentences import Sentence, evidence, sentences
from mtus_check.letters.subject import subject, unframed
from mtus_check.letters.summary_request import FIELDS as SIZE_FIELDS
from mtus_check.letters.summary_request import summary_size
from mtus_check.letters.treatment_scope import about_treatment
from mtus_check.letters.treatments import listed, not_among_treatments
from mtus_check.models.request import Request
from mtus_check.rules.facts_loader import Reading
from mtus_check.rules.factspec import FactSource, Scope
from mtus_check.rules.request_facts import RequestFacts, request_facts
from mtus_check.rules.shorthand import spelling
from mtus_check.rules.vocabulary import Vocabulary
from mtus_check.text import lowercase, pattern

UNCLASSIFIED = UNRECOGNIZED
# these are searched on lowercased request texts (see text.pattern)
_EXTENSION = pattern(
    r"\b(?:continue[ds]?|continuation|continuing|additional|more|"
    r"(?<!flexion/)(?<!flexion-)(?<!flexion )(?<!flexion and )extension|further|remaining|repeat|ongoing|re-?exam|"
    r"(?:second|2nd|third|3rd)(?!\s+opinion))\b"
)  # "flexion/extension x-rays" are views, not more of a course; a second opinion is no second course
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


def extract_item(
    item: LetterItem,
    letter: ParsedLetter,
    reading: Reading,
    shared: LetterFacts | None = None,
    facts_for: FactsFor | None = None,
) -> None:
    """Fill item.request and item.facts from the item's request text and the letter's shared
    facts, and item.reviewer_findings from its rationale (kept apart: never in the request).
    Each source states its facts; rules/facts/sources.yaml decides which source wins.
    With `facts_for` (e.g. RulePack.fields_for), only the narrative facts some rule for the
    item's service reads are looked for: an audit needs no others, and they cost time."""
    vocabulary = reading.vocabulary
    shared = shared or LetterFacts.read(letter, reading, facts_for)
    stripped, offset = subject(item)
    request, service = _from_request(item, stripped, offset, vocabulary)
    with_surgery = _with_surgery(item, letter, vocabulary, shared, service, request)
    if "postsurgical" not in request and "perioperative" not in with_surgery:
        _surgery_named(stripped, offset, item.request_text, vocabulary, service, request)

    # prior sessions and "had it before" make sense only for services given in sessions
    synonyms: list[str] = []
    term = vocabulary.services.terms.get(service)
    if term is not None and term.sessions:
        synonyms = [service.replace("_", " "), term.label, *term.synonyms]
    rationale = sentences(item.rationale, 0, "rationale", spelling(reading.facts.shorthand))
    wanted = facts_for(service) if facts_for is not None else None
    item_regions = _request_regions(request)
    named = shared.regions_named
    about_region = about_regions(item_regions, vocabulary, named, "body_region") if item_regions else None
    summary = narrative_facts(list(shared.sentences), synonyms, shared.stated, shared.given, wanted, about_region)
    find_prior = imaging_finders(reading.facts, vocabulary).get("prior_imaging")
    prior_spec = reading.facts.get("prior_imaging")
    if find_prior is not None and prior_spec is not None and (wanted is None or "prior_imaging" in wanted):
        # read for the request's region as its spec scopes it
        about = about_regions(item_regions, vocabulary, named, prior_spec.scope) if item_regions else None
        found = find_prior(list(shared.sentences), about)
        if found is not None:
            summary["prior_imaging"] = found
    item.reviewer_findings = reviewer_findings(rationale, shared.findings, wanted)
    if synonyms and (wanted is None or "prior_sessions" in wanted):
        # a count of sessions already given that the reviewer states ("the prior eight sessions",
        # "the 12 visits already given": a rationale about this item may leave the service unnamed,
        # where it names no other); a zero is never a finding: a rationale's silence says nothing
        services = vocabulary.services
        given = prior_sessions(rationale, synonyms, shared.given, about_region, lambda s: not services.matches(s.text))
        if given is not None and given.value:
            item.reviewer_findings["prior_sessions"] = given
    _localize(request, summary, item, rationale, shared, reading)
    # relief and function recorded for another drug say nothing of this one (letters.drug_scope)
    scoped = [s.fact for s in reading.facts.declared if s.drug_scoped and (wanted is None or s.fact in wanted)]
    if scoped:
        finders = shared.stated.finders
        drug_scoped(summary, scoped, list(shared.sentences), service, vocabulary, lambda n, ss: finders[n](ss))
        drug_scoped(
            item.reviewer_findings, scoped, rationale, service, vocabulary, lambda n, ss: shared.findings[n](ss)
        )
    if wanted is None or "pain_relief_percent" in wanted:
        # a drug's relief told by ratings with and without it is no injection's or therapy's
        medication = dict(reading.facts.classes).get("medication", ())
        for record, sents, finders in (
            (summary, list(shared.sentences), shared.stated.finders),
            (item.reviewer_findings, rationale, shared.findings),
        ):
            finder = finders.get("pain_relief_percent")
            if finder is not None:
                drugs_relief_left_out(
                    record,
                    "pain_relief_percent",
                    sents,
                    service,
                    vocabulary,
                    medication,
                    finder,
                )
    _by_treatment(summary, service, shared, reading, wanted)
    if (wanted is None or "imaging_lesion" in wanted) and shared.lesion is not None:
        summary["imaging_lesion"] = shared.lesion
    if (wanted is None or "current_medications" in wanted) and shared.medications is not None:
        summary["current_medications"] = shared.medications
    if any(name not in request for name in SIZE_FIELDS):
        # how often and how long, as the summary's own request for the service tells them
        quantity, drug = request.get("quantity"), request.get("drug")
        told = summary_size(
            shared.sentences,
            service,
            quantity.value if quantity is not None else None,
            str(drug.value) if drug is not None else None,
            vocabulary.services,
            vocabulary.body_regions,
            item_regions[0] if item_regions else None,
        )
        summary.update({k: v for k, v in told.items() if k not in request})
    treatments: dict[str, ExtractedFact] = {}
    in_lists = listed(vocabulary, service)
    # a request for more of the service ("additional therapy") says some was given: an account of
    # the care that leaves it out is no first course
    more = request.get("course")
    asks_more = more is not None and more.value == "extension"
    if in_lists is not None and (wanted is None or "prior_sessions" in wanted) and not asks_more:
        context = fact_reader(reading.facts, vocabulary).context()
        untold = not_among_treatments(shared.sentences, in_lists, vocabulary, context, about_region)
        if untold is not None:
            treatments["prior_sessions"] = untold
    stated: dict[FactSource, dict[str, ExtractedFact]] = {
        "request": request,
        "surgery_item": with_surgery,
        "summary": summary,
        # the summary saying the patient has not taken this drug (or its class) is more specific than
        # a list of drugs named near "prescribed" (which may be the very prescription under review);
        # another drug of the class not taken ("takes no aspirin") only when no drug of it is taken
        "medications": _new_drug(service, request, shared, reading, siblings=False)
        or _continued_drug(service, shared, vocabulary)
        or _new_drug(service, request, shared, reading),
        "treatments_list": treatments,
    }
    facts, origin = decide(stated, reading.facts.sources)
    if synonyms:
        _never_given(facts, reading)
    if origin.get("prior_sessions") == "treatments_list":
        item.notes.append("no prior sessions: the treatments to date listed in the summary do not include it")
    _count_authorized(item, facts)
    item.facts = facts
    item.request = _request(facts, letter, item, request_facts(reading.facts))


def _from_request(
    item: LetterItem, stripped: str, offset: int, vocabulary: Vocabulary
) -> tuple[dict[str, ExtractedFact], str]:
    """The facts the request text states (service, size, regions, side, course), and the service."""
    text = item.request_text
    facts: dict[str, ExtractedFact] = {}
    unmeasured = without_strengths(stripped)
    best = vocabulary.services.best(unmeasured)
    service = best[0] if best else UNCLASSIFIED
    drug = best is not None and (vocabulary.services.terms[service].category or "") in DRUG_CATEGORIES
    if best:
        named = _request_evidence(text, (offset + best[1], offset + best[2]))
        _put(facts, "service", service, named)
        if drug:
            drugs = [(s, e) for key, s, e in vocabulary.services.matches(unmeasured) if _is_drug(vocabulary, key)]
            _put(facts, "drug", drug_name(unmeasured, drug_span(unmeasured, drugs, (best[1], best[2]))), named)
            _ingredients(vocabulary, service, unmeasured, text, offset, facts)
            form = vocabulary.oral_suspensions.matches(stripped)
            if form:
                span = (offset + form[0][1], offset + form[0][2])
                _put(facts, "oral_suspension", True, _request_evidence(text, span))
    else:
        item.notes.append("no service in the vocabulary matches this request; add a synonym to rules/vocabulary.yaml")

    size = read_size(name_unnumbered(stripped, unmeasured, best))
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
    side = read_side(stripped, [(start, end) for key, start, end in regions if vocabulary.is_limb(key)])
    if side:
        _put(facts, "side", side[0], _request_evidence(text, (offset + side[1][0], offset + side[1][1])))

    framed = item.eligible_text or text  # the framing words ("Associated surgical service") count here
    postop = _POSTSURGICAL.search(lowercase(framed))
    if postop:
        start = offset - (len(framed) - len(stripped)) + postop.start()
        _put(facts, "postsurgical", True, _request_evidence(text, (start, start + len(postop.group(0)))))

    lowered = lowercase(stripped)
    course = _EXTENSION.search(lowered)
    if course:
        _put(facts, "course", "extension", _request_evidence(text, (offset + course.start(), offset + course.end())))
    elif (initial := _INITIAL.search(lowered)) is not None:
        _put(facts, "course", "initial", _request_evidence(text, (offset + initial.start(), offset + initial.end())))
    return facts, service


def _ingredients(
    vocabulary: Vocabulary, service: str, unmeasured: str, text: str, offset: int, facts: dict[str, ExtractedFact]
) -> None:
    """The drugs a compounded product's request names ("Flurbiprofen 20%/Baclofen 5%/Lidocaine 4%
    cream"), each as written with its strength left out, so that a form named with it stays
    ("Lidocaine 5% patch" is the patch); only for services marked `ingredients` in the vocabulary.
    Only agents topical_agents names are found: an unlisted one is left out (it decides nothing)."""
    term = vocabulary.services.terms.get(service)
    if term is None or not term.ingredients:
        return
    found = vocabulary.topical_agents.matches(unmeasured)
    if not found:
        return
    names = list(dict.fromkeys(" ".join(unmeasured[s:e].split()) for _, s, e in found))
    span = (offset + found[0][1], offset + found[-1][2])
    _put(facts, "ingredients", names, _request_evidence(text, span))


def _is_drug(vocabulary: Vocabulary, key: str) -> bool:
    term = vocabulary.services.terms[key]
    return (term.category or "") in DRUG_CATEGORIES and not term.generic


def _request_regions(facts: dict[str, ExtractedFact]) -> list[str]:
    """Every body region the request names, the first first."""
    if "body_region" not in facts:
        return []
    others = facts["other_body_regions"].value if "other_body_regions" in facts else []
    return [facts["body_region"].value, *others]


def _localize(
    request: dict[str, ExtractedFact],
    summary: dict[str, ExtractedFact],
    item: LetterItem,
    rationale: list[Sentence],
    shared: LetterFacts,
    reading: Reading,
) -> None:
    """For a request about a body region, read the facts whose specs are scoped to it (failed
    care, red flags, limb symptoms, neurologic findings) only from sentences about that region
    (or naming none): therapy that failed for the knee says nothing of a low back request.
    For a request about no region (a drug), see _unlocalized."""
    vocabulary = reading.vocabulary
    regions = _request_regions(request)
    reader = fact_reader(reading.facts, vocabulary)
    named = shared.regions_named
    sources: tuple[tuple[dict[str, ExtractedFact], list[Sentence], Mode], ...] = (
        (summary, list(shared.sentences), "case"),
        (item.reviewer_findings, rationale, "findings"),
    )
    kept: dict[tuple[Scope, Mode], list[Sentence]] = {}  # the sentences about the regions, per scope and source
    about = about_scopes(regions, vocabulary, named)

    def read(name: str, sents: list[Sentence], mode: Mode, by_phrase: bool = False) -> ExtractedFact | None:
        if name in reader.compiled:
            return reader.read(name, sents, mode, about if by_phrase else None)
        # a fact read by its own grammar (symptom_weeks), with the letter's finder of that source
        return (shared.stated.finders if mode == "case" else shared.findings)[name](sents)

    # the phrase-read facts, then those read by a grammar whose spec scopes them (in name order)
    grammar = sorted(n for n in shared.stated.finders if n not in reader.compiled)
    scopes = [(n, reader.scopes(n)) for n in reader.names]
    scopes += [(n, frozenset({spec.scope})) for n in grammar if (spec := reading.facts.get(n)) is not None]
    for name, scoped in scopes:
        if scoped == {"none"}:
            continue
        for record, sents, mode in sources:
            if name not in record:
                continue
            if not regions:
                value = _unlocalized(name, sents, named, read, mode)
            elif len(scoped) > 1:
                # phrases read with scopes of their own: each mention's sentence tested for its scope
                value = read(name, sents, mode, by_phrase=True)
            else:
                [scope] = scoped
                if (scope, mode) not in kept:
                    test = about_regions(regions, vocabulary, named, scope)
                    kept[scope, mode] = [s for s in sents if test(s)]
                value = read(name, kept[scope, mode], mode)
            if value is None:
                del record[name]
            else:
                record[name] = value


def _by_treatment(
    summary: dict[str, ExtractedFact],
    service: str,
    shared: LetterFacts,
    reading: Reading,
    wanted: Collection[str] | None,
) -> None:
    """The facts that are a treatment's effect (spec `by_treatment`), read again from the
    sentences that may speak of this item's service: what acupuncture did is not the Norco's."""
    reader = fact_reader(reading.facts, reading.vocabulary)
    names = [
        n
        for n in reader.names
        if n in summary and (spec := reading.facts.get(n)) is not None and spec.by_treatment
        if wanted is None or n in wanted
    ]
    if not names or service == UNCLASSIFIED:
        return
    test = about_treatment(service, reading.vocabulary)
    sents = [s for s in shared.sentences if test(s)]
    for name in names:
        value = reader.read(name, sents, "case", None)
        if value is None:
            del summary[name]
        else:
            summary[name] = value


def _never_given(facts: dict[str, ExtractedFact], reading: Reading) -> None:
    """A service of sessions the record says was never given ("no chiropractic care for the low
    back") has had no effect: what the summary tells of function then is another treatment's (a
    drug's taper that lets him stand longer), so the effect facts (spec `by_treatment`) are unknown."""
    given = facts.get("prior_sessions")
    if given is None or given.value != 0:
        return
    for spec in reading.facts.declared:
        if spec.by_treatment:
            facts.pop(spec.fact, None)


def _unlocalized(
    name: str,
    sents: list[Sentence],
    named: Callable[[Sentence], frozenset[str]],
    read: Callable[[str, list[Sentence], Mode], ExtractedFact | None],
    mode: Mode,
) -> ExtractedFact | None:
    """A region-scoped fact for a request about no region: what sentences naming no region say;
    else what the sentences about each region say, when they agree. When one region's sentences
    say yes and another's no ("therapy for the back failed"; "no therapy for the knee"), the
    letter does not say which holds for this request: unknown, whatever the order of the two."""
    by_region: dict[frozenset[str], list[Sentence]] = {}
    for sentence in sents:
        by_region.setdefault(frozenset(named(sentence)), []).append(sentence)
    general = read(name, by_region.pop(frozenset(), []), mode)
    if general is not None:
        return general
    found = [read(name, group, mode) for group in by_region.values()]
    stated = [f for f in found if f is not None]
    return stated[0] if stated and all(f.value == stated[0].value for f in stated) else None


def _surgery_named(
    stripped: str, offset: int, text: str, vocabulary: Vocabulary, service: str, facts: dict[str, ExtractedFact]
) -> None:
    """A request that names a surgery it is for ("consult ... for a total hip arthroplasty"),
    and is neither that surgery nor part of it, says the surgery is being considered. A request
    for a surgery is the surgery it asks about (not one the summary tells of, or a relative's)."""
    term = vocabulary.services.terms.get(service)
    if term is not None and service == "surgery":
        _put(facts, "surgery", stripped.strip(), _request_evidence(text, (offset, offset + len(stripped))))
        return
    if term is None or term.category == "surgery":
        return
    surgeries = vocabulary.services_of(("surgery",))
    for key, start, end in surgeries.matches(stripped):
        if not surgeries.terms[key].perioperative:
            _put(facts, "surgery_considered", True, _request_evidence(text, (offset + start, offset + end)))
            return


# told of someone else or supposed: says nothing of the patient's own course
_NOT_THE_PATIENTS = frozenset({"FAMILY", "OTHER_PERSON", "HYPOTHETICAL", "GUIDELINE"})


def _new_drug(
    service: str, request: dict[str, ExtractedFact], shared: LetterFacts, reading: Reading, siblings: bool = True
) -> dict[str, ExtractedFact]:
    """A drug the summary says the patient has not tried ("she has not tried gabapentin or any
    other neuropathic medication") is a first course (course: initial). Without `siblings`, only
    the drug asked for or its class named ("a muscle relaxant"), not another drug of the class."""
    vocabulary = reading.vocabulary
    term = vocabulary.services.terms.get(service)
    if term is None or term.category not in DRUG_CATEGORIES:
        return {}
    written = request.get("drug")
    label = term.label.lower()
    others = term.synonyms if siblings else [s for s in term.synonyms if s.lower() in (label, f"{label}s")]
    names = [*([str(written.value)] if written is not None else []), *others]
    named = _names_pattern(tuple(names))
    for sentence in shared.sentences:
        # the drug's name first: a search, where "none received" is a reading of the sentence
        drug = named.search(sentence.lower)
        never = prior_sessions([sentence], names, shared.given) if drug is not None else None
        if drug is not None and never is None and _START.search(sentence.lower, 0, drug.start()):
            # a plan that starts the drug ("Plan: start duloxetine (Cymbalta) 30 mg"): a first course
            never = ExtractedFact(value=0, evidence=evidence(sentence, drug))
        if never is None or never.value != 0 or drug is None:
            continue
        [mods] = fact_reader(reading.facts, vocabulary).context().modifiers(sentence.text, [drug.span()])
        if not mods & _NOT_THE_PATIENTS:
            return {"course": ExtractedFact(value="initial", evidence=never.evidence)}
    return {}


# a drug started now, by the plan: the verb right before the name ("start duloxetine (Cymbalta)");
# "started on X in 2014" and "since starting X" tell of the past, and are not matched
_START = pattern(r"\b(?:start|begin|initiate|will\s+start|to\s+start)\s+(?:[\w/-]+\s+){0,2}?\(?$")


@functools.lru_cache(maxsize=256)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern of a drug's names per drug (an item of each letter asked to compile it again)."""
    return pattern(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")


def _continued_drug(service: str, shared: LetterFacts, vocabulary: Vocabulary) -> dict[str, ExtractedFact]:
    """A drug of a class the patient already takes is a continuation (course: extension)."""
    term = vocabulary.services.terms.get(service)
    if term is None or term.category not in DRUG_CATEGORIES or shared.medications is None:
        return {}
    for name in shared.medications.value:
        found = vocabulary.services.best(name)
        if found is not None and found[0] == service:
            return {"course": ExtractedFact(value="extension", evidence=shared.medications.evidence)}
    return {}


def _with_surgery(
    item: LetterItem,
    letter: ParsedLetter,
    vocabulary: Vocabulary,
    shared: LetterFacts,
    service: str,
    request: dict[str, ExtractedFact],
) -> dict[str, ExtractedFact]:
    """For an item asked for with a surgery: that it is (perioperative), the surgery it goes with
    (another item of the letter, by reference), and that any therapy after it is the first course."""
    text = item.request_text
    term = vocabulary.services.terms.get(service)
    lowered = lowercase(text)
    marker = _WITH_SURGERY.search(lowered)
    postop = _POSTSURGICAL.search(lowered)
    if marker is None and postop is None and not (term is not None and (term.perioperative or term.with_surgery)):
        return {}  # most items: nothing says they go with a surgery
    if shared.surgery == item.index:
        return {}
    facts: dict[str, ExtractedFact] = {}
    if marker:
        _put(facts, "perioperative", True, _request_evidence(text, marker.span()))
    elif term is not None and (term.perioperative or (term.with_surgery and shared.surgery is not None)):
        # a test asked for together with a surgery is the surgery's pre-operative testing
        _put(facts, "perioperative", True, request["service"].evidence)
    elif shared.surgery is not None and postop is not None:
        # "post-op" therapy in a letter that also decides the surgery goes with that surgery
        _put(facts, "perioperative", True, _request_evidence(text, postop.span()))
    if "perioperative" not in facts or shared.surgery is None:
        return facts
    quote = letter.items[shared.surgery - 1].request_text
    ref = ItemRef(index=shared.surgery, relation="surgery")
    evidence = Evidence(section="item", quote=quote, start=0, end=len(quote), ref=ref)
    facts["surgery"] = ExtractedFact(value=quote, evidence=evidence)
    # the surgery is still being decided, so any therapy after it would be the first course
    facts["course"] = ExtractedFact(value="initial", evidence=evidence)
    item.notes.append(f"asked for with the surgery of item {shared.surgery}; it follows that decision")
    return facts


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
    # a service the vocabulary does not know is kept as written: the engine says it is not recognized
    asked = unframed(item.eligible_text or item.request_text)
    data["service"] = facts["service"].value if "service" in facts else " ".join(asked.split()) or UNCLASSIFIED
    data["id"] = f"{letter.letter_id}#{item.index}"
    if letter.diagnoses:
        data["diagnoses"] = letter.diagnoses
    date = letter.date_of_service
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
