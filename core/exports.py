"""Streamed downloads shared by every app: CSV with a BOM so Excel reads Thai, and the cell
cleaning every CSV and XLSX export applies.

Spreadsheets run text that starts with "=", "+", "-" or "@" as a formula (formula injection:
`=HYPERLINK(...)` typed into a report row). CSV cells that start so get a leading apostrophe,
which spreadsheets show as text; XLSX cells are written as typed strings, never formulas.
Control characters (a vertical tab pasted from Word) are dropped: XLSX cannot hold them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def spreadsheet_text(value: str) -> str:
    """Text without the control characters spreadsheets refuse."""
    return _CONTROL_CHARS.sub("", value)


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as written: text never runs as a formula."""
    if isinstance(value, str):
        value = spreadsheet_text(value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """CSV text line by line, starting with a BOM so that Excel reads UTF-8 Thai."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_response(filename: str, rows: Iterable[Iterable[object]]) -> StreamingHttpResponse:
    """A streamed CSV download of `rows` (the header is the first row); `filename` may be
    Thai (RFC 6266 filename*)."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_cell(sheet, value: object):
    """A write-only XLSX cell; text is a typed string, so "=..." stays text."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=spreadsheet_text(value))
        cell.data_type = "s"
        return cell
    return WriteOnlyCell(sheet, value=value)
