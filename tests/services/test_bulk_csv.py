"""Reading bulk uploads from CSV: the columns, the encodings and every malformed-file error."""

from __future__ import annotations

import pytest

from credstack.services import bulk_csv
from credstack.services.bulk_csv import MAX_CELL, parse_csv_rows
from credstack.services.errors import InvalidRequestError
from credstack.services.issue_request import parse_issue_request


def _error(data: bytes) -> InvalidRequestError:
    with pytest.raises(InvalidRequestError) as caught:
        parse_csv_rows(data)
    return caught.value


def test_scalar_columns_become_request_fields() -> None:
    data = (
        b"recipient,recipient_name,valid_until,credits_earned\r\n"
        b"ada@example.org,Ada Lovelace,2030-06-30T00:00:00Z,5\r\n"
        b"did:example:grace,,,\r\n"
    )
    rows = parse_csv_rows(data)
    assert rows == [
        {
            "recipient": "ada@example.org",
            "recipient_name": "Ada Lovelace",
            "valid_until": "2030-06-30T00:00:00Z",
            "credits_earned": "5",
        },
        {"recipient": "did:example:grace"},
    ]
    assert parse_issue_request(rows[0]).credits_earned == 5.0


def test_a_byte_order_mark_is_dropped() -> None:
    rows = parse_csv_rows("\ufeffrecipient\nada@example.org\n".encode())
    assert rows == [{"recipient": "ada@example.org"}]


def test_list_columns_group_by_position_and_skip_empty_entries() -> None:
    data = (
        b"recipient,results[0].result_description,results[0].value,results[1].value,"
        b"evidence[0].id,evidence[0].narrative\n"
        b"a@example.org,https://u.example/r/grade,8.5,,https://p.example/a,Built a thing\n"
        b"b@example.org,,,pass,,\n"
    )
    first, second = parse_csv_rows(data)
    assert first["results"] == [{"result_description": "https://u.example/r/grade", "value": "8.5"}]
    assert first["evidence"] == [{"id": "https://p.example/a", "narrative": "Built a thing"}]
    # results[0] is empty for this learner: the entry is left out, results[1] moves up
    assert second == {"recipient": "b@example.org", "results": [{"value": "pass"}]}
    assert parse_issue_request(first).results[0].value == "8.5"


def test_quoted_cells_may_hold_separators_and_line_breaks() -> None:
    data = b'recipient,recipient_name\n"ada@example.org","Lovelace, Ada\nCountess"\n'
    assert parse_csv_rows(data) == [
        {"recipient": "ada@example.org", "recipient_name": "Lovelace, Ada\nCountess"}
    ]


def test_blank_lines_are_not_recipients() -> None:
    data = b"\n\nrecipient\n\nada@example.org\n,\n\ngrace@example.org\n\n"
    assert [r["recipient"] for r in parse_csv_rows(data)] == [
        "ada@example.org",
        "grace@example.org",
    ]


@pytest.mark.parametrize("separator", [b";", b"\t"])
def test_semicolon_and_tab_separated_files_are_read(separator: bytes) -> None:
    data = separator.join([b"recipient", b"credits_earned"]) + b"\n"
    data += separator.join([b"ada@example.org", b"2,5"]) + b"\n"
    assert parse_csv_rows(data) == [{"recipient": "ada@example.org", "credits_earned": "2,5"}]


def test_a_file_that_is_not_utf8_names_the_line() -> None:
    error = _error(b"recipient,recipient_name\nada@example.org,Ad\xe9le\n")
    assert error.detail == {"field": "csv", "line": 2}
    assert "not UTF-8" in error.message


@pytest.mark.parametrize("data", [b"", b"\n\n", b" , \n"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    assert "empty" in _error(data).message


def test_a_header_without_rows_is_refused() -> None:
    error = _error(b"recipient\n\n")
    assert "no recipients" in error.message


def test_the_recipient_column_is_required() -> None:
    error = _error(b"recipient_name\nAda\n")
    assert "no 'recipient' column" in error.message
    assert error.detail["line"] == 1


def test_an_unknown_column_is_named_with_a_suggestion() -> None:
    error = _error(b"recipient,validUntil\nada@example.org,2030-01-01T00:00:00Z\n")
    assert error.detail == {"field": "csv", "line": 1, "column": 2}
    assert "unknown column 'validUntil'" in error.message
    assert "did you mean 'valid_until'?" in error.message


def test_an_unknown_column_without_a_near_miss_has_no_suggestion() -> None:
    error = _error(b"recipient,favourite colour\nada@example.org,blue\n")
    assert "did you mean" not in error.message


def test_a_repeated_column_is_refused() -> None:
    error = _error(b"recipient,recipient\na@example.org,b@example.org\n")
    assert error.detail["column"] == 2
    assert "repeats column 1" in error.message


def test_a_column_without_a_name_is_refused() -> None:
    error = _error(b"recipient,,credits_earned\na@example.org,x,1\n")
    assert error.detail["column"] == 2


def test_a_list_column_must_name_a_field_of_its_entries() -> None:
    error = _error(b"recipient,results[0].grade\na@example.org,A\n")
    assert "results entries have result_description, value" in error.message


def test_a_list_column_position_is_bounded() -> None:
    error = _error(b"recipient,evidence[100].id\na@example.org,https://x.example\n")
    assert "at most 100 evidence entries" in error.message


def test_a_row_must_have_as_many_cells_as_the_header() -> None:
    error = _error(b"recipient,recipient_name\na@example.org,Ada\nb@example.org\n")
    assert error.detail == {"field": "csv", "line": 3}
    assert "1 cells, but the header row has 2 columns" in error.message


def test_an_oversized_cell_is_refused() -> None:
    data = b"recipient,recipient_name\na@example.org," + b"x" * (MAX_CELL + 1) + b"\n"
    error = _error(data)
    assert error.detail == {"field": "csv", "line": 2, "column": 2}


def test_csv_syntax_errors_are_reported_with_the_line() -> None:
    error = _error(b'recipient,recipient_name\na@example.org,Ada\n"b@example.org"x,Grace\n')
    assert error.detail == {"field": "csv", "line": 3}
    assert "not readable as CSV" in error.message


def test_a_nul_character_is_refused() -> None:
    error = _error(b"recipient\na@example.org\nb\x00@example.org\n")
    assert error.detail == {"field": "csv", "line": 3}
    assert "NUL" in error.message


def test_the_number_of_rows_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk_csv, "MAX_ROWS", 2)
    assert len(parse_csv_rows(b"recipient\na@x.org\nb@x.org\n")) == 2
    error = _error(b"recipient\na@x.org\nb@x.org\nc@x.org\n")
    assert "more than 2 rows" in error.message
    assert error.detail["line"] == 4


def test_a_bad_value_is_left_for_the_row_to_fail() -> None:
    # the file is fine; the value breaks a request rule, which fails only this row later
    rows = parse_csv_rows(b"recipient,credits_earned\nnot-an-address,many\n")
    assert rows == [{"recipient": "not-an-address", "credits_earned": "many"}]
