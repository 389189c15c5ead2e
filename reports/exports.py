"""CSV and XLSX downloads of the report tables: a round's rows, its summary, an agency's calendar.

A table is a sheet name, a header and an iterator of rows (plain values: numbers stay
numbers, Decimal for baht, dates as ISO dates, statuses as their Thai labels), built from
the same selectors as the pages. CSV is streamed (StreamingHttpResponse over the iterator,
UTF-8 with a BOM so Excel reads Thai); XLSX is written row by row by openpyxl's write-only
workbook into a spooled temporary file and streamed from there. File names are Thai and go
through content_disposition_header (filename*=utf-8''...).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

from core.exports import csv_response as core_csv_response
from core.exports import xlsx_cell
from core.thai import digits
from reports.choices import RowStatus
from reports.models import ReportingRound
from reports.selectors import Dashboard, RoundSummary, row_group

CSV_CHUNK_ROWS = 200


@dataclass
class Table:
    sheet: str
    header: list[str]
    rows: Iterable[list[Any]]


def round_file_stem(rnd: ReportingRound, suffix: str = "") -> str:
    """ "รายงานผล-๖-เดือน-๒๕๖๗-อบต.กระจาย" (Thai, no spaces; the kind without "รอบ"), its
    digits in the agency's style."""
    style = rnd.agency.digit_style
    kind = str(rnd.get_kind_display()).removeprefix("รอบ").strip().replace(" ", "-")
    parts = ["รายงานผล", digits(kind, style), digits(rnd.fiscal_year, style)]
    if suffix:
        parts.append(suffix)
    parts.append(rnd.agency.short_name.replace(" ", ""))
    return "-".join(parts)


def _text(value: str | None) -> str:
    return (value or "").strip()


def round_rows_table(rnd: ReportingRound, rows) -> Table:
    """One line per row: group, item, planned and used budget, status and what was reported."""
    header = [
        "ลำดับ",
        "มิติ/กลุ่ม",
        "โครงการ/กิจกรรม/มาตรการ",
        "ตัวชี้วัด ITA",
        "งบประมาณตามแผน (บาท)",
        "งบประมาณที่ใช้ (บาท)",
        "สถานะ",
        "เหตุผล (เลื่อน/ยกเลิก)",
        "ผลการดำเนินการ",
        "ผลลัพธ์หรือความสำเร็จ",
        "ปัญหาอุปสรรค",
        "ข้อเสนอแนะ",
        "หลักฐาน",
        "แก้ไขล่าสุด",
    ]

    def lines() -> Iterator[list[Any]]:
        iterable = rows.iterator(chunk_size=CSV_CHUNK_ROWS) if hasattr(rows, "iterator") else rows
        for n, row in enumerate(iterable, start=1):
            _key, number, label = row_group(row)
            indicators = ""
            if row.measure_id:
                indicators = ", ".join(f"{i.number} {i.name}" for i in row.measure.indicators.all())
            planned = row.plan_item_year.budget if row.plan_item_year_id else None
            evidence = " ".join(
                e.url if e.is_link else e.original_name or e.file.name for e in row.evidence.all()
            )
            yield [
                n,
                f"มิติที่ {number} {label}" if number else label,
                row.title,
                indicators,
                planned,
                row.budget_used,
                RowStatus(row.status).label,
                _text(row.status_reason),
                _text(row.done_text),
                _text(row.outcome),
                _text(row.problems),
                _text(row.suggestions),
                evidence,
                row.updated_at,
            ]

    return Table(sheet="รายการ", header=header, rows=lines())


def round_summary_table(rnd: ReportingRound, summary: RoundSummary) -> Table:
    """Per dimension: rows per status, budget planned and used, share done; then the total."""
    header = [
        "มิติ/กลุ่ม",
        "จำนวนรายการ",
        *[str(label) for _v, label in RowStatus.choices],
        "ร้อยละที่ดำเนินการแล้ว",
        "งบประมาณตามแผน (บาท)",
        "งบประมาณที่ใช้ (บาท)",
    ]

    def lines() -> Iterator[list[Any]]:
        for group in [*summary.groups, summary.total]:
            label = f"มิติที่ {group.number} {group.label}" if group.number else group.label
            yield [
                label,
                group.rows,
                *[group.counts[value] for value in RowStatus.values],
                group.done_percent,
                group.budget_planned,
                group.budget_used,
            ]

    return Table(sheet="สรุป", header=header, rows=lines())


def calendar_table(agency, entries) -> Table:
    header = [
        "ปีงบประมาณ",
        "รอบรายงาน",
        "ตั้งแต่วันที่",
        "ข้อมูล ณ วันที่",
        "กำหนดส่ง",
        "สถานะ",
        "จำนวนรายการ",
        "ดำเนินการแล้ว",
        "ร้อยละที่ดำเนินการแล้ว",
        "เกินกำหนด",
    ]

    def lines() -> Iterator[list[Any]]:
        for e in entries:
            rnd = e.round
            yield [
                e.fiscal_year,
                e.kind_label,
                rnd.period_start if rnd else None,
                rnd.period_end if rnd else None,
                e.due_date,
                rnd.get_state_display() if rnd else "ยังไม่เปิดรอบ",
                getattr(e, "rows", None),
                getattr(e, "done", None),
                getattr(e, "done_percent", None),
                "ใช่" if e.is_overdue else "",
            ]

    return Table(sheet="ปฏิทิน", header=header, rows=lines())


def audit_dashboard_table(board: Dashboard) -> Table:
    """The auditors' dashboard (reports.selectors.audit_dashboard): no dialogue, no row
    verdicts — the same facts the page shows per agency."""
    header = [
        "จังหวัด",
        "รหัสหน่วยงาน",
        "หน่วยงาน",
        "ปีงบประมาณ",
        "รอบรายงาน",
        "กำหนดส่ง",
        "ส่งครั้งแรกเมื่อ",
        "การส่ง",
        "ล่าช้า (วัน)",
        "สถานะรายงาน",
        "ผลการตรวจ",
    ]

    def lines() -> Iterator[list[Any]]:
        for line in board.lines:
            yield [
                line.agency.province.name,
                line.agency.code,
                line.agency.name,
                line.fiscal_year,
                line.kind_label,
                line.due_date,
                line.first_submitted,
                line.submission_label,
                line.days_late or None,
                line.round.get_state_display() if line.round else "ยังไม่เปิดรอบ",
                line.audit_label if line.audit else "",
            ]

    return Table(sheet="ติดตามการรายงาน", header=header, rows=lines())


# --- Responses --------------------------------------------------------------------------------


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        local = timezone.localtime(value) if value.tzinfo else value
        return local.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return ""
    return value


def csv_response(table: Table, filename: str) -> StreamingHttpResponse:
    def rows() -> Iterator[list[Any]]:
        yield list(table.header)
        for row in table.rows:
            yield [_csv_value(v) for v in row]

    return core_csv_response(filename, rows())


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        # Excel has no time zones: local (Bangkok) wall time.
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Promise):  # lazy Thai labels
        return str(value)
    return value


def xlsx_response(table: Table, filename: str) -> FileResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.sheet)
    bold = Font(bold=True)
    header = []
    for name in table.header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([xlsx_cell(sheet, _xlsx_value(v)) for v in row])
    out = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)
    workbook.save(out)
    out.seek(0)
    response = FileResponse(
        out,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def table_response(table: Table, stem: str, fmt: str):
    if fmt == "csv":
        return csv_response(table, f"{stem}.csv")
    if fmt == "xlsx":
        return xlsx_response(table, f"{stem}.xlsx")
    raise Http404
