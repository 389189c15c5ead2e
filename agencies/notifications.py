"""Telling people: in-app notifications (the bell) and e-mail, once per event and recipient.

`notify` is the one service that writes them. Each call names its event with a `key`
(``sent_back:request-12``); a row is unique per recipient and key, so a retried call (a
double click, a command run twice the same day) tells nobody twice. The e-mail goes after the
transaction commits, to those who chose e-mail (`User.notify_by_email`, the settings page) and
have an address; `emailed_at` is claimed with one conditional UPDATE before sending, so it goes
once even when two processes race. The sending is a background task (agencies/tasks.py,
django-tasks, as the PDF renders), so a slow mail server never holds up a click. A failed
send is released and retried by `send_pending_emails` (the daily `send_reminders` calls it).

Who is told is asked of agencies/access.py (`step_takers`, `editors_of`, `auditors_of`);
the lifecycle's steps arrive through `workflow.on_event` (registered in AgenciesConfig.ready);
higher layers call `notify` / `notify_reply` for verdicts, replies, reminders and digests.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import access
from agencies.access import Actor, Viewer
from agencies.choices import NotificationEvent, RequestPurpose
from agencies.models import Agency, Notification, User
from agencies.workflow import WorkflowEvent
from core import thai

log = logging.getLogger(__name__)

#: How long an e-mail that could not be sent is retried (by send_pending_emails).
RETRY_EMAILS_FOR = dt.timedelta(days=3)


def wants_email(user: User) -> bool:
    return bool(user.notify_by_email and user.email)


def digit_style_of(user: User) -> str:
    """The digits a user reads: their agency's style (Thai digits without an agency)."""
    agency = user.agency if user.agency_id else None
    return agency.digit_style if agency is not None else thai.DIGITS_THAI


def notify(
    *,
    event: str,
    key: str,
    recipients: Iterable[User],
    text: str,
    url: str = "",
    body: str = "",
    target: models.Model | None = None,
    agency: Agency | None = None,
    actor: Actor | None = None,
) -> list[Notification]:
    """Tell each recipient once about the event `key`: an in-app row, and an e-mail after the
    commit for those who want e-mail. The actor is never told about what they did. Returns
    the recipients' rows (the existing ones on a retry)."""
    people: dict[int, User] = {}
    for user in recipients:
        if access.signed_in(user) and user.pk != getattr(actor, "pk", None):
            people[user.pk] = user
    if not people:
        return []
    content_type = ContentType.objects.get_for_model(target) if target is not None else None
    actor_name = ""
    person = access.user_or_none(actor) if actor is not None else None
    if person is not None:
        actor_name = person.get_full_name() or person.username
    elif actor is not None:
        actor_name = str(actor)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                event=event,
                key=key,
                agency=agency,
                text=text[:500],
                body=body,
                url=url[:500],
                actor_name=actor_name[:200],
                content_type=content_type,
                object_id=target.pk if target is not None else None,
                email_due=wants_email(user),
            )
            for user in people.values()
        ],
        ignore_conflicts=True,
    )
    rows = list(
        Notification.objects.filter(key=key, recipient_id__in=people).select_related(
            "recipient__agency"
        )
    )
    to_mail = [n.pk for n in rows if n.email_due and n.emailed_at is None]
    if to_mail:
        transaction.on_commit(lambda: _enqueue_emails(to_mail))
    return rows


def _enqueue_emails(pks: list[int]) -> None:
    from agencies.tasks import send_notification_emails

    try:
        send_notification_emails.enqueue(pks=pks)
    except Exception:  # the queue is unreachable: the daily job retries (send_pending_emails)
        log.exception("notification e-mails %s not queued", pks)


# --- E-mail -----------------------------------------------------------------------------------


def _claim(pk: int) -> bool:
    return bool(
        Notification.objects.filter(pk=pk, email_due=True, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
    )


def render_email(notification: Notification) -> EmailMessage:
    """The Thai e-mail of a notification: subject and body from templates, BE dates."""
    user = notification.recipient
    style = digit_style_of(user)
    context: dict[str, Any] = {
        "n": notification,
        "user": user,
        "name": user.get_full_name() or user.username,
        "when": thai.format_datetime(notification.created_at, style),
        "link": (settings.SITE_URL.rstrip("/") + notification.url) if notification.url else "",
        "settings_link": settings.SITE_URL.rstrip("/") + reverse("agencies:settings"),
        "event_label": notification.get_event_display(),
    }
    subject = " ".join(render_to_string("agencies/email/notification_subject.txt", context).split())
    body = render_to_string("agencies/email/notification_body.txt", context)
    return EmailMessage(subject=subject[:200], body=body, to=[user.email])


def send_emails(pks: Iterable[int]) -> int:
    """Send the e-mail owed for each notification, once; returns how many went."""
    sent = 0
    for pk in pks:
        if not _claim(pk):
            continue  # already sent (a retry, another process) or never owed
        notification = Notification.objects.select_related("recipient__agency").get(pk=pk)
        if not (wants_email(notification.recipient) and notification.recipient.is_active):
            continue  # switched to in-app only (or lost the address) meanwhile
        try:
            render_email(notification).send()
        except Exception:  # the mail server is down: release the claim, retried later
            log.exception("notification e-mail %s not sent", pk)
            Notification.objects.filter(pk=pk).update(emailed_at=None)
            continue
        sent += 1
    return sent


def send_pending_emails(*, now: dt.datetime | None = None) -> int:
    """Retry the e-mails that could not be sent in the last RETRY_EMAILS_FOR."""
    since = (now or timezone.now()) - RETRY_EMAILS_FOR
    pending = Notification.objects.filter(
        email_due=True, emailed_at__isnull=True, created_at__gte=since
    )
    return send_emails(list(pending.values_list("pk", flat=True)))


# --- The lifecycle's steps (workflow.on_event) ------------------------------------------------


def _url_of(document: Any) -> str:
    get_url = getattr(document, "get_absolute_url", None)
    return get_url() if callable(get_url) else ""


def on_workflow_event(event: WorkflowEvent) -> None:
    """Who hears of a lifecycle step: the next step's people when a request reaches them, the
    proposer when it is sent back (with the reason), approved or published."""
    request, document = event.request, event.document
    agency = document.agency
    title = thai.digits(request.title if request is not None else str(document), agency.digit_style)
    common: dict[str, Any] = {
        "url": _url_of(document),
        "target": document,
        "agency": agency,
        "actor": event.actor,
    }
    withdraw = request is not None and request.purpose == RequestPurpose.WITHDRAW
    if event.kind in ("submitted", "step_approved") and request is not None:
        step = request.step(request.current_step) or {}
        if withdraw:
            text = _("ขอถอนการเผยแพร่ รอการพิจารณาของท่าน: %(title)s")
        else:
            text = _("รอการพิจารณาของท่าน: %(title)s")
        notify(
            event=(
                NotificationEvent.SUBMITTED
                if event.kind == "submitted"
                else NotificationEvent.STEP_APPROVED
            ),
            key=f"{event.kind}:request-{request.pk}:step-{request.current_step}",
            recipients=access.step_takers(request, on=timezone.localdate()),
            text=text % {"title": title},
            body=_("ขั้นตอนที่ %(n)s %(step)s")
            % {
                "n": thai.digits(request.current_step, agency.digit_style),
                "step": step.get("title", ""),
            }
            + (f"\n{event.text}" if event.text else ""),
            **common,
        )
        return
    proposer = request.submitted_by if request is not None else None
    if proposer is None:
        return
    if event.kind == "sent_back" and request is not None:
        notify(
            event=NotificationEvent.SENT_BACK,
            key=f"sent_back:request-{request.pk}",
            recipients=[proposer],
            text=_("ส่งกลับให้แก้ไข: %(title)s") % {"title": title},
            body=_("เหตุผล: %(reason)s") % {"reason": event.text},
            **common,
        )
    elif event.kind == "approved" and request is not None:
        text = (
            _("อนุมัติให้ถอนการเผยแพร่แล้ว: %(title)s")
            if withdraw
            else _("อนุมัติแล้ว พร้อมเผยแพร่: %(title)s")
        )
        notify(
            event=NotificationEvent.APPROVED,
            key=f"approved:request-{request.pk}",
            recipients=[proposer],
            text=text % {"title": title},
            body=event.text,
            **common,
        )
    elif event.kind == "published" and request is not None:
        notify(
            event=NotificationEvent.PUBLISHED,
            key=f"published:request-{request.pk}",
            recipients=[proposer],
            text=_("เผยแพร่แล้ว: %(title)s") % {"title": title},
            **common,
        )


def notify_reply(
    *,
    agency: Agency,
    author: Actor,
    key: str,
    title: str,
    message: str,
    url: str,
    target: models.Model | None = None,
) -> list[Notification]:
    """A message in the private dialogue between an agency and its auditors: an auditor's
    message is told to the agency's staff and approvers, the agency's to its auditors.
    `key` names the message (e.g. ``reply:comment-7``)."""
    if access.is_auditor(author) and access.can_audit(author, agency):
        recipients = access.editors_of(agency)
    else:
        recipients = access.auditors_of(agency)
    return notify(
        event=NotificationEvent.REPLY,
        key=key,
        recipients=recipients,
        text=_("ข้อความใหม่: %(title)s") % {"title": title},
        body=message[:2000],
        url=url,
        target=target,
        agency=agency,
        actor=author,
    )


# --- Reading and marking (the bell and /my/notifications/) -----------------------------------


def notifications_of(user: Viewer, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody reads another's)."""
    if not access.signed_in(user):
        return Notification.objects.none()
    rows = Notification.objects.filter(recipient=user).select_related("agency")
    return rows.filter(read_at__isnull=True) if unread_only else rows


def unread(user: User) -> QuerySet[Notification]:
    """The user's unread notifications (the bell counts them)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def unread_count(user: Viewer) -> int:
    if not access.signed_in(user):
        return 0
    return unread(user).count()


def notification_mark_read(*, user: User, pk: int | None = None) -> int:
    """Mark one of the user's notifications (or, without `pk`, all of them) read."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pk is not None:
        rows = rows.filter(pk=pk)
    return rows.update(read_at=timezone.now())


def preference_set(*, user: User, by_email: bool) -> User:
    """E-mail and in-app, or in-app only: the user's own choice."""
    access.require(access.signed_in(user))
    user.notify_by_email = by_email
    user.save(update_fields=["notify_by_email"])
    return user
