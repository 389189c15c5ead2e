"""Playwright (Python) driving Debian's Chromium against pytest-django's live server.

Chromium is Debian's (/usr/bin/chromium, installed by scripts/install.sh --browser); Playwright
never downloads a browser of its own. Tests here are marked `browser`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from agencies.models import User

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still synchronous, so Django's async guard must be told.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server) -> Iterator:
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


def forget_who_signed_in(page) -> None:
    """Leave the page, then drop its cookies: the visitor is anonymous from the next page on.

    Every signed-in answer renews the session cookie (SESSION_SAVE_EVERY_REQUEST), so an answer
    still on its way when the cookies are cleared (a lazy image, an htmx poll) would bring the
    session back. Going to about:blank first cancels whatever the last page still had in flight.
    """
    page.goto("about:blank")
    page.context.clear_cookies()


@pytest.fixture
def sign_out(page):
    """`sign_out()`: the browser is an anonymous member of the public from the next page on."""
    return lambda: forget_who_signed_in(page)


@pytest.fixture
def sign_in(page, live_server):
    """`sign_in(user)`: log in afresh through the real login form (personas' password is
    pw-<name>), whoever was signed in before."""

    def _sign_in(user: User, password: str | None = None):
        forget_who_signed_in(page)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password or f"pw-{user.username}")
        page.click("form button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return _sign_in
