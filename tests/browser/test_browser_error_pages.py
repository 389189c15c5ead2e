"""The error, lockout and password pages in a real browser, at desktop and phone width: the
site's menu, the Thai reason, a way back, nothing wider than the screen. Screenshots are kept
in var/screenshots/ to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 375}


def _look(page, name: str, expected: str) -> None:
    assert expected in page.inner_text("main")
    assert page.locator("nav.navbar").count() == 1
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (name, overflow)
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    label = next(k for k, v in WIDTHS.items() if v == width)
    page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS.values())
def test_the_error_and_account_pages_fit_and_show_the_menu(page, live_server, alice, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/no-such-page/")
    _look(page, "404", "ไม่พบหน้าที่ต้องการ")

    page.goto(live_server.url + "/accounts/password/reset/")
    _look(page, "password-reset", "ลืมรหัสผ่าน")

    # A login form whose CSRF cookie is gone: the Thai "form expired" page.
    page.goto(live_server.url + "/accounts/login/")
    page.context.clear_cookies()
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "pw-alice")
    page.click("form button[type=submit]")
    _look(page, "403-csrf", "แบบฟอร์มหมดอายุ")

    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=username]", "alice")
        page.fill("input[name=password]", "wrong")
        page.click("form button[type=submit]")
    _look(page, "locked-out", "ถูกระงับการเข้าสู่ระบบชั่วคราว")


@pytest.mark.parametrize("width", WIDTHS.values())
def test_the_login_and_two_factor_pages_fit(page, sign_in, live_server, bob, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/accounts/login/")
    _look(page, "login", "ลืมรหัสผ่าน")
    sign_in(bob)
    page.goto(live_server.url + "/accounts/two-factor/")
    _look(page, "two-factor", "การยืนยันสองขั้นตอน")
