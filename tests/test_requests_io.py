"""Reading requests: every format, and one bad record never stops the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtus_check.errors import ProblemsError
from mtus_check.requests_io import parse_requests, read_requests
from mtus_check.rules.loader import load_pack
from tests.conftest import FIXTURES

FACTS = load_pack().request_facts  # the facts the bundled pack declares (rules/facts/)


def test_single_mapping() -> None:
    (record,) = parse_requests("service: massage\nquantity: 6\n", "r.yaml")
    assert record.request is not None and record.request.quantity == 6


def test_yaml_list_locates_each_item() -> None:
    records = list(parse_requests("- service: massage\n  quantity: 6\n- service: massage\n  quantity: -1\n", "r.yaml"))
    assert records[0].request is not None
    assert records[1].request is None
    problem = records[1].problems[0]
    assert problem.location.line == 4
    assert problem.message.startswith("quantity must be at least 1")


def test_unknown_field_suggests_the_right_one() -> None:
    (record,) = parse_requests("service: massage\nquantiy: 6\n", "r.yaml", facts=FACTS)
    assert record.problems[0].location.line == 2
    assert "unknown key 'quantiy'" in record.problems[0].message
    assert "quantity" in record.problems[0].fix


def test_unknown_fact_suggests_the_declared_one() -> None:
    (record,) = parse_requests("service: massage\nquantity: 6\nfunctional_improvment: true\n", "r.yaml", facts=FACTS)
    assert record.request is None
    [problem] = record.problems
    assert problem.location.line == 3 and problem.code == "request-unknown-fact"
    assert "did you mean functional_improvement" in problem.fix


def test_fact_values_are_typed_and_bounded_by_their_specs() -> None:
    text = "service: massage\nmed_mg_per_day: 90\nsurgery_date: 2015-03-02\npain_relief_percent: 140\n"
    (record,) = parse_requests(text, "r.yaml", facts=FACTS)
    [problem] = record.problems
    assert problem.location.line == 4 and "pain_relief_percent must be at most 100" in problem.message
    (record,) = parse_requests("service: massage\nsurgery_date: 2015-03-02\nhomebound: yes\n", "r.yaml", facts=FACTS)
    assert record.request is not None
    assert record.request.fact("homebound") is True and str(record.request.fact("surgery_date")) == "2015-03-02"
    (record,) = parse_requests("service: massage\nhomebound: maybe\n", "r.yaml", facts=FACTS)
    assert record.problems[0].location.line == 2 and "homebound" in record.problems[0].message


def test_wrong_type_is_reported() -> None:
    (record,) = parse_requests("service: massage\nquantity: six\n", "r.yaml")
    assert "quantity" in record.problems[0].message and "six" in record.problems[0].message


def test_jsonl_bad_line_reported_rest_read() -> None:
    records = list(read_requests(FIXTURES / "requests" / "batch-with-errors.jsonl"))
    assert [r.request is not None for r in records] == [True, False, True, False, True]
    assert records[3].problems[0].location.line == 4
    assert "not valid JSON" in records[3].problems[0].message


def test_yaml_syntax_error_is_located() -> None:
    (record,) = parse_requests("service: massage\nquantity: [6\n", "r.yaml")
    assert record.problems[0].code == "yaml-syntax"
    assert record.problems[0].location.line >= 2


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("\n")
    with pytest.raises(ProblemsError, match="empty"):
        list(read_requests(path))


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ProblemsError, match="cannot read"):
        list(read_requests(tmp_path / "nope.yaml"))


def test_text_makes_a_pending_record_with_the_fields_beside_it() -> None:
    """A request in its own words is kept for the letter reader (the api reads it), with the
    fields given beside it and where they are, so their problems are located after reading."""
    (record,) = parse_requests("- id: a\n  text: massage x 6\n  quantity: 4\n", "r.yaml", facts=FACTS)
    assert record.pending and record.request is None and not record.problems
    assert record.text == "massage x 6" and record.stated == {"id": "a", "quantity": 4}
    assert record.location.line == 1 and record.positions is not None
    assert record.positions.locate((*record.prefix, "quantity")).line == 3


@pytest.mark.parametrize("value", ['""', "'   '", "[massage]", "6", "null"])
def test_text_that_is_not_words_is_a_located_problem(value: str) -> None:
    (record,) = parse_requests(f"service: massage\ntext: {value}\n", "r.yaml", facts=FACTS)
    assert not record.pending and record.request is None
    [problem] = record.problems
    assert problem.location.line == 2 and problem.code == "request-shape"
    assert problem.message.startswith("text must be the request in words")
