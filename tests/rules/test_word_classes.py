"""Word classes (rules/facts/words.yaml): a phrase names a kind of word as '{@NAME}' and reads any
of the class's words there; a bad reference or an untested class word is a located error."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtus_check.cli.main import app
from mtus_check.errors import ProblemsError
from mtus_check.letters.phrasing import run_phrasing
from mtus_check.rules.fact_cases import alternatives, load_phrasing
from mtus_check.rules.loader import load_pack
from mtus_check.rules.phrases import compile_phrases, expand_classes
from tests.conftest import RULES
from tests.rules.conftest import edit

runner = CliRunner()
SPEC = "facts/homebound.yaml"
CASES = "facts/homebound.cases.yaml"
WORDS = "facts/words.yaml"
# a class of the test's own, so the test does not hang on the bundled classes' words
PLACES = "classes:\n  places:\n    description: rooms a homebound patient keeps to\n    words: [bedroom, recliner]\n"


def _with_places(pack_dir: Path) -> None:
    edit(pack_dir, WORDS, "classes:\n", PLACES)
    edit(pack_dir, SPEC, "asserts:\n", "asserts:\n  - 'keeps to {her|his} {@places}'\n")


def test_a_class_is_written_out_as_its_words_longest_first() -> None:
    classes = {"act": ("walk", "walk farther", "sit")}
    assert expand_classes("can now {@act}", classes) == "can now {walk farther|walk|sit}"
    assert expand_classes("no class here", classes) == "no class here"
    pattern = compile_phrases([expand_classes("can now {@act}", classes)])
    assert pattern is not None and pattern.search("she can now sit") and not pattern.search("she can now stand")


def test_a_class_is_one_alternative_of_its_phrase_for_the_lint() -> None:
    assert [p for _, p in alternatives("{can|may} now {@act}")] == ["{can} now {@act}", "{may} now {@act}"]
    assert [p for _, p in alternatives("now {@act}")] == ["now {@act}"]


def test_bundled_classes_are_read_by_the_specs_that_name_them() -> None:
    pack = load_pack(RULES)
    spec = pack.facts.get("functional_improvement")
    assert spec is not None and not any("{@" in p for p in spec.asserts)  # written out for the reader
    written = next(s for s in pack.facts.written if s.fact == "functional_improvement")
    assert any("{@activity}" in p for p in written.asserts)  # as the file says, for the lint
    classes = dict(pack.facts.classes)
    assert "tramadol" in classes["medication"] and "ibuprofen" in classes["medication"]  # from the vocabulary


def test_a_phrase_reads_every_word_of_its_class(pack_dir: Path) -> None:
    _with_places(pack_dir)
    edit(
        pack_dir,
        CASES,
        "cases:\n",
        "cases:\n  - {text: She keeps to her bedroom most days., expect: true}\n"
        "  - {text: He keeps to his recliner since the fall., expect: true}\n"
        "  - {text: Her mother keeps to her bedroom., expect: null, kind: family}\n",
    )
    pack = load_pack(pack_dir)
    results = [r for r in run_phrasing(pack, load_phrasing(pack)) if r.loaded.fact == "homebound"]
    assert [r.actual for r in results[:3]] == [True, True, None]
    result = runner.invoke(app, ["rules", "validate", str(pack_dir)])
    assert result.exit_code == 0, result.output


def test_a_class_word_no_case_reads_fails_validate_at_its_place(pack_dir: Path) -> None:
    _with_places(pack_dir)
    edit(pack_dir, CASES, "cases:\n", "cases:\n  - {text: She keeps to her bedroom most days., expect: true}\n")
    result = runner.invoke(app, ["rules", "validate", str(pack_dir)])
    assert result.exit_code == 1
    assert "words.yaml:" in result.output and "'recliner' of word class places" in result.output
    assert "'bedroom'" not in result.output  # the word a case reads is covered


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("keeps to {@rooms}", "no word class 'rooms'"),
        ("keeps to {@places|den}", "a word class stands alone in its braces"),
    ],
)
def test_a_bad_class_reference_is_a_located_error(pack_dir: Path, phrase: str, message: str) -> None:
    _with_places(pack_dir)
    edit(pack_dir, SPEC, "asserts:\n", f"asserts:\n  - '{phrase}'\n")
    with pytest.raises(ProblemsError) as raised:
        load_pack(pack_dir)
    found = [p for p in raised.value.problems if message in p.message]
    assert found and found[0].location.path.endswith("homebound.yaml") and found[0].location.line == 6


def test_a_class_naming_an_unknown_service_is_a_located_error(pack_dir: Path) -> None:
    edit(pack_dir, WORDS, "classes:\n", PLACES.replace("words: [bedroom, recliner]", "services: [sofa_therapy]"))
    with pytest.raises(ProblemsError) as raised:
        load_pack(pack_dir)
    assert any(
        "no service 'sofa_therapy'" in p.message and "words.yaml" in p.location.path for p in raised.value.problems
    )
