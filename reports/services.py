"""Writes of the reports app: opening rounds, editing rows, evidence, and the review workflow.

Every change of a round's state goes through one of these functions, which checks who may do
it, changes the state and records a RoundEvent (who, when, what), all in one transaction.
Errors are raised with Thai messages for the pages to show.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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

from agencies import access, workflow
from agencies.access import Actor
from agencies.choices import PUBLIC_STATUSES, RequestState
from agencies.models import Agency, ApprovalRequest, SourceDocument
from core.concurrency import ConcurrentEditError, snapshot
from core.html import html_to_text
from core.thai import ThaiNumberError, digits, parse_money, to_arabic_digits
from measures.choices import MeasureSetKind, ResultPeriod
from measures.models import Indicator, Measure, MeasureResult, MeasureSet
from measures.services import measure_create, measure_set_create
from plans.models import Plan, PlanItemYear
from reports import notifications as notices
from reports.calendar import default_due_date, round_period
from reports.choices import (
    AUDIT_VERDICTS,
    AUDITED_KINDS,
    ROUND_SEQUENCE,
    ROW_VERDICTS_NEEDING_COMMENT,
    STATUSES_NEEDING_REASON,
    ReviewKind,
    ReviewVerdict,
    RoundEventKind,
    RoundKind,
    RoundState,
    RowStatus,
    RowVerdictKind,
)
from reports.evidence import CheckedFile, check_evidence_file
from reports.models import (
    Evidence,
    ReportingRound,
    ReportRow,
    ReviewComment,
    ReviewStep,
    RoundEvent,
    RowVerdict,
)
from reports.selectors import rows_snapshot

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


def _review_step(rnd: ReportingRound, user: Actor, *, verdict: str, comment: str) -> ReviewStep:
    """An auditor's verdict in the round's current review cycle."""
    return ReviewStep.objects.create(
        round=rnd,
        cycle=_cycle(rnd),
        kind=ReviewKind.AUDIT,
        reviewer=access.user_or_none(user),
        reviewer_position=getattr(user, "position", ""),
        verdict=verdict,
        comment=comment,
    )


def _event(
    rnd: ReportingRound,
    kind: str,
    user: Actor,
    *,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> RoundEvent:
    return RoundEvent.objects.create(
        round=rnd,
        kind=kind,
        actor=access.user_or_none(user),
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
            item__plan__in=Plan.objects.filter(agency=agency).in_force(),
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
    sets = MeasureSet.objects.filter(agency=agency, fiscal_year=fiscal_year).in_force()
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


def _follow_revisions(rnd: ReportingRound) -> int:
    """Point an open round's rows at the plan and measure set revisions now in force (the
    same item or measure, matched by its `key`), so that a published amendment does not add
    its items twice. A published round is never touched: its figures stay as published."""
    if rnd.state != RoundState.OPEN:
        return 0
    years = {
        (piy.item.key, piy.year): piy
        for piy in _planned_item_years(rnd.agency, rnd.fiscal_year).select_related("item")
    }
    measures = {m.key: m for m in _year_measures(rnd.agency, rnd.fiscal_year)}
    moved = []
    for row in rnd.rows.select_related("plan_item_year__item", "measure"):
        if row.plan_item_year is not None:
            target = years.get((row.plan_item_year.item.key, row.plan_item_year.year))
            if target is not None and target.pk != row.plan_item_year_id:
                row.plan_item_year = target
                moved.append(row)
        elif row.measure is not None:
            new = measures.get(row.measure.key)
            if new is not None and new.pk != row.measure_id:
                row.measure = new
                moved.append(row)
    ReportRow.objects.bulk_update(moved, ["plan_item_year", "measure"])
    return len(moved)


def rounds_follow_revisions(document: Any) -> None:
    """After a plan or measure set revision is published: the agency's open rounds follow it."""
    for rnd in ReportingRound.objects.filter(agency_id=document.agency_id, state=RoundState.OPEN):
        _follow_revisions(rnd)


def round_rows_sync(*, round: ReportingRound, user: Actor) -> int:
    """Add a row for every plan item planned that year and every measure of that year that
    the round does not have yet (after following the revisions in force). Returns the number
    of rows added."""
    _follow_revisions(round)
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
    user: Actor,
    due_date: dt.date | None = None,
    title: str = "",
    apply_measure_results: bool = True,
) -> ReportingRound:
    """Open a round: create its rows from the plan and the year's measures, carry over the
    previous round's values, and (for 6/12 months) take the measures' reported results."""
    if not access.can_act(user, agency):
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
        opened_by=access.user_or_none(user),
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
    # Keyed by measure_id (rows' measure_id is never None here: measure__isnull=False).
    results: dict[int | None, MeasureResult] = {}
    result: MeasureResult | None
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
    *, round: ReportingRound, user: Actor, overwrite: bool = False
) -> int:
    """Fill the round's measure rows from the results the measures engineer imported
    (MeasureResult of the round's period: 12 months for ANNUAL, 6 months for H1).

    Rows someone already filled are kept unless `overwrite`. Returns the rows filled.
    """
    if not access.can_act(user, round.agency):
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
    # The one money rule (core.thai.parse_money), for typed text and Decimals alike: "-" is
    # no amount given (None: not reported), never 0 baht; 3 decimals are refused, not rounded.
    try:
        values["budget_used"] = parse_money(values["budget_used"])
    except ThaiNumberError as exc:
        errors["budget_used"] = _("งบประมาณที่ใช้: %(error)s") % {"error": exc}
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def report_row_update(
    *, row: ReportRow, data: dict[str, Any], version: int, user: Actor
) -> ReportRow:
    """Save a row's values if nobody saved it since `version`; else raise ConcurrentEditError.

    The check and the write are one UPDATE ... WHERE version = %s, so two saves racing each
    other cannot both succeed.
    """
    rnd = row.round
    if not access.can_edit(user, rnd.agency):
        raise PermissionDenied(_("ไม่มีสิทธิ์แก้ไขรายงานของหน่วยงานนี้"))
    if not rnd.is_open:
        raise RoundError(_("แก้ไขได้เฉพาะรายงานที่ยังไม่ได้ส่ง"))
    values = _clean_row_data(row, data)
    before = {name: getattr(row, name) for name in values}
    updated = ReportRow.objects.filter(pk=row.pk, version=version).update(
        **values,
        version=F("version") + 1,
        updated_by=access.user_or_none(user),
        updated_at=timezone.now(),
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


def _audit_update(row: ReportRow, before: dict[str, Any], user: Actor) -> None:
    """The conditional UPDATE bypasses model signals, so the audit log entry is written here."""
    changes = {
        name: [_audit_text(old), _audit_text(getattr(row, name))]
        for name, old in before.items()
        if old != getattr(row, name)
    }
    if changes:
        LogEntry.objects.log_create(
            row, action=LogEntry.Action.UPDATE, changes=changes, actor=access.user_or_none(user)
        )


def _audit_text(value: Any) -> str:
    return "None" if value is None else str(value)


# --- Evidence ---------------------------------------------------------------------------------


def evidence_add(
    *,
    row: ReportRow,
    user: Actor,
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
    if not access.can_edit(user, rnd.agency):
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
            return Evidence.objects.create(
                row=row, url=url, title=title, uploaded_by=access.user_or_none(user)
            )

    assert file is not None  # a file or a link, checked above
    checked: CheckedFile = check_evidence_file(file)
    evidence = Evidence(
        row=row,
        title=title,
        original_name=checked.original_name,
        size=checked.size,
        content_type=checked.content_type,
        sha256=checked.sha256,
        uploaded_by=access.user_or_none(user),
    )
    file.seek(0)
    stored_name: str | None = ""
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
def evidence_delete(*, evidence: Evidence, user: Actor) -> None:
    """Remove a piece of evidence and its file (after the database commit)."""
    rnd = evidence.row.round
    if not access.can_edit(user, rnd.agency):
        raise PermissionDenied(_("ไม่มีสิทธิ์ลบหลักฐานในรายงานของหน่วยงานนี้"))
    if not rnd.is_open:
        raise RoundError(_("ลบหลักฐานได้เฉพาะรายงานที่ยังไม่ได้ส่ง"))
    name = evidence.file.name if evidence.file else ""
    storage = evidence.file.storage
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def round_delete_summary(rnd: ReportingRound) -> list[tuple[str, int]]:
    """What goes with a round when it is deleted, for the confirmation page."""
    evidence = Evidence.objects.filter(row__round=rnd)
    return [
        (_("รายการในรายงาน"), rnd.rows.count()),
        (_("ไฟล์หลักฐาน"), evidence.exclude(file="").count()),
        (_("ลิงก์หลักฐาน"), evidence.filter(file="").count()),
        (_("ความเห็นของผู้ตรวจ"), rnd.comments.count()),
    ]


@transaction.atomic
def round_delete(*, round: ReportingRound, user: Actor) -> None:
    """Delete a round opened by mistake (e.g. the wrong fiscal year) with its rows, evidence
    and history; the evidence files leave storage once the database has committed.

    Only an open round that was never proposed (agencies.workflow.delete_check, 403 otherwise)."""
    rnd = _lock(round)
    workflow.delete_check(rnd, user)
    stored = list(Evidence.objects.filter(row__round=rnd).exclude(file=""))
    names = [e.file.name for e in stored]
    storage = stored[0].file.storage if stored else None
    rnd.delete()

    def remove_files() -> None:
        for name in names:
            if storage is not None and name:
                storage.delete(name)

    transaction.on_commit(remove_files)


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
def round_submit(*, round: ReportingRound, user: Actor, note: str = "") -> ReportingRound:
    """The staff send an open round up the agency's approval chain."""
    rnd = _lock(round)
    if not access.can_propose(user, rnd.agency):
        raise PermissionDenied(_("ไม่มีสิทธิ์ส่งรายงานของหน่วยงานนี้"))
    if rnd.state != RoundState.OPEN:
        raise RoundError(_("ส่งได้เฉพาะรายงานที่กำลังจัดทำ"))
    if not rnd.rows.exists():
        raise RoundError(_("รายงานนี้ยังไม่มีรายการ"))
    workflow.document_submit(document=rnd, user=user, note=note)
    rnd.refresh_from_db()
    rnd.submitted_by = access.user_or_none(user)
    rnd.submitted_at = timezone.now()
    rnd.save(update_fields=["submitted_by", "submitted_at", "updated_at"])
    _event(
        rnd,
        RoundEventKind.SUBMITTED,
        user,
        from_state=RoundState.OPEN,
        to_state=RoundState.SUBMITTED,
        note=note,
    )
    notices.tell_auditors_submitted(round=rnd, user=user)
    return _refresh(round, rnd)


def _open_request(rnd: ReportingRound) -> ApprovalRequest:
    request = workflow.open_request(rnd)
    if request is None:
        raise RoundError(_("รายงานนี้ไม่มีคำขอที่อยู่ระหว่างการพิจารณา"))
    return request


@transaction.atomic
def round_return(
    *, round: ReportingRound, user: Actor, reason: str, step: int | None = None
) -> ReportingRound:
    """The chain's current step sends a submitted (or approved, not yet published) round back
    to its author, with why."""
    rnd = _lock(round)
    if not access.can_review(user, rnd.agency):
        raise PermissionDenied(_("เฉพาะผู้พิจารณาตามสายการอนุมัติของหน่วยงานเท่านั้นที่ส่งกลับรายงานได้"))
    if rnd.state not in (RoundState.SUBMITTED, RoundState.APPROVED):
        raise RoundError(_("ส่งกลับได้เฉพาะรายงานที่ส่งมาแล้วและยังไม่เผยแพร่"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("กรุณาระบุเหตุผลที่ส่งกลับ")})
    request = _open_request(rnd)
    from_state = rnd.state
    workflow.request_send_back(
        request=request, user=user, step=step or request.current_step, reason=reason
    )
    rnd.refresh_from_db()
    rnd.approved_by = None
    rnd.approved_at = None
    rnd.save(update_fields=["approved_by", "approved_at", "updated_at"])
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
def round_approve(
    *, round: ReportingRound, user: Actor, comment: str = "", step: int | None = None
) -> ReportingRound:
    """The chain's current step agrees (with an opinion); the last step approves the round."""
    rnd = _lock(round)
    if not access.can_review(user, rnd.agency):
        raise PermissionDenied(_("เฉพาะผู้พิจารณาตามสายการอนุมัติของหน่วยงานเท่านั้นที่อนุมัติรายงานได้"))
    if rnd.state != RoundState.SUBMITTED:
        raise RoundError(_("อนุมัติได้เฉพาะรายงานที่ส่งมาแล้ว"))
    request = _open_request(rnd)
    request = workflow.request_approve(
        request=request, user=user, step=step or request.current_step, opinion=comment or ""
    )
    if request.state != RequestState.APPROVED:
        return _refresh(round, rnd)
    rnd.refresh_from_db()
    rnd.approved_by = access.user_or_none(user)
    rnd.approved_at = timezone.now()
    rnd.save(update_fields=["approved_by", "approved_at", "updated_at"])
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
def round_publish(*, round: ReportingRound, user: Actor) -> ReportingRound:
    """Publish a round the chain approved: it becomes public and frozen."""
    rnd = _lock(round)
    if not access.can_submit(user, rnd.agency):
        raise PermissionDenied(_("ไม่มีสิทธิ์เผยแพร่รายงานของหน่วยงานนี้"))
    if rnd.state != RoundState.APPROVED:
        raise RoundError(_("เผยแพร่ได้เฉพาะรายงานที่อนุมัติแล้ว"))
    if unpublished_source(rnd) is not None:
        raise RoundError(
            _("กรุณาเผยแพร่แผนและชุดมาตรการของปีนี้ก่อน รายงานที่เผยแพร่จะแสดงชื่อโครงการและมาตรการ")
        )
    workflow.document_publish(document=rnd, user=user)
    rnd.refresh_from_db()
    _event(
        rnd,
        RoundEventKind.PUBLISHED,
        user,
        from_state=RoundState.APPROVED,
        to_state=RoundState.PUBLISHED,
    )
    return _refresh(round, rnd)


# --- The auditors' review ---------------------------------------------------------------------


def _announce(event: str, *, round: ReportingRound, user: Actor, **data: Any) -> None:
    """The one call site of the review's events for notifications (`reports/notifications.py`
    decides who hears what): "verdict" (data: step), "answer" (the agency answered row
    verdicts; data: count) and "message" / "reply" (the private dialogue; data: comment)."""
    if event == "verdict":
        notices.tell_verdict(round=round, step=data["step"], user=user)
    elif event == "answer":
        notices.tell_answers(round=round, user=user, count=data["count"])
    else:
        notices.tell_comment(round=round, comment=data["comment"], user=user)


@dataclass(frozen=True)
class RowVerdictInput:
    """An auditor's verdict on one row as typed: an empty verdict leaves the row unjudged."""

    verdict: str = ""
    comment: str = ""


def _check_row_verdicts(
    rnd: ReportingRound, row_verdicts: Mapping[int, RowVerdictInput]
) -> dict[int, RowVerdictInput]:
    """The row verdicts to record (cleaned), or a ValidationError keyed `row-<pk>`."""
    row_ids = set(rnd.rows.values_list("pk", flat=True))
    errors: dict[str, str] = {}
    cleaned: dict[int, RowVerdictInput] = {}
    for pk, given in row_verdicts.items():
        verdict, comment = (given.verdict or "").strip(), (given.comment or "").strip()
        if pk not in row_ids:
            errors[f"row-{pk}"] = _("รายการนี้ไม่อยู่ในรอบรายงานนี้")
        elif not verdict:
            if comment:
                errors[f"row-{pk}"] = _("กรุณาเลือกผลการตรวจของรายการที่ให้ความเห็น")
        elif verdict not in RowVerdictKind.values:
            errors[f"row-{pk}"] = _("ผลการตรวจรายการไม่ถูกต้อง")
        elif verdict in ROW_VERDICTS_NEEDING_COMMENT and not comment:
            errors[f"row-{pk}"] = _("กรุณาระบุว่าต้องการหลักฐานหรือข้อสังเกตอะไร")
        else:
            cleaned[pk] = RowVerdictInput(verdict, comment)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def audit_verdict_record(
    *,
    round: ReportingRound,
    user: Actor,
    verdict: str,
    comment: str = "",
    row_verdicts: Mapping[int, RowVerdictInput] | None = None,
) -> ReviewStep:
    """An auditor assigned to the agency gives a verdict on a submitted 6/12-month report,
    with a verdict per row if they wish. The rows are kept as judged (the snapshot) so a
    re-submission shows what changed. "ไม่เห็นชอบ ต้องปรับปรุง" on a report not yet published
    sends it back to the agency (a draft again); on a published one the agency amends it."""
    rnd = _lock(round)
    if not access.can_audit(user, rnd.agency):
        raise PermissionDenied(_("เฉพาะผู้ตรวจสอบที่ได้รับมอบหมายเท่านั้นที่ให้ความเห็นได้"))
    if rnd.kind not in AUDITED_KINDS:
        raise RoundError(_("ผู้ตรวจสอบให้ความเห็นเฉพาะรายงานรอบ 6 เดือนและ 12 เดือน"))
    if rnd.state == RoundState.OPEN:
        raise RoundError(_("ให้ความเห็นได้เมื่อหน่วยงานส่งรายงานแล้ว"))
    errors: dict[str, Any] = {}
    if verdict not in AUDIT_VERDICTS:
        errors["verdict"] = _("ผลการพิจารณาไม่ถูกต้อง")
    comment = (comment or "").strip()
    if verdict == ReviewVerdict.AUDIT_FAIL and not comment:
        errors["comment"] = _("กรุณาระบุสิ่งที่ต้องปรับปรุง")
    try:
        rows = _check_row_verdicts(rnd, row_verdicts or {})
    except ValidationError as exc:
        errors.update(exc.message_dict)
        rows = {}
    if verdict == ReviewVerdict.AUDIT_PASS and any(
        r.verdict == RowVerdictKind.NEEDS_EVIDENCE for r in rows.values()
    ):
        errors["verdict"] = _(
            "มีรายการที่ขอหลักฐานเพิ่มเติม: เลือก “เห็นชอบโดยมีข้อสังเกต” หรือ “ไม่เห็นชอบ ต้องปรับปรุง”"
        )
    if errors:
        raise ValidationError(errors)
    step = _review_step(rnd, user, verdict=verdict, comment=comment)
    step.snapshot = rows_snapshot(rnd)
    step.save(update_fields=["snapshot"])
    cycle = step.cycle
    for pk, given in rows.items():
        RowVerdict.objects.update_or_create(
            row_id=pk,
            cycle=cycle,
            defaults={
                "round": rnd,
                "verdict": given.verdict,
                "comment": given.comment,
                "auditor": access.user_or_none(user),
                "step": step,
            },
        )
    from_state = rnd.state
    sent_back = verdict == ReviewVerdict.AUDIT_FAIL and from_state in (
        RoundState.SUBMITTED,
        RoundState.APPROVED,
    )
    if sent_back:
        workflow.document_audit_send_back(document=rnd, user=user, reason=comment)
        rnd.refresh_from_db()
        rnd.approved_by = None
        rnd.approved_at = None
        rnd.save(update_fields=["approved_by", "approved_at", "updated_at"])
    _event(
        rnd,
        RoundEventKind.AUDIT_VERDICT,
        user,
        from_state=from_state,
        to_state=rnd.state,
        note=comment,
        data={"verdict": verdict, "step": step.pk, "rows": len(rows), "sent_back": sent_back},
    )
    _announce("verdict", round=rnd, user=user, step=step)
    round.refresh_from_db()
    return step


@transaction.atomic
def row_answers_save(
    *, round: ReportingRound, user: Actor, answers: Mapping[int, str]
) -> list[RowVerdict]:
    """The agency's staff or approvers answer the auditor's row verdicts of the latest cycle
    (`answers`: row verdict pk → text; an empty text leaves the answer as it was)."""
    if not access.can_answer_audit(user, round.agency):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่และผู้อนุมัติของหน่วยงานเท่านั้นที่ชี้แจงได้"))
    verdicts = {
        v.pk: v
        for v in RowVerdict.objects.select_for_update().filter(round=round, pk__in=list(answers))
    }
    errors = {f"answer-{pk}": _("ไม่พบความเห็นรายการนี้") for pk in answers if pk not in verdicts}
    if errors:
        raise ValidationError(errors)
    saved: list[RowVerdict] = []
    now = timezone.now()
    for pk, text in answers.items():
        text = (text or "").strip()
        verdict = verdicts[pk]
        if not text or text == verdict.answer:
            continue
        verdict.answer = text
        verdict.answered_by = access.user_or_none(user)
        verdict.answered_at = now
        verdict.save(update_fields=["answer", "answered_by", "answered_at"])
        saved.append(verdict)
    if saved:
        _event(
            round,
            RoundEventKind.ANSWERED,
            user,
            data={"row_verdicts": [v.pk for v in saved]},
        )
        _announce("answer", round=round, user=user, count=len(saved))
    return saved


@transaction.atomic
def review_comment_add(
    *,
    round: ReportingRound,
    user: Actor,
    body: str,
    row: ReportRow | None = None,
    parent: ReviewComment | None = None,
) -> ReviewComment:
    """A message in the round's private dialogue by its agency's people or its auditors; a
    reply joins its thread (one level: answering a reply answers the thread's first message)."""
    if not access.can_discuss(user, round.agency):
        raise PermissionDenied(_("ไม่มีสิทธิ์ให้ความเห็นในรายงานของหน่วยงานนี้"))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("กรุณาพิมพ์ข้อความ")})
    if len(body) > 5000:
        raise ValidationError({"body": _("ข้อความยาวเกิน 5,000 ตัวอักษร")})
    if row is not None and row.round_id != round.pk:
        raise ValidationError(_("รายการนี้ไม่อยู่ในรอบรายงานนี้"))
    if parent is not None:
        if parent.round_id != round.pk:
            raise ValidationError(_("ข้อความที่ตอบไม่อยู่ในรอบรายงานนี้"))
        parent = parent.parent or parent
        row = parent.row
    comment = ReviewComment.objects.create(
        round=round, row=row, parent=parent, author=access.user_or_none(user), body=body
    )
    _event(
        round,
        RoundEventKind.COMMENTED,
        user,
        note=body[:500],
        data={"comment": comment.pk, "row": row.pk if row else None},
    )
    _announce("reply" if parent else "message", round=round, user=user, comment=comment)
    return comment


@transaction.atomic
def round_due_date_set(*, round: ReportingRound, user: Actor, due_date: dt.date) -> ReportingRound:
    """A site administrator moves a round's due date (logged)."""
    if not access.is_site_admin(user):
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


# --- Importing a progress report (the importers' entry point) ---------------------------------


@dataclass(frozen=True)
class ImportedMeasureRow:
    """One logical row of an imported progress report on measures, as plain data."""

    line: int
    title: str
    title_html: str
    number: str = ""
    issue: str = ""
    responsible: str = ""
    indicators: tuple[Indicator, ...] = ()
    status: str = ""
    result: str = ""
    note: str = ""


@dataclass(frozen=True)
class ImportedRound:
    """What an importer read from a progress report, as plain data for `round_import`."""

    fiscal_year: int
    kind: str
    rows: Sequence[ImportedMeasureRow]
    title: str = ""
    intro: str = ""
    prepared_by_name: str = ""
    prepared_by_position: str = ""


@dataclass
class RoundImportResult:
    round: ReportingRound
    measure_set: MeasureSet
    measure_set_created: bool
    warnings: list[tuple[int, str]] = field(default_factory=list)


def unpublished_source(rnd: ReportingRound) -> str | None:
    """The publish rule of a report: a public report shows the titles of its plan items and
    measures, so publishing it must not make a draft plan or measure set public through the
    back door. Returns the title of the first draft source, or None if there is none."""
    rows = rnd.rows.all()
    draft_plan = (
        rows.exclude(plan_item_year__isnull=True)
        .exclude(plan_item_year__item__plan__status__in=PUBLIC_STATUSES)
        .values_list("plan_item_year__item__plan__title", flat=True)
        .first()
    )
    if draft_plan is not None:
        return str(draft_plan)
    draft_set = (
        rows.exclude(measure__isnull=True)
        .exclude(measure__set__status__in=PUBLIC_STATUSES)
        .values_list("measure__set__title", flat=True)
        .first()
    )
    return None if draft_set is None else str(draft_set)


@transaction.atomic
def round_import(
    *,
    agency: Agency,
    data: ImportedRound,
    document: SourceDocument,
    submit: bool,
    user: Actor,
) -> RoundImportResult:
    """Write an imported progress report on measures through the same services the browser
    uses: the year's measure set (reused, or created), its measures (HTML cleaned), the round
    (opened or synced), its rows and the event log; `submit` proposes the round to the
    agency's chain (an import never publishes anything)."""
    access.require(access.can_act(user, agency))
    year = data.fiscal_year
    measure_set = MeasureSet.objects.filter(
        agency=agency, fiscal_year=year, kind=MeasureSetKind.MEASURES
    ).first()
    created = measure_set is None
    if measure_set is None:
        measure_set = measure_set_create(
            user=user,
            agency=agency,
            fiscal_year=year,
            title="มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. "
            + digits(year, agency.digit_style),
            ita_year=year - 1,
            source=document,
        )
    result = RoundImportResult(
        round=ReportingRound(), measure_set=measure_set, measure_set_created=created
    )
    existing = {_title_key(m.title): m for m in measure_set.measures.all()}
    measures: list[Measure] = []
    for row in data.rows:
        measure = existing.get(_title_key(row.title))
        if measure is None:
            issue = row.issue
            if len(issue) > 300:
                result.warnings.append((row.line, "ประเด็นยาวเกิน 300 ตัวอักษร ตัดให้สั้นลงในช่องประเด็น"))
                issue = issue[:300]
            measure = measure_create(
                user=user,
                measure_set=measure_set,
                title_html=row.title_html or row.title,
                title=row.title,
                number=row.number,
                issue=issue,
                responsible_units=row.responsible,
                indicators=row.indicators,
                source_line=row.line,
            )
            existing[_title_key(row.title)] = measure
        elif row.indicators:
            measure.indicators.add(*row.indicators)
        measures.append(measure)

    rnd = ReportingRound.objects.filter(agency=agency, fiscal_year=year, kind=data.kind).first()
    if rnd is None:
        rnd = round_open(
            agency=agency, fiscal_year=year, kind=data.kind, apply_measure_results=False, user=user
        )
    elif rnd.state != RoundState.OPEN:
        raise RoundError("รายงานรอบนี้ของปีนี้ส่งหรือเผยแพร่แล้ว นำเข้าซ้ำไม่ได้ (ส่งกลับให้แก้ไขก่อน)")
    else:
        round_rows_sync(round=rnd, user=user)
    rows_by_measure = {r.measure_id: r for r in rnd.rows.filter(measure__in=measures)}
    changed = []
    for imported, measure in zip(data.rows, measures, strict=True):
        report_row = rows_by_measure[measure.pk]
        report_row.status = imported.status or RowStatus.NOT_STARTED
        report_row.done_text = imported.result
        report_row.note = imported.note
        report_row.source_line = imported.line
        report_row.version += 1
        changed.append(report_row)
    # One bulk write for the whole document; the SourceDocument and the IMPORTED event below
    # are its record (as the audit log settings say of bulk imports).
    ReportRow.objects.bulk_update(
        changed, ["status", "done_text", "note", "source_line", "version"]
    )
    rnd.title = data.title or rnd.title
    rnd.intro = data.intro
    rnd.prepared_by_name = data.prepared_by_name
    rnd.prepared_by_position = data.prepared_by_position
    rnd.source = document
    fields = ["title", "intro", "prepared_by_name", "prepared_by_position", "source"]
    _event(
        rnd,
        RoundEventKind.IMPORTED,
        user,
        from_state=rnd.state,
        to_state=rnd.state,
        note=document.filename,
        data={"rows": len(data.rows), "document": document.pk},
    )
    rnd.save(update_fields=[*fields, "updated_at"])
    if submit:
        round_submit(round=rnd, user=user)
        rnd.refresh_from_db()
    result.round = rnd
    return result


def _title_key(text: str) -> str:
    return re.sub(r"\s+", "", to_arabic_digits(text))


# --- Importing a 12-month report on the plan's projects ---------------------------------------


@dataclass(frozen=True)
class ImportedItemRow:
    """One row of an imported report on the plan's projects, as plain data."""

    line: int
    title: str
    number: str = ""
    budget_set: Decimal | None = None
    budget_used: Decimal | None = None
    status: str = ""
    result: str = ""
    note: str = ""


@dataclass(frozen=True)
class ImportedItemsRound:
    """What an importer read from a report on the plan's projects, for `round_import_plan_items`."""

    fiscal_year: int
    kind: str
    rows: Sequence[ImportedItemRow]
    title: str = ""
    intro: str = ""
    prepared_by_name: str = ""
    prepared_by_position: str = ""


@dataclass
class ItemsImportResult:
    round: ReportingRound
    matched: int = 0
    unmatched: int = 0
    warnings: list[tuple[int, str]] = field(default_factory=list)


def _row_texts(row: ImportedItemRow) -> str:
    parts = [f"“{row.title}”"]
    if row.budget_set is not None:
        parts.append(f"งบประมาณที่ตั้งไว้ {row.budget_set:,}")
    if row.budget_used is not None:
        parts.append(f"ใช้ไป {row.budget_used:,}")
    parts.extend(t for t in (row.result, row.note) if t)
    return " — ".join(parts)


@transaction.atomic
def round_import_plan_items(
    *,
    agency: Agency,
    data: ImportedItemsRound,
    document: SourceDocument,
    submit: bool,
    user: Actor,
) -> ItemsImportResult:
    """Fill a round's rows of the plan's items from an imported report: each imported row is
    matched by name to an item planned that year (reports/matching.py); its status, result
    and budget used go to that item's row. A row that matches no item, or an item already
    matched, is a warning with its line and all its texts; nothing is created in the plan.
    The round is opened (or synced while still open); `submit` proposes it."""
    from reports.matching import MAX_FUZZY_PAIRS, Candidates, best_match, name_key

    access.require(access.can_act(user, agency))
    year = data.fiscal_year
    planned = list(_planned_item_years(agency, year).select_related("item"))
    if not planned:
        raise RoundError(
            f"ไม่พบแผนปฏิบัติการที่มีโครงการในปีงบประมาณ {year} ของ{agency.name} "
            "นำเข้าแผนก่อน แล้วจึงนำเข้ารายงานผล (found no plan items for that year)"
        )
    rnd = ReportingRound.objects.filter(agency=agency, fiscal_year=year, kind=data.kind).first()
    if rnd is None:
        rnd = round_open(
            agency=agency, fiscal_year=year, kind=data.kind, apply_measure_results=False, user=user
        )
    elif rnd.state != RoundState.OPEN:
        raise RoundError("รายงานรอบนี้ของปีนี้ส่งหรือเผยแพร่แล้ว นำเข้าซ้ำไม่ได้ (ส่งกลับให้แก้ไขก่อน)")
    else:
        round_rows_sync(round=rnd, user=user)
    result = ItemsImportResult(round=rnd)
    names = [agency.name, agency.short_name]
    candidates = Candidates([(name_key(p.item.title, names), p) for p in planned])
    rows_by_piy = {r.plan_item_year_id: r for r in rnd.rows.filter(plan_item_year__in=planned)}
    taken: dict[int, int] = {}
    changed: list[ReportRow] = []
    fuzzy_pairs = 0
    for row in data.rows:
        fuzzy = fuzzy_pairs + len(candidates) <= MAX_FUZZY_PAIRS
        piy, score = best_match(row.title, candidates, names, fuzzy=fuzzy)
        if piy is None:
            fuzzy_pairs += len(candidates)
            result.unmatched += 1
            why = "" if fuzzy else " (เทียบชื่อแบบใกล้เคียงครบจำนวนที่กำหนดแล้ว เทียบได้เฉพาะชื่อตรงกัน)"
            result.warnings.append(
                (
                    row.line,
                    f"ไม่พบโครงการนี้ในแผนปีงบประมาณ {year}{why} ไม่ได้นำเข้า: {_row_texts(row)}",
                )
            )
            continue
        if piy.pk in taken:
            result.unmatched += 1
            result.warnings.append(
                (
                    row.line,
                    f"โครงการซ้ำกับแถวบรรทัด {taken[piy.pk]} (ในแผน: “{piy.item.title[:80]}”) "
                    f"ไม่ได้นำเข้า: {_row_texts(row)}",
                )
            )
            continue
        taken[piy.pk] = row.line
        if score < 1.0:
            result.warnings.append(
                (
                    row.line,
                    f"จับคู่ “{row.title}” กับโครงการในแผน “{piy.item.title}” (ใกล้เคียง {score:.0%})",
                )
            )
        if row.budget_set is not None and piy.budget is not None and row.budget_set != piy.budget:
            result.warnings.append(
                (
                    row.line,
                    f"งบประมาณที่ตั้งไว้ในรายงาน ({row.budget_set:,}) ไม่เท่ากับในแผน "
                    f"({piy.budget:,}) ของ “{piy.item.title[:80]}”",
                )
            )
        report_row = rows_by_piy[piy.pk]
        report_row.status = row.status or RowStatus.NOT_STARTED
        report_row.done_text = row.result
        report_row.status_reason = (
            row.result if report_row.status in STATUSES_NEEDING_REASON else ""
        )
        if report_row.needs_reason and not report_row.status_reason:
            report_row.status_reason = "ตามเอกสารที่นำเข้า"
        report_row.budget_used = row.budget_used
        report_row.note = row.note
        report_row.source_line = row.line
        report_row.version += 1
        changed.append(report_row)
        result.matched += 1
    ReportRow.objects.bulk_update(
        changed,
        ["status", "status_reason", "done_text", "budget_used", "note", "source_line", "version"],
    )
    rnd.title = data.title or rnd.title
    rnd.intro = data.intro or rnd.intro
    rnd.prepared_by_name = data.prepared_by_name or rnd.prepared_by_name
    rnd.prepared_by_position = data.prepared_by_position or rnd.prepared_by_position
    rnd.source = document
    _event(
        rnd,
        RoundEventKind.IMPORTED,
        user,
        from_state=rnd.state,
        to_state=rnd.state,
        note=document.filename,
        data={"rows": result.matched, "unmatched": result.unmatched, "document": document.pk},
    )
    rnd.save(
        update_fields=[
            "title",
            "intro",
            "prepared_by_name",
            "prepared_by_position",
            "source",
            "updated_at",
        ]
    )
    if submit:
        round_submit(round=rnd, user=user)
        rnd.refresh_from_db()
    result.round = rnd
    return result
