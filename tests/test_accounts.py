"""Accounts and error pages (issue 12, items 5 and 6): Thai error pages in the site's layout,
lockout after 10 wrong passwords, the idle timeout, the login/logout/failure logs, password
change and reset by e-mail, and the 401 re-login answer to an htmx request."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import include, path, reverse
from django.views import defaults

from core.views import server_error

pytestmark = pytest.mark.django_db

NAV = "ข้อมูลเปิด"  # a link of the site's menu


def _boom(request: HttpRequest):
    raise RuntimeError("boom")


# This module is also a URLconf (pytest.mark.urls below): the site's URLs plus one that fails.
urlpatterns = [path("boom/", _boom), path("", include("config.urls"))]
handler500 = "core.views.server_error"


# --- Error pages ------------------------------------------------------------------------------


def test_it_answers_a_missing_page_in_thai_with_the_menu(client):
    response = client.get("/no-such-page/", HTTP_REFERER="/dashboard/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "ไม่พบหน้าที่ต้องการ" in text
    assert NAV in text
    assert 'href="/dashboard/"' in text  # the way back
    assert reverse("home") in text


def test_it_explains_a_refusal_in_thai(alice):
    request = RequestFactory().get("/plans/1/edit/")
    request.user = alice
    response = defaults.permission_denied(request, PermissionDenied())
    text = response.content.decode()
    assert response.status_code == 403
    assert "ท่านไม่มีสิทธิ์ทำรายการนี้" in text
    assert "อลิส" in text  # the signed-in menu
    assert "เข้าสู่ระบบด้วยบัญชีอื่น" in text


@pytest.mark.urls("tests.test_accounts")
def test_it_shows_a_server_error_in_the_layout_without_touching_the_database(
    django_assert_num_queries,
):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "ระบบขัดข้อง" in text and NAV in text
    with django_assert_num_queries(0):
        direct = server_error(RequestFactory().get("/boom/"))
    assert direct.status_code == 500


def test_it_explains_an_expired_form_in_thai(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "alice", "password": "pw-alice"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "แบบฟอร์มหมดอายุ" in text and NAV in text
    assert "_auth_user_id" not in client.session


# --- Lockout ----------------------------------------------------------------------------------


def _login(client: Client, password: str):
    return client.post(reverse("login"), {"username": "alice", "password": password})


def test_ten_wrong_passwords_lock_the_account_until_the_cool_off_ends(alice):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "wrong")
        assert response.status_code == 200  # the form again, with the error
    response = _login(client, "wrong")
    assert response.status_code == 429

    # The right password is refused while the lockout lasts, with the Thai page.
    response = _login(client, "pw-alice")
    assert response.status_code == 429
    text = response.content.decode()
    assert "ถูกระงับการเข้าสู่ระบบชั่วคราว" in text and "๓๐ นาที" in text and NAV in text
    assert "_auth_user_id" not in client.session
    # Another address does not help: the username is locked, not the address.
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert _login(other, "pw-alice").status_code == 429
    assert "_auth_user_id" not in other.session

    # The cool-off ends: the right password signs in and the count starts again.
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1)
    )
    response = _login(client, "pw-alice")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert not AccessAttempt.objects.exists()


def test_a_lockout_of_one_user_leaves_the_others_alone(alice, bob):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong")
    response = client.post(reverse("login"), {"username": "bob", "password": "pw-bob"})
    assert response.status_code == 302


def test_it_logs_logins_logouts_and_failures(alice):
    client = Client()
    _login(client, "wrong")
    failure = AccessFailureLog.objects.get()
    assert failure.username == "alice" and not failure.locked_out
    _login(client, "pw-alice")
    log = AccessLog.objects.get(username="alice")
    assert log.logout_time is None
    client.post(reverse("logout"))
    log.refresh_from_db()
    assert log.logout_time is not None


def test_the_logs_are_in_the_admin(client_for, root, alice):
    client = client_for(root)
    for model in ("accesslog", "accessfailurelog", "accessattempt"):
        assert client.get(f"/admin/axes/{model}/").status_code == 200


# --- Sessions ---------------------------------------------------------------------------------


def test_a_session_ends_after_idle_time_not_after_fourteen_days(client_for, alice):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST
    client = client_for(alice)
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


# --- Passwords --------------------------------------------------------------------------------


def test_a_signed_in_user_changes_the_password(client_for, alice):
    client = client_for(alice)
    page = client.get(reverse("password_change"))
    assert "เปลี่ยนรหัสผ่าน" in page.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-alice",
            "new_password1": "Sujarit-ใหม่-2569",
            "new_password2": "Sujarit-ใหม่-2569",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    alice.refresh_from_db()
    assert alice.check_password("Sujarit-ใหม่-2569")
    assert client.get(reverse("home")).wsgi_request.user == alice  # still signed in


def test_the_password_change_needs_a_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_forgotten_password_is_reset_by_email(client, alice):
    alice.email = "alice@example.go.th"
    alice.save()
    login_page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in login_page
    response = client.post(reverse("password_reset"), {"email": "alice@example.go.th"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.go.th"]
    assert "ตั้งรหัสผ่านใหม่" in message.subject
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", str(message.body))
    assert link
    form = client.get(link.group(1), follow=True)
    assert "ตั้งรหัสผ่านใหม่" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Sujarit-ใหม่-2569", "new_password2": "Sujarit-ใหม่-2569"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("Sujarit-ใหม่-2569")
    # The link is used up.
    again = client.get(link.group(1), follow=True).content.decode()
    assert "ลิงก์นี้ใช้ไม่ได้แล้ว" in again


def test_an_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.go.th"})
    assert response.status_code == 302
    assert mail.outbox == []


# --- htmx and an ended session ----------------------------------------------------------------


def test_an_htmx_request_without_a_session_gets_a_relogin_prompt(client):
    response = client.get(reverse("password_change"), HTTP_HX_REQUEST="true")
    assert response.status_code == 401
    assert response["HX-Reswap"] == "none"
    text = response.content.decode()
    assert "relogin-form" in text and "csrfmiddlewaretoken" in text
    assert "<html" not in text
    # Without htmx: the ordinary redirect to the login page.
    assert client.get(reverse("password_change")).status_code == 302


def test_logins_logouts_and_failures_are_in_the_audit_log(alice):
    from auditlog.models import LogEntry

    client = Client(REMOTE_ADDR="10.1.2.3")
    _login(client, "wrong")
    _login(client, "pw-alice")
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "nobody", "password": "x"})
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("timestamp", "pk")
    events = [(e.additional_data["event"], e.object_pk, e.actor_id) for e in entries]
    assert events == [
        ("login_failed", str(alice.pk), None),
        ("login", str(alice.pk), alice.pk),
        ("logout", str(alice.pk), alice.pk),
    ]
    assert {e.remote_addr for e in entries} == {"10.1.2.3"}


# --- Two-factor (TOTP) ------------------------------------------------------------------------


def _code(device) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_an_approver_turns_on_two_factor_and_then_needs_the_code(client_for, bob):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = client_for(bob)
    page = client.get(reverse("two_factor")).content.decode()
    assert 'id="totp-key"' in page
    device = TOTPDevice.objects.get(user=bob, confirmed=False)
    assert client.post(reverse("two_factor"), {"otp_token": "000000"}).status_code == 400
    device.refresh_from_db()
    device.throttle_reset()  # django-otp waits 1 s, then longer, after each wrong code
    response = client.post(reverse("two_factor"), {"otp_token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    fresh = Client()
    without = fresh.post(reverse("login"), {"username": "bob", "password": "pw-bob"})
    assert without.status_code == 200
    assert "เปิดใช้การยืนยันสองขั้นตอน" in without.content.decode()
    assert "_auth_user_id" not in fresh.session
    # A wrong code counts towards the lockout like a wrong password.
    assert AccessAttempt.objects.get(username="bob").failures_since_start >= 1

    device.refresh_from_db()
    device.last_t = -1  # the code used to confirm may be used once more in this test
    device.save()
    response = fresh.post(
        reverse("login"), {"username": "bob", "password": "pw-bob", "otp_token": _code(device)}
    )
    assert response.status_code == 302
    assert fresh.session["_auth_user_id"] == str(bob.pk)


def test_staff_do_not_get_two_factor_and_log_in_without_a_code(client_for, alice):
    refused = client_for(alice).get(reverse("two_factor"))
    assert refused.status_code == 403
    # The page says why, not the generic text about documents.
    page = refused.content.decode()
    assert "สำหรับบัญชีผู้อนุมัติและผู้ดูแลระบบ" in page and "เอกสารไม่ใช่ร่างแล้ว" not in page
    assert _login(Client(), "pw-alice").status_code == 302


def test_the_admin_login_is_the_one_login_form(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/"
