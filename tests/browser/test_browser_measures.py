"""Staff editing measures in a real browser: Thai digits, htmx step rows without a reload,
Thai errors that keep the input, and a concurrent edit caught and shown side by side."""

from __future__ import annotations

import pytest
from django.urls import reverse

from measures.models import Measure
from measures.tests.factories import set_with_measure

pytestmark = pytest.mark.django_db(transaction=True)


def _mark_page(page) -> None:
    # A full page load would drop this property: it proves htmx swapped a fragment in place.
    page.evaluate("window.__noReload = 'still here'")


def _not_reloaded(page) -> bool:
    return page.evaluate("window.__noReload") == "still here"


def test_it_adds_a_measure_with_thai_digits_and_htmx_steps(
    page, sign_in, live_server, alice, agency_a
):
    measure_set, _m = set_with_measure(agency_a)
    sign_in(alice)
    add_url = live_server.url + reverse("measures:measure_add", args=[measure_set.pk])
    page.goto(add_url)
    _mark_page(page)
    page.fill("textarea[name=title]", "การเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง")
    page.fill("input[name=number]", "๒")
    page.fill("input[name=period]", "๑ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗")
    page.locator("textarea[name=steps]").first.fill("จัดทำประกาศ")
    for text in ("เผยแพร่บนเว็บไซต์", "รายงานผลทุกไตรมาส"):
        expected = page.locator("textarea[name=steps]").count() + 1
        page.click("button.step-add")
        # Locator waits (not wait_for_function, whose string eval the CSP forbids).
        page.locator("textarea[name=steps]").nth(expected - 1).wait_for()
        page.locator("textarea[name=steps]").last.fill(text)
    assert page.url == add_url and _not_reloaded(page)
    # The title typed before the swaps is still there; the steps editor only was replaced.
    assert page.input_value("textarea[name=title]") == "การเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง"
    page.click("button[name=save]")
    page.wait_for_url(f"**{measure_set.get_absolute_url()}**")
    row = page.locator("table.measures-table tr", has_text="การเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง")
    assert row.count() == 1
    assert "๒. เผยแพร่บนเว็บไซต์" in row.inner_text()
    assert "๑ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗" in row.inner_text()
    measure = Measure.objects.get(title="การเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง")
    assert [s.html for s in measure.steps.all()] == [
        "จัดทำประกาศ",
        "เผยแพร่บนเว็บไซต์",
        "รายงานผลทุกไตรมาส",
    ]


def test_it_shows_a_thai_error_for_a_bad_date_and_keeps_the_input(
    page, sign_in, live_server, alice, agency_a
):
    measure_set, _m = set_with_measure(agency_a)
    sign_in(alice)
    page.goto(live_server.url + reverse("measures:measure_add", args=[measure_set.pk]))
    page.fill("textarea[name=title]", "มาตรการที่พิมพ์ไว้")
    page.locator("textarea[name=steps]").first.fill("ขั้นที่หนึ่ง")
    page.click("button.step-add")
    page.locator("textarea[name=steps]").nth(1).wait_for()
    page.locator("textarea[name=steps]").last.fill("ขั้นที่สอง")
    page.fill("input[name=period]", "๓๒ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗")
    page.click("button[name=save]")
    page.wait_for_load_state("networkidle")
    error = page.locator("#id_period ~ .invalid-feedback, .invalid-feedback").first
    assert "ไม่มีในปฏิทิน" in error.inner_text() or "อ่านระยะเวลาไม่ได้" in error.inner_text()
    assert page.input_value("textarea[name=title]") == "มาตรการที่พิมพ์ไว้"
    steps = page.locator("textarea[name=steps]")
    assert [steps.nth(i).input_value() for i in range(steps.count())] == ["ขั้นที่หนึ่ง", "ขั้นที่สอง"]
    assert page.input_value("input[name=period]") == "๓๒ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗"


def test_it_catches_a_concurrent_edit(page, browser, sign_in, live_server, alice, bob, agency_a):
    _set, measure = set_with_measure(agency_a)
    edit_url = live_server.url + reverse("measures:measure_edit", args=[measure.pk])
    # Bob opens the form in his own browser context.
    bob_context = browser.new_context(locale="th-TH")
    bob_page = bob_context.new_page()
    bob_page.goto(live_server.url + "/accounts/login/")
    bob_page.fill("input[name=username]", "bob")
    bob_page.fill("input[name=password]", "pw-bob")
    bob_page.click("form button[type=submit]")
    bob_page.wait_for_load_state("networkidle")
    bob_page.goto(edit_url)
    # Alice opens it too, then Bob saves first.
    sign_in(alice)
    page.goto(edit_url)
    bob_page.fill("input[name=issue]", "ด้านที่บ็อบบันทึก")
    bob_page.click("button[name=save]")
    bob_page.wait_for_load_state("networkidle")
    bob_context.close()
    page.fill("input[name=issue]", "ด้านที่อลิสพิมพ์")
    page.click("button[name=save]")
    page.wait_for_load_state("networkidle")
    conflict = page.locator("#conflict")
    assert "มีผู้อื่นแก้ไขมาตรการนี้แล้ว" in conflict.inner_text()
    row = conflict.locator("tr[data-field=issue]")
    assert "ด้านที่บ็อบบันทึก" in row.locator("td.theirs").inner_text()
    assert "ด้านที่อลิสพิมพ์" in row.locator("td.yours").inner_text()
    assert page.input_value("input[name=issue]") == "ด้านที่อลิสพิมพ์"
    measure.refresh_from_db()
    assert measure.issue == "ด้านที่บ็อบบันทึก"
