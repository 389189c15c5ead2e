"""The auditors' review of 6/12-month reports: per-row verdicts and the agency's answers, the
private dialogue (the agency and its auditors only, never the public), the re-submission diff
against the rows as they were judged, and the auditors' dashboard."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from agencies.models import User
from conftest import publish_through_chain
from reports.choices import (
    ReviewVerdict,
    RoundKind,
    RoundState,
    RowStatus,
    RowVerdictKind,
)
from reports.models import ReviewStep, RowVerdict
from reports.selectors import audit_dashboard, review_view
from reports.services import (
    RowVerdictInput,
    audit_verdict_record,
    report_row_update,
    review_comment_add,
    round_approve,
    round_open,
    round_submit,
    row_answers_save,
)
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db

SECRET = "ZZPRIVATEDIALOGUE"


@pytest.fixture
def h1(agency_a, alice):
    plan_2566_2570(agency_a)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    round_submit(round=rnd, user=alice)
    return rnd


def _rows(rnd):
    return list(rnd.rows.order_by("order", "pk"))


def _update(row, user, **data):
    row.refresh_from_db()
    values = {"status": row.status, "status_reason": row.status_reason, **data}
    return report_row_update(row=row, data=values, version=row.version, user=user)


# --- Per-row verdicts ----------------------------------------------------------------------------


def test_it_refuses_a_row_verdict_without_a_comment_and_keeps_what_was_typed(client_for, h1, dave):
    first, second = _rows(h1)[:2]
    response = client_for(dave).post(
        reverse("reports:round_review", args=[h1.pk]),
        {
            f"row-{first.pk}-verdict": RowVerdictKind.NEEDS_EVIDENCE,
            f"row-{first.pk}-comment": "",
            f"row-{second.pk}-verdict": RowVerdictKind.COMMENT,
            f"row-{second.pk}-comment": "งบที่ใช้ไม่ตรงกับใบเสร็จ",
            "verdict": ReviewVerdict.AUDIT_FAIL,
            "comment": "แนบหลักฐานให้ครบ",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "กรุณาระบุว่าต้องการหลักฐานหรือข้อสังเกตอะไร" in html  # next to the first row
    assert f'id="v-{first.pk}-needs_evidence" value="needs_evidence" checked' in html
    assert f'id="v-{second.pk}-comment" value="comment" checked' in html
    assert "งบที่ใช้ไม่ตรงกับใบเสร็จ" in html
    assert '<option value="audit_fail" selected>' in html
    assert "แนบหลักฐานให้ครบ" in html
    # Nothing was recorded and the round did not move.
    assert not RowVerdict.objects.exists() and not ReviewStep.objects.exists()
    h1.refresh_from_db()
    assert h1.state == RoundState.SUBMITTED


def test_it_refuses_a_pass_while_a_row_needs_evidence(h1, dave):
    row = _rows(h1)[0]
    with pytest.raises(ValidationError) as caught:
        audit_verdict_record(
            round=h1,
            user=dave,
            verdict=ReviewVerdict.AUDIT_PASS,
            row_verdicts={row.pk: RowVerdictInput(RowVerdictKind.NEEDS_EVIDENCE, "ขอภาพถ่าย")},
        )
    assert "verdict" in caught.value.message_dict


def test_the_agency_answers_the_rows_asked_about(h1, alice, bob, dave, charlie):
    row = _rows(h1)[0]
    audit_verdict_record(
        round=h1,
        user=dave,
        verdict=ReviewVerdict.AUDIT_FAIL,
        comment="ขอหลักฐานข้อ ๑",
        row_verdicts={row.pk: RowVerdictInput(RowVerdictKind.NEEDS_EVIDENCE, "ขอภาพถ่ายการอบรม")},
    )
    h1.refresh_from_db()
    assert h1.state == RoundState.OPEN  # sent back to the agency
    verdict = RowVerdict.objects.get()
    for outsider in (charlie, dave):
        with pytest.raises(PermissionDenied):
            row_answers_save(round=h1, user=outsider, answers={verdict.pk: "x"})
    row_answers_save(round=h1, user=alice, answers={verdict.pk: "แนบภาพถ่ายแล้ว ๕ ภาพ"})
    verdict.refresh_from_db()
    assert (verdict.answer, verdict.answered_by) == ("แนบภาพถ่ายแล้ว ๕ ภาพ", alice)


# --- The private dialogue ------------------------------------------------------------------------


def test_replies_nest_one_level(h1, alice, dave):
    first = review_comment_add(round=h1, user=dave, body="ขอเอกสารเพิ่ม")
    reply = review_comment_add(round=h1, user=alice, body="ส่งแล้ว", parent=first)
    again = review_comment_add(round=h1, user=dave, body="ได้รับแล้ว", parent=reply)
    assert reply.parent == first and again.parent == first


def test_a_refused_message_keeps_what_was_typed(client_for, h1, alice):
    url = reverse("reports:round_discussion", args=[h1.pk])
    empty = client_for(alice).post(url, {"body": "   "})
    assert empty.status_code == 400 and "กรุณาพิมพ์ข้อความ" in empty.content.decode()
    long_text = "ยาว" * 3000
    row = _rows(h1)[1]
    refused = client_for(alice).post(url, {"body": long_text, "row": str(row.pk)})
    html = refused.content.decode()
    assert refused.status_code == 400 and "ข้อความยาวเกิน" in html
    assert long_text in html and f'<option value="{row.pk}" selected>' in html
    assert not h1.comments.exists()
    posted = client_for(alice).post(url, {"body": "ส่งภาพถ่ายแล้ว", "row": str(row.pk)})
    assert posted.status_code == 302
    assert h1.comments.get().row == row


@pytest.fixture
def published_with_dialogue(agency_a, alice, bob, dave):
    """A published 6-month report with a message, a reply, a row verdict and an answer, all
    carrying SECRET; the report's public text (and its own verdict) does not."""
    plan_2566_2570(agency_a)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    row = _rows(rnd)[0]
    round_submit(round=rnd, user=alice)
    round_approve(round=rnd, user=bob)
    audit_verdict_record(
        round=rnd,
        user=dave,
        verdict=ReviewVerdict.AUDIT_OBSERVATIONS,
        # The report's own verdict is part of the published record; the rest is private.
        comment="ควรแนบภาพกิจกรรม",
        row_verdicts={row.pk: RowVerdictInput(RowVerdictKind.COMMENT, f"ข้อสังเกต {SECRET}")},
    )
    row_answers_save(round=rnd, user=alice, answers={RowVerdict.objects.get().pk: f"ชี้แจง {SECRET}"})
    message = review_comment_add(round=rnd, user=dave, body=f"คำถาม {SECRET}", row=row)
    review_comment_add(round=rnd, user=alice, body=f"คำตอบ {SECRET}", parent=message)
    rnd = publish_through_chain(rnd, submitter=alice)
    assert rnd.state == RoundState.PUBLISHED
    return rnd


@pytest.mark.parametrize(
    ("persona", "status"),
    [(None, 404), ("charlie", 404), ("alice", 200), ("bob", 200), ("dave", 200), ("root", 200)],
)
def test_the_dialogue_is_seen_only_by_the_agency_and_its_auditors(
    request, client_for, published_with_dialogue, persona, status
):
    user = request.getfixturevalue(persona) if persona else None
    client = client_for(user)
    rnd = published_with_dialogue
    for name in ("reports:round_discussion", "reports:round_review"):
        response = client.get(reverse(name, args=[rnd.pk]))
        assert response.status_code == status, (name, persona)
        if status == 200:
            assert SECRET in response.content.decode()
    # Nobody outside may post into it either.
    if status == 404:
        posted = client.post(
            reverse("reports:round_discussion", args=[rnd.pk]), {"body": "แอบเขียน"}
        )
        assert posted.status_code == 404
        assert not rnd.comments.filter(body="แอบเขียน").exists()


def test_public_outputs_never_carry_the_dialogue(client, settings, published_with_dialogue):
    """The published round's page, PDF, CSV/XLSX exports, the agency pages and open data."""
    rnd = published_with_dialogue
    agency = rnd.agency
    page = client.get(rnd.get_stable_url(revision=True))
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    urls = [
        reverse("reports:round_export", kwargs={"pk": rnd.pk, "table": t, "fmt": "csv"})
        for t in ("rows", "summary")
    ] + [
        reverse("reports:agency_reports", args=[agency.code]),
        reverse("reports:agency_reports_export", kwargs={"code": agency.code, "fmt": "csv"}),
        reverse("portal:agency_detail", args=[agency.code]),
        reverse("portal:open_data"),
        reverse("portal:open_data_agencies_csv"),
        reverse("portal:open_data_plan_items_csv"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode("utf-8-sig")
        assert SECRET not in body, url
    xlsx = client.get(
        reverse("reports:round_export", kwargs={"pk": rnd.pk, "table": "rows", "fmt": "xlsx"})
    )
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    cells = [str(c) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r]
    assert not [c for c in cells if SECRET in c]
    # The PDF, rendered for real, read back through its text layer.
    from pypdf import PdfReader

    pdf = client.get(rnd.get_stable_url(revision=True, pdf=True))
    assert pdf.status_code == 200
    data = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "รายงาน" in text and SECRET not in text


# --- The re-submission diff ----------------------------------------------------------------------


def test_a_resubmission_shows_exactly_the_rows_that_changed(h1, alice, dave):
    rows = _rows(h1)
    assert len(rows) >= 3
    audit_verdict_record(
        round=h1,
        user=dave,
        verdict=ReviewVerdict.AUDIT_FAIL,
        comment="ขอหลักฐาน",
        row_verdicts={rows[0].pk: RowVerdictInput(RowVerdictKind.NEEDS_EVIDENCE, "ขอภาพถ่าย")},
    )
    h1.refresh_from_db()
    assert h1.state == RoundState.OPEN
    _update(rows[0], alice, status=RowStatus.DONE, done_text="อบรม ๒ รุ่น", budget_used="12500")
    _update(rows[2], alice, outcome="ผู้เข้าร่วม ๔๐ คน")
    _update(rows[1], alice)  # saved without a change: not a change
    round_submit(round=h1, user=alice)

    view = review_view(h1)
    changed = {line.row.pk: line for line in view.lines if line.changed}
    assert set(changed) == {rows[0].pk, rows[2].pk}
    assert view.changed_count == 2
    first = {c.field: (c.before, c.after) for c in changed[rows[0].pk].changes}
    assert set(first) == {"status", "done_text", "budget_used"}
    assert first["status"] == ("ยังไม่ดำเนินการ", "ดำเนินการแล้ว")
    assert [c.field for c in changed[rows[2].pk].changes] == ["outcome"]
    # The previous cycle's row verdict is shown with the line; this cycle has none yet.
    previous = changed[rows[0].pk].previous
    assert previous is not None and previous.comment == "ขอภาพถ่าย"
    assert changed[rows[0].pk].current is None


def test_the_review_page_shows_the_diff_to_the_auditor(client_for, h1, alice, dave):
    rows = _rows(h1)
    audit_verdict_record(round=h1, user=dave, verdict=ReviewVerdict.AUDIT_FAIL, comment="แก้")
    _update(rows[1], alice, done_text="ZZNEWTEXT")
    round_submit(round=h1, user=alice)
    html = client_for(dave).get(reverse("reports:round_review", args=[h1.pk])).content.decode()
    assert "เปลี่ยนแปลง ๑ รายการ" in html or "เปลี่ยนแปลง 1 รายการ" in html
    assert html.count('data-changed="1"') == 1
    assert "ZZNEWTEXT" in html
    only = client_for(dave).get(reverse("reports:round_review", args=[h1.pk]) + "?changed=1")
    assert only.content.decode().count('class="card mb-2 review-line') == 1


# --- The auditors' dashboard ---------------------------------------------------------------------


@pytest.fixture
def followed(province, agency_a, agency_b, alice, charlie, dave):
    """dave audits A and B. A: 6-month report submitted on time, 12-month never opened (due
    passed). B: 6-month submitted late and sent back, 12-month opened but not submitted."""
    # (dave's own agency is B, so he follows it already.)
    plan_2566_2570(agency_a)
    plan_2566_2570(agency_b)
    a_h1 = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    round_submit(round=a_h1, user=alice)
    a_h1.events.filter(kind="submitted").update(at=dt.datetime(2024, 4, 10, 3, tzinfo=dt.UTC))
    b_h1 = round_open(agency=agency_b, fiscal_year=2567, kind=RoundKind.H1, user=charlie)
    round_submit(round=b_h1, user=charlie)
    b_h1.events.filter(kind="submitted").update(at=dt.datetime(2024, 5, 20, 3, tzinfo=dt.UTC))
    audit_verdict_record(round=b_h1, user=dave, verdict=ReviewVerdict.AUDIT_FAIL, comment="ขาด")
    round_open(agency=agency_b, fiscal_year=2567, kind=RoundKind.ANNUAL, user=charlie)
    return {"a_h1": a_h1, "b_h1": b_h1}


def test_the_dashboard_counts_on_time_late_overdue_sent_back(followed, dave, agency_a, agency_b):
    board = audit_dashboard(dave, fiscal_year=2567, today=dt.date(2024, 12, 1))
    by = {(line.agency.code, line.kind): line for line in board.lines}
    assert by[(agency_a.code, RoundKind.H1)].submission == "on_time"
    assert by[(agency_a.code, RoundKind.H1)].audit == "awaiting"
    assert by[(agency_a.code, RoundKind.ANNUAL)].submission == "overdue"
    assert by[(agency_b.code, RoundKind.H1)].submission == "late"
    assert by[(agency_b.code, RoundKind.H1)].audit == "sent_back"
    assert by[(agency_b.code, RoundKind.ANNUAL)].submission == "overdue"
    assert board.total == 4
    assert {k: v for k, v in board.counts.items() if v} == {
        "on_time": 1,
        "late": 1,
        "overdue": 2,
        "awaiting": 1,
        "sent_back": 1,
    }
    only_overdue = audit_dashboard(
        dave, fiscal_year=2567, submission="overdue", today=dt.date(2024, 12, 1)
    )
    assert len(only_overdue.lines) == 2 and only_overdue.total == 4


def test_the_dashboard_page_and_exports(client_for, followed, dave, charlie, alice):
    client = client_for(dave)
    page = client.get(reverse("reports:audit_dashboard") + "?year=2567&sort=late")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-count="overdue"' in html and "เลยกำหนด ยังไม่ส่ง" in html
    csv_response = client.get(
        reverse("reports:audit_dashboard_export", args=["csv"]) + "?year=2567"
    )
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][0] == "จังหวัด" and len(lines) == 5
    xlsx = client.get(reverse("reports:audit_dashboard_export", args=["xlsx"]) + "?year=2567")
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    assert len(list(book.active.iter_rows(values_only=True))) == 5
    # Without a year it opens on the year whose reports are falling due (the worklist's
    # overdue ones), not on a year whose first report is months away.
    from reports.calendar import bangkok_today, followed_up_year

    default = client.get(reverse("reports:audit_dashboard")).context["filters"].fiscal_year
    assert default == followed_up_year(bangkok_today())
    # Staff of an agency, and the public, have no dashboard.
    assert client_for(alice).get(reverse("reports:audit_dashboard")).status_code == 404
    assert client_for(None).get(reverse("reports:audit_dashboard")).status_code == 302


def test_an_auditor_of_one_agency_sees_only_it(followed, agency_a):
    erin = User.objects.create_user("erin", password="x", role="auditor")
    erin.audited_agencies.add(agency_a)
    board = audit_dashboard(erin, fiscal_year=2567, today=dt.date(2024, 12, 1))
    assert {line.agency.pk for line in board.lines} == {agency_a.pk}
