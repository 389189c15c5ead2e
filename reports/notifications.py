"""Who hears of what happens to a report beyond the lifecycle (which agencies/notifications.py
handles): a submitted 6/12-month report goes to the agency's auditors too; an auditor's
verdict goes to the agency's staff and approvers; a remark in the review dialogue goes to the
other side (`notifications.notify_reply`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from agencies import access, notifications
from agencies.access import Actor
from agencies.choices import NotificationEvent
from agencies.models import Notification
from core import thai
from reports.choices import AUDITED_KINDS, RoundEventKind
from reports.models import ReportingRound, ReviewComment, ReviewStep


def _title(rnd: ReportingRound) -> str:
    return thai.digits(str(rnd), rnd.agency.digit_style)


def tell_auditors_submitted(*, round: ReportingRound, user: Actor) -> list[Notification]:
    """The auditors of the agency learn that a 6/12-month report waits for their verdict
    (each submission once: a re-submission after a send-back is a new one)."""
    if round.kind not in AUDITED_KINDS:
        return []
    cycle = round.events.filter(kind=RoundEventKind.SUBMITTED).count()
    return notifications.notify(
        event=NotificationEvent.SUBMITTED,
        key=f"audit_submitted:round-{round.pk}:cycle-{cycle}",
        recipients=access.auditors_of(round.agency),
        text=_("ส่งรายงานแล้ว รอความเห็นผู้ตรวจสอบ: %(title)s") % {"title": _title(round)},
        url=round.get_absolute_url(),
        target=round,
        agency=round.agency,
        actor=user,
    )


def tell_verdict(*, round: ReportingRound, step: ReviewStep, user: Actor) -> list[Notification]:
    """The agency's staff and approvers learn the auditor's verdict and comment."""
    return notifications.notify(
        event=NotificationEvent.VERDICT,
        key=f"verdict:review-{step.pk}",
        recipients=access.editors_of(round.agency),
        text=_("ผู้ตรวจสอบให้ความเห็น “%(verdict)s”: %(title)s")
        % {"verdict": step.get_verdict_display(), "title": _title(round)},
        body=step.comment,
        url=reverse("reports:round_review", args=[round.pk]),
        target=round,
        agency=round.agency,
        actor=user,
    )


def tell_comment(
    *, round: ReportingRound, comment: ReviewComment, user: Actor
) -> list[Notification]:
    """A remark on a report reaches the other side of the auditor–agency dialogue."""
    title = _title(round)
    if comment.row_id is not None and comment.row is not None:
        title = f"{title} · {comment.row}"
    return notifications.notify_reply(
        agency=round.agency,
        author=user,
        key=f"reply:review-comment-{comment.pk}",
        title=title,
        message=comment.body,
        url=reverse("reports:round_discussion", args=[round.pk]),
        target=round,
    )


def tell_answers(*, round: ReportingRound, user: Actor, count: int) -> list[Notification]:
    """The agency's auditors learn that it answered their row verdicts (each save once)."""
    saves = round.events.filter(kind=RoundEventKind.ANSWERED).count()
    return notifications.notify(
        event=NotificationEvent.REPLY,
        key=f"audit_answers:round-{round.pk}:save-{saves}",
        recipients=access.auditors_of(round.agency),
        text=_("หน่วยงานชี้แจงความเห็นรายแถว %(count)s แถว: %(title)s")
        % {"count": thai.digits(str(count), round.agency.digit_style), "title": _title(round)},
        url=reverse("reports:round_review", args=[round.pk]),
        target=round,
        agency=round.agency,
        actor=user,
    )
