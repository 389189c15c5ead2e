"""The bell in a real browser: staff propose a plan, the approver's bell shows one unread
item (Thai digits), the list links to the document and opening it clears the count; the send
back reaches the proposer's bell with the reason. Set NOTIFY_SCREENSHOTS=<dir> to keep PNGs
(desktop and phone) for a look."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core import mail

from agencies.choices import PublicationStatus
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def _shot(page, name: str) -> None:
    folder = os.environ.get("NOTIFY_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_the_bell_tells_the_approver_and_the_proposer(sign_in, live_server, agency_a, alice, bob):
    for user in (alice, bob):
        user.email = f"{user.username}@example.go.th"
        user.save(update_fields=["email"])
    plan = plan_2566_2570(agency_a, status=PublicationStatus.DRAFT)
    url = live_server.url + plan.get_absolute_url()

    page = sign_in(alice)
    page.on("dialog", lambda d: d.accept())
    page.goto(url)
    page.click("main form button:has-text('เสนอขออนุมัติ')")
    # Its projects have no part-3 sheet (plans/checks.py): asked first, then confirmed.
    assert page.locator("#incomplete-rows").count() == 1
    page.click("main button:has-text('ยืนยัน')")
    page.wait_for_load_state("networkidle")
    assert page.locator("#nav-bell-count").count() == 0  # the proposer is not told

    page = sign_in(bob)
    bell = page.locator("#nav-bell-count")
    assert bell.inner_text() == "๑"
    assert "ยังไม่อ่าน ๑ รายการ" in (page.locator("#nav-bell").get_attribute("aria-label") or "")
    _shot(page, "bell-desktop")
    # On a phone the menu is folded: the bell stays outside it, beside the menu button.
    page.set_viewport_size(PHONE)
    assert page.locator("#nav-bell-phone").is_visible()
    assert page.locator("#nav-bell-phone .badge").inner_text() == "๑"
    _shot(page, "bell-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not page.locator("#nav-bell-phone").is_visible()
    # The bell opens a menu of the latest notifications, with a link to all of them.
    page.click("#nav-bell")
    menu = page.locator("#nav-bell-menu")
    menu.locator("a.dropdown-item").first.wait_for()  # loaded when it opens
    assert "รอการพิจารณาของท่าน: แผน" in menu.inner_text()
    _shot(page, "bell-menu-desktop")
    page.click("#nav-bell-all")
    page.wait_for_load_state("networkidle")
    items = page.locator("#notification-list .notification.unread")
    assert items.count() == 1
    assert "รอการพิจารณาของท่าน: แผน" in items.first.inner_text()
    _shot(page, "notifications-desktop")
    page.set_viewport_size(PHONE)
    _shot(page, "notifications-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    items.first.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert page.url == url
    assert page.locator("#nav-bell-count").count() == 0

    page.fill("#wf-reason", "งบประมาณปี ๒๕๖๗ ไม่ตรงกับข้อบัญญัติ")
    page.click("main form button:has-text('ส่งกลับให้แก้ไข')")
    page.wait_for_load_state("networkidle")

    page = sign_in(alice)
    assert page.locator("#nav-bell-count").inner_text() == "๑"
    page.goto(live_server.url + "/my/notifications/")
    assert "งบประมาณปี ๒๕๖๗ ไม่ตรงกับข้อบัญญัติ" in page.locator("#notification-list").inner_text()
    page.click("#mark-all-read")
    page.wait_for_load_state("networkidle")
    assert page.locator("#nav-bell-count").count() == 0
    # One e-mail per event and recipient: the submission to bob, the send-back to alice.
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.go.th", "bob@example.go.th"]

    # In-app only from now on, chosen on the settings page.
    page.click("nav a:has-text('ตั้งค่าบัญชี')")
    page.check("input[value=in_app]")
    _shot(page, "settings-desktop")
    page.click("main form button:has-text('บันทึก')")
    page.wait_for_load_state("networkidle")
    assert "บันทึกการตั้งค่าการแจ้งเตือนแล้ว" in page.locator("main").inner_text()
    alice.refresh_from_db()
    assert alice.notify_by_email is False
    page.set_viewport_size(PHONE)
    _shot(page, "settings-phone")
