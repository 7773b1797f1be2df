"""Reading requests: every format, and one bad record never stops the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtus_check.errors import ProblemsError
from mtus_check.requests_io import parse_requests, read_requests
from tests.conftest import FIXTURES


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
    (record,) = parse_requests("service: massage\nquantiy: 6\n", "r.yaml")
    assert record.problems[0].location.line == 2
    assert "unknown key 'quantiy'" in record.problems[0].message
    assert "quantity" in record.problems[0].fix


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
