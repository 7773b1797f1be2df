"""Load the pack's fact specs (rules/facts/NAME.yaml) and context rules (rules/facts/context.yaml),
every problem located at file:line:col like the rule files'."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mtus_check.errors import Problem
from mtus_check.models.request import REQUEST_FIELDS, Request
from mtus_check.rules.factspec import (
    BASELINE_FILE,
    CONTEXT_FILE,
    FACT_SOURCES,
    FACTS_FOLDER,
    MEASURES_FILE,
    SOURCES_FILE,
    WORDS_FILE,
    ContextFile,
    ContextRule,
    FactSpec,
    MeasuresFile,
    Shorthand,
    SourcesFile,
    WordsFile,
)
from mtus_check.rules.phrases import class_error, phrase_error
from mtus_check.rules.vocabulary import SECTIONS, Vocabulary
from mtus_check.rules.yamlpos import LoadedYaml
from mtus_check.validation import load_model

CASES_SUFFIX = ".cases.yaml"


@dataclass(frozen=True)
class FactSpecs:
    """The facts a pack declares, in name order, and its context rules. `specs` are the ones
    the reader finds by their phrases; `declared` every fact, whatever reads it."""

    specs: tuple[FactSpec, ...]
    context: tuple[ContextRule, ...]
    files: tuple[Path, ...]
    # which source decides each fact of an item (sources.yaml); not part of the readers' cache key
    sources: SourcesFile = field(
        default_factory=lambda: SourcesFile(sources={s: s for s in FACT_SOURCES}, default=FACT_SOURCES),
        hash=False,
        compare=False,
    )
    spec_files: tuple[Path, ...] = ()  # the file of each of `specs`, in the same order
    declared: tuple[FactSpec, ...] = ()
    shorthand: tuple[Shorthand, ...] = ()  # context.yaml's abbreviations, read as their words
    # words.yaml's word classes (name, words), and `specs` with their phrases as written (the
    # lint's: `specs` have each '{@NAME}' written out as its words)
    classes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    written: tuple[FactSpec, ...] = ()
    # measures.yaml: the measures of function a note compares with numbers (its file is hashed)
    measures: MeasuresFile | None = field(default=None, hash=False, compare=False)

    def get(self, name: str) -> FactSpec | None:
        """The declared fact `name` (phrase-read or not)."""
        return self._by_name.get(name)

    @functools.cached_property
    def _by_name(self) -> dict[str, FactSpec]:
        # asked for per fact read: a lookup, not a walk over the declared specs
        return {s.fact: s for s in reversed(self.declared)}

    def __hash__(self) -> int:
        # the readers are cached by their specs, asked for once per item or fact read: hashing
        # every spec and context rule each time cost about a tenth of reading a letter
        return self._hash

    @functools.cached_property
    def _hash(self) -> int:
        return hash(
            (self.specs, self.context, self.files, self.spec_files, self.declared, self.shorthand, self.classes)
        )


@dataclass(frozen=True)
class Reading:
    """What the letter reader needs of a pack: its words and its fact specs."""

    vocabulary: Vocabulary
    facts: FactSpecs

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """Every word of four letters or more that the pack's phrases, terms and shorthand are
        written in (lower case): the words the reader knows, so a word a PDF hyphenated at a
        line end can be told from a compound ("radicu-" / "lopathy" against "post-" / "op")."""
        texts = [phrase for name in SECTIONS for phrase in self.vocabulary.section(name).phrases]
        for spec in self.facts.declared:
            texts += [*spec.asserts, *spec.denies, *spec.names]
        texts += [rule.phrase for rule in self.facts.context]
        texts += [short.means for short in self.facts.shorthand]
        return frozenset(w for text in texts for w in re.findall(r"[a-z]{4,}", text.lower()))


def fact_files(root: Path) -> list[Path]:
    """Spec files of a pack: rules/facts/*.yaml except case files, context.yaml and the untested-phrase list."""
    folder = root / FACTS_FOLDER
    if not folder.is_dir():
        return []
    special = (CONTEXT_FILE, SOURCES_FILE, BASELINE_FILE, WORDS_FILE, MEASURES_FILE)
    return sorted(p for p in folder.glob("*.yaml") if p.name not in special and not p.name.endswith(CASES_SUFFIX))


def _shape_problems(spec: FactSpec, loaded: LoadedYaml) -> list[Problem]:
    """What the spec's type, reader and bounds do not allow together."""
    out: list[Problem] = []

    def bad(key: str, message: str, fix: str) -> None:
        out.append(Problem(loaded.positions.locate((key,)), message, code="fact-spec", fix=fix))

    if spec.fact in REQUEST_FIELDS or spec.fact in Request.model_fields:
        bad("fact", f"'{spec.fact}' is a field of the request itself, not a fact", "name another fact")
    if spec.reader == "phrases" and spec.type != "boolean":
        bad("reader", f"phrases read yes/no facts; '{spec.fact}' is a {spec.type}", "use reader: grammar")
    if spec.told_apart is not None:
        names = [p.part for p in spec.told_apart.parts]
        if spec.reader != "phrases":
            bad("told_apart", f"reader {spec.reader} reads no phrases", "use reader: phrases")
        if len(set(names)) != len(names):
            bad("told_apart", "a part is named twice", "name each part once")
    if spec.reader != "phrases" and (spec.asserts or spec.denies):
        bad("asserts" if spec.asserts else "denies", f"reader {spec.reader} reads no phrases", "use reader: phrases")
    numeric = spec.type in ("number", "integer")
    for key in ("minimum", "maximum", "adjustable"):
        if getattr(spec, key) not in (None, False) and not numeric:
            bad(key, f"{key} is for numbers; '{spec.fact}' is a {spec.type}", f"remove {key}:")
    if spec.minimum is not None and spec.maximum is not None and spec.minimum > spec.maximum:
        bad("minimum", f"minimum {spec.minimum:g} is above maximum {spec.maximum:g}", "swap them")
    if spec.categories is not None and (spec.type != "list" or spec.categories not in SECTIONS):
        bad("categories", "categories names a vocabulary section for a list fact", f"one of {', '.join(SECTIONS)}")
    return out


def load_fact_specs(
    root: Path, problems: list[Problem], synonyms: Mapping[str, tuple[str, ...]] | None = None
) -> FactSpecs:
    """Every fact spec and context rule of the pack at `root`; problems are appended, not raised.
    `synonyms`: each vocabulary service's words, for the word classes that name services."""
    specs: list[FactSpec] = []
    written: list[FactSpec] = []
    spec_files: list[Path] = []
    declared: list[FactSpec] = []
    files = fact_files(root)
    words_path = root / FACTS_FOLDER / WORDS_FILE
    classes = _load_classes(words_path, problems, synonyms or {}) if words_path.is_file() else {}
    measures_path = root / FACTS_FOLDER / MEASURES_FILE
    measures = _load_measures(measures_path, problems) if measures_path.is_file() else None
    for path in files:
        read = load_model(path, FactSpec, problems, "fact-spec")
        if read is None:
            continue
        loaded, spec = read
        where = loaded.positions.locate(("fact",))
        problems.extend(_shape_problems(spec, loaded))
        if spec.fact != path.name.removesuffix(".yaml"):
            problems.append(
                Problem(where, f"fact '{spec.fact}' lives in {path.name}", code="fact-spec", fix=f"{spec.fact}.yaml")
            )
        if spec.vocabulary is not None and spec.vocabulary not in SECTIONS:
            problems.append(
                Problem(
                    loaded.positions.locate(("vocabulary",)),
                    f"no vocabulary section '{spec.vocabulary}'",
                    code="fact-spec",
                    fix=f"one of {', '.join(SECTIONS)}",
                )
            )
        for path_key, _asserts, _scope, phrases in spec.written_phrase_lists():
            for i, phrase in enumerate(phrases):
                why = phrase_error(phrase, spec.clause_gap is not None) or class_error(phrase, classes)
                if why:
                    problems.append(
                        Problem(
                            loaded.positions.locate((*path_key, i)),
                            f"phrase '{phrase}' cannot be read: {why}",
                            code="fact-spec",
                            fix="see the phrase syntax in rules/README.md ({a|b}, {@class}, word*, ..., ..;)",
                        )
                    )
        for key, name in spec.written_measures():
            if measures is None or name not in measures.measures:
                problems.append(
                    Problem(
                        loaded.positions.locate(key),
                        f"no measure '{name}' in {MEASURES_FILE}",
                        code="fact-spec",
                        fix=f"one of {', '.join(measures.measures)}" if measures else f"add {MEASURES_FILE}",
                    )
                )
        if spec.reader == "phrases" and not spec.asserts and spec.vocabulary is None:
            problems.append(
                Problem(where, "the spec names no phrase", code="fact-spec", fix="add asserts: or vocabulary:")
            )
        if any(class_error(p, classes) for _, _, _, phrases in spec.written_phrase_lists() for p in phrases):
            continue  # reported above; a class it cannot write out would be read as a literal '@'
        expanded = spec.with_classes(classes)
        declared.append(expanded)
        if spec.reader == "phrases":
            specs.append(expanded)
            written.append(spec)
            spec_files.append(path)
    context: tuple[ContextRule, ...] = ()
    shorthand: tuple[Shorthand, ...] = ()
    context_path = root / FACTS_FOLDER / CONTEXT_FILE
    if context_path.is_file():
        read_context = load_model(context_path, ContextFile, problems, "fact-context")
        if read_context is not None:
            context = tuple(read_context[1].rules)
            shorthand = tuple(read_context[1].shorthand)
            problems.extend(_duplicate_triggers(read_context[0], context))
    sources_path = root / FACTS_FOLDER / SOURCES_FILE
    known = set(REQUEST_FIELDS) | set(Request.model_fields) | {s.fact for s in declared}
    sources = _load_sources(sources_path, problems, known) if sources_path.is_file() else None
    hashed = tuple([*files, *(p for p in (context_path, sources_path, words_path, measures_path) if p.is_file())])
    return FactSpecs(
        specs=tuple(specs),
        context=context,
        shorthand=shorthand,
        files=hashed,
        spec_files=tuple(spec_files),
        declared=tuple(declared),
        classes=tuple(sorted(classes.items())),
        written=tuple(written),
        measures=measures,
        **({} if sources is None else {"sources": sources}),
    )


def _load_measures(path: Path, problems: list[Problem]) -> MeasuresFile | None:
    """measures.yaml, each measure's unit kinds checked against the file's units (None where the
    file cannot be read: reported)."""
    read = load_model(path, MeasuresFile, problems, "fact-measures")
    if read is None:
        return None
    loaded, measures = read
    for name, measure in measures.measures.items():
        for i, kind in enumerate(measure.units):
            if kind != "none" and kind not in measures.units:
                problems.append(
                    Problem(
                        loaded.positions.locate(("measures", name, "units", i)),
                        f"no unit kind '{kind}' under units:",
                        code="fact-measures",
                        fix=f"one of none, {', '.join(measures.units)}",
                    )
                )
    return measures


def _load_classes(
    path: Path, problems: list[Problem], synonyms: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """words.yaml's word classes: name -> words, a listed service's synonyms among them ({} where
    the file cannot be read: reported)."""
    read = load_model(path, WordsFile, problems, "fact-words")
    if read is None:
        return {}
    loaded, words = read
    out: dict[str, tuple[str, ...]] = {}
    for name, kind in words.classes.items():
        found = list(kind.words)
        for i, service in enumerate(kind.services):
            if service not in synonyms:
                problems.append(
                    Problem(
                        loaded.positions.locate(("classes", name, "services", i)),
                        f"no service '{service}' in vocabulary.yaml",
                        code="fact-words",
                        fix="name a service of vocabulary.yaml's services: section",
                    )
                )
            found += [w for w in synonyms.get(service, ()) if w not in found]
        if not found:
            problems.append(
                Problem(
                    loaded.positions.locate(("classes", name)),
                    f"word class '{name}' has no word",
                    code="fact-words",
                    fix="list words: or services:",
                )
            )
        out[name] = tuple(found)
    return out


def _duplicate_triggers(loaded: LoadedYaml, rules: tuple[ContextRule, ...]) -> list[Problem]:
    """Two context rules of the same words: ConText keeps one of two identical triggers, by rule
    order, so the other never applies."""
    seen: dict[tuple[str, bool], int] = {}
    out = []
    for i, rule in enumerate(rules):
        key = (rule.phrase if rule.exact_case else rule.phrase.lower(), rule.exact_case)
        if key in seen:
            out.append(
                Problem(
                    loaded.positions.locate(("rules", i, "phrase")),
                    f"'{rule.phrase}' is also the trigger of rule {seen[key] + 1}: ConText applies only one of them",
                    code="fact-context",
                    fix="keep one rule for these words, with the category and direction meant",
                )
            )
        else:
            seen[key] = i
    return out


def _load_sources(path: Path, problems: list[Problem], known: set[str]) -> SourcesFile | None:
    """sources.yaml, with every fact it names checked against the request's fields and facts."""
    read = load_model(path, SourcesFile, problems, "fact-sources")
    if read is None:
        return None
    loaded, sources = read
    named: list[tuple[str, tuple[str | int, ...]]] = [(name, ("facts", name)) for name in sources.facts]
    for name, spec in sources.facts.items():
        named.extend((y.to, ("facts", name, "yields", i, "to")) for i, y in enumerate(spec.yields))
    for name, where in named:
        if name not in known:
            problems.append(
                Problem(
                    loaded.positions.locate(where),
                    f"'{name}' is not a request field or a declared fact",
                    code="fact-sources",
                    fix="name a field of the request or a fact of rules/facts/ (rules/README.md lists them)",
                )
            )
    return sources
