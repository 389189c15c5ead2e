"""งานของฉัน, evidence thumbnails and the submit confirmation in a real browser (desktop and
phone). Set WORKLIST_SCREENSHOTS=<dir> to keep PNGs of each page for a look."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import publish_through_chain
from reports.choices import RoundKind
from reports.services import evidence_add, round_open
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db(transaction=True)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
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
    row = rnd.rows.order_by("order")[0]
    evidence_add(row=row, user=alice, file=SimpleUploadedFile("photo.png", PNG, "image/png"))
    evidence_add(row=row, user=alice, url="https://example.go.th/news/1", title="ข่าวประชาสัมพันธ์")
    return rnd


def test_each_role_lands_on_its_worklist(sign_in, live_server, h1, alice, bob, dave):
    page = sign_in(alice)
    assert page.url == f"{live_server.url}/my/"
    _shot(page, "worklist-staff-desktop")
    page.goto(live_server.url + h1.get_absolute_url())
    page.on("dialog", lambda d: d.accept())
    page.click("button:has-text('เสนอขออนุมัติ')")
    page.wait_for_load_state("networkidle")
    assert page.locator("#incomplete-rows").count() == 1
    _shot(page, "submit-confirm-desktop")
    page.click("button:has-text('ยืนยัน')")
    page.wait_for_load_state("networkidle")
    h1.refresh_from_db()
    assert h1.state == "submitted"

    page = sign_in(dave)
    assert page.url == f"{live_server.url}/my/"
    assert page.locator("#audit .worklist-item").count() == 1
    badge = page.locator("nav .badge").first.inner_text()
    assert badge.strip() in ("1", "๑")
    _shot(page, "worklist-auditor-desktop")
    page.goto(live_server.url + h1.get_absolute_url())
    thumb = page.locator(".evidence-links img").first
    assert thumb.get_attribute("loading") == "lazy"
    # A lazy image loads once it is near the screen, in its own time: wait until the browser
    # has finished with it (loaded or broken), then ask whether it decoded (1×1 pixel).
    thumb.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete", arg=thumb.element_handle())
    assert page.evaluate("(img) => img.naturalWidth", thumb.element_handle()) == 1
    _shot(page, "round-evidence-auditor-desktop")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/my/")
    _shot(page, "worklist-auditor-phone")
    page.goto(live_server.url + h1.get_absolute_url())
    _shot(page, "round-evidence-auditor-phone")

    page = sign_in(bob)
    assert page.url == f"{live_server.url}/my/"
    assert page.locator("#my_step .worklist-item").count() == 1
    _shot(page, "worklist-approver-phone")
