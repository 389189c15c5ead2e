"""In a real browser: a new measure set copied from last year's, from the ITA result's lowest
indicators, plan items linked with the search picker, a sanity warning confirmed, and a
reporting round opened by mistake deleted after its confirmation page. Screenshots of each
page at desktop and phone widths go to $SCREENSHOT_DIR when it is set."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from agencies.access import SYSTEM
from agencies.choices import PublicationStatus
from measures.models import Measure, MeasureSet
from measures.services import IndicatorScoreInput, ita_result_record
from measures.tests.factories import set_with_measure
from reports.choices import RoundKind
from reports.models import ReportingRound
from reports.services import round_open
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("SCREENSHOT_DIR", "")


def _shots(page, name: str) -> None:
    """Desktop and phone screenshots of the current page (only when SCREENSHOT_DIR is set)."""
    if not SHOTS:
        return
    for width, label in ((1280, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=os.path.join(SHOTS, f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_it_copies_last_years_measures(page, sign_in, live_server, alice, agency_a):
    old_set, _m = set_with_measure(agency_a, status=PublicationStatus.PUBLISHED)
    sign_in(alice)
    page.goto(live_server.url + reverse("measures:set_create", args=[agency_a.code]))
    _shots(page, "set-create-copy")
    # No ITA result yet: the page says so, and copying last year's set is preselected.
    assert "ยังไม่มีผลการประเมิน ITA" in page.inner_text("aside")
    assert page.is_checked("input[name=start][value=copy]")
    assert page.input_value("select[name=copy_from]") == str(old_set.pk)
    assert page.input_value("input[name=fiscal_year]") == "๒๕๖๘"  # the year after the copy
    page.click("main form button[type=submit]")
    page.wait_for_url("**/measures/*/")
    new_set = MeasureSet.objects.get(agency=agency_a, fiscal_year=2568)
    assert page.url.endswith(new_set.get_absolute_url())
    assert "มี ๑ มาตรการ" in page.inner_text(".alert-success, .messages, main")
    assert "การเปิดเผยข้อมูลสาธารณะ" in page.inner_text("table.measures-table")
    assert new_set.measures.get().steps.count() == 2


def test_it_starts_from_the_lowest_indicators_and_links_plan_items(
    page, sign_in, live_server, alice, agency_a
):
    plan_2566_2570(agency_a)
    ita_result_record(
        user=SYSTEM,
        agency=agency_a,
        fiscal_year=2567,
        total="78",
        indicator_scores=[
            IndicatorScoreInput(number=n, score=s)
            for n, s in {1: "90", 2: "55", 3: "97", 4: "62", 5: "70", 6: "88"}.items()
        ],
    )
    sign_in(alice)
    page.goto(live_server.url + reverse("measures:set_create", args=[agency_a.code]))
    assert page.is_checked("input[name=start][value=indicators]")
    # The copy part is hidden while the indicator start is chosen.
    assert not page.is_visible("select[name=copy_from]")
    assert page.locator("input[name=weak_scores]:checked").count() == 3
    assert "คะแนนรายตัวชี้วัด เรียงจากต่ำสุด" in page.inner_text("#ita-scores")
    _shots(page, "set-create-ita")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/measures/*/")
    new_set = MeasureSet.objects.get(agency=agency_a, fiscal_year=2568)
    numbers = [m.indicators.get().number for m in new_set.measures.order_by("order")]
    assert numbers == [2, 4, 5]

    # Link the first measure to two plan items with the search picker (no Ctrl-click).
    measure = new_set.measures.order_by("order")[0]
    page.goto(live_server.url + reverse("measures:measure_edit", args=[measure.pk]))
    page.fill("#plan-q", "อบรม")
    result = page.locator("#plan-results input[data-picker-add]").first
    result.wait_for()
    result.check()
    page.locator("#plan-chips [data-chip]").first.wait_for()
    page.fill("#plan-q", "เวที")
    page.locator("#plan-results label", has_text="โครงการจัดเวทีประชาคม").wait_for()
    page.locator("#plan-results input[data-picker-add]").first.check()
    assert page.locator("#plan-chips [data-chip]").count() == 2
    page.keyboard.press("Enter")  # Enter in the search box searches, never saves
    assert page.locator("#plan-chips [data-chip]").count() == 2
    _shots(page, "measure-picker")
    page.click("button[name=save]")
    page.wait_for_url(f"**{new_set.get_absolute_url()}**")
    titles = sorted(Measure.objects.get(pk=measure.pk).plan_items.values_list("title", flat=True))
    assert titles == ["โครงการจัดเวทีประชาคม", "โครงการอบรมคุณธรรมจริยธรรม"]


def test_a_period_outside_the_year_is_asked_then_saved(page, sign_in, live_server, alice, agency_a):
    measure_set, _m = set_with_measure(agency_a)
    sign_in(alice)
    page.goto(live_server.url + reverse("measures:measure_add", args=[measure_set.pk]))
    page.fill("textarea[name=title]", "มาตรการข้ามปี")
    page.fill("input[name=period]", "ต.ค. ๒๕๖๗ – มี.ค. ๒๕๖๘")
    page.click("button[name=save]")
    warning = page.locator("#sanity-warnings")
    warning.wait_for()
    assert "อยู่นอกปีงบประมาณ ๒๕๖๗" in warning.inner_text()
    assert page.input_value("textarea[name=title]") == "มาตรการข้ามปี"
    _shots(page, "measure-warning")
    page.click("button[name=confirm_warnings]")
    page.wait_for_url(f"**{measure_set.get_absolute_url()}**")
    assert Measure.objects.filter(title="มาตรการข้ามปี").exists()


def test_it_deletes_a_round_opened_by_mistake(page, sign_in, live_server, alice, agency_a):
    plan_2566_2570(agency_a)
    mistake = round_open(agency=agency_a, fiscal_year=2571, kind=RoundKind.H1, user=alice)
    assert mistake.rows.count() == 0
    sign_in(alice)
    page.goto(live_server.url + mistake.get_absolute_url())
    page.click("text=ลบรอบรายงาน…")
    page.wait_for_url("**/delete/")
    goes_with = page.inner_text("[data-testid=goes-with]")
    assert "รายการในรายงาน ๐ รายการ" in goes_with and "ไฟล์หลักฐาน ๐ รายการ" in goes_with
    assert "๒๕๗๑" in page.inner_text("main")
    _shots(page, "round-delete")
    page.click("main form button[type=submit]")
    page.wait_for_url("**" + reverse("reports:agency_reports", args=[agency_a.code]))
    assert "ลบรอบรายงานแล้ว" in page.inner_text("main")
    assert not ReportingRound.objects.filter(pk=mistake.pk).exists()
