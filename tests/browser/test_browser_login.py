"""The portal in a real browser: the front page and signing in."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_shows_the_front_page_with_its_styles(page, live_server, agency_a):
    page.goto(live_server.url + "/")
    assert "อบต.กระจาย" not in page.title()
    assert page.locator("text=องค์การบริหารส่วนตำบลกระจาย").count() == 1
    # Bootstrap is served from static/ (no CDN): the navbar is styled.
    bg = page.eval_on_selector("nav.navbar", "el => getComputedStyle(el).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")


def test_it_signs_a_staff_member_in(sign_in, alice):
    page = sign_in(alice)
    assert page.locator("text=ออกจากระบบ").count() == 1
    assert "อลิส" in page.content()
