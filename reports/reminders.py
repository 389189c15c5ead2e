"""Reminders before each open round's due date and notices once it has passed (the daily
`manage.py send_reminders`). Idempotent: every notice has a key naming the round, its due date
and the reminder, so a second run the same day (or a run on two machines) tells nobody twice,
and a day the job did not run is caught up the next day (the nearest reminder still due)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from agencies import access, notifications
from agencies.choices import NotificationEvent
from agencies.models import Notification
from core import thai
from reports.calendar import bangkok_today
from reports.choices import RoundState
from reports.models import ReportingRound


def reminder_days() -> list[int]:
    """Days before a due date on which the agency is reminded (settings.REMINDER_DAYS)."""
    return sorted({int(n) for n in settings.REMINDER_DAYS if int(n) >= 0})


def _notice_count() -> int:
    return Notification.objects.filter(
        event__in=[NotificationEvent.REMINDER, NotificationEvent.OVERDUE]
    ).count()


def send_round_reminders(*, today: dt.date | None = None) -> int:
    """Remind the staff and approvers of every open round due within the largest reminder
    window, and tell them once when it is overdue. Returns how many notices were new."""
    day = today or bangkok_today()
    days = reminder_days()
    before = _notice_count()
    if days:
        soon = ReportingRound.objects.filter(
            state=RoundState.OPEN, due_date__gte=day, due_date__lte=day + dt.timedelta(max(days))
        ).select_related("agency")
        for rnd in soon:
            left = (rnd.due_date - day).days
            # The nearest reminder not yet passed: 5 days left with [7, 1] is the 7-day one.
            window = min(n for n in days if n >= left)
            style = rnd.agency.digit_style
            notifications.notify(
                event=NotificationEvent.REMINDER,
                key=f"reminder:round-{rnd.pk}:due-{rnd.due_date.isoformat()}:{window}d",
                recipients=access.editors_of(rnd.agency),
                text=_("อีก %(n)s วันครบกำหนดส่ง%(title)s (%(due)s)")
                % {
                    "n": thai.digits(left, style),
                    "title": thai.digits(str(rnd), style),
                    "due": thai.format_date(rnd.due_date, style),
                }
                if left
                else _("วันนี้ครบกำหนดส่ง%(title)s") % {"title": thai.digits(str(rnd), style)},
                url=rnd.get_absolute_url(),
                target=rnd,
                agency=rnd.agency,
            )
    late = ReportingRound.objects.filter(state=RoundState.OPEN, due_date__lt=day).select_related(
        "agency"
    )
    for rnd in late:
        style = rnd.agency.digit_style
        notifications.notify(
            event=NotificationEvent.OVERDUE,
            key=f"overdue:round-{rnd.pk}:due-{rnd.due_date.isoformat()}",
            recipients=access.editors_of(rnd.agency),
            text=_("เลยกำหนดส่ง%(title)s แล้ว (กำหนดส่ง %(due)s)")
            % {
                "title": thai.digits(str(rnd), style),
                "due": thai.format_date(rnd.due_date, style),
            },
            url=rnd.get_absolute_url(),
            target=rnd,
            agency=rnd.agency,
        )
    return _notice_count() - before
