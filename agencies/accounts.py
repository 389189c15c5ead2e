"""Signing in with an optional second step (TOTP, django-otp) and turning it on or off.

Site admins and approvers (access.may_use_two_factor) may add an authenticator app; from then
on the login form (and the admin's, which sends people here) asks for its 6-digit code. A wrong
code counts as a failed login, so the django-axes lockout limits guessing codes as well."""

from __future__ import annotations

import base64
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies import access
from agencies.access import AuthenticatedHttpRequest

TOKEN_HELP = "เฉพาะบัญชีที่เปิดใช้การยืนยันสองขั้นตอน: รหัส 6 หลักจากแอปยืนยันตัวตน"


class LoginForm(AuthenticationForm):
    otp_token = forms.CharField(
        label="รหัสยืนยัน (ถ้ามี)",
        required=False,
        max_length=8,
        help_text=TOKEN_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not list(devices_for_user(user, confirmed=True)):
            return cleaned
        token = (cleaned.get("otp_token") or "").strip()
        device = match_token(user, token) if token else None
        if device is None:
            # Counted by django-axes (lockout) and the audit log like a wrong password.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            raise ValidationError(
                "บัญชีนี้เปิดใช้การยืนยันสองขั้นตอน กรุณากรอกรหัส 6 หลักที่ถูกต้องจากแอปยืนยันตัวตน",
                code="otp",
            )
        # django-otp's user_logged_in handler marks the session as verified with this device.
        user.otp_device = device  # type: ignore[attr-defined]
        return cleaned


def _key_text(device: TOTPDevice) -> str:
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turn the second step on (scan or type the key, confirm with a code) or off (a code)."""
    user = request.user
    access.require(
        access.may_use_two_factor(user),
        _("การยืนยันตัวตนสองขั้นมีไว้สำหรับบัญชีผู้อนุมัติและผู้ดูแลระบบ บัญชีของท่านไม่ต้องใช้"),
    )
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    error = ""
    if request.method == "POST":
        token = request.POST.get("otp_token", "").strip()
        if confirmed is not None:
            if token and confirmed.verify_token(token):
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, "ปิดการยืนยันสองขั้นตอนแล้ว")
                return redirect("two_factor")
        else:
            pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
            if pending is not None and token and pending.verify_token(token):
                pending.confirmed = True
                pending.save(update_fields=["confirmed"])
                otp_login(request, pending)
                messages.success(request, "เปิดการยืนยันสองขั้นตอนแล้ว ครั้งต่อไปให้กรอกรหัสจากแอปเมื่อเข้าสู่ระบบ")
                return redirect("two_factor")
        error = "รหัสยืนยันไม่ถูกต้อง กรุณากรอกรหัส 6 หลักที่แอปแสดงอยู่ขณะนี้"
    context: dict[str, Any] = {"enabled": confirmed is not None, "error": error}
    if confirmed is None:
        pending, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": "แอปยืนยันตัวตน"}
        )
        context.update(key=_key_text(pending), config_url=pending.config_url)
    return render(request, "registration/two_factor.html", context, status=400 if error else 200)
