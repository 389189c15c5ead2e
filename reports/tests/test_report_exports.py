"""CSV and XLSX downloads of a round's rows, its summary and the agency's calendar: the same
rows as the page, Thai text intact, Thai file names in Content-Disposition, streamed CSV."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.choices import RoundKind, RowStatus
from reports.services import report_row_update, round_open
from reports.tests.factories import measure_set_2567, plan_2566_2570

pytestmark = pytest.mark.django_db


@pytest.fixture
def rnd(agency_a, alice):
    plan_2566_2570(agency_a)
    measure_set_2567(agency_a)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    first = rnd.rows.order_by("order")[0]
    report_row_update(
        row=first,
        data={"status": RowStatus.DONE, "done_text": "อบรมแล้ว ๒ รุ่น", "budget_used": "๑๒,๕๐๐"},
        version=first.version,
        user=alice,
    )
    return rnd


def _csv(response) -> list[list[str]]:
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def _xlsx(response) -> list[tuple]:
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _url(rnd, table, fmt):
    return reverse("reports:round_export", kwargs={"pk": rnd.pk, "table": table, "fmt": fmt})


def test_it_exports_the_rows_as_csv_with_thai_text(client_for, alice, rnd):
    response = client_for(alice).get(_url(rnd, "rows", "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv(response)
    assert rows[0][:3] == ["ลำดับ", "มิติ/กลุ่ม", "โครงการ/กิจกรรม/มาตรการ"]
    assert len(rows) == 1 + 6
    first = rows[1]
    assert first[1] == "มิติที่ 1 การสร้างวัฒนธรรมสุจริต"
    assert first[2] == "โครงการอบรมคุณธรรมจริยธรรม"
    assert (first[4], first[5], first[6], first[8]) == (
        "20000.00",
        "12500.00",
        "ดำเนินการแล้ว",
        "อบรมแล้ว ๒ รุ่น",
    )
    assert rows[-1][6] == "ยังไม่ดำเนินการ"


def test_it_exports_the_same_rows_as_xlsx(client_for, alice, rnd):
    client = client_for(alice)
    csv_rows = _csv(client.get(_url(rnd, "rows", "csv")))
    response = client.get(_url(rnd, "rows", "xlsx"))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    rows = _xlsx(response)
    assert list(rows[0]) == csv_rows[0]
    assert len(rows) == len(csv_rows)
    assert [r[2] for r in rows[1:]] == [r[2] for r in csv_rows[1:]]
    assert rows[1][5] == 12500 and rows[1][6] == "ดำเนินการแล้ว"


def test_it_keeps_the_page_filters_in_the_rows_export(client_for, alice, rnd):
    rows = _csv(client_for(alice).get(_url(rnd, "rows", "csv"), {"status": RowStatus.DONE}))
    assert len(rows) == 2


def test_it_exports_the_summary_per_dimension(client_for, alice, rnd):
    rows = _csv(client_for(alice).get(_url(rnd, "summary", "csv")))
    assert rows[0][0] == "มิติ/กลุ่ม"
    labels = [r[0] for r in rows[1:]]
    assert labels[0] == "มิติที่ 1 การสร้างวัฒนธรรมสุจริต"
    assert labels[-2] == "มาตรการส่งเสริมคุณธรรมและความโปร่งใส"
    assert labels[-1] == "รวมทั้งสิ้น"
    total = rows[-1]
    assert total[1] == "6"
    assert Decimal(total[-2]) == Decimal(65000) and Decimal(total[-1]) == Decimal(12500)
    xlsx = _xlsx(client_for(alice).get(_url(rnd, "summary", "xlsx")))
    assert [r[0] for r in xlsx[1:]] == labels


def test_it_names_the_files_in_thai(client_for, alice, rnd):
    response = client_for(alice).get(_url(rnd, "rows", "xlsx"))
    name = "รายงานผล-๖-เดือน-๒๕๖๗-อบต.กระจาย.xlsx"  # agency A writes Thai digits
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    response = client_for(alice).get(_url(rnd, "summary", "csv"))
    assert quote("รายงานผล-๖-เดือน-๒๕๖๗-สรุป-อบต.กระจาย.csv") in response["Content-Disposition"]


def test_it_exports_the_calendar(client_for, alice, agency_a, rnd):
    url = reverse("reports:agency_reports_export", kwargs={"code": agency_a.code, "fmt": "csv"})
    rows = _csv(client_for(alice).get(url))
    assert rows[0][:3] == ["ปีงบประมาณ", "รอบรายงาน", "ตั้งแต่วันที่"]
    line = next(r for r in rows if r[0] == "2567")
    assert line[1:6] == ["รอบ 6 เดือน", "2023-10-01", "2024-03-31", "2024-04-30", "กำลังจัดทำ"]
    assert line[6:9] == ["6", "1", "17"]
    url = reverse("reports:agency_reports_export", kwargs={"code": agency_a.code, "fmt": "xlsx"})
    assert len(_xlsx(client_for(alice).get(url))) == len(rows)
