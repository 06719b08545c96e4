"""Writing export rows (``queries.export_rows``) as CSV (UTF-8 with BOM, for Excel) or XLSX (openpyxl write-only).

Both writers consume the row iterator once and keep memory flat: CSV yields one encoded line at a time;
XLSX streams rows into a write-only workbook saved to a temporary file. Headers are those of the chosen columns in
the active language (``queries.column_headers``). In XLSX, dates are date cells (``DATE_FORMAT``), the header row
is frozen and carries a filter; in CSV they are ISO dates (2026-12-04).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator

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
# 2026-12-04). Such a cell is written with a leading apostrophe, as OWASP advises for CSV injection.
_FORMULA = re.compile(r"^(?:[=@\t\r]|[+\-](?![\d .]*$))")


def _safe(row: list) -> list:
    return [f"'{cell}" if isinstance(cell, str) and _FORMULA.match(cell) else cell for cell in row]


class _Echo:
    def write(self, value: str) -> str:
        return value


DATE_FORMAT = "DD/MM/YYYY"  # how a date cell shows in Excel (the value stays a date: sortable, filterable)


def csv_lines(
    rows: Iterable[list], *, on_row: Callable[[int], None] | None = None, columns=None
) -> Iterator[bytes]:
    """The BOM, the header and each row as UTF-8 bytes (CRLF line ends, as Excel writes them)."""
    writer = csv.writer(_Echo())
    yield (BOM + writer.writerow(column_headers(columns))).encode("utf-8")
    for count, row in enumerate(rows, start=1):
        yield writer.writerow(_safe(row)).encode("utf-8")
        if on_row is not None:
            on_row(count)


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
