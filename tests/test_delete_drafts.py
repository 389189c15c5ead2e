"""Undo: a draft plan, measure set or reporting round opened by mistake is deleted after a
page that says what goes with it; nothing that left the draft state can be deleted (403)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies import workflow
from agencies.access import SYSTEM
from agencies.choices import PublicationStatus
from measures.models import Measure, MeasureSet
from measures.tests.factories import set_with_measure
from plans.models import Plan, PlanItem, PlanItemYear
from plans.tests.factories import plan_with_items
from reports.choices import RoundKind
from reports.models import Evidence, ReportingRound, ReportRow
from reports.services import evidence_add, round_open, round_submit
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


@pytest.fixture
def draft_round(agency_a, alice):
    plan_2566_2570(agency_a)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    row = rnd.rows.order_by("order")[0]
    evidence_add(row=row, user=alice, file=SimpleUploadedFile("ประชุม.pdf", PDF), title="ประชุม")
    evidence_add(row=row, user=alice, url="https://example.go.th/a", title="ลิงก์")
    return rnd


def test_the_confirmation_says_what_goes_with_the_round(client_for, alice, draft_round):
    page = client_for(alice).get(reverse("reports:round_delete", args=[draft_round.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    rows = draft_round.rows.count()
    assert "ลบรอบรายงาน (ยังไม่ได้ส่ง)" in text
    # agency A writes Thai digits
    assert f"รายการในรายงาน <strong>{'๐๑๒๓๔๕๖๗๘๙'[rows]}</strong>" in text
    assert "ไฟล์หลักฐาน <strong>๑</strong>" in text
    assert "ลิงก์หลักฐาน <strong>๑</strong>" in text
    assert ReportingRound.objects.filter(pk=draft_round.pk).exists()  # a GET changes nothing


def test_deleting_a_draft_round_removes_rows_evidence_and_files(
    client_for, alice, draft_round, django_capture_on_commit_callbacks
):
    stored = Evidence.objects.exclude(file="").get(row__round=draft_round)
    path = Path(settings.MEDIA_ROOT) / str(stored.file.name)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(reverse("reports:round_delete", args=[draft_round.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:agency_reports", args=["A001"])
    assert not ReportingRound.objects.filter(pk=draft_round.pk).exists()
    assert not ReportRow.objects.filter(round_id=draft_round.pk).exists()
    assert not Evidence.objects.exists()
    assert not path.exists()


def test_a_submitted_round_cannot_be_deleted(client_for, alice, draft_round):
    round_submit(round=draft_round, user=alice)
    url = reverse("reports:round_delete", args=[draft_round.pk])
    assert client_for(alice).get(url).status_code == 403
    assert client_for(alice).post(url).status_code == 403
    assert ReportingRound.objects.filter(pk=draft_round.pk).exists()


@pytest.mark.parametrize(("who", "code"), [("charlie", 404), ("dave", 403)])
def test_other_agencies_and_auditors_cannot_delete(client_for, request, draft_round, who, code):
    user = request.getfixturevalue(who)
    url = reverse("reports:round_delete", args=[draft_round.pk])
    assert client_for(user).post(url).status_code == code
    assert ReportingRound.objects.filter(pk=draft_round.pk).exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client_for, draft_round):
    response = client_for(None).post(reverse("reports:round_delete", args=[draft_round.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_deleting_a_draft_measure_set(client_for, alice, agency_a):
    measure_set, measure = set_with_measure(agency_a)
    url = reverse("measures:set_delete", args=[measure_set.pk])
    page = client_for(alice).get(url)
    assert "มาตรการ <strong>๑</strong>" in page.content.decode()
    assert "ขั้นตอนการดำเนินการ <strong>๒</strong>" in page.content.decode()
    response = client_for(alice).post(url)
    assert response.status_code == 302
    assert not MeasureSet.objects.filter(pk=measure_set.pk).exists()
    assert not Measure.objects.filter(pk=measure.pk).exists()


def test_a_published_measure_set_cannot_be_deleted(client_for, alice, agency_a):
    measure_set, _measure = set_with_measure(agency_a, status=PublicationStatus.PUBLISHED)
    url = reverse("measures:set_delete", args=[measure_set.pk])
    assert client_for(alice).get(url).status_code == 403
    response = client_for(alice).post(url)
    assert response.status_code == 403
    # The page gives the delete rule's own reason (it used to show a generic one).
    assert "ลบได้เฉพาะฉบับร่าง เอกสารที่เสนอหรือเผยแพร่แล้วต้องถอนผ่านสายการอนุมัติ" in (
        response.content.decode()
    )
    assert MeasureSet.objects.filter(pk=measure_set.pk).exists()


def test_a_draft_that_was_proposed_keeps_its_memo(client_for, alice, bob, agency_a):
    measure_set, _measure = set_with_measure(agency_a)
    workflow.submit(measure_set, alice)
    request = workflow.open_request(measure_set)
    assert request is not None
    workflow.decide(request, bob, action="send_back", step=1, text="แก้ไข")
    measure_set.refresh_from_db()
    assert measure_set.status == PublicationStatus.DRAFT
    url = reverse("measures:set_delete", args=[measure_set.pk])
    page = client_for(alice).get(url).content.decode()
    assert "เคยเสนอขออนุมัติแล้ว" in page and "disabled" in page  # said before the click
    response = client_for(alice).post(url)
    assert response.status_code == 400
    assert "เคยเสนอขออนุมัติแล้ว" in response.content.decode()
    assert MeasureSet.objects.filter(pk=measure_set.pk).exists()


def test_deleting_a_draft_plan_with_its_items(client_for, alice, agency_a):
    plan = plan_with_items(agency_a, n=3, status=PublicationStatus.DRAFT)
    url = reverse("plans:plan_delete", args=[plan.pk])
    page = client_for(alice).get(url).content.decode()
    assert "โครงการ/กิจกรรม/มาตรการ <strong>๓</strong>" in page
    assert client_for(alice).post(url).status_code == 302
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert not PlanItem.objects.filter(plan_id=plan.pk).exists()
    assert not PlanItemYear.objects.filter(item__plan_id=plan.pk).exists()


def test_a_published_plan_cannot_be_deleted(client_for, alice, agency_a):
    plan = plan_with_items(agency_a, n=1)
    assert plan.status == PublicationStatus.PUBLISHED
    assert client_for(alice).post(reverse("plans:plan_delete", args=[plan.pk])).status_code == 403
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_the_system_actor_obeys_the_same_rule(agency_a):
    from measures.services import measure_set_delete

    measure_set, _measure = set_with_measure(agency_a, status=PublicationStatus.PUBLISHED)
    with pytest.raises(PermissionDenied):
        measure_set_delete(measure_set=measure_set, user=SYSTEM)
