"""The plan PDF is served from the cache without building the page, and never stale."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from plans.models import PlanItemYear, ProjectSheet
from plans.tests.factories import item_create, plan_create

pytestmark = pytest.mark.django_db

PDF_TEMPLATE = "plans/pdf/plan.html"


def _get(client, plan):
    response = client.get(plan.get_stable_url(revision=True, pdf=True))
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    rendered = [t.name for t in response.templates]
    return response["ETag"], text, rendered


@pytest.fixture
def plan(agency_a):
    plan = plan_create(agency_a)
    item_create(plan, budgets={2566: Decimal(20000)}, with_sheet=True)
    return plan


def test_it_serves_an_unchanged_plan_without_building_its_page(client, plan):
    etag, _, rendered = _get(client, plan)
    assert PDF_TEMPLATE in rendered
    again, _, rendered = _get(client, plan)
    assert again == etag
    assert PDF_TEMPLATE not in rendered  # neither the page nor the PDF was made again


def test_it_gives_a_new_pdf_when_a_budget_changes(client, plan):
    etag, text, _ = _get(client, plan)
    assert "๒๐,๐๐๐" in text
    year = PlanItemYear.objects.get(item__plan=plan, year=2566)
    year.budget = Decimal(45000)
    year.save()
    new_etag, text, rendered = _get(client, plan)
    assert new_etag != etag and PDF_TEMPLATE in rendered
    assert "๔๕,๐๐๐" in text and "๒๐,๐๐๐" not in text


def test_it_gives_a_new_pdf_when_a_sheet_is_edited_or_an_item_deleted(client, plan):
    etag, _, _ = _get(client, plan)
    sheet = ProjectSheet.objects.get(plan=plan)
    sheet.method = "จัดอบรมเชิงปฏิบัติการให้พนักงานทุกคน"
    sheet.save()
    after_edit, text, _ = _get(client, plan)
    assert after_edit != etag
    assert "จัดอบรมเชิงปฏิบัติการให้พนักงานทุกคน" in text
    plan.items.all().delete()
    after_delete, _, _ = _get(client, plan)
    assert after_delete not in (etag, after_edit)


def test_it_keeps_separate_entries_for_the_public_and_the_agency(client, client_for, plan, alice):
    public_etag, _, _ = _get(client, plan)
    staff = client_for(alice)
    _, text, rendered = _get(staff, plan)
    assert PDF_TEMPLATE in rendered  # alice's first request builds her own entry
    _, _, rendered = _get(staff, plan)
    assert PDF_TEMPLATE not in rendered
    assert public_etag
