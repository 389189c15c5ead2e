"""A session that ends while a row is open loses nothing: the save asks for the password in a
dialog, signs in without leaving the page and saves what was typed (issue 12 item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.sessions.models import Session

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def report_round(agency_a, alice):
    from reports.choices import RoundKind
    from reports.services import round_open
    from reports.tests.factories import plan_2566_2570

    plan_2566_2570(agency_a)
    return round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)


def test_an_expired_session_while_editing_a_row_loses_nothing(
    sign_in, live_server, alice, report_round
):
    row_id = report_round.rows.order_by("order").values_list("pk", flat=True)[0]
    row = f"#row-{row_id}"
    page = sign_in(alice)
    page.goto(live_server.url + report_round.get_absolute_url())
    page.evaluate("window.__sameDocument = 'yes'")
    page.click(f"{row} >> text=แก้ไข")
    page.wait_for_selector(f"{row} form.row-form")
    page.select_option(f"{row} select[name=status]", "done")
    page.fill(f"{row} input[name=budget_used]", "๑๒,๕๐๐")
    page.fill(f"{row} textarea[name=done_text]", "อบรมแล้ว ๒ รุ่น ผู้เข้าร่วม ๘๐ คน")

    # The session ends (idle timeout) while the row is open.
    Session.objects.all().delete()
    page.click(f"{row} button[type=submit]")
    dialog = page.wait_for_selector("#relogin-dialog.show")
    # Shown (the fade is over) when the username field has the focus.
    page.wait_for_selector("#relogin-username:focus")
    assert "เข้าสู่ระบบอีกครั้ง" in dialog.inner_text()
    # Nothing was pasted into the table; what was typed is still there.
    assert page.locator(f"{row} input[name=password]").count() == 0
    assert page.input_value(f"{row} textarea[name=done_text]") == "อบรมแล้ว ๒ รุ่น ผู้เข้าร่วม ๘๐ คน"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "relogin-desktop.png"))

    # A wrong password keeps the dialog open with a Thai reason.
    page.fill("#relogin-username", "alice")
    page.fill("#relogin-password", "wrong")
    page.click("#relogin-dialog button[type=submit]")
    error = page.wait_for_selector("#relogin-dialog .relogin-error:not(.d-none)")
    assert "ไม่ถูกต้อง" in error.inner_text()

    page.fill("#relogin-password", "pw-alice")
    page.click("#relogin-dialog button[type=submit]")
    page.wait_for_selector(f"{row}:not(.row-editing)")
    assert "อบรมแล้ว ๒ รุ่น" in page.inner_text(row)
    assert page.evaluate("window.__sameDocument") == "yes"

    saved = report_round.rows.get(pk=row_id)
    assert saved.done_text == "อบรมแล้ว ๒ รุ่น ผู้เข้าร่วม ๘๐ คน"
    assert saved.budget_used == 12500
