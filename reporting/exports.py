"""Writing export rows (``queries.export_rows``) as CSV (UTF-8 with BOM, for Excel) or XLSX (openpyxl write-only).

Both writers consume the row iterator once and keep memory flat: CSV yields one encoded line at a time;
XLSX streams rows into a write-only workbook saved to a temporary file. Headers are those of the chosen columns in
the active language (``queries.column_headers``). In XLSX, dates are date cells (``DATE_FORMAT``), the header row
is frozen and carries a filter; in CSV they are ISO dates (2026-12-04).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .queries import column_headers

BOM = "\ufeff"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# A cell that a spreadsheet would read as a formula: "=…", "@…", a tab or carriage return first, or "+"/"-" followed
# by anything but a number ("+84912000123" stays a phone number). Course titles come from editors and emails from
# learners, and "=HYPERLINK(\"http://…?\"&C2)" in a manager's export would send the row's data away (audit
# 2026-12-04). Such a cell is written with a leading apostrophe, as OWASP advises for CSV injection. The writers
# below are the one place this happens (every row they write passes through ``_safe``).
_RISKY_FIRST = frozenset("=@\t\r+-")
_NUMBER = re.compile(r"[+\-][\d .]*")


def safe_cell(value):
    """``value`` as a spreadsheet may show it: text that would run as a formula gets a leading apostrophe."""
    if value.__class__ is str and value[:1] in _RISKY_FIRST and not (
        value[0] in "+-" and _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def _safe(row: list) -> list:
    # Inlined first-character test: a million-row export calls this 20 million times (issue 17); only text that
    # starts with one of the six characters reaches ``safe_cell``'s full test.
    return [safe_cell(cell) if cell.__class__ is str and cell[:1] in _RISKY_FIRST else cell for cell in row]


class _Echo:
    def write(self, value: str) -> str:
        return value


# Written CSV text in which some cell would be changed by ``_safe``: at a line's start or after a comma, quoted or
# not, a cell that starts with "=", "@", a tab or a carriage return, or with "+"/"-" not followed by only digits,
# spaces and dots up to the cell's end (a phone number "+84912000123" is not risky: most rows carry one, and a search
# that stopped at each of them wrote nearly every chunk twice). A quoted cell ends at a quote not doubled. Most chunks
# have none: one search per chunk of rows instead of a test per cell; a chunk that has one is written again through
# ``_safe``. A false alarm (a line break inside a quoted cell followed by such a character, a negative number that
# is not text) costs that second writing, nothing else; a miss would be a formula in a manager's spreadsheet, so
# the tests compare the output with every row written through ``_safe``.
# (An unquoted carriage return after a comma is the line's own end after an empty last cell: a cell that starts with
# one is always quoted.)
_RISKY_TEXT = re.compile(
    r'(?:^|,)(?:"(?:[=@\t\r]|[+\-](?![\d .]*"(?!")))|[=@\t]|[+\-](?![\d .]*(?:,|\r|\n|$)))', re.MULTILINE
)


# Rows per chunk handed out by ``csv_lines``: one row per chunk made a million-row export a million generator
# steps, encodes and writes (and a streamed download a million tiny network writes); 256 rows are ~40 KB.
ROWS_PER_CHUNK = 256


DATE_FORMAT = "DD/MM/YYYY"  # how a date cell shows in Excel (the value stays a date: sortable, filterable)


def csv_lines(
    rows: Iterable[list], *, on_row: Callable[[int], None] | None = None, columns=None
) -> Iterator[bytes]:
    """The BOM, the header and the rows as UTF-8 bytes (CRLF line ends, as Excel writes them), ``ROWS_PER_CHUNK``
    rows per chunk; ``on_row`` is called after each chunk with the count of rows so far.

    Each chunk is written by one ``writerows`` call into a reused buffer and searched once for a risky cell (issue
    17: the per-row ``writerow`` and search were a third of a 100k-row export's Python)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_safe(column_headers(columns)))
    yield (BOM + buffer.getvalue()).encode("utf-8")
    risky = _RISKY_TEXT.search
    count = 0
    rows = iter(rows)
    while chunk := list(islice(rows, ROWS_PER_CHUNK)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(chunk)
        if risky(buffer.getvalue()):
            buffer.seek(0)
            buffer.truncate()
            writer.writerows(map(_safe, chunk))
        count += len(chunk)
        if on_row is not None:
            on_row(count)
        yield buffer.getvalue().encode("utf-8")


def _dated(sheet, row: list) -> list:
    """Date values as date cells with a number format (openpyxl's default would show 2026-12-04 00:00:00)."""
    out = []
    for value in row:
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = DATE_FORMAT
            out.append(cell)
        else:
            out.append(value)
    return out


def write_xlsx(
    rows: Iterable[list], target, *, on_row: Callable[[int], None] | None = None, columns=None
) -> int:
    """Write a workbook with one sheet to ``target`` (a path or binary file); returns the number of rows."""
    headers = column_headers(columns)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Hoàn thành")
    sheet.freeze_panes = "A2"  # the header row stays in view while scrolling
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(header) + 4))
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 - count is the result
        sheet.append(_dated(sheet, _safe(row)))
        if on_row is not None:
            on_row(count)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    workbook.save(target)
    return count


def xlsx_tempfile(rows: Iterable[list], *, columns=None):
    """The workbook in a temporary file, rewound (spills to disk, so memory stays flat)."""
    handle = tempfile.TemporaryFile()
    write_xlsx(rows, handle, columns=columns)
    handle.seek(0)
    return handle
