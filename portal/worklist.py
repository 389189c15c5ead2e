"""งานของฉัน: what waits for each signed-in user, by role (selectors; they take the viewer).

Every list is built on the access rules of `agencies/access.py` (`edit_q`, `audit_q`,
`step_authority`) and on the lifecycle's records (`ApprovalRequest`, `ApprovalAction`), so the
worklist never shows what the user could not open:

- staff (and approvers, who edit too): their agency's drafts, the requests sent back to them
  with the reason, and the reporting rounds due within `DUE_SOON_DAYS` or overdue;
- approvers and anyone in a chain: the requests whose current step `step_authority` lets them take;
- auditors: submitted 6/12-month reports of every agency or province assigned, which still
  wait for their verdict, and the assigned agencies with overdue rounds;
- site admins: agencies without a plan or a report, and requests stuck in the chain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agencies import access
from agencies.access import Viewer
from agencies.choices import ActionKind, PublicationStatus, RequestState
from agencies.models import Agency, ApprovalAction, ApprovalRequest, User
from core import thai
from core.queries import count_many
from core.thai import fiscal_year_of
from measures.models import ITAResult, MeasureSet
from plans.models import Plan
from reports.calendar import bangkok_today, default_due_date
from reports.choices import AUDITED_KINDS, ReviewKind, RoundKind, RoundState
from reports.models import ReportingRound, ReviewStep

#: A round is "due soon" within this many days of its due date.
DUE_SOON_DAYS = 30
#: A request that nobody has acted on for this many days is "stuck".
STUCK_AFTER_DAYS = 14


@dataclass
class WorkItem:
    """One line of a worklist: what, of which agency, when, and where to act on it."""

    kind: str
    kind_label: str | Promise
    title: str
    url: str
    agency: Agency | None
    date: dt.date | None
    note: str = ""
    overdue: bool = False


@dataclass
class Section:
    """A titled list of a worklist page."""

    key: str
    title: str | Promise
    items: list[WorkItem] = field(default_factory=list)


KIND_LABELS: dict[str, str | Promise] = {
    "plan": _("แผนป้องกันการทุจริต"),
    "measures": _("มาตรการ"),
    "ita": _("ผล ITA"),
    "report": _("รายงานผล"),
    "request": _("คำขออนุมัติ"),
    "agency": _("หน่วยงาน"),
}


def _day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


# --- Staff ----------------------------------------------------------------------------------------


def _styled(document: object, agency: Agency) -> str:
    """A document's name with its years and numbers in its agency's digits."""
    return thai.digits(str(document), agency.digit_style)


def drafts(user: Viewer) -> list[WorkItem]:
    """Draft plans, measure sets, ITA results and open rounds of the agency the user edits."""
    if not access.keeps_drafts(user):
        return []
    q = access.edit_q(user)
    draft = PublicationStatus.DRAFT
    items: list[WorkItem] = []
    for plan in Plan.objects.filter(q, status=draft).select_related("agency"):
        # A draft plan opens in the wizard, at the first part not filled in yet.
        items.append(
            WorkItem("plan", KIND_LABELS["plan"], plan.title,
                     reverse("plans:wizard", args=[plan.pk]), plan.agency, _day(plan.updated_at))
        )  # fmt: skip
    agency = user.agency if access.signed_in(user) else None
    if agency is not None and not Plan.objects.filter(agency=agency).current().exists():
        items.append(
            WorkItem("plan", KIND_LABELS["plan"], str(_("สร้างแผนปฏิบัติการป้องกันการทุจริต")),
                     reverse("plans:plan_new", args=[agency.code]), agency, None,
                     note=str(_("หน่วยงานยังไม่มีแผน เริ่มจากแผนว่าง ตัวอย่างโครงการของ ป.ป.ช. "
                                "หรือแผนเดิม")))
        )  # fmt: skip
    for ms in MeasureSet.objects.filter(q, status=draft).select_related("agency"):
        items.append(
            WorkItem("measures", KIND_LABELS["measures"], _styled(ms, ms.agency), ms.get_absolute_url(),
                     ms.agency, _day(ms.updated_at))
        )  # fmt: skip
    for ita in ITAResult.objects.filter(q, status=draft).select_related("agency"):
        items.append(
            WorkItem("ita", KIND_LABELS["ita"], _styled(ita, ita.agency), ita.get_absolute_url(),
                     ita.agency, _day(ita.updated_at))
        )  # fmt: skip
    for rnd in ReportingRound.objects.filter(q, state=RoundState.OPEN).select_related("agency"):
        items.append(
            WorkItem("report", KIND_LABELS["report"], _styled(rnd, rnd.agency), rnd.get_absolute_url(),
                     rnd.agency, _day(rnd.updated_at))
        )  # fmt: skip
    return items


def sent_back(user: Viewer) -> list[WorkItem]:
    """Requests this user proposed that a step of the chain sent back, with its reason."""
    if not access.signed_in(user):
        return []
    requests = _sent_back_qs(user).select_related("agency").order_by("-updated_at")
    reasons: dict[int, ApprovalAction] = {}
    for action in ApprovalAction.objects.filter(
        request__in=requests, kind=ActionKind.SEND_BACK
    ).order_by("at", "pk"):
        reasons[action.request_id] = action
    items = []
    for req in requests:
        last = reasons.get(req.pk)
        note = ""
        if last is not None:
            note = f"{last.actor_name or last.position_title}: {last.opinion}"
        document = req.document
        url = document.get_absolute_url() if document is not None else ""
        items.append(
            WorkItem(req.kind, KIND_LABELS.get(req.kind, req.kind), req.title, url, req.agency,
                     _day(last.at if last else req.updated_at), note)
        )  # fmt: skip
    return items


def _sent_back_qs(user: User) -> QuerySet[ApprovalRequest]:
    return ApprovalRequest.objects.filter(submitted_by=user, state=RequestState.SENT_BACK)


def _due_qs(user: Viewer, day: dt.date) -> QuerySet[ReportingRound]:
    return ReportingRound.objects.filter(
        access.edit_q(user),
        state=RoundState.OPEN,
        due_date__lte=day + dt.timedelta(days=DUE_SOON_DAYS),
    )


def rounds_due(user: Viewer, *, today: dt.date | None = None) -> list[WorkItem]:
    """Open rounds of the user's agency that are due within DUE_SOON_DAYS or overdue."""
    if not access.keeps_drafts(user):
        return []
    day = today or bangkok_today()
    rounds = _due_qs(user, day).select_related("agency")
    return [_round_item(rnd, day) for rnd in rounds.order_by("due_date")]


def _round_item(rnd: ReportingRound, day: dt.date) -> WorkItem:
    late = (day - rnd.due_date).days
    note = _("เลยกำหนด %(n)s วัน") % {"n": thai.digits(late)} if late > 0 else _("กำหนดส่ง")
    return WorkItem("report", KIND_LABELS["report"], str(rnd), rnd.get_absolute_url(),
                    rnd.agency, rnd.due_date, str(note), overdue=late > 0)  # fmt: skip


# --- Approvers ------------------------------------------------------------------------------------


def awaiting_my_step(user: Viewer, *, today: dt.date | None = None) -> list[WorkItem]:
    """Requests in review whose current step this user may take (`access.step_authority`)."""
    if not access.signed_in(user) or access.is_auditor(user):
        return []
    if not (user.is_site_admin or (user.agency_id and access.can_review(user, user.agency_id))):
        return []
    day = today or bangkok_today()
    requests = ApprovalRequest.objects.filter(state=RequestState.IN_REVIEW).select_related("agency")
    if not user.is_site_admin:
        requests = requests.filter(agency_id=user.agency_id or 0)
    items = []
    for req in requests.order_by("submitted_at", "pk"):
        if not access.step_authority(user, req, on=day):
            continue
        step = req.step(req.current_step) or {}
        items.append(
            WorkItem("request", req.get_purpose_display(), req.title,
                     reverse("agencies:memo", args=[req.pk]), req.agency, _day(req.submitted_at),
                     str(_("ขั้นตอนที่ %(n)s %(t)s") % {"n": thai.digits(req.current_step),
                                                    "t": step.get("title", "")}))
        )  # fmt: skip
    return items


# --- Auditors -------------------------------------------------------------------------------------


def _audit_qs(user: User) -> QuerySet[ReportingRound]:
    # A verdict given before the latest submission does not count: a report sent back and
    # submitted again waits for this auditor once more.
    mine = ReviewStep.objects.filter(
        round=OuterRef("pk"),
        kind=ReviewKind.AUDIT,
        reviewer=user,
        decided_at__gte=OuterRef("submitted_at"),
    )
    return (
        ReportingRound.objects.auditable_by(user)
        .filter(kind__in=AUDITED_KINDS, state__in=[RoundState.SUBMITTED, RoundState.APPROVED])
        .exclude(Exists(mine))
    )


def audit_pending(user: Viewer) -> list[WorkItem]:
    """Submitted (or approved) 6/12-month reports of the assigned agencies and provinces
    on which this auditor has not yet given a verdict in the current cycle."""
    if not access.is_auditor(user):
        return []
    rounds = _audit_qs(user).select_related("agency").order_by("submitted_at", "pk")
    return [
        WorkItem("report", KIND_LABELS["report"], str(rnd),
                 reverse("reports:round_review", args=[rnd.pk]), rnd.agency,
                 _day(rnd.submitted_at), str(rnd.get_state_display()))
        for rnd in rounds
    ]  # fmt: skip


def overdue_agencies(user: Viewer, *, today: dt.date | None = None) -> list[WorkItem]:
    """Agencies this auditor (or a site admin) sees that are late: open rounds past their
    due date, and rounds never opened whose calendar due date passed in the last year."""
    if not (access.is_site_admin(user) or access.is_auditor(user)):
        return []
    day = today or bangkok_today()
    rounds = ReportingRound.objects.filter(
        access.audit_q(user), state=RoundState.OPEN, due_date__lt=day
    ).select_related("agency")
    items = [_round_item(rnd, day) for rnd in rounds.order_by("due_date", "agency__name")]
    if not access.is_auditor(user):
        return items  # a site admin's national list would be every agency: see `missing`
    agencies = Agency.objects.filter(access.audit_q(user, agency_field="pk"))
    year = fiscal_year_of(day)
    for fiscal_year in (year - 1, year):
        for kind, label in RoundKind.choices:
            due = default_due_date(fiscal_year, kind)
            if not (day - dt.timedelta(days=365) <= due < day):
                continue
            opened = ReportingRound.objects.filter(
                agency=OuterRef("pk"), fiscal_year=fiscal_year, kind=kind
            )
            for agency in agencies.exclude(Exists(opened)).order_by("name"):
                late = (day - due).days
                note = _("ยังไม่เปิด%(kind)s ปีงบประมาณ %(year)s เลยกำหนด %(n)s วัน") % {
                    "kind": thai.digits(str(label), agency.digit_style),
                    "year": thai.digits(fiscal_year, agency.digit_style),
                    "n": thai.digits(late, agency.digit_style),
                }
                items.append(
                    WorkItem("report", KIND_LABELS["report"], str(agency),
                             reverse("reports:agency_reports", args=[agency.code]), agency, due,
                             str(note), overdue=True)
                )  # fmt: skip
    return items


# --- Site admins ----------------------------------------------------------------------------------


def agencies_missing(user: Viewer) -> list[WorkItem]:
    """Agencies without any plan, or without any reporting round (site admins only)."""
    if not access.is_site_admin(user):
        return []
    plans = Plan.objects.filter(agency=OuterRef("pk")).exclude(status=PublicationStatus.WITHDRAWN)
    rounds = ReportingRound.objects.filter(agency=OuterRef("pk"))
    agencies = (
        Agency.objects.with_place()
        .annotate(has_plan=Exists(plans), has_round=Exists(rounds))
        .filter(Q(has_plan=False) | Q(has_round=False))
    )
    items = []
    for agency in agencies:
        missing = [str(_("ไม่มีแผน"))] if not agency.has_plan else []
        if not agency.has_round:
            missing.append(str(_("ไม่มีรายงาน")))
        items.append(
            WorkItem("agency", KIND_LABELS["agency"], str(agency), agency.get_absolute_url(),
                     agency, None, " · ".join(missing))
        )  # fmt: skip
    return items


def stuck_requests(user: Viewer, *, now: dt.datetime | None = None) -> list[WorkItem]:
    """Requests in review on which nobody has acted for STUCK_AFTER_DAYS (site admins)."""
    if not access.is_site_admin(user):
        return []
    limit = (now or timezone.now()) - dt.timedelta(days=STUCK_AFTER_DAYS)
    requests = ApprovalRequest.objects.filter(
        state=RequestState.IN_REVIEW, updated_at__lt=limit
    ).select_related("agency")
    return [
        WorkItem("request", req.get_purpose_display(), req.title, reverse("agencies:memo", args=[req.pk]),
                 req.agency, _day(req.updated_at),
                 str(_("ค้างที่ขั้นตอนที่ %(n)s") % {"n": thai.digits(req.current_step)}))
        for req in requests.order_by("updated_at")
    ]  # fmt: skip


# --- The page and the badge -----------------------------------------------------------------------

SECTIONS: list[tuple[str, str | Promise, Callable[[Viewer], list[WorkItem]]]] = [
    ("sent_back", _("ส่งกลับให้แก้ไข"), sent_back),
    ("due", _("รอบรายงานใกล้ครบกำหนดและเลยกำหนด"), rounds_due),
    ("drafts", _("ร่างเอกสาร"), drafts),
    ("my_step", _("รอการพิจารณาในขั้นตอนของฉัน"), awaiting_my_step),
    ("audit", _("รายงาน 6/12 เดือนที่รอความเห็นผู้ตรวจสอบ"), audit_pending),
    ("overdue", _("หน่วยงานที่ส่งรายงานเลยกำหนด"), overdue_agencies),
    ("missing", _("หน่วยงานที่ยังไม่มีแผนหรือรายงาน"), agencies_missing),
    ("stuck", _("เอกสารค้างในสายการอนุมัติ"), stuck_requests),
]

#: Sections whose items are the user's own to act on: the navigation badge counts these.
ACTIONABLE = {"sent_back", "due", "my_step", "audit"}


def worklist(user: Viewer) -> list[Section]:
    """The sections that apply to this user's role (an empty one is still shown)."""
    return [Section(key, title, fn(user)) for key, title, fn in SECTIONS if _applies(user, key)]


def _applies(user: Viewer, key: str) -> bool:
    if not access.signed_in(user):
        return False
    if user.is_site_admin:
        return key in {"my_step", "overdue", "missing", "stuck"}
    if access.is_auditor(user):
        return key in {"audit", "overdue"}
    return key in {"sent_back", "due", "drafts", "my_step"}


def nav_counts(user: Viewer, *extra: QuerySet) -> list[int]:
    """How many things wait for this user's action (the navigation bar's badge), then the
    count of each of `extra` (e.g. the bell's unread notifications): all the counts in ONE
    query (`core.queries.count_many`), plus the chain step, which asks
    `access.step_authority` once per request in review of the user's own agency."""
    if not access.signed_in(user):
        return [0] * (1 + len(extra))
    counted: list[QuerySet] = []
    if _applies(user, "sent_back"):
        counted.append(_sent_back_qs(user))
    if _applies(user, "due") and access.keeps_drafts(user):
        counted.append(_due_qs(user, bangkok_today()))
    if access.is_auditor(user):
        counted.append(_audit_qs(user))
    counts = count_many([*counted, *extra])
    total = sum(counts[: len(counted)])
    if _applies(user, "my_step"):
        total += len(awaiting_my_step(user))
    return [total, *counts[len(counted) :]]


def badge_count(user: Viewer) -> int:
    """The "งานของฉัน" badge alone."""
    return nav_counts(user)[0]


def audited_province_ids(user: Viewer) -> list[int]:
    """The provinces an auditor is assigned (the menu then links to the worklist)."""
    return sorted(access.audited_province_ids(user))


def audited_agencies(user: Viewer) -> list[Agency]:
    """Every agency an auditor is assigned, directly or through a province."""
    if not access.is_auditor(user):
        return []
    return list(Agency.objects.with_place().filter(pk__in=access.readable_agency_ids(user)))
