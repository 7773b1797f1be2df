"""Phrasing cases of the fact specs (rules/facts/NAME.cases.yaml), loaded with their places, and
the lint that every phrase alternative of a spec is exercised by one of its cases.

A case exercises an alternative when its sentence matches the phrase with that alternative
chosen (the other braces left open): whatever value the case expects, a reader change to that
alternative then shows up as a case that reads differently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mtus_check.errors import Location, Problem, ProblemsError
from mtus_check.rules.factspec import (
    BASELINE_FILE,
    FACTS_FOLDER,
    MEASURES_FILE,
    WORDS_FILE,
    PhrasingCase,
    PhrasingCaseFile,
)
from mtus_check.rules.phrases import CLASS_GROUP, compile_phrases, expand_classes
from mtus_check.rules.shorthand import spelling
from mtus_check.rules.yamlpos import load_yaml_file
from mtus_check.text import lowercase
from mtus_check.validation import load_model

if TYPE_CHECKING:
    from mtus_check.rules.loader import RulePack

CASES_SUFFIX = ".cases.yaml"
BASELINE_HEADER = """\
# Phrase alternatives of the fact specs that no phrasing case exercised when the lint
# `lint-untested-phrase` came in. The list only shrinks: write a case that uses an alternative
# (rules/facts/NAME.cases.yaml) and remove its line; `mtus-check rules validate` fails an entry
# a case covers, and any untested alternative not listed here."""
_GROUP = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class LoadedPhrasing:
    fact: str
    index: int
    case: PhrasingCase
    location: Location

    @property
    def case_id(self) -> str:
        return f"{self.fact}::{self.index + 1}"


def load_phrasing(pack: RulePack) -> list[LoadedPhrasing]:
    """Every phrasing case of the pack's fact specs; ProblemsError lists every bad file."""
    problems: list[Problem] = []
    out: list[LoadedPhrasing] = []
    for path in sorted((pack.root / FACTS_FOLDER).glob("*" + CASES_SUFFIX)):
        fact = path.name.removesuffix(CASES_SUFFIX)
        if pack.facts.get(fact) is None:
            problems.append(Problem(Location(str(path)), f"no fact spec {fact}.yaml beside it", code="fact-cases"))
            continue
        read = load_model(path, PhrasingCaseFile, problems, "fact-cases")
        if read is None:
            continue
        loaded, spec = read
        out.extend(
            LoadedPhrasing(fact, i, case, loaded.positions.locate(("cases", i))) for i, case in enumerate(spec.cases)
        )
    if problems:
        raise ProblemsError(problems)
    return out


def alternatives(phrase: str) -> Iterator[tuple[str, str]]:
    """(label, phrase with one alternative chosen) for every alternative of every brace group;
    a phrase without braces is its own single alternative. `{|a}` has two: without and with `a`."""
    # a word class ('{@activity}') is one alternative here: its words are linted as the class's
    groups = [g for g in _GROUP.finditer(phrase) if not g.group(1).startswith("@")]
    if not groups:
        yield f"'{phrase}'", phrase
        return
    for group in groups:
        for option in group.group(1).split("|"):
            chosen = phrase[: group.start()] + "{" + (option or "|") + "}" + phrase[group.end() :]
            what = f"'{option.strip()}'" if option.strip() else "the empty alternative (without the words)"
            yield f"{what} of {group.group(0)} in '{phrase}'", chosen


def _case_texts(pack: RulePack, cases: list[LoadedPhrasing]) -> dict[str, list[str]]:
    """Each fact's case sentences as the reader matches phrases on them: shorthand written out, lower case."""
    texts: dict[str, list[str]] = {}
    spell = spelling(pack.facts.shorthand)
    for loaded in cases:
        texts.setdefault(loaded.fact, []).append(lowercase(spell(loaded.case.text)))
    return texts


def _untested(pack: RulePack, cases: list[LoadedPhrasing]) -> Iterator[tuple[str, str, Location]]:
    """(fact, alternative, place of its phrase) of every alternative no case of its spec matches."""
    texts = _case_texts(pack, cases)
    classes = dict(pack.facts.classes)
    for spec, path in zip(pack.facts.written, pack.facts.spec_files, strict=True):
        positions = load_yaml_file(path).positions
        sentences = texts.get(spec.fact, [])
        gap = spec.clause_gap_regex()
        present = _present(classes, sentences)
        for path_key, _asserts, _scope, phrases in spec.written_phrase_lists():
            for i, phrase in enumerate(phrases):
                for label, chosen in alternatives(phrase):
                    if not _matches(chosen, present, gap, sentences):
                        yield spec.fact, label, positions.locate((*path_key, i))


def _present(classes: dict[str, tuple[str, ...]], sentences: list[str]) -> dict[str, tuple[str, ...]]:
    """Each class narrowed to the words whose letters occur in one of `sentences`: a word that
    occurs in none cannot take part in a match, and the medication class's hundred-odd drug
    names, written out in every alternative of its phrases, made the lint's compiling twice as slow."""
    text = "\n".join(sentences)
    return {name: tuple(w for w in words if w.rstrip("*").lower() in text) for name, words in classes.items()}


def _matches(phrase: str, present: dict[str, tuple[str, ...]], gap: str | None, sentences: list[str]) -> bool:
    """Whether `phrase` (its classes narrowed to `present`) matches one of `sentences`."""
    if any(not present.get(name) for name in CLASS_GROUP.findall(phrase)):
        return False  # none of a class's words occurs: nothing can match
    pattern = compile_phrases([expand_classes(phrase, present)], gap)
    return pattern is not None and any(pattern.search(s) for s in sentences)


def untested_class_words(pack: RulePack, cases: list[LoadedPhrasing]) -> list[Problem]:
    """An error for every word a word class lists (words.yaml) that no case of a fact whose phrases
    name the class reads through one of those phrases: a class word is a phrase alternative too."""
    classes = dict(pack.facts.classes)
    if not classes:
        return []
    texts = _case_texts(pack, cases)
    present = {spec.fact: _present(classes, texts.get(spec.fact, [])) for spec in pack.facts.written}
    loaded = load_yaml_file(pack.root / FACTS_FOLDER / WORDS_FILE)
    positions, declared = loaded.positions, (loaded.data or {}).get("classes") or {}
    problems: list[Problem] = []
    for name, _all in pack.facts.classes:
        # the words the class lists; a service's synonyms are names the vocabulary declares
        words = tuple((declared.get(name) or {}).get("words") or ())
        group = "{@" + name + "}"
        using = [
            (spec, phrase)
            for spec in pack.facts.written
            for _, _, _, phrases in spec.written_phrase_lists()
            for phrase in phrases
            if group in phrase
        ]
        for i, word in enumerate(words):
            if not any(
                _matches(
                    phrase.replace(group, "{" + word + "}"),
                    present[spec.fact],
                    spec.clause_gap_regex(),
                    texts.get(spec.fact, []),
                )
                for spec, phrase in using
            ):
                problems.append(
                    Problem(
                        positions.locate(("classes", name, "words", i)),
                        f"no phrasing case exercises '{word}' of word class {name}"
                        + ("" if using else f" (no phrase names {group})"),
                        code="lint-untested-phrase",
                        fix=f"add a sentence that uses it to the cases of a fact whose phrases name {group}, "
                        "or remove the word if it is not of the class",
                    )
                )
    return problems


def untested_measure_words(pack: RulePack, cases: list[LoadedPhrasing]) -> list[Problem]:
    """An error for every word a measure lists (measures.yaml) that no case of a fact naming the
    measure (`changes:`, its own or a part's) uses: a measure's word is a phrase alternative too."""
    measures = pack.facts.measures
    if measures is None:
        return []
    texts = _case_texts(pack, cases)
    positions = load_yaml_file(pack.root / FACTS_FOLDER / MEASURES_FILE).positions
    problems: list[Problem] = []
    for name, measure in measures.measures.items():
        users = [spec.fact for spec in pack.facts.written if any(n == name for _, n in spec.written_measures())]
        sentences = [t for fact in users for t in texts.get(fact, [])]
        for i, word in enumerate(measure.words):
            pattern = re.compile(r"(?<![\w-])" + re.escape(word.lower()).replace(r"\ ", r"\s+") + r"(?![\w-])")
            if users and not any(pattern.search(t) for t in sentences):
                problems.append(
                    Problem(
                        positions.locate(("measures", name, "words", i)),
                        f"no phrasing case exercises '{word}' of measure {name}",
                        code="lint-untested-phrase",
                        fix=f"add a sentence comparing it with numbers to the cases of {', '.join(users)}, "
                        "or remove the word if it does not name the measure",
                    )
                )
    return problems


def load_baseline(pack: RulePack) -> dict[str, set[str]]:
    """The alternatives known to lack a case when the lint came in (rules/facts/BASELINE_FILE):
    fact -> alternatives. The list may only shrink: the lint fails an entry a case now covers."""
    path = pack.root / FACTS_FOLDER / BASELINE_FILE
    if not path.is_file():
        return {}
    data = load_yaml_file(path).data or {}
    return {str(fact): set(labels or []) for fact, labels in data.items()}


def untested_alternatives(pack: RulePack, cases: list[LoadedPhrasing]) -> list[Problem]:
    """An error for every phrase alternative of a spec that none of its cases' sentences matches,
    unless the baseline lists it; an error for a baseline entry that is now covered or gone; one
    warning counting what the baseline still lists."""
    baseline = load_baseline(pack)
    problems: list[Problem] = []
    listed = 0
    seen: set[tuple[str, str]] = set()
    for fact, label, where in _untested(pack, cases):
        seen.add((fact, label))
        if label in baseline.get(fact, ()):
            listed += 1
            continue
        problems.append(
            Problem(
                where,
                f"no phrasing case of {fact} exercises {label}",
                code="lint-untested-phrase",
                fix=f"add a sentence that uses it to {fact}{CASES_SUFFIX} (affirmed, negated, hypothetical, "
                "other person, ...), or remove the alternative if it is not clinical English",
            )
        )
    where = Location(str(pack.root / FACTS_FOLDER / BASELINE_FILE))
    for fact, labels in sorted(baseline.items()):
        for label in sorted(labels):
            if (fact, label) not in seen:
                problems.append(
                    Problem(
                        where,
                        f"{fact}: {label} is covered by a case now (or no longer exists)",
                        code="lint-untested-phrase",
                        fix="remove the entry: the list only shrinks",
                    )
                )
    problems.extend(untested_class_words(pack, cases))
    problems.extend(untested_measure_words(pack, cases))
    if listed:
        problems.append(
            Problem(
                where,
                f"{listed} phrase alternatives still have no phrasing case (listed here)",
                code="lint-untested-phrase",
                severity="warning",
                fix="write cases for them and remove their entries",
            )
        )
    return problems


def baseline_text(pack: RulePack, cases: list[LoadedPhrasing]) -> str:
    """The baseline file listing every alternative no case exercises now (to start the list)."""
    found: dict[str, list[str]] = {}
    for fact, label, _where in _untested(pack, cases):
        found.setdefault(fact, []).append(label)
    lines = [BASELINE_HEADER]
    for fact in sorted(found):
        lines.append(f"{fact}:")
        lines.extend(f"  - {json.dumps(label)}" for label in sorted(set(found[fact])))
    return "\n".join(lines) + "\n"
