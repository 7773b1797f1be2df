"""Rule packs with mistakes: every problem is reported at once, located, with a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtus_check.engine.cases import load_cases
from mtus_check.errors import ProblemsError
from mtus_check.rules.loader import load_pack
from tests.conftest import RULES
from tests.rules.conftest import edit

MASSAGE = "mtus/chronic-pain/massage.yaml"


def line_of(root: Path, rel: str, needle: str) -> int:
    return next(i for i, line in enumerate((root / rel).read_text().splitlines(), 1) if needle in line)


def problems(root: Path) -> list[str]:
    with pytest.raises(ProblemsError) as info:
        load_pack(root)
    return [p.format() for p in info.value.problems]


def test_bundled_pack_is_valid() -> None:
    pack = load_pack(RULES)
    assert len(pack.rules) >= 10
    assert len(pack.info.hash) == 64


def test_malformed_yaml_points_at_the_line(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, "        at_most: 6\n", "        at_most: [6\n")
    found = problems(pack_dir)
    assert len(found) == 1
    assert f"{MASSAGE}:" in found[0] and "not valid YAML" in found[0]


def test_misspelled_key_suggests_the_right_one(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, "        at_most: 6\n", "        at_mots: 6\n")
    line = line_of(pack_dir, MASSAGE, "at_mots")
    found = problems(pack_dir)
    assert any(f"massage.yaml:{line}:" in p and "unknown key 'at_mots'" in p and "at_most" in p for p in found)


def test_wrong_type_is_located(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, "        at_most: 6\n", "        at_most: six\n")
    line = line_of(pack_dir, MASSAGE, "at_most: six")
    found = problems(pack_dir)
    assert any(f"massage.yaml:{line}:" in p and "six" in p for p in found), found


def test_unknown_service_suggests_nearest(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, "      service: massage\n", "      service: masage\n")
    found = problems(pack_dir)
    assert any("'masage' is not a service" in p and "did you mean massage" in p for p in found), found


def test_field_the_model_lacks(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, "      - field: quantity\n", "      - field: quantty\n")
    found = problems(pack_dir)
    wanted = "'quantty' is not a field of the request or a fact the pack declares"
    assert any(wanted in p and "quantity" in p for p in found)


def test_test_of_wrong_kind(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, "        is: true\n", "        at_most: 1\n")
    found = problems(pack_dir)
    assert any("'at_most' tests a number, but adjunct_exercise is a boolean" in p for p in found), found


MEDICATIONS = "mtus/chronic-pain/medications.yaml"


def test_none_of_names_values_of_the_fields_vocabulary(pack_dir: Path) -> None:
    edit(pack_dir, MEDICATIONS, "        none_of: [lidocaine]\n", "        none_of: [lidocane]\n")
    line = line_of(pack_dir, MEDICATIONS, "none_of: [lidocane]")
    found = problems(pack_dir)
    wanted = "'lidocane' is not a ingredients in vocabulary.yaml"
    assert any(f"medications.yaml:{line}:" in p and wanted in p and "lidocaine" in p for p in found), found


def test_none_of_tests_a_category(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, "        at_most: 6\n", "        none_of: [six]\n")
    found = problems(pack_dir)
    assert any("'none_of' tests a category, but quantity is a number" in p for p in found), found


def test_duplicate_id_names_both_places(pack_dir: Path) -> None:
    edit(
        pack_dir,
        "mtus/acupuncture/acupuncture.yaml",
        "id: mtus.acupuncture.extension",
        "id: cpmtg.massage.visits",
    )
    found = problems(pack_dir)
    assert any("rule id 'cpmtg.massage.visits' is already defined at" in p and "massage.yaml" in p for p in found)


def test_all_errors_at_once(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, "        at_most: 6\n", "        at_mots: 6\n")
    edit(
        pack_dir,
        "mtus/acupuncture/acupuncture.yaml",
        "      service: acupuncture\n",
        "      service: acupunture\n",
    )
    found = problems(pack_dir)
    assert any("massage.yaml" in p for p in found) and any("acupuncture.yaml" in p for p in found)


def test_synonym_claimed_twice(pack_dir: Path) -> None:
    edit(
        pack_dir,
        "vocabulary.yaml",
        "synonyms: [acupuncture, acupuncture therapy,",
        "synonyms: [acupuncture, massage therapy,",
    )
    found = problems(pack_dir)
    assert any("'massage therapy' is claimed by both 'massage' and 'acupuncture'" in p for p in found), found


def test_unknown_placeholder_in_reason(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, '"{value} visits requested; MTUS', '"{count} visits requested; MTUS')
    found = problems(pack_dir)
    assert any("unknown placeholder {count}" in p for p in found)


def test_duplicate_key_in_mapping(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, "        at_most: 6\n", "        at_most: 6\n        at_most: 7\n")
    found = problems(pack_dir)
    assert any("key 'at_most' appears twice" in p for p in found)


def test_reversed_effective_period(pack_dir: Path) -> None:
    edit(pack_dir, MASSAGE, "effective_to: 2017-11-30", "effective_to: 2001-01-01")
    found = problems(pack_dir)
    assert any("effective_to is before effective_from" in p for p in found)


def test_not_recommended_rule_with_criteria_is_rejected(pack_dir: Path) -> None:
    edit(
        pack_dir,
        MASSAGE,
        "    groups: [chronic-pain, physical-medicine, passive-treatment]\n",
        "    groups: [chronic-pain]\n    recommendation: not_recommended\n",
    )
    found = problems(pack_dir)
    assert any("not_recommended rule has no criteria" in p for p in found)


def test_case_naming_unknown_rule(pack_dir: Path) -> None:
    edit(
        pack_dir,
        "mtus/chronic-pain/massage.cases.yaml",
        "findings: {cpmtg.massage.visits: pass}",
        "findings: {cpmtg.massage.visit: pass}",
    )
    with pytest.raises(ProblemsError) as info:
        load_cases(load_pack(pack_dir))
    assert "unknown rule 'cpmtg.massage.visit'" in info.value.problems[0].message
    assert info.value.problems[0].location.line > 0


def test_missing_pack_file(tmp_path: Path) -> None:
    found = problems(tmp_path)
    assert "needs a pack.yaml" in found[0]


def test_pack_hash_changes_with_content(pack_dir: Path) -> None:
    before = load_pack(pack_dir).info.hash
    edit(pack_dir, MASSAGE, "        at_most: 6\n", "        at_most: 8\n")
    assert load_pack(pack_dir).info.hash != before


SOURCES = "facts/sources.yaml"


def test_a_fact_source_the_reader_lacks_is_located(pack_dir: Path) -> None:
    edit(pack_dir, SOURCES, "    from: [request, surgery_item, summary, medications]", "    from: [request, rationale]")
    line = line_of(pack_dir, SOURCES, "from: [request, rationale]")
    found = problems(pack_dir)
    assert any(f"sources.yaml:{line}:" in p and "rationale" in p for p in found), found


def test_a_yield_to_a_fact_the_request_lacks_is_located(pack_dir: Path) -> None:
    edit(pack_dir, SOURCES, "        to: prior_sessions\n", "        to: prior_visits\n")
    line = line_of(pack_dir, SOURCES, "to: prior_visits")
    found = problems(pack_dir)
    assert any(
        f"sources.yaml:{line}:" in p and "'prior_visits' is not a request field or a declared fact" in p for p in found
    ), found
