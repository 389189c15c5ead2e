"""A staff member imports a document in a real browser: choose the file, read the preview with
its warnings, confirm, and land on the imported measure set's page (a draft)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import seed_path
from measures.models import MeasureSet

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_uploads_checks_and_imports_seed_000(page, sign_in, live_server, alice, agency_a):
    sign_in(alice)
    page.goto(live_server.url + agency_a.get_absolute_url())
    page.click("text=นำเข้าเอกสาร")
    page.wait_for_url(f"**{reverse('portal:document_upload', args=[agency_a.code])}")

    page.set_input_files("input[name=file]", str(seed_path("000")))
    page.click("form.import-form button[type=submit]")

    page.locator("h1", has_text="ตรวจสอบเอกสารก่อนนำเข้า").wait_for()
    assert page.locator(".import-type").inner_text() == "รายงานการดำเนินการตามมาตรการ"
    assert agency_a.name in page.locator(".import-agency").inner_text()
    rows = page.locator("table.import-warnings tbody tr")
    # The file's own four warnings, plus the importer's note that it names another agency.
    assert rows.count() == 5
    numbering = rows.filter(has_text="เลขลำดับมาตรการเขียนหลายแบบ")
    assert numbering.locator("td").first.inner_text() == "๒๑"
    # The document is ปากช่อง's; it will be A's: the page says so before anything is written.
    assert "องค์การบริหารส่วนตำบลปากช่อง" in page.locator(".import-agency-mismatch").inner_text()
    assert MeasureSet.objects.count() == 0

    page.click("form.import-confirm button[type=submit]")

    measure_set = MeasureSet.objects.get(agency=agency_a)
    page.wait_for_url(f"**{measure_set.get_absolute_url()}")
    assert measure_set.status == "draft"
    alert = page.locator(".alert-success").inner_text()
    assert "ฉบับร่าง" in alert and "มีคำเตือน ๕ รายการ" in alert
