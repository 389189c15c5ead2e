"""The auditors' weekly digest (`manage.py send_digest`, Mondays): for the agencies each
auditor is assigned, the 6/12-month reports submitted in the last seven days, the reports
still waiting for their verdict and the overdue agencies, as one notification (and e-mail)
per auditor and ISO week, so a second run in the same week sends nothing new. The lists are
the worklist's own selectors (portal/worklist.py), so the digest says what /my/ shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from agencies import notifications
from agencies.choices import NotificationEvent, Role
from agencies.models import Notification, User
from core import thai
from portal import worklist
from reports.calendar import bangkok_today
from reports.choices import AUDITED_KINDS
from reports.models import ReportingRound


def digest_for(auditor: User, *, today: dt.date) -> dict[str, Any]:
    """What one auditor's digest lists (the same selectors as their worklist)."""
    since = today - dt.timedelta(days=7)
    submitted = (
        ReportingRound.objects.auditable_by(auditor)
        .filter(kind__in=AUDITED_KINDS, submitted_at__date__gte=since)
        .select_related("agency")
        .order_by("submitted_at")
    )
    return {
        "agencies": worklist.audited_agencies(auditor),
        "submitted": list(submitted),
        "pending": worklist.audit_pending(auditor),
        "overdue": worklist.overdue_agencies(auditor, today=today),
    }


def send_auditor_digests(*, today: dt.date | None = None) -> int:
    """One digest per auditor with assigned agencies for the ISO week of `today`; returns
    how many were new."""
    day = today or bangkok_today()
    year, week, _weekday = day.isocalendar()
    before = Notification.objects.filter(event=NotificationEvent.DIGEST).count()
    auditors = User.objects.filter(role=Role.AUDITOR, is_active=True).select_related("agency")
    for auditor in auditors.order_by("pk"):
        data = digest_for(auditor, today=day)
        if not data["agencies"]:
            continue
        style = notifications.digit_style_of(auditor)
        counts = {
            key: thai.digits(len(data[key]), style) for key in ("submitted", "pending", "overdue")
        }
        body = render_to_string(
            "portal/email/digest.txt",
            {**data, "digits": style, "since": day - dt.timedelta(days=7), "today": day},
        )
        notifications.notify(
            event=NotificationEvent.DIGEST,
            key=f"digest:{year}-W{week:02d}",
            recipients=[auditor],
            text=_(
                "สรุปประจำสัปดาห์ %(date)s: ส่งรายงานใหม่ %(submitted)s · รอความเห็น %(pending)s"
                " · เลยกำหนด %(overdue)s"
            )
            % {"date": thai.format_date(day, style, short=True), **counts},
            body=body.strip(),
            url=reverse("portal:worklist"),
        )
    return Notification.objects.filter(event=NotificationEvent.DIGEST).count() - before
