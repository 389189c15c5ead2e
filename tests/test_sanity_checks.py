"""Sanity checks ask rather than refuse: the form comes back with the warnings and a
"confirm anyway" button; nothing typed is lost; confirmed, it is saved as typed."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from agencies.access import SYSTEM
from agencies.choices import PublicationStatus
from core.checks import unconfirmed, warnings_token
from measures.models import Measure
from measures.services import ita_result_record
from measures.tests.factories import set_with_measure
from plans.models import PlanTarget
from plans.tests.factories import plan_with_items
from reports.choices import RoundKind
from reports.services import round_open
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db


def _token(html: str) -> str:
    found = re.search(r'name="confirm_warnings" value="([0-9a-f]+)"', html)
    assert found, "no confirm button"
    return found.group(1)


def test_the_token_confirms_exactly_the_warnings_shown():
    warnings = ["ก", "ข"]
    assert unconfirmed(warnings, {}) == warnings
    assert unconfirmed(warnings, {"confirm_warnings": warnings_token(warnings)}) == []
    assert unconfirmed(["ค"], {"confirm_warnings": warnings_token(warnings)}) == ["ค"]
    assert unconfirmed([], {}) == []


def test_a_measure_period_outside_the_fiscal_year_is_asked_then_accepted(
    client_for, alice, agency_a
):
    measure_set, _m = set_with_measure(agency_a)  # FY2567
    url = reverse("measures:measure_add", args=[measure_set.pk])
    typed = {"title": "มาตรการข้ามปี", "period": "ต.ค. ๒๕๖๗ – มี.ค. ๒๕๖๘", "steps": ["ขั้นแรก"]}
    client = client_for(alice)
    asked = client.post(url, typed)
    text = asked.content.decode()
    assert asked.status_code == 200
    assert "อยู่นอกปีงบประมาณ ๒๕๖๗ (๑ ต.ค. ๖๖ – ๓๐ ก.ย. ๖๗)" in text
    assert "มาตรการข้ามปี" in text and "ขั้นแรก" in text and "ต.ค. ๒๕๖๗ – มี.ค. ๒๕๖๘" in text
    assert "อ่านได้เป็น ต.ค. ๒๕๖๗ – มี.ค. ๒๕๖๘" in text  # the period as read
    assert not Measure.objects.filter(title="มาตรการข้ามปี").exists()
    saved = client.post(url, {**typed, "confirm_warnings": _token(text)})
    assert saved.status_code == 302
    measure = Measure.objects.get(title="มาตรการข้ามปี")
    assert measure.period_text == "ต.ค. ๒๕๖๗ – มี.ค. ๒๕๖๘"


def test_a_period_inside_the_year_is_not_asked_about(client_for, alice, agency_a):
    measure_set, _m = set_with_measure(agency_a)
    response = client_for(alice).post(
        reverse("measures:measure_add", args=[measure_set.pk]),
        {"title": "มาตรการในปี", "period": "ตลอดปีงบประมาณ"},
    )
    assert response.status_code == 302


def test_a_validation_error_keeps_what_was_typed(client_for, alice, agency_a):
    measure_set, _m = set_with_measure(agency_a)
    response = client_for(alice).post(
        reverse("measures:measure_add", args=[measure_set.pk]),
        {"title": "มาตรการที่พิมพ์", "period": "เร็ว ๆ นี้", "issue": "ประเด็นที่พิมพ์"},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "อ่านระยะเวลาไม่ได้" in text
    assert "มาตรการที่พิมพ์" in text and "ประเด็นที่พิมพ์" in text and "เร็ว ๆ นี้" in text


@pytest.fixture
def row(agency_a, alice):
    plan_2566_2570(agency_a)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    return rnd.rows.get(plan_item_year__item__title="โครงการอบรมคุณธรรมจริยธรรม")  # 20,000


def test_budget_used_three_times_the_plan_is_asked_then_accepted(client_for, alice, row):
    url = reverse("reports:row_edit", args=[row.pk])
    typed = {"status": "done", "budget_used": "๖๐,๐๐๐", "done_text": "จัดอบรมแล้ว"}
    client = client_for(alice)
    asked = client.post(url, {**typed, "version": row.version}, HTTP_HX_REQUEST="true")
    text = asked.content.decode()
    assert "งบประมาณที่ใช้ ๖๐,๐๐๐ บาท มากกว่างบประมาณตามแผน ๒๐,๐๐๐ บาท (๓.๐ เท่า)" in text
    assert "จัดอบรมแล้ว" in text and "๖๐,๐๐๐" in text
    row.refresh_from_db()
    assert row.budget_used is None
    client.post(
        url,
        {**typed, "version": row.version, "confirm_warnings": _token(text)},
        HTTP_HX_REQUEST="true",
    )
    row.refresh_from_db()
    assert row.budget_used == Decimal(60000) and row.done_text == "จัดอบรมแล้ว"


def test_budget_within_the_plan_is_saved_at_once(client_for, alice, row):
    client_for(alice).post(
        reverse("reports:row_edit", args=[row.pk]),
        {"status": "done", "budget_used": "18,500", "version": row.version},
    )
    row.refresh_from_db()
    assert row.budget_used == Decimal(18500)


def test_a_plan_with_an_ita_target_below_last_years_score_and_a_project_without_a_sheet(
    client_for, alice, agency_a
):
    ita_result_record(user=SYSTEM, agency=agency_a, fiscal_year=2567, total="91.5")
    plan = plan_with_items(agency_a, n=2, status=PublicationStatus.DRAFT)
    PlanTarget.objects.create(
        plan=plan, order=9, label="ผลการประเมิน ITA", values={"2568": "ร้อยละ 85", "2569": "95"}
    )
    plan.sheets.all().delete()  # the projects lose their part-3 sheets
    url = reverse("agencies:submit", args=["plan", plan.pk])
    asked = client_for(alice).post(url).content.decode()
    assert "ค่าเป้าหมาย ITA ปี ๒๕๖๘ (๘๕) ต่ำกว่าคะแนนปี ๒๕๖๗ (๙๑.๕๐)" in asked
    assert "ต่ำกว่า" in asked and "(๙๕)" not in asked  # 95 is above the last score
    assert "ยังไม่มีรายละเอียดโครงการ (ส่วนที่ ๓)" in asked
    plan.refresh_from_db()
    assert plan.status == PublicationStatus.DRAFT
    client_for(alice).post(url, {"confirm": "1"})
    plan.refresh_from_db()
    assert plan.status == PublicationStatus.SUBMITTED
