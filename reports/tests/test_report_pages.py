"""The round page and its in-place editing: every row with its status, filters, htmx saves that
re-render the row and the progress, Thai errors that keep what was typed, stale versions,
evidence, the workflow buttons and the agency's reporting calendar."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.access import SYSTEM
from conftest import moved_for_good
from reports.choices import RoundKind, RoundState, RowStatus
from reports.models import ReportingRound, ReportRow
from reports.services import report_row_update, round_open
from reports.tests.factories import measure_set_2567, plan_2566_2570

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def rnd(agency_a, alice) -> ReportingRound:
    """A 6-month round of 2567: four plan items (dimensions 1, 1, 2, 3) and two measures."""
    plan_2566_2570(agency_a)
    measure_set_2567(agency_a)
    return round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)


def _rows(rnd):
    return list(rnd.rows.order_by("order"))


def _post_row(client, row, **values):
    data = {
        "status": row.status,
        "status_reason": row.status_reason,
        "done_text": row.done_text,
        "outcome": row.outcome,
        "budget_used": "",
        "problems": "",
        "suggestions": "",
        "version": row.version,
    }
    data.update(values)
    return client.post(reverse("reports:row_edit", args=[row.pk]), data, **HX)


def _table(html: str) -> str:
    return html.split('id="rows-table"')[1].split("</table>")[0]


def _progress(html: str) -> str:
    match = re.search(r'id="round-progress-bar"[^>]*aria-valuenow="([\d.]+)"', html)
    assert match is not None
    return match.group(1)


def test_it_lists_every_row_with_its_status(client_for, alice, rnd):
    rows = _rows(rnd)
    report_row_update(row=rows[0], data={"status": RowStatus.DONE}, version=1, user=alice)
    response = client_for(alice).get(rnd.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<tr id="row-') == 6
    for title in ("โครงการอบรมคุณธรรมจริยธรรม", "โครงการจัดเวทีประชาคม", "มาตรการที่ 2"):
        assert title in html
    assert "กิจกรรมพัฒนาศักยภาพสมาชิกสภา" not in html  # not planned in 2567
    table = _table(html)
    assert table.count('class="badge text-bg-success">ดำเนินการแล้ว') == 1
    assert table.count(">ยังไม่ดำเนินการ</span>") == 5
    assert "มิติที่ ๑ การสร้างวัฒนธรรมสุจริต" in html
    # 1 of 6 done: the progress bar and the summary say so.
    assert _progress(html) == "16.67"
    assert "ดำเนินการแล้ว <strong>๑</strong> จาก ๖ รายการ" in html


def test_it_filters_by_dimension_status_and_title(client_for, alice, rnd):
    rows = _rows(rnd)
    report_row_update(row=rows[3], data={"status": RowStatus.IN_PROGRESS}, version=1, user=alice)
    client = client_for(alice)
    url = rnd.get_absolute_url()

    html = client.get(url, {"dimension": "1"}).content.decode()
    assert html.count('<tr id="row-') == 2
    assert "โครงการจัดเวทีประชาคม" not in _table(html)

    html = client.get(url, {"status": RowStatus.IN_PROGRESS}).content.decode()
    assert html.count('<tr id="row-') == 1
    assert f'id="row-{rows[3].pk}"' in html

    html = client.get(url, {"q": "เวทีประชาคม"}).content.decode()
    assert html.count('<tr id="row-') == 1
    assert "พบ ๑ จาก ๖ รายการ" in html

    html = client.get(url, {"dimension": "measures"}).content.decode()
    assert html.count('<tr id="row-') == 2
    # The progress bar stays the whole round's.
    assert _progress(html) == "0.00"


def test_it_edits_a_row_in_place_and_updates_the_progress(client_for, alice, rnd):
    row = _rows(rnd)[0]
    client = client_for(alice)
    form = client.get(reverse("reports:row_edit", args=[row.pk]), **HX).content.decode()
    assert form.startswith(f'<tr id="row-{row.pk}" class="row-editing">')
    assert 'name="version" value="1"' in form

    response = _post_row(
        client, row, status=RowStatus.DONE, done_text="อบรมแล้ว ๒ รุ่น", budget_used="๑๒,๕๐๐"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<tr id="row-{row.pk}"')
    assert "อบรมแล้ว ๒ รุ่น" in html and "๑๒,๕๐๐" in html
    assert 'class="badge text-bg-success">ดำเนินการแล้ว' in html
    # Progress and summary swapped out of band (inside <template>s, see the view).
    assert re.search(r'<template>\s*<div id="round-progress" [^>]*hx-swap-oob="true"', html)
    assert _progress(html) == "16.67"
    assert 'id="round-summary" hx-swap-oob="true"' in html
    row.refresh_from_db()
    assert (row.status, row.budget_used, row.version, row.updated_by) == (
        RowStatus.DONE,
        Decimal("12500"),
        2,
        alice,
    )


def test_it_accepts_arabic_digits_with_satang(client_for, alice, rnd):
    row = _rows(rnd)[0]
    _post_row(client_for(alice), row, budget_used="12,500.50")
    row.refresh_from_db()
    assert row.budget_used == Decimal("12500.50")


def test_it_shows_a_thai_error_for_a_bad_amount_and_keeps_what_was_typed(client_for, alice, rnd):
    row = _rows(rnd)[0]
    response = _post_row(
        client_for(alice),
        row,
        status=RowStatus.DONE,
        done_text="ข้อความที่พิมพ์ไว้",
        budget_used="๑๒,๕oo",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<tr id="row-{row.pk}" class="row-editing">')
    assert "กรุณากรอกจำนวนเงินเป็นตัวเลข" in html
    assert 'value="๑๒,๕oo"' in html
    assert "ข้อความที่พิมพ์ไว้" in html
    assert '<option value="done" selected>' in html
    row.refresh_from_db()
    assert (row.status, row.version) == (RowStatus.NOT_STARTED, 1)


def test_it_requires_a_reason_for_deferred_or_cancelled(client_for, alice, rnd):
    row = _rows(rnd)[0]
    html = _post_row(client_for(alice), row, status=RowStatus.CANCELLED).content.decode()
    assert "กรุณาระบุเหตุผลเมื่อเลือกสถานะ “ยกเลิก”" in html
    row.refresh_from_db()
    assert row.status == RowStatus.NOT_STARTED


def test_it_catches_a_stale_version_and_shows_the_other_values(client_for, alice, bob, rnd):
    row = _rows(rnd)[0]
    report_row_update(row=row, data={"done_text": "บันทึกของบ็อบ"}, version=1, user=bob)

    response = _post_row(client_for(alice), row, done_text="บันทึกของอลิส", version=1)
    html = response.content.decode()
    assert 'id="conflict-' in html
    assert "มีผู้อื่นบันทึกรายการนี้ไปก่อนแล้ว" in html
    assert "บันทึกของบ็อบ" in html  # the other person's value
    assert "บันทึกของอลิส" in html  # what alice typed is still in the form
    assert 'name="version" value="2"' in html  # saving again is a deliberate overwrite
    row.refresh_from_db()
    assert row.done_text == "บันทึกของบ็อบ"

    _post_row(client_for(alice), row, done_text="บันทึกของอลิส", version=2)
    row.refresh_from_db()
    assert (row.done_text, row.version) == ("บันทึกของอลิส", 3)


def test_it_saves_without_htmx_and_redirects_to_the_round(client_for, alice, rnd):
    row = _rows(rnd)[0]
    client = client_for(alice)
    page = client.get(reverse("reports:row_edit", args=[row.pk]))
    assert "<html" in page.content.decode()
    response = client.post(
        reverse("reports:row_edit", args=[row.pk]),
        {"status": RowStatus.IN_PROGRESS, "version": 1, "budget_used": "500"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"{rnd.get_absolute_url()}#row-{row.pk}")


def test_it_attaches_evidence_and_refuses_a_disguised_file_in_thai(client_for, alice, rnd):
    row = _rows(rnd)[0]
    client = client_for(alice)
    url = reverse("reports:row_evidence_add", args=[row.pk])
    png = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "image/png")
    html = client.post(url, {"file": png, "title": "ภาพกิจกรรม"}, **HX).content.decode()
    assert "แนบหลักฐานแล้ว" in html and "ภาพกิจกรรม" in html
    assert row.evidence.count() == 1

    exe = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"0" * 64, "application/pdf")
    html = client.post(url, {"file": exe}, **HX).content.decode()
    assert "ไม่รับไฟล์โปรแกรม" in html
    html = client.post(url, {"url": "ftp://example.com/x"}, **HX).content.decode()
    assert "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://" in html
    assert 'value="ftp://example.com/x"' in html
    html = client.post(url, {"url": "https://example.com/album"}, **HX).content.decode()
    assert "https://example.com/album" in html
    assert row.evidence.count() == 2

    evidence = row.evidence.exclude(file="").get()
    download = client.get(reverse("reports:evidence_file", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")


def test_it_runs_the_workflow_through_the_buttons(client_for, alice, bob, dave, rnd):
    page = client_for(alice).get(rnd.get_absolute_url()).content.decode()
    assert "เสนอขออนุมัติ" in page and ">อนุมัติ</button>" not in page
    client_for(alice).post(reverse("reports:round_submit", args=[rnd.pk]), {"confirm": "1"})
    rnd.refresh_from_db()
    assert rnd.state == RoundState.SUBMITTED

    page = client_for(bob).get(rnd.get_absolute_url()).content.decode()
    assert ">อนุมัติ</button>" in page and "เสนอขออนุมัติ" not in page
    # Sending back needs a reason (Thai message), then works.
    response = client_for(bob).post(reverse("reports:round_return", args=[rnd.pk]), follow=True)
    assert "กรุณาระบุเหตุผลที่ส่งกลับ" in response.content.decode()
    client_for(bob).post(reverse("reports:round_approve", args=[rnd.pk]), {"comment": "ดี"})
    rnd.refresh_from_db()
    assert rnd.state == RoundState.APPROVED

    page = client_for(dave).get(rnd.get_absolute_url()).content.decode()
    assert "บันทึกความเห็นผู้ตรวจสอบ" in page and ">เผยแพร่</button>" not in page
    client_for(dave).post(
        reverse("reports:round_audit", args=[rnd.pk]),
        {"verdict": "audit_observations", "comment": "ควรแนบภาพกิจกรรม"},
    )
    client_for(alice).post(reverse("reports:round_publish", args=[rnd.pk]))
    rnd.refresh_from_db()
    assert rnd.state == RoundState.PUBLISHED
    public = client_for(None)
    page = moved_for_good(public, rnd.get_absolute_url(), rnd.get_stable_url(revision=True))
    page = page.content.decode()
    assert "เห็นชอบโดยมีข้อสังเกต" in page and "ควรแนบภาพกิจกรรม" in page
    assert "แก้ไข</a>" not in page


def test_it_shows_the_calendar_with_due_and_overdue_badges(client_for, alice, agency_a, rnd):
    url = reverse("reports:agency_reports", args=[agency_a.code])
    html = client_for(alice).get(url).content.decode()
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๗" in html
    assert rnd.get_absolute_url() in html
    assert "เกินกำหนด" in html  # 30 เม.ย. 2567 has passed and the round is still open
    assert "เปิดรอบรายงาน</button>" in html
    # Anonymous sees no draft and no button.
    html = client_for(None).get(url).content.decode()
    assert rnd.get_absolute_url() not in html and "เปิดรอบรายงาน</button>" not in html


def test_it_computes_overdue_on_the_bangkok_date(agency_a, alice, rnd):
    from reports.views import calendar_context

    # 30 Apr 2024 23:30 UTC is already 1 May in Bangkok: one day late.
    late = dt.datetime(2024, 4, 30, 23, 30, tzinfo=dt.UTC)
    entry = next(e for e in calendar_context(agency_a, alice, late)["entries"] if e.round)
    assert (entry.is_overdue, entry.days_late) == (True, 1)
    on_time = dt.datetime(2024, 4, 30, 16, 30, tzinfo=dt.UTC)  # 23:30 in Bangkok
    entry = next(e for e in calendar_context(agency_a, alice, on_time)["entries"] if e.round)
    assert (entry.is_overdue, entry.is_due_today) == (False, True)


def test_it_opens_a_round_from_the_calendar(client_for, alice, agency_a, rnd):
    from core.thai import fiscal_year_of
    from reports.calendar import bangkok_today

    year = fiscal_year_of(bangkok_today())
    response = client_for(alice).post(
        reverse("reports:agency_round_open", args=[agency_a.code]),
        {"fiscal_year": year, "kind": RoundKind.Q1},
    )
    opened = ReportingRound.objects.get(agency=agency_a, fiscal_year=year, kind=RoundKind.Q1)
    assert response["Location"] == opened.get_absolute_url()
    # Opening it twice is refused with a Thai message.
    response = client_for(alice).post(
        reverse("reports:agency_round_open", args=[agency_a.code]),
        {"fiscal_year": year, "kind": RoundKind.Q1},
        follow=True,
    )
    assert "มีรอบรายงานนี้ของปีงบประมาณนี้แล้ว" in response.content.decode()
    # The plan (2566-2570) has four items planned each year: they became the rows.
    assert ReportRow.objects.filter(round=opened, plan_item_year__isnull=False).count() == 4


def test_it_reads_the_round_page_in_a_fixed_number_of_queries(
    client_for, alice, rnd, django_assert_max_num_queries
):
    from measures.models import Measure
    from reports.services import round_rows_sync

    client = client_for(alice)
    client.get(rnd.get_absolute_url())  # warm the session
    with django_assert_max_num_queries(20) as ctx:
        client.get(rnd.get_absolute_url())
    few = len(ctx.captured_queries)
    # Twelve more rows cost no extra query.
    measure = Measure.objects.filter(set__agency=rnd.agency).first()
    assert measure is not None
    measure_set = measure.set
    for n in range(12):
        Measure.objects.create(set=measure_set, order=10 + n, title=f"มาตรการเพิ่ม {n}")
    round_rows_sync(user=SYSTEM, round=rnd)
    assert rnd.rows.count() == 18
    with django_assert_max_num_queries(few):
        client.get(rnd.get_absolute_url())
