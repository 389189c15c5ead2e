"""The OIT link sheet and the dashboard charts in a real browser, at desktop and phone width:
the copy button puts the link on the clipboard, nothing is wider than the screen. Screenshots
are kept in var/screenshots/ to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from agencies.choices import PublicationStatus
from conftest import publish_through_chain
from plans.models import RiskRow
from reports.tests.factories import measure_set_2567, plan_2566_2570

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 375}


def _fits(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (name, overflow)
    SHOTS.mkdir(parents=True, exist_ok=True)
    label = next(k for k, v in WIDTHS.items() if v == page.viewport_size["width"])
    page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS.values())
def test_the_oit_sheet_copies_its_links_and_fits(page, live_server, agency_a, width):
    plan = plan_2566_2570(agency_a, status=PublicationStatus.DRAFT)
    RiskRow.objects.create(plan=plan, step="การจัดซื้อจัดจ้าง", risks="ฮั้วประมูล", controls="ตรวจสอบ")
    publish_through_chain(plan)
    measure_set_2567(agency_a, year=2566)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.set_viewport_size({"width": width, "height": 800})

    page.goto(f"{live_server.url}/agencies/A001/")
    page.get_by_role("link", name="ลิงก์สำหรับตอบแบบ OIT (ITAS)").click()
    page.get_by_role("link", name="ITA ๒๕๖๖").click()
    assert "ยังไม่เผยแพร่" in page.inner_text("#oit-lines")
    button = page.locator('[data-copy$="/a/A001/plan/2566-2570/"]')
    button.click()
    expect(button).to_have_text("คัดลอกแล้ว")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}/a/A001/plan/2566-2570/"
    page.get_by_role("button", name="คัดลอกทั้งตาราง").click()
    expect(page.locator("[data-copy-table]")).to_have_text("คัดลอกแล้ว")
    table = page.evaluate("navigator.clipboard.readText()").splitlines()
    assert table[2] == f"O36\tแผนปฏิบัติการป้องกันการทุจริต\t{live_server.url}/a/A001/plan/2566-2570/"
    assert table[4].endswith("\tยังไม่เผยแพร่")  # O38: no 12-month report of 2565
    _fits(page, "oit-sheet")

    page.goto(f"{live_server.url}/oit/2566/")
    _fits(page, "oit-national")
    page.goto(f"{live_server.url}/dashboard/?year=2567")
    assert page.locator("svg.bar-chart").count() == 5
    _fits(page, "dashboard-charts")
