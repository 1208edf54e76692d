"""Bulk issuance from a spreadsheet: CSV rows read into issue requests.

The file is UTF-8 (a byte order mark, as spreadsheet programs write, is accepted and dropped)
with a header row. Each later row is one recipient; each column is a field of the issue
request (:mod:`credstack.services.issue_request`)::

    recipient,recipient_name,valid_until,credits_earned,results[0].result_description,results[0].value
    ada@example.org,Ada Lovelace,2030-06-30T00:00:00Z,5,https://uni.example/results/grade,8.5
    did:example:grace,,,,https://uni.example/results/grade,7

Columns:

- the scalar fields by name: ``recipient`` (required), ``recipient_name``, ``valid_until``,
  ``credits_earned``, ``activity_start_date``, ``activity_end_date``;
- one column per field of a result or an evidence entry, with its position in the list:
  ``results[0].value``, ``results[0].status``, ``results[1].achieved_level``,
  ``evidence[0].id``, ``evidence[0].narrative``… (the fields are those of the JSON request).

Cells are text, trimmed by the request rules; an empty cell means "not given". A result or
evidence entry whose cells are all empty in a row is left out of that row, so a file may have
columns for three results while some learners have one (the entries keep their order).

The separator is a comma, or a semicolon or a tab when the header row holds one of those and
no comma (spreadsheets in many locales export semicolons). Quoting follows RFC 4180.

Problems with the file itself — not UTF-8, an unknown or repeated column, a row with more or
fewer cells than the header, a stray quote, no data rows, more than :data:`MAX_ROWS` rows — raise
:class:`~credstack.services.errors.InvalidRequestError` naming the line and column. A value
that breaks a request rule (an e-mail address that is not one) does not: that row is reported
as failed when the job runs, and the others are issued.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from typing import Any

from credstack.services.errors import InvalidRequestError
from credstack.services.issue_request import EVIDENCE_FIELDS, FIELDS, MAX_ITEMS, RESULT_FIELDS

MAX_ROWS = 1_000_000
"""Rows in one bulk job (CSV or JSON); larger batches are split by the caller."""
MAX_CELL = 100_000
"""Characters in one cell (the csv module's own limit is 131,072)."""

SCALAR_COLUMNS = tuple(f for f in FIELDS if f not in ("results", "evidence"))
LIST_FIELDS = {"results": RESULT_FIELDS, "evidence": EVIDENCE_FIELDS}
_LIST_COLUMN = re.compile(r"\A(results|evidence)\[(\d{1,3})\]\.([a-z_]+)\Z")
_BOM = "\ufeff"


def parse_csv_rows(data: bytes) -> list[dict[str, Any]]:
    """The rows of a CSV upload as issue-request objects (see the module docstring)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidRequestError(
            f"CSV line {line}: the file is not UTF-8 (byte {exc.start}); save it as "
            "'CSV UTF-8' in your spreadsheet program",
            field="csv",
            line=line,
        ) from None
    text = text.removeprefix(_BOM)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise _invalid(line, None, "a NUL character: the file is not a text (CSV) file")
    # strict: a stray quote is an error, not silently part of the cell
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            raise _invalid(1, None, "the file is empty: it needs a header row and one row a line")
        columns = _columns(header, reader.line_num)
        rows: list[dict[str, Any]] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # blank lines (often at the end of a file) are not recipients
            if len(rows) >= MAX_ROWS:
                raise _invalid(
                    reader.line_num, None, f"more than {MAX_ROWS:,} rows: split the file"
                )
            rows.append(_row(columns, cells, reader.line_num))
    except csv.Error as exc:
        raise _invalid(reader.line_num, None, f"not readable as CSV: {exc}") from None
    if not rows:
        raise _invalid(reader.line_num, None, "the file has a header row but no recipients")
    return rows


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    if "," in first_line:
        return ","
    for candidate in (";", "\t"):
        if candidate in first_line:
            return candidate
    return ","


_Column = tuple[str, int, str] | str
"""A scalar field name, or (list field, position, item field)."""


def _columns(header: list[str], line: int) -> list[_Column]:
    columns: list[_Column] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(header, start=1):
        name = raw.strip()
        if not name:
            raise _invalid(line, number, "a column without a name in the header row")
        if name in seen:
            raise _invalid(line, number, f"column {name!r} repeats column {seen[name]}")
        seen[name] = number
        columns.append(_column(name, line, number))
    if "recipient" not in seen:
        raise _invalid(line, None, "the header row has no 'recipient' column")
    return columns


def _column(name: str, line: int, number: int) -> _Column:
    if name in SCALAR_COLUMNS:
        return name
    match = _LIST_COLUMN.match(name)
    if match is not None:
        field, position, item = match.group(1), int(match.group(2)), match.group(3)
        if item not in LIST_FIELDS[field]:
            allowed = ", ".join(LIST_FIELDS[field])
            raise _invalid(line, number, f"{name!r}: {field} entries have {allowed}")
        if position >= MAX_ITEMS:
            raise _invalid(line, number, f"{name!r}: at most {MAX_ITEMS} {field} entries")
        return field, position, item
    known = [*SCALAR_COLUMNS, "results[0].value", "evidence[0].id"]
    close = difflib.get_close_matches(_snake(name), known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise _invalid(
        line,
        number,
        f"unknown column {name!r} (known: {', '.join(SCALAR_COLUMNS)}, "
        f"results[n].<field>, evidence[n].<field>){hint}",
    )


def _row(columns: list[_Column], cells: list[str], line: int) -> dict[str, Any]:
    if len(cells) != len(columns):
        raise _invalid(
            line, None, f"{len(cells)} cells, but the header row has {len(columns)} columns"
        )
    row: dict[str, Any] = {}
    entries: dict[str, dict[int, dict[str, str]]] = {}
    for number, (column, cell) in enumerate(zip(columns, cells, strict=True), start=1):
        if len(cell) > MAX_CELL:
            raise _invalid(line, number, f"a cell longer than {MAX_CELL:,} characters")
        if not cell.strip():
            continue
        if isinstance(column, str):
            row[column] = cell
        else:
            field, position, item = column
            entries.setdefault(field, {}).setdefault(position, {})[item] = cell
    for field, by_position in entries.items():
        row[field] = [by_position[p] for p in sorted(by_position)]
    return row


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower().replace(" ", "_").replace("-", "_")


def _invalid(line: int, column: int | None, message: str) -> InvalidRequestError:
    where = f"CSV line {line}" + (f", column {column}" if column is not None else "")
    detail: dict[str, Any] = {"field": "csv", "line": line}
    if column is not None:
        detail["column"] = column
    return InvalidRequestError(f"{where}: {message}", **detail)


__all__ = ["MAX_CELL", "MAX_ROWS", "SCALAR_COLUMNS", "parse_csv_rows"]
