"""Writes of the reports app: opening rounds, editing rows, evidence, and the review workflow.

Every change of a round's state goes through one of these functions, which checks who may do
it, changes the state and records a RoundEvent (who, when, what), all in one transaction.
Errors are raised with Thai messages for the pages to show.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import ConcurrentEditError, snapshot
from core.html import html_to_text
from core.thai import NoBudget, parse_amount
from measures.choices import MeasureSetKind, ResultPeriod
from measures.models import Measure, MeasureResult, MeasureSet
from plans.choices import PublicationStatus, Role
from plans.models import Agency, PlanItemYear
from reports.calendar import default_due_date, round_period
from reports.choices import (
    AUDIT_VERDICTS,
    AUDITED_KINDS,
    ROUND_SEQUENCE,
    STATUSES_NEEDING_REASON,
    ReviewKind,
    ReviewVerdict,
    RoundEventKind,
    RoundKind,
    RoundState,
    RowStatus,
)
from reports.evidence import CheckedFile, check_evidence_file
from reports.models import (
    Evidence,
    ReportingRound,
    ReportRow,
    ReviewComment,
    ReviewStep,
    RoundEvent,
)

# The values of a row that staff edit, that carry over from round to round, and that
# report_row_update accepts.
ROW_FIELDS = (
    "status",
    "status_reason",
    "done_text",
    "outcome",
    "budget_used",
    "problems",
    "suggestions",
    "note",
)


class RoundError(ValidationError):
    """A workflow step that is not allowed in the round's current state."""


# --- Permissions (one place) ------------------------------------------------------------------


def _is_admin(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_site_admin)


def _can_edit(user, agency: Agency) -> bool:
    return _is_admin(user) or (
        user is not None and user.is_authenticated and user.can_edit_agency(agency)
    )


def _is_approver(user, agency: Agency) -> bool:
    if _is_admin(user):
        return True
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role == Role.APPROVER
        and user.agency_id == agency.pk
    )


def _is_auditor(user, agency: Agency) -> bool:
    if _is_admin(user):
        return True
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role == Role.AUDITOR
        and agency.pk in user.readable_agency_ids()
    )


def _can_read_drafts(user, agency: Agency) -> bool:
    if _is_admin(user):
        return True
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and agency.pk in user.readable_agency_ids()
    )


def _actor(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _review_step(rnd: ReportingRound, user, *, kind: str, verdict: str, comment: str) -> ReviewStep:
    """One reviewer's verdict in the round's current review cycle."""
    return ReviewStep.objects.create(
        round=rnd,
        cycle=_cycle(rnd),
        kind=kind,
        reviewer=_actor(user),
        reviewer_position=getattr(user, "position", ""),
        verdict=verdict,
        comment=comment,
    )


def _event(
    rnd: ReportingRound,
    kind: str,
    user,
    *,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> RoundEvent:
    return RoundEvent.objects.create(
        round=rnd,
        kind=kind,
        actor=_actor(user),
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data or {},
    )


# --- Reading a result's words -----------------------------------------------------------------

_STATUS_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"ยังไม่(?:ได้)?(?:มีการ)?ดำเนิน"), RowStatus.NOT_STARTED),
    (re.compile(r"ปีงบประมาณ\s*(?:ถัดไป|หน้า)|เลื่อน(?:การดำเนินการ)?ไป"), RowStatus.DEFERRED),
    (re.compile(r"ยกเลิก"), RowStatus.CANCELLED),
    (re.compile(r"อยู่ระหว่าง|กำลังดำเนิน"), RowStatus.IN_PROGRESS),
    (re.compile(r"ดำเนินการ(?:แล้ว|เรียบร้อย)|เรียบร้อยแล้ว|แล้วเสร็จ|ได้ดำเนินการ"), RowStatus.DONE),
]


_A_OPEN_RE = re.compile(r"<a\s[^<>]*>", re.IGNORECASE)
_HREF_RE = re.compile(r"href=[\"']([^\"'<>]+)[\"']", re.IGNORECASE)
_STRIP_TAGS_RE = re.compile(r"<[^<>]*>")
_A_CLOSE_RE = re.compile(r"</a>", re.IGNORECASE)


def links_inline(html: str) -> str:
    """Write each link's address into the text ("ดูที่ www.x.go.th" → "... https://www.x.go.th")
    so a plain-text field keeps where the evidence is.

    One pass over the text (a regular expression with a lazy body took minutes on thousands
    of unclosed links): each `<a href>` is paired with the next `</a>`.
    """
    html = html or ""
    out: list[str] = []
    pos = 0
    for m in _A_OPEN_RE.finditer(html):
        if m.start() < pos:
            continue
        href_m = _HREF_RE.search(m.group(0))
        if not href_m:
            continue
        close_m = _A_CLOSE_RE.search(html, m.end())
        if close_m is None:
            break  # no later link can be closed either
        close = close_m.start()
        href = href_m.group(1)
        text = _STRIP_TAGS_RE.sub("", html[m.end() : close]).strip()
        bare = href.removeprefix("https://").removeprefix("http://").rstrip("/")
        if not text or text.rstrip("/") in (href.rstrip("/"), bare):
            replacement = href
        else:
            replacement = f"{text} ({href})"
        out.append(html[pos : m.start()])
        out.append(replacement)
        pos = close + 4
    out.append(html[pos:])
    return "".join(out)


def result_text(html: str) -> str:
    """The plain text of a sanitised result cell, its links kept as addresses."""
    return html_to_text(links_inline(html))


def status_from_text(text: str) -> str | None:
    """The status a result's words state outright ("ยังไม่ได้ดำเนินการ" → not started), or None.

    Used to spot a result filed under the wrong column and to read a status from a measures
    report's result text. The first match in this order wins: "ยังไม่ได้ดำเนินการ" contains
    "ดำเนินการ", so the negative forms are tried first.
    """
    for rx, status in _STATUS_WORDS:
        if rx.search(text or ""):
            return status
    return None


# --- Opening a round --------------------------------------------------------------------------


def _planned_item_years(agency: Agency, fiscal_year: int):
    return (
        PlanItemYear.objects.filter(
            item__plan__agency=agency,
            item__plan__first_year__lte=fiscal_year,
            item__plan__last_year__gte=fiscal_year,
            year=fiscal_year,
        )
        .select_related("item__dimension")
        .order_by("item__plan__first_year", "item__dimension__sort_key", "item__order", "pk")
    )


def _year_measures(agency: Agency, fiscal_year: int):
    """The measures of the year: those of the MEASURES set, or of a report set when the year
    has only a report (seed 000 is a report listing its measures)."""
    sets = MeasureSet.objects.filter(agency=agency, fiscal_year=fiscal_year)
    measures_set = sets.filter(kind=MeasureSetKind.MEASURES).first()
    if measures_set is not None:
        sets = sets.filter(pk=measures_set.pk)
    return Measure.objects.filter(set__in=sets).order_by("set__kind", "order", "pk")


def _previous_round(rnd: ReportingRound) -> ReportingRound | None:
    """The latest earlier round of the same agency and year (Q2 ← Q1, H1 ← Q2 or Q1, ...)."""
    earlier = [kind for kind, seq in ROUND_SEQUENCE.items() if seq < ROUND_SEQUENCE[rnd.kind]]
    candidates = list(
        ReportingRound.objects.filter(
            agency=rnd.agency, fiscal_year=rnd.fiscal_year, kind__in=earlier
        )
    )
    if not candidates:
        return None
    return max(candidates, key=lambda r: ROUND_SEQUENCE[r.kind])


def round_rows_sync(*, round: ReportingRound, user=None) -> int:
    """Add a row for every plan item planned that year and every measure of that year that
    the round does not have yet. Returns the number of rows added."""
    have_piy = set(
        round.rows.filter(plan_item_year__isnull=False).values_list("plan_item_year_id", flat=True)
    )
    have_measures = set(
        round.rows.filter(measure__isnull=False).values_list("measure_id", flat=True)
    )
    next_order = (round.rows.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    new_rows: list[ReportRow] = []
    for piy in _planned_item_years(round.agency, round.fiscal_year):
        if piy.pk not in have_piy:
            new_rows.append(ReportRow(round=round, plan_item_year=piy, order=next_order))
            next_order += 1
    # Measures come after the plan's items, leaving room so plan items added later still sort
    # among themselves by order of addition.
    for measure in _year_measures(round.agency, round.fiscal_year):
        if measure.pk not in have_measures:
            new_rows.append(ReportRow(round=round, measure=measure, order=next_order))
            next_order += 1
    ReportRow.objects.bulk_create(new_rows)
    return len(new_rows)


def _copy_from(rnd: ReportingRound, previous: ReportingRound) -> int:
    """Start the round's rows from the previous round's values for the same item/measure."""
    old_by_key = {(row.plan_item_year_id, row.measure_id): row for row in previous.rows.all()}
    changed = []
    for row in rnd.rows.all():
        old = old_by_key.get((row.plan_item_year_id, row.measure_id))
        if old is None:
            continue
        for name in ROW_FIELDS:
            setattr(row, name, getattr(old, name))
        changed.append(row)
    ReportRow.objects.bulk_update(changed, list(ROW_FIELDS))
    return len(changed)


@transaction.atomic
def round_open(
    *,
    agency: Agency,
    fiscal_year: int,
    kind: str,
    user=None,
    due_date: dt.date | None = None,
    title: str = "",
    apply_measure_results: bool = True,
) -> ReportingRound:
    """Open a round: create its rows from the plan and the year's measures, carry over the
    previous round's values, and (for 6/12 months) take the measures' reported results."""
    if user is not None and not _can_edit(user, agency):
        raise PermissionDenied(_("ไม่มีสิทธิ์เปิดรอบรายงานของหน่วยงานนี้"))
    if kind not in RoundKind.values:
        raise RoundError(_("ไม่รู้จักรอบรายงานนี้"))
    if ReportingRound.objects.filter(agency=agency, fiscal_year=fiscal_year, kind=kind).exists():
        raise RoundError(_("มีรอบรายงานนี้ของปีงบประมาณนี้แล้ว"))
    start, end = round_period(fiscal_year, kind)
    rnd = ReportingRound.objects.create(
        agency=agency,
        fiscal_year=fiscal_year,
        kind=kind,
        period_start=start,
        period_end=end,
        due_date=due_date or default_due_date(fiscal_year, kind),
        title=title,
        opened_by=_actor(user),
    )
    added = round_rows_sync(round=rnd, user=user)
    previous = _previous_round(rnd)
    copied = _copy_from(rnd, previous) if previous is not None else 0
    from_results = 0
    if apply_measure_results:
        from_results = _apply_measure_results(rnd, overwrite=True)
    _event(
        rnd,
        RoundEventKind.OPENED,
        user,
        to_state=RoundState.OPEN,
        data={
            "rows": added,
            "copied_from": previous.pk if previous is not None else None,
            "copied_rows": copied,
            "rows_from_measure_results": from_results,
        },
    )
    return rnd


# --- Measures' reported results ---------------------------------------------------------------

# The result periods a round takes, best first.
RESULT_PERIODS: dict[str, tuple[str, ...]] = {
    RoundKind.Q1: (ResultPeriod.Q1,),
    RoundKind.Q2: (ResultPeriod.Q2,),
    RoundKind.Q3: (ResultPeriod.Q3,),
    RoundKind.Q4: (ResultPeriod.Q4,),
    RoundKind.H1: (ResultPeriod.MONTHS_6,),
    RoundKind.ANNUAL: (ResultPeriod.MONTHS_12, ResultPeriod.ANNUAL),
}


def _apply_measure_results(rnd: ReportingRound, *, overwrite: bool) -> int:
    periods = RESULT_PERIODS[rnd.kind]
    rows = list(rnd.rows.filter(measure__isnull=False))
    results: dict[int, MeasureResult] = {}
    for result in MeasureResult.objects.filter(
        measure_id__in=[r.measure_id for r in rows], period__in=periods
    ):
        known = results.get(result.measure_id)
        if known is None or periods.index(result.period) < periods.index(known.period):
            results[result.measure_id] = result
    changed = []
    for row in rows:
        result = results.get(row.measure_id)
        if result is None or not (result.summary or result.outcome):
            continue
        if not overwrite and (row.done_text or row.outcome):
            continue
        row.done_text = result_text(result.summary)
        row.outcome = result_text(result.outcome)
        row.suggestions = result_text(result.suggestions) or row.suggestions
        stated = status_from_text(row.done_text)
        if stated in STATUSES_NEEDING_REASON:
            row.status = stated
            row.status_reason = row.status_reason or row.done_text[:500]
        elif stated is not None:
            row.status = stated
        else:
            # A 12-month report that states a result means the measure was carried out; a
            # shorter period's result without status words means work under way.
            row.status = RowStatus.DONE if rnd.kind == RoundKind.ANNUAL else RowStatus.IN_PROGRESS
        row.version += 1
        changed.append(row)
    ReportRow.objects.bulk_update(
        changed, ["done_text", "outcome", "suggestions", "status", "status_reason", "version"]
    )
    return len(changed)


@transaction.atomic
def round_rows_from_measure_results(
    *, round: ReportingRound, user=None, overwrite: bool = False
) -> int:
    """Fill the round's measure rows from the results the measures engineer imported
    (MeasureResult of the round's period: 12 months for ANNUAL, 6 months for H1).

    Rows someone already filled are kept unless `overwrite`. Returns the rows filled.
    """
    if user is not None and not _can_edit(user, round.agency):
        raise PermissionDenied(_("ไม่มีสิทธิ์แก้ไขรายงานของหน่วยงานนี้"))
    if not round.is_open:
        raise RoundError(_("แก้ไขได้เฉพาะรายงานที่ยังไม่ได้ส่ง"))
    n = _apply_measure_results(round, overwrite=overwrite)
    _event(round, RoundEventKind.ROWS_FROM_RESULTS, user, data={"rows": n})
    return n


# --- Editing rows -----------------------------------------------------------------------------


def _clean_row_data(row: ReportRow, data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(ROW_FIELDS)
    if unknown:
        raise ValidationError(_("ไม่รู้จักช่องข้อมูล: %(names)s") % {"names": ", ".join(sorted(unknown))})
    values = {name: getattr(row, name) for name in ROW_FIELDS}
    values.update(data)
    errors: dict[str, str] = {}
    for name in ROW_FIELDS:
        if name not in ("status", "budget_used"):
            values[name] = (values[name] or "").strip()
    if values["status"] not in RowStatus.values:
        errors["status"] = _("สถานะไม่ถูกต้อง")
    elif values["status"] in STATUSES_NEEDING_REASON and not values["status_reason"]:
        errors["status_reason"] = _("กรุณาระบุเหตุผลที่เลื่อนไปปีถัดไปหรือยกเลิก")
    budget = values["budget_used"]
    if isinstance(budget, str):
        try:
            parsed = parse_amount(budget)
        except ValueError:
            errors["budget_used"] = _("งบประมาณที่ใช้ต้องเป็นตัวเลข เช่น ๒๐,๐๐๐")
            parsed = None
        budget = Decimal(0) if isinstance(parsed, NoBudget) else parsed
    elif budget is not None and not isinstance(budget, Decimal):
        budget = Decimal(str(budget))
    if budget is not None and budget < 0:
        errors["budget_used"] = _("งบประมาณที่ใช้ต้องไม่ติดลบ")
    if budget is not None and budget >= Decimal("1e12"):
        errors["budget_used"] = _("งบประมาณที่ใช้มากเกินไป")
    values["budget_used"] = budget
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def report_row_update(*, row: ReportRow, data: dict[str, Any], version: int, user) -> ReportRow:
    """Save a row's values if nobody saved it since `version`; else raise ConcurrentEditError.

    The check and the write are one UPDATE ... WHERE version = %s, so two saves racing each
    other cannot both succeed.
    """
    rnd = row.round
    if not _can_edit(user, rnd.agency):
        raise PermissionDenied(_("ไม่มีสิทธิ์แก้ไขรายงานของหน่วยงานนี้"))
    if not rnd.is_open:
        raise RoundError(_("แก้ไขได้เฉพาะรายงานที่ยังไม่ได้ส่ง"))
    values = _clean_row_data(row, data)
    before = {name: getattr(row, name) for name in values}
    updated = ReportRow.objects.filter(pk=row.pk, version=version).update(
        **values, version=F("version") + 1, updated_by=_actor(user), updated_at=timezone.now()
    )
    if not updated:
        stored = ReportRow.objects.select_related("updated_by").get(pk=row.pk)
        raise ConcurrentEditError(
            current=snapshot(stored, ROW_FIELDS),
            version=stored.version,
            message=_("มีผู้อื่นแก้ไขรายการนี้ไปแล้ว กรุณาตรวจสอบข้อมูลล่าสุดก่อนบันทึกอีกครั้ง"),
        )
    row.refresh_from_db()
    _audit_update(row, before, user)
    return row


def _audit_update(row: ReportRow, before: dict[str, Any], user) -> None:
    """The conditional UPDATE bypasses model signals, so the audit log entry is written here."""
    changes = {
        name: [_audit_text(old), _audit_text(getattr(row, name))]
        for name, old in before.items()
        if old != getattr(row, name)
    }
    if changes:
        LogEntry.objects.log_create(
            row, action=LogEntry.Action.UPDATE, changes=changes, actor=_actor(user)
        )


def _audit_text(value: Any) -> str:
    return "None" if value is None else str(value)


# --- Evidence ---------------------------------------------------------------------------------


def evidence_add(
    *,
    row: ReportRow,
    user,
    file: UploadedFile | None = None,
    url: str = "",
    title: str = "",
) -> Evidence:
    """Attach a checked file or a link to a row, all or nothing.

    The file is checked by content (reports.evidence) before anything is written; it is then
    stored and the row saved in one transaction, and the stored file is deleted again if the
    database write fails, so neither a file without a row nor a row without a file is left.
    (Called inside an outer transaction that later rolls back, the file would stay: call it
    on its own, as the views do.)
    """
    rnd = row.round
    if not _can_edit(user, rnd.agency):
        raise PermissionDenied(_("ไม่มีสิทธิ์แนบหลักฐานในรายงานของหน่วยงานนี้"))
    if not rnd.is_open:
        raise RoundError(_("แนบหลักฐานได้เฉพาะรายงานที่ยังไม่ได้ส่ง"))
    if (file is None) == (not url):
        raise ValidationError(_("กรุณาแนบไฟล์หรือระบุลิงก์อย่างใดอย่างหนึ่ง"))
    if url:
        url = url.strip()
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise ValidationError({"url": _("ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://")}) from exc
        with transaction.atomic():
            return Evidence.objects.create(row=row, url=url, title=title, uploaded_by=_actor(user))

    checked: CheckedFile = check_evidence_file(file)
    evidence = Evidence(
        row=row,
        title=title,
        original_name=checked.original_name,
        size=checked.size,
        content_type=checked.content_type,
        sha256=checked.sha256,
        uploaded_by=_actor(user),
    )
    file.seek(0)
    stored_name = ""
    try:
        with transaction.atomic():
            # Writes the file (the storage picks a free name), then the row.
            evidence.file.save(f"evidence{checked.extension}", file, save=False)
            stored_name = evidence.file.name
            evidence.save()
    except BaseException:
        if stored_name:
            evidence.file.storage.delete(stored_name)
        raise
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, user) -> None:
    """Remove a piece of evidence and its file (after the database commit)."""
    rnd = evidence.row.round
    if not _can_edit(user, rnd.agency):
        raise PermissionDenied(_("ไม่มีสิทธิ์ลบหลักฐานในรายงานของหน่วยงานนี้"))
    if not rnd.is_open:
        raise RoundError(_("ลบหลักฐานได้เฉพาะรายงานที่ยังไม่ได้ส่ง"))
    name = evidence.file.name if evidence.file else ""
    storage = evidence.file.storage
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- The workflow -----------------------------------------------------------------------------


def _lock(rnd: ReportingRound) -> ReportingRound:
    """Re-read the round under a row lock so two clicks cannot both change its state."""
    return ReportingRound.objects.select_for_update().select_related("agency").get(pk=rnd.pk)


def _cycle(rnd: ReportingRound) -> int:
    return rnd.events.filter(kind=RoundEventKind.SUBMITTED).count() or 1


def _refresh(target: ReportingRound, locked: ReportingRound) -> ReportingRound:
    """Bring the caller's instance up to date with the locked copy we changed."""
    target.refresh_from_db()
    return target


@transaction.atomic
def round_submit(*, round: ReportingRound, user, note: str = "") -> ReportingRound:
    """The staff send an open round for approval."""
    rnd = _lock(round)
    if not _can_edit(user, rnd.agency):
        raise PermissionDenied(_("ไม่มีสิทธิ์ส่งรายงานของหน่วยงานนี้"))
    if rnd.state != RoundState.OPEN:
        raise RoundError(_("ส่งได้เฉพาะรายงานที่กำลังจัดทำ"))
    if not rnd.rows.exists():
        raise RoundError(_("รายงานนี้ยังไม่มีรายการ"))
    rnd.state = RoundState.SUBMITTED
    rnd.submitted_by = _actor(user)
    rnd.submitted_at = timezone.now()
    rnd.save(update_fields=["state", "submitted_by", "submitted_at", "updated_at"])
    _event(
        rnd,
        RoundEventKind.SUBMITTED,
        user,
        from_state=RoundState.OPEN,
        to_state=RoundState.SUBMITTED,
        note=note,
    )
    return _refresh(round, rnd)


@transaction.atomic
def round_return(*, round: ReportingRound, user, reason: str) -> ReportingRound:
    """An approver sends a submitted (or approved, not yet published) round back, with why."""
    rnd = _lock(round)
    if not _is_approver(user, rnd.agency):
        raise PermissionDenied(_("เฉพาะผู้อนุมัติของหน่วยงานเท่านั้นที่ส่งกลับรายงานได้"))
    if rnd.state not in (RoundState.SUBMITTED, RoundState.APPROVED):
        raise RoundError(_("ส่งกลับได้เฉพาะรายงานที่ส่งมาแล้วและยังไม่เผยแพร่"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("กรุณาระบุเหตุผลที่ส่งกลับ")})
    from_state = rnd.state
    _review_step(
        rnd, user, kind=ReviewKind.APPROVAL, verdict=ReviewVerdict.RETURNED, comment=reason
    )
    rnd.state = RoundState.OPEN
    rnd.approved_by = None
    rnd.approved_at = None
    rnd.save(update_fields=["state", "approved_by", "approved_at", "updated_at"])
    _event(
        rnd,
        RoundEventKind.RETURNED,
        user,
        from_state=from_state,
        to_state=RoundState.OPEN,
        note=reason,
    )
    return _refresh(round, rnd)


@transaction.atomic
def round_approve(*, round: ReportingRound, user, comment: str = "") -> ReportingRound:
    """An approver of the agency approves a submitted round."""
    rnd = _lock(round)
    if not _is_approver(user, rnd.agency):
        raise PermissionDenied(_("เฉพาะผู้อนุมัติของหน่วยงานเท่านั้นที่อนุมัติรายงานได้"))
    if rnd.state != RoundState.SUBMITTED:
        raise RoundError(_("อนุมัติได้เฉพาะรายงานที่ส่งมาแล้ว"))
    _review_step(
        rnd,
        user,
        kind=ReviewKind.APPROVAL,
        verdict=ReviewVerdict.APPROVED,
        comment=(comment or "").strip(),
    )
    rnd.state = RoundState.APPROVED
    rnd.approved_by = _actor(user)
    rnd.approved_at = timezone.now()
    rnd.save(update_fields=["state", "approved_by", "approved_at", "updated_at"])
    _event(
        rnd,
        RoundEventKind.APPROVED,
        user,
        from_state=RoundState.SUBMITTED,
        to_state=RoundState.APPROVED,
        note=comment,
    )
    return _refresh(round, rnd)


@transaction.atomic
def round_publish(*, round: ReportingRound, user) -> ReportingRound:
    """Publish an approved round (the agency's staff or approver): it becomes public."""
    rnd = _lock(round)
    if not _can_edit(user, rnd.agency):
        raise PermissionDenied(_("ไม่มีสิทธิ์เผยแพร่รายงานของหน่วยงานนี้"))
    if rnd.state != RoundState.APPROVED:
        raise RoundError(_("เผยแพร่ได้เฉพาะรายงานที่อนุมัติแล้ว"))
    # A public report shows the titles of its plan items and measures: publishing it must not
    # make a draft plan or measure set public through the back door.
    unpublished = (
        rnd.rows.exclude(plan_item_year__isnull=True)
        .exclude(plan_item_year__item__plan__status=PublicationStatus.PUBLISHED)
        .exists()
        or rnd.rows.exclude(measure__isnull=True)
        .exclude(measure__set__status=PublicationStatus.PUBLISHED)
        .exists()
    )
    if unpublished:
        raise RoundError(
            _("กรุณาเผยแพร่แผนและชุดมาตรการของปีนี้ก่อน รายงานที่เผยแพร่จะแสดงชื่อโครงการและมาตรการ")
        )
    rnd.state = RoundState.PUBLISHED
    rnd.published_by = _actor(user)
    rnd.published_at = timezone.now()
    rnd.save(update_fields=["state", "published_by", "published_at", "updated_at"])
    _event(
        rnd,
        RoundEventKind.PUBLISHED,
        user,
        from_state=RoundState.APPROVED,
        to_state=RoundState.PUBLISHED,
    )
    return _refresh(round, rnd)


@transaction.atomic
def audit_verdict_record(
    *, round: ReportingRound, user, verdict: str, comment: str = ""
) -> ReviewStep:
    """An auditor assigned to the agency gives a verdict on a submitted 6/12-month report."""
    rnd = _lock(round)
    if not _is_auditor(user, rnd.agency):
        raise PermissionDenied(_("เฉพาะผู้ตรวจสอบที่ได้รับมอบหมายเท่านั้นที่ให้ความเห็นได้"))
    if rnd.kind not in AUDITED_KINDS:
        raise RoundError(_("ผู้ตรวจสอบให้ความเห็นเฉพาะรายงานรอบ 6 เดือนและ 12 เดือน"))
    if rnd.state == RoundState.OPEN:
        raise RoundError(_("ให้ความเห็นได้เมื่อหน่วยงานส่งรายงานแล้ว"))
    if verdict not in AUDIT_VERDICTS:
        raise ValidationError({"verdict": _("ผลการพิจารณาไม่ถูกต้อง")})
    comment = (comment or "").strip()
    if verdict == ReviewVerdict.AUDIT_FAIL and not comment:
        raise ValidationError({"comment": _("กรุณาระบุสิ่งที่ต้องปรับปรุง")})
    step = _review_step(rnd, user, kind=ReviewKind.AUDIT, verdict=verdict, comment=comment)
    _event(
        rnd,
        RoundEventKind.AUDIT_VERDICT,
        user,
        from_state=rnd.state,
        to_state=rnd.state,
        note=comment,
        data={"verdict": verdict, "step": step.pk},
    )
    return step


@transaction.atomic
def review_comment_add(
    *, round: ReportingRound, user, body: str, row: ReportRow | None = None
) -> ReviewComment:
    """A remark on a round or one of its rows by someone who may read its drafts."""
    if not _can_read_drafts(user, round.agency):
        raise PermissionDenied(_("ไม่มีสิทธิ์ให้ความเห็นในรายงานของหน่วยงานนี้"))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("กรุณาพิมพ์ความเห็น")})
    if row is not None and row.round_id != round.pk:
        raise ValidationError(_("รายการนี้ไม่อยู่ในรอบรายงานนี้"))
    comment = ReviewComment.objects.create(round=round, row=row, author=_actor(user), body=body)
    _event(
        round,
        RoundEventKind.COMMENTED,
        user,
        note=body[:500],
        data={"comment": comment.pk, "row": row.pk if row else None},
    )
    return comment


@transaction.atomic
def round_due_date_set(*, round: ReportingRound, user, due_date: dt.date) -> ReportingRound:
    """A site administrator moves a round's due date (logged)."""
    if not _is_admin(user):
        raise PermissionDenied(_("เฉพาะผู้ดูแลระบบเท่านั้นที่เปลี่ยนวันครบกำหนดได้"))
    old = round.due_date
    round.due_date = due_date
    round.save(update_fields=["due_date", "updated_at"])
    _event(
        round,
        RoundEventKind.DUE_DATE_CHANGED,
        user,
        data={"from": old.isoformat(), "to": due_date.isoformat()},
    )
    return round
