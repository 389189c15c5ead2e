"""Logins, logouts and failed logins in the audit log (django-auditlog's LogEntry, action
"access", on the user's row), next to every change the person made: /admin/auditlog/logentry/.

A failed login for a username that does not exist has no row to hang on: django-axes keeps
those (admin "Axes": access failure logs), with the lockouts."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest

LOGIN = "login"
LOGOUT = "logout"
LOGIN_FAILED = "login_failed"


def _record(user: Any, event: str, request: HttpRequest | None, *, actor: Any) -> None:
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    agent = request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else ""
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(user),
        object_pk=str(user.pk),
        object_id=user.pk,
        object_repr=str(user),
        action=LogEntry.Action.ACCESS,
        actor=actor,
        remote_addr=address or None,
        additional_data={"event": event, "user_agent": agent},
        changes={},
        changes_text=event,
    )


def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    _record(user, LOGIN, request, actor=user)


def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _record(user, LOGOUT, request, actor=user)


def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    model = get_user_model()
    username = credentials.get(model.USERNAME_FIELD) or credentials.get("username")
    if not username:
        return
    user = model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()
    if user is not None:
        _record(user, LOGIN_FAILED, request, actor=None)


def connect() -> None:
    """Called once from AgenciesConfig.ready()."""
    user_logged_in.connect(_logged_in, dispatch_uid="agencies.auth_log.login")
    user_logged_out.connect(_logged_out, dispatch_uid="agencies.auth_log.logout")
    user_login_failed.connect(_login_failed, dispatch_uid="agencies.auth_log.failed")
