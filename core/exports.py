"""Streamed downloads shared by every app: CSV with a BOM so Excel reads Thai."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """CSV text line by line, starting with a BOM so that Excel reads UTF-8 Thai."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)


def csv_response(filename: str, rows: Iterable[Iterable[object]]) -> StreamingHttpResponse:
    """A streamed CSV download of `rows` (the header is the first row); `filename` may be
    Thai (RFC 6266 filename*)."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
