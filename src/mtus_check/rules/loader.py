"""Load a rule pack (a folder with pack.yaml) and validate all of it in one pass.

Every problem is collected with its file:line:col and a fix, so a rule author sees all
mistakes at once; the pack is returned only when there are none.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
import itertools
import os
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from mtus_check.errors import Location, Problem, ProblemsError
from mtus_check.models.request import FactField
from mtus_check.models.verdict import Citation, PackInfo
from mtus_check.rules.facts_loader import FactSpecs, Reading, load_fact_specs
from mtus_check.rules.factspec import FACTS_FOLDER
from mtus_check.rules.formulary import FORMULARY_FOLDER, Formulary, load_formulary
from mtus_check.rules.in_force import IN_FORCE_FOLDER, InForce, load_in_force
from mtus_check.rules.pack_cache import PackCache
from mtus_check.rules.request_facts import RequestFacts, pack_fields, request_facts
from mtus_check.rules.schema import CitationSpec, PackFile, Rule, RuleFile, Scope, VocabularyFile
from mtus_check.rules.vocabulary import OTHER, SECTIONS, Vocabulary, normalize_words
from mtus_check.rules.yamlpos import LoadedYaml, Positions, load_yaml_file
from mtus_check.validation import load_model, problems_from_validation

PACK_FILE = "pack.yaml"
VOCABULARY_FILE = "vocabulary.yaml"
CASES_SUFFIX = ".cases.yaml"
TEMPLATE_FIELDS = {"value", "limit", "low", "high", "field", "service", "found"}
_FIELD_FOR_TEST = {
    "at_most": "number",
    "at_least": "number",
    "between": "number",
    "is": "boolean",
    "one_of": "category",
    "none_of": "category",
}

Fields = dict[str, FactField]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LoadedRule:
    """A validated rule with where it came from and its unique compile key."""

    rule: Rule
    key: str  # id plus effective date: versions of one id get distinct keys
    location: Location
    citation: Citation

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass
class RulePack:
    """A validated rule pack, ready to compile."""

    root: Path
    info: PackInfo
    vocabulary: Vocabulary
    rules: list[LoadedRule]
    files: list[Path]
    facts: FactSpecs = dataclasses.field(default_factory=lambda: FactSpecs((), (), ()))
    in_force: InForce = dataclasses.field(default_factory=InForce)
    formulary: Formulary | None = None
    _fields_for: dict[str, frozenset[str]] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @functools.cached_property
    def fields(self) -> dict[str, FactField]:
        """Every field rules may name: the request's own and the facts the pack declares."""
        return pack_fields(self.facts)

    @property
    def request_facts(self) -> RequestFacts:
        """The facts a request may state under this pack, validated against the specs."""
        return request_facts(self.facts)

    def field_label(self, name: str) -> str:
        """A human label for a field (falls back to the name)."""
        field = self.fields.get(name)
        return field.label if field else name.replace("_", " ")

    @functools.cached_property
    def reading(self) -> Reading:
        """What the letter reader needs: the vocabulary and the fact specs (one object per pack,
        so what it works out once, its words, is kept)."""
        return Reading(self.vocabulary, self.facts)

    def by_key(self) -> dict[str, LoadedRule]:
        return {r.key: r for r in self.rules}

    def versions(self, rule_id: str) -> list[LoadedRule]:
        """Every version of a rule id, oldest first."""
        return sorted((r for r in self.rules if r.id == rule_id), key=lambda r: r.citation.effective_from)

    def case_files(self) -> list[Path]:
        """Rule test cases; the fact specs' phrasing cases (facts/) are not rule cases."""
        return sorted(p for p in self.root.rglob(f"*{CASES_SUFFIX}") if p.parent != self.root / FACTS_FOLDER)

    def fields_for(self, service: str) -> frozenset[str]:
        """Every request field a rule for `service` reads (scope and criteria), with the fields
        they are derived from: what a letter reader must look for to decide that service."""
        cache = self._fields_for
        if service not in cache:
            names: set[str] = set()
            for loaded in self.rules:
                rule = loaded.rule
                if service in dict(rule.applies_to.items())["service"]:
                    names.update(f for f, _ in rule.applies_to.items())
                    names.update(f for f, _ in (rule.except_.items() if rule.except_ else []))
                    names.update(c.field for c in rule.criteria)
            for name in list(names):
                spec = self.fields.get(name)
                names.update(spec.derived_from if spec else ())
            if "course" in names:
                names.add("prior_sessions")  # the course is derived from the sessions received
            cache[service] = frozenset(names)
        return cache[service]


def default_pack_path() -> Path:
    """The bundled pack: $MTUS_CHECK_RULES, the source tree's rules/, or the installed copy."""
    env = os.environ.get("MTUS_CHECK_RULES")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    source_tree = here.parents[3] / "rules"
    if (source_tree / PACK_FILE).is_file():
        return source_tree
    return here.parents[1] / "pack"


def rule_files(root: Path) -> list[Path]:
    """Rule files of a pack: every .yaml below root except pack, vocabulary and case files."""
    return sorted(
        p
        for p in root.rglob("*.yaml")
        if p.name not in (PACK_FILE, VOCABULARY_FILE)
        and not p.name.endswith(CASES_SUFFIX)
        and p.parent not in (root / FACTS_FOLDER, root / IN_FORCE_FOLDER, root / FORMULARY_FOLDER)
    )


def pack_hash(root: Path, files: list[Path]) -> str:
    """sha256 over the relative path and bytes of every file that changes verdicts."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def citation_text(spec: CitationSpec) -> str:
    """A citation the way reviewers write it: guideline (version), section, page(s)."""
    parts = [spec.guideline + (f" ({spec.version})" if spec.version else ""), spec.section]
    if spec.pages:
        parts.append(("pp. " if "-" in spec.pages or "," in spec.pages else "p. ") + spec.pages)
    if spec.source == "non-mtus":
        parts.append("non-MTUS")
    return ", ".join(parts)


def _validate(model: type[M], loaded: LoadedYaml, problems: list[Problem], code: str) -> M | None:
    if loaded.data is None:
        problems.append(Problem(loaded.positions.locate(()), "the file is empty", code=code))
        return None
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        problems.extend(problems_from_validation(exc, model, loaded.positions, code=code))
        return None


def _load(path: Path, problems: list[Problem]) -> LoadedYaml | None:
    try:
        return load_yaml_file(path)
    except ProblemsError as exc:
        problems.extend(exc.problems)
        return None


def _check_vocabulary(vocab: VocabularyFile, pos: Positions, problems: list[Problem]) -> None:
    for section in SECTIONS:
        owners: dict[str, str] = {}
        for key, term in getattr(vocab, section).items():
            for i, phrase in enumerate([key.replace("_", " "), term.label, *term.synonyms]):
                norm = normalize_words(phrase)
                other = owners.setdefault(norm, key)
                if other != key:
                    where = pos.locate((section, key, "synonyms", i - 2) if i >= 2 else (section, key))
                    problems.append(
                        Problem(
                            where,
                            f"'{phrase}' is claimed by both '{other}' and '{key}' in {section}",
                            code="vocabulary-conflict",
                            fix=f"keep it under one of the two {section}",
                        )
                    )
    for key, term in vocab.body_regions.items():
        for field, names in (("within", term.within), ("supplies", term.supplies)):
            for i, larger in enumerate(names):
                if larger not in vocab.body_regions or larger == key:
                    problems.append(
                        Problem(
                            pos.locate(("body_regions", key, field, i)),
                            f"'{larger}' in {key}.{field} is not another body region",
                            code="vocabulary-within",
                            fix=f"use one of {', '.join(k for k in vocab.body_regions if k != key)}",
                        )
                    )


def _template_problems(text: str, where: Location) -> Iterator[Problem]:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        yield Problem(
            where,
            f"reason text has a broken placeholder: {exc}",
            code="rule-template",
            fix="write placeholders as {value} or {limit}; double braces for a literal brace",
        )
        return
    unknown = sorted(names - TEMPLATE_FIELDS)
    for name in unknown:
        yield Problem(
            where,
            f"unknown placeholder {{{name}}} in reason text",
            code="rule-template",
            fix=f"use one of {', '.join('{' + n + '}' for n in sorted(TEMPLATE_FIELDS))}",
        )
    if unknown:
        return
    # filled as the engine fills it (every value is text), so a format spec or conversion the
    # text cannot take ({value:d}, {value!x}) is found here, not in the middle of a pre-check
    try:
        text.format_map(dict.fromkeys(TEMPLATE_FIELDS, "6"))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        yield Problem(
            where,
            f"reason text cannot be filled in: {exc}",
            code="rule-template",
            fix="write placeholders plainly, {value} or {limit}: the values are filled in as text",
        )


def _check_scope_values(
    field: str, values: list[str], vocab: Vocabulary, where: Location, problems: list[Problem], fields: Fields
) -> None:
    spec = fields.get(field)
    if spec is None:
        return  # a scope key the pack declares no fact for: the fact check reports it
    if spec.vocabulary:
        section = vocab.section(spec.vocabulary)
        for value in values:
            if value not in section.terms and value != OTHER:
                near = section.suggest(value)
                problems.append(
                    Problem(
                        where,
                        f"'{value}' is not a {field.replace('_', ' ')} in vocabulary.yaml",
                        code="rule-unknown-value",
                        fix=(f"did you mean {', '.join(near)}?" if near else f"add '{value}' to {spec.vocabulary}"),
                    )
                )
    elif spec.values:
        for value in values:
            if value not in spec.values:
                problems.append(
                    Problem(
                        where,
                        f"'{value}' is not a valid {field}",
                        code="rule-unknown-value",
                        fix=f"use one of {', '.join(spec.values)}",
                    )
                )


def _check_rule(
    rule: Rule, pos: Positions, path: tuple, vocab: Vocabulary, problems: list[Problem], fields: Fields
) -> None:
    for field, values in rule.applies_to.items():
        _check_scope_values(field, values, vocab, pos.locate((*path, "applies_to", field)), problems, fields)
    if rule.except_:
        for field, values in rule.except_.items():
            _check_scope_values(field, values, vocab, pos.locate((*path, "except", field)), problems, fields)
    for i, crit in enumerate(rule.criteria):
        cpath = (*path, "criteria", i)
        spec = fields.get(crit.field)
        if spec is None:
            near = difflib.get_close_matches(crit.field, list(fields), n=2)
            problems.append(
                Problem(
                    pos.locate((*cpath, "field")),
                    f"'{crit.field}' is not a field of the request or a fact the pack declares",
                    code="rule-unknown-field",
                    fix=(f"did you mean {' or '.join(near)}?" if near else f"use one of {', '.join(fields)}")
                    + " (facts are declared in rules/facts/NAME.yaml)",
                )
            )
            continue
        wanted = _FIELD_FOR_TEST.get(crit.test)
        if wanted is not None and spec.kind != wanted and not (wanted == "category" and spec.kind == "categories"):
            problems.append(
                Problem(
                    pos.locate((*cpath, crit.test)),
                    f"'{crit.test}' tests a {wanted}, but {crit.field} is a {spec.kind}",
                    code="rule-test-type",
                    fix={
                        "number": "use at_most, at_least or between",
                        "boolean": "use is: true or is: false",
                        "category": "use one_of or none_of",
                        "categories": "use one_of or none_of",
                    }[spec.kind],
                )
            )
        for test, listed in (("one_of", crit.one_of), ("none_of", crit.none_of)):
            if listed is not None:
                _check_scope_values(crit.field, listed, vocab, pos.locate((*cpath, test)), problems, fields)
        for key in ("fail", "pass", "ask"):
            text = getattr(crit, "pass_" if key == "pass" else key)
            if text:
                problems.extend(_template_problems(text, pos.locate((*cpath, key))))


def _valid_rules(
    loaded: LoadedYaml, problems: list[Problem], vocabulary: Vocabulary | None, fields: Fields
) -> Iterator[tuple[int, Rule]]:
    """Each rule validated on its own, so one broken rule does not hide the others' problems."""
    data = loaded.data
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        _validate(RuleFile, loaded, problems, "rule-schema")  # reports the file's shape
        return
    extra = sorted(set(data) - {"rules"})
    for key in extra:
        problems.append(
            Problem(
                loaded.positions.locate((key, "__key__")),
                f"unknown key '{key}'",
                code="rule-schema",
                fix="a rule file holds only a 'rules:' list",
            )
        )
    for i, item in enumerate(data["rules"]):
        try:
            yield i, Rule.model_validate(item)
        except ValidationError as exc:
            problems.extend(_rule_problems(exc, loaded.positions, i))
            scope = item.get("applies_to") if isinstance(item, dict) else None
            if vocabulary is not None and isinstance(scope, dict):
                try:
                    parsed = Scope.model_validate(scope)
                except ValidationError:
                    continue
                for field, values in parsed.items():
                    where = loaded.positions.locate(("rules", i, "applies_to", field))
                    _check_scope_values(field, values, vocabulary, where, problems, fields)


def _rule_problems(exc: ValidationError, positions: Positions, index: int) -> list[Problem]:
    return problems_from_validation(exc, Rule, positions, prefix=("rules", index), code="rule-schema")


def _check_versions(rules: list[LoadedRule], problems: list[Problem]) -> None:
    by_id: dict[str, list[LoadedRule]] = {}
    for r in rules:
        by_id.setdefault(r.id, []).append(r)
    for rule_id, versions in by_id.items():
        versions.sort(key=lambda r: r.citation.effective_from)
        for older, newer in itertools.pairwise(versions):
            end = older.citation.effective_to
            if end is None or end >= newer.citation.effective_from:
                problems.append(
                    Problem(
                        newer.location,
                        f"rule id '{rule_id}' is already defined at {older.location} for an overlapping period",
                        code="rule-duplicate-id",
                        fix="give one a new id, or end the older version (effective_to) before this one starts",
                    )
                )


def load_pack(root: Path | None = None) -> RulePack:
    """Load and validate a pack; raise ProblemsError listing every problem found. A pack that
    loaded cleanly before, with every file and the code unchanged, comes from the pack cache
    (rules/pack_cache.py): the same pack, without reading and validating each file again."""
    root = Path(root) if root is not None else default_pack_path()
    cache = PackCache.for_root(root)
    pack = cache.read() if cache is not None else None
    if pack is None:
        pack = _load_pack(root)
        if cache is not None:
            cache.write(pack)
    return pack


def _load_pack(root: Path) -> RulePack:
    problems: list[Problem] = []
    if not root.is_dir():
        raise ProblemsError(
            [
                Problem(
                    Location(str(root)),
                    "rule pack folder not found",
                    code="pack-missing",
                    fix="pass --rules PATH to a folder holding pack.yaml",
                )
            ]
        )
    if not (root / PACK_FILE).is_file():
        raise ProblemsError(
            [
                Problem(
                    Location(str(root / PACK_FILE)),
                    "a rule pack needs a pack.yaml",
                    code="pack-missing",
                    fix="add pack.yaml with name: and version:",
                )
            ]
        )
    read_pack = load_model(root / PACK_FILE, PackFile, problems, "pack")
    pack_spec = read_pack[1] if read_pack else None
    vocab_path = root / VOCABULARY_FILE
    read_vocab = load_model(vocab_path, VocabularyFile, problems, "vocabulary") if vocab_path.is_file() else None
    if not vocab_path.is_file():
        problems.append(
            Problem(
                Location(str(vocab_path)),
                "a rule pack needs a vocabulary.yaml",
                code="pack-missing",
                fix="add vocabulary.yaml with a services: section",
            )
        )
    if read_vocab is not None:
        _check_vocabulary(read_vocab[1], read_vocab[0].positions, problems)
    vocabulary = Vocabulary(read_vocab[1]) if read_vocab is not None else None

    synonyms = {name: tuple(s.synonyms) for name, s in read_vocab[1].services.items()} if read_vocab else {}
    facts = load_fact_specs(root, problems, synonyms)
    fields = pack_fields(facts)
    rules: list[LoadedRule] = []
    files = rule_files(root)
    for path in files:
        loaded = _load(path, problems)
        if loaded is None:
            continue
        for i, rule in _valid_rules(loaded, problems, vocabulary, fields):
            if vocabulary is not None:
                _check_rule(rule, loaded.positions, ("rules", i), vocabulary, problems, fields)
            c = rule.citation
            rules.append(
                LoadedRule(
                    rule=rule,
                    key=f"{rule.id}@{c.effective_from:%Y%m%d}",
                    location=loaded.positions.locate(("rules", i)),
                    citation=Citation(**c.model_dump(), text=citation_text(c)),
                )
            )
    _check_versions(rules, problems)
    in_force = load_in_force(root, problems)
    formulary = load_formulary(root, problems)
    if problems or pack_spec is None or vocabulary is None:
        raise ProblemsError(sorted(set(problems)))
    hashed = [root / PACK_FILE, root / VOCABULARY_FILE, *files, *facts.files, *in_force.files]
    hashed += list(formulary.files) if formulary else []
    info = PackInfo(name=pack_spec.name, version=pack_spec.version, hash=pack_hash(root, hashed))
    return RulePack(
        root=root,
        info=info,
        vocabulary=vocabulary,
        rules=rules,
        files=hashed,
        facts=facts,
        in_force=in_force,
        formulary=formulary,
    )
