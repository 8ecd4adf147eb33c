"""Tables to Excel (.xlsx, openpyxl), each export audited; text that a spreadsheet would read as a formula
is written as plain text (CSV/formula injection)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from coordinator.services import audit

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A value as a cell: numbers stay numbers, formula-like text is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> tuple[bytes, int]:
    """One sheet with a bold header row; returns the file's bytes and the number of data rows."""
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([cell(h) for h in headers])
    for header in sheet[1]:
        header.font = Font(bold=True)
    count = 0
    for row in rows:
        sheet.append([cell(v) for v in row])
        count += 1
    sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue(), count


def export(table: str, title: str, headers: Sequence[str], rows: Iterable[Sequence], actor, **detail) -> bytes:
    """The workbook of one table, with an `export` audit row naming the table and how many rows left."""
    data, count = workbook(title, headers, rows)
    audit.record("export", actor, "table", table, rows=count, **detail)
    return data
