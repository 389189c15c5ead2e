"""A staff member keeps the plan up to date in a real browser: the 2567 budget of an item typed
in Thai digits, saved, and shown on the plan page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agencies.choices import PublicationStatus
from plans.models import PlanItemYear
from plans.tests.factories import item_create, plan_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_changes_a_budget_with_thai_digits_and_shows_it_on_the_plan(
    page, sign_in, live_server, alice, agency_a
):
    plan = plan_create(agency_a, status=PublicationStatus.DRAFT)
    item = item_create(
        plan,
        title="โครงการอบรมคุณธรรมจริยธรรม",
        budgets={2566: Decimal(20000), 2567: Decimal(20000)},
    )
    sign_in(alice)
    page.goto(live_server.url + item.get_absolute_url())
    page.click("text=แก้ไขโครงการ")
    budget = page.locator("input[name=y2567_budget]")
    assert budget.input_value() == "๒๐,๐๐๐"
    budget.fill("๔๕,๐๐๐")
    page.check("input[name=y2567_q3]")
    page.click("button[name=save]")
    page.wait_for_url(f"**{item.get_absolute_url()}")
    assert "บันทึกการแก้ไขโครงการแล้ว" in page.inner_text(".alert-success")

    page.click(f"a[href='{plan.get_absolute_url()}'] >> nth=0")
    page.wait_for_url(f"**{plan.get_absolute_url()}")
    row = page.locator("#items-table tr", has_text="โครงการอบรมคุณธรรมจริยธรรม")
    assert "๔๕,๐๐๐" in row.inner_text()
    assert "๔๕,๐๐๐" in page.inner_text("#summary")
    year = PlanItemYear.objects.get(item=item, year=2567)
    assert year.budget == Decimal(45000) and year.quarters == [1, 2, 3]
