"""The fact specs' measures and parts are checked: a spec or a part naming a measure measures.yaml
does not declare, a measure naming an unknown unit kind, a part named twice are located errors at load; a
measure's word no phrasing case uses fails validate, as an untested phrase alternative does."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtus_check.cli.main import app
from mtus_check.errors import ProblemsError
from mtus_check.rules.loader import load_pack
from tests.rules.conftest import edit


@pytest.mark.parametrize(
    ("spec", "named", "unknown"),
    [
        ("functional_improvement.yaml", "changes: [", "changes: [heart_rate, "),  # the spec's own
        ("failed_conservative_care.yaml", "changes: [pain_score,", "changes: [pulse_rate,"),  # a part's
    ],
)
def test_a_spec_or_part_naming_an_unknown_measure_is_an_error_at_its_line(
    pack_dir: Path, spec: str, named: str, unknown: str
) -> None:
    edit(pack_dir, f"facts/{spec}", named, unknown)
    with pytest.raises(ProblemsError) as raised:
        load_pack(pack_dir)
    name = unknown.split("[")[1].split(",")[0]
    found = [p for p in raised.value.problems if f"no measure '{name}'" in p.message]
    assert found and found[0].location.path.endswith(spec)
    lines = (pack_dir / "facts" / spec).read_text(encoding="utf-8").splitlines()
    assert name in lines[found[0].location.line - 1]


def test_a_measure_naming_an_unknown_unit_kind_is_a_located_error(pack_dir: Path) -> None:
    edit(pack_dir, "facts/measures.yaml", "units: [time, distance, weight]", "units: [time, furlongs]")
    with pytest.raises(ProblemsError) as raised:
        load_pack(pack_dir)
    assert any(
        "no unit kind 'furlongs'" in p.message and p.location.path.endswith("measures.yaml")
        for p in raised.value.problems
    )


def test_a_part_named_twice_is_a_located_error(pack_dir: Path) -> None:
    edit(pack_dir, "facts/failed_conservative_care.yaml", "    - part: symptoms_persist", "    - part: care_tried")
    with pytest.raises(ProblemsError) as raised:
        load_pack(pack_dir)
    assert any("a part is named twice" in p.message for p in raised.value.problems)


def test_a_measure_word_no_case_uses_fails_validate_at_its_place(pack_dir: Path) -> None:
    edit(pack_dir, "facts/measures.yaml", "words: [ODI,", "words: [PSFS, ODI,")
    result = CliRunner().invoke(app, ["rules", "validate", str(pack_dir)])
    assert result.exit_code == 1
    assert "measures.yaml:" in result.output and "'PSFS' of measure disability_questionnaire" in result.output
    assert "'ODI'" not in result.output  # a word a case uses is covered
