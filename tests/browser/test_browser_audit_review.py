"""The auditors' review in a real browser: the auditor opens a submitted 6-month report from
งานของฉัน, asks for evidence on one row and sends the report back; the staff answer, change the
row and submit again; the auditor sees exactly what changed and accepts. Desktop and phone.
Set WORKLIST_SCREENSHOTS=<dir> to keep PNGs of each page for a look."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import publish_through_chain
from reports.choices import ReviewVerdict, RoundKind, RoundState, RowStatus
from reports.models import ReviewStep, RowVerdict
from reports.services import report_row_update, round_open, round_submit
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def _shot(page, name: str) -> None:
    folder = os.environ.get("WORKLIST_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def h1(agency_a, alice):
    publish_through_chain(plan_2566_2570(agency_a, status="draft"))
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    for row in rnd.rows.order_by("order"):
        report_row_update(
            row=row,
            data={"status": RowStatus.IN_PROGRESS, "done_text": "อยู่ระหว่างดำเนินการ"},
            version=row.version,
            user=alice,
        )
    round_submit(round=rnd, user=alice)
    return rnd


def test_the_auditor_sends_back_and_then_accepts(sign_in, live_server, h1, alice, dave):
    first = h1.rows.order_by("order", "pk")[0]

    # The auditor opens the report from the worklist and asks for evidence on one row.
    page = sign_in(dave)
    page.on("dialog", lambda d: d.accept())
    page.click("#audit .worklist-item a")
    page.wait_for_load_state("networkidle")
    assert "/review/" in page.url
    page.check(f"#v-{first.pk}-needs_evidence")
    page.select_option("#id_verdict", ReviewVerdict.AUDIT_FAIL)
    page.fill("#id_comment", "ขอหลักฐานประกอบข้อ ๑")
    page.click("#verdict button[type=submit]")  # no word on what evidence: refused
    page.wait_for_load_state("networkidle")
    assert page.locator(f"#line-{first.pk} .row-error").count() == 1
    assert page.is_checked(f"#v-{first.pk}-needs_evidence")
    assert page.input_value("#id_verdict") == ReviewVerdict.AUDIT_FAIL
    assert page.input_value("#id_comment") == "ขอหลักฐานประกอบข้อ ๑"
    _shot(page, "review-auditor-refused-desktop")
    page.fill(f"textarea[name='row-{first.pk}-comment']", "ขอภาพถ่ายการอบรม")
    page.click("#verdict button[type=submit]")
    page.wait_for_load_state("networkidle")
    h1.refresh_from_db()
    assert h1.state == RoundState.OPEN
    assert page.locator(f"#row-{first.pk} .row-verdict").count() == 1
    _shot(page, "round-sent-back-auditor-desktop")

    # The staff see it, answer the row, change it and submit again.
    page = sign_in(alice)
    page.on("dialog", lambda d: d.accept())
    assert page.locator("#sent_back .worklist-item").count() == 1
    page.goto(live_server.url + h1.get_absolute_url())
    assert "ขอภาพถ่ายการอบรม" in page.locator(f"#row-{first.pk}").inner_text()
    page.click("#private-review a:has-text('ผลการตรวจรายรายการ')")
    page.wait_for_load_state("networkidle")
    answer = RowVerdict.objects.get(row=first)
    page.fill(f"#answer-{answer.pk}", "แนบภาพถ่ายการอบรมแล้ว")
    _shot(page, "review-staff-answer-desktop")
    page.click("#answer-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    answer.refresh_from_db()
    assert answer.answer == "แนบภาพถ่ายการอบรมแล้ว"
    page.click("a:has-text('ข้อความ')")
    page.fill("#id_body", "แนบภาพถ่ายไว้ที่รายการที่ ๑ แล้วครับ")
    page.click("#new-message button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".thread").count() == 1
    _shot(page, "discussion-staff-desktop")
    first.refresh_from_db()
    report_row_update(
        row=first,
        data={"status": RowStatus.DONE, "done_text": "อบรมแล้ว ๒ รุ่น ๘๐ คน"},
        version=first.version,
        user=alice,
    )
    page.goto(live_server.url + h1.get_absolute_url())
    page.click("button:has-text('เสนอขออนุมัติ')")
    page.wait_for_load_state("networkidle")
    if page.locator("#incomplete-rows").count():
        page.click("button:has-text('ยืนยัน')")
        page.wait_for_load_state("networkidle")
    h1.refresh_from_db()
    assert h1.state == RoundState.SUBMITTED

    # The auditor finds it in the worklist again, sees only the changed row, and accepts.
    page = sign_in(dave)
    page.on("dialog", lambda d: d.accept())
    page.click("#audit .worklist-item a")
    page.wait_for_load_state("networkidle")
    assert page.locator(".review-line[data-changed='1']").count() == 1
    changed = page.locator(".review-line[data-changed='1']")
    assert changed.get_attribute("data-row") == str(first.pk)
    assert "อบรมแล้ว ๒ รุ่น ๘๐ คน" in changed.inner_text()
    assert "แนบภาพถ่ายการอบรมแล้ว" in changed.inner_text()  # the agency's answer
    _shot(page, "review-auditor-diff-desktop")
    page.set_viewport_size(PHONE)
    _shot(page, "review-auditor-diff-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.check(f"#v-{first.pk}-accepted")
    page.select_option("#id_verdict", ReviewVerdict.AUDIT_PASS)
    page.click("#verdict button[type=submit]")
    page.wait_for_load_state("networkidle")
    last = ReviewStep.objects.filter(round=h1, kind="audit").order_by("-pk").first()
    assert last is not None and last.verdict == ReviewVerdict.AUDIT_PASS
    h1.refresh_from_db()
    assert h1.state == RoundState.SUBMITTED  # the chain goes on

    # The follow-up dashboard, linked from the worklist.
    page.goto(live_server.url + "/my/")
    page.click("#audit-dashboard-link")
    page.wait_for_load_state("networkidle")
    page.select_option("#f-year", "2567")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#dashboard-table tbody tr[data-agency]").count() >= 2
    _shot(page, "audit-dashboard-desktop")
    page.set_viewport_size(PHONE)
    _shot(page, "audit-dashboard-phone")
    page.goto(live_server.url + f"/reports/{h1.pk}/discussion/")
    _shot(page, "discussion-phone")
