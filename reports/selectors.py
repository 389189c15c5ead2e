"""Reads of the reports app. One selector feeds the HTML page, the PDF and the CSV/XLSX.

Summaries are computed from the same rows round_rows returns, so a summary always adds up to
the rows shown beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise

from agencies import access
from agencies.access import Viewer
from agencies.models import Agency
from agencies.selectors import published_revision
from plans.models import Dimension
from reports.calendar import bangkok_today, default_due_date
from reports.choices import (
    ROUND_SEQUENCE,
    ROW_VERDICTS_NEEDING_COMMENT,
    SLUG_ROUNDS,
    ReviewKind,
    ReviewVerdict,
    RoundEventKind,
    RoundKind,
    RoundState,
    RowStatus,
)
from reports.models import (
    Evidence,
    ReportingRound,
    ReportRow,
    ReviewComment,
    ReviewStep,
    RowVerdict,
)

# The auditors' rounds in calendar order, and the states that are a report's history.
AUDITED_KINDS_ORDER: tuple[str, ...] = (RoundKind.H1, RoundKind.ANNUAL)
HISTORY_STATES = frozenset({RoundState.SUPERSEDED, RoundState.WITHDRAWN})

# The group key of measure rows (they have no plan dimension).
MEASURES_GROUP = "measures"


def round_rows(
    round: ReportingRound,
    *,
    dimension: Dimension | int | str | None = None,
    status: str | None = None,
    q: str | None = None,
) -> QuerySet[ReportRow]:
    """The rows of a round in document order, with everything a page, PDF or CSV shows
    prefetched (no query per row).

    `dimension` is a Dimension, a dimension number ("1"; the top-level dimension of the plan
    item) or "measures" for the measures' rows. `status` is a RowStatus value. `q` searches
    the titles of the plan items and measures.
    """
    qs = (
        ReportRow.objects.filter(round=round)
        .select_related(
            "round__agency",
            "plan_item_year__item__dimension",
            "plan_item_year__item__subdimension",
            "plan_item_year__item__plan",
            "measure__set",
            "updated_by",
        )
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by")),
            "measure__indicators",
        )
        .order_by("order", "pk")
    )
    if isinstance(dimension, Dimension):
        qs = qs.filter(plan_item_year__item__dimension=dimension)
    elif dimension == MEASURES_GROUP:
        qs = qs.filter(measure__isnull=False)
    elif dimension not in (None, ""):
        qs = qs.filter(plan_item_year__item__dimension__number=str(dimension))
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(plan_item_year__item__title__icontains=q) | Q(measure__title__icontains=q))
    return qs


def row_group(row: ReportRow) -> tuple[str, str, str]:
    """(key, number, label) of the group a row is summarised under."""
    if row.plan_item_year is not None:
        dim = row.plan_item_year.item.dimension
        return (f"dim-{dim.number}", dim.number, dim.name)
    return (MEASURES_GROUP, "", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส")


@dataclass
class GroupSummary:
    key: str
    number: str
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RowStatus.values, 0))
    rows: int = 0
    budget_planned: Decimal = Decimal(0)
    budget_used: Decimal = Decimal(0)

    @property
    def done(self) -> int:
        return self.counts[RowStatus.DONE]

    @property
    def done_percent(self) -> Decimal | None:
        return _percent(self.done, self.rows)

    @property
    def status_counts(self) -> list[tuple[str, str | Promise, int]]:
        """(value, label, count) in the order of RowStatus, for tables."""
        return [(value, label, self.counts[value]) for value, label in RowStatus.choices]


@dataclass
class RoundSummary:
    groups: list[GroupSummary]
    total: GroupSummary

    @property
    def done_share(self) -> Decimal | None:
        """Rows done / rows (0..1), None for a round without rows."""
        if not self.total.rows:
            return None
        return Decimal(self.total.done) / Decimal(self.total.rows)

    @property
    def done_percent(self) -> Decimal | None:
        return self.total.done_percent


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"))


def round_summary(round: ReportingRound, rows=None) -> RoundSummary:
    """Per dimension (and one group for the measures): rows per status, budget planned that
    year vs used; and for the round: the same totals and the share of rows done.

    Pass `rows` (from round_rows) to summarise rows already fetched for the page.
    """
    if rows is None:
        rows = round_rows(round)
    groups: dict[str, GroupSummary] = {}
    total = GroupSummary(key="total", number="", label="รวมทั้งสิ้น")
    for row in rows:
        key, number, label = row_group(row)
        group = groups.get(key)
        if group is None:
            group = groups[key] = GroupSummary(key=key, number=number, label=label)
        planned = row.plan_item_year.amount if row.plan_item_year_id else Decimal(0)
        used = row.budget_used or Decimal(0)
        for target in (group, total):
            target.counts[row.status] += 1
            target.rows += 1
            target.budget_planned += planned
            target.budget_used += used

    def sort_key(group: GroupSummary) -> tuple[int, str]:
        if group.key == MEASURES_GROUP:
            return (1, "")
        return (0, Dimension.make_sort_key(group.number))

    return RoundSummary(groups=sorted(groups.values(), key=sort_key), total=total)


# --- Rows grouped as the documents print them -------------------------------------------------

# The three result columns of the official 6-month table of measures, in the document's order.
RESULT_COLUMNS = (RowStatus.IN_PROGRESS, RowStatus.DONE, RowStatus.NOT_STARTED)
INSTRUMENT_ORDER = {"IIT": 0, "EIT": 1, "OIT": 2}


@dataclass
class RowGroup:
    """Rows of one dimension (or the measures' group), in document order."""

    key: str
    number: str
    label: str
    rows: list = field(default_factory=list)


def group_rows(rows) -> list[RowGroup]:
    """Rows in document order, grouped by dimension (and one group for the measures)."""
    groups: dict[str, RowGroup] = {}
    for row in rows:
        key, number, label = row_group(row)
        groups.setdefault(key, RowGroup(key, number, label)).rows.append(row)
    return list(groups.values())


def result_column(row: ReportRow) -> str:
    """The result column (a RESULT_COLUMNS value) a measure's result is written under.

    The official table has no column for deferred or cancelled: they go under
    ยังไม่ดำเนินการ with their status and reason spelled out."""
    if row.status in RESULT_COLUMNS:
        return row.status
    return RowStatus.NOT_STARTED


def result_text(row: ReportRow) -> str:
    """The text of the result cell (plain text; templates add the line breaks)."""
    if row.needs_reason:
        text = str(row.get_status_display())
        if row.status_reason:
            text += f": {row.status_reason}"
        if row.done_text and row.done_text != row.status_reason:
            text += f"\n{row.done_text}"
        return text
    # A tick marks the column when nothing was written, so the status still shows.
    return row.done_text or "✓"


@dataclass
class MeasureLine:
    """One measure's row of the by-indicator table: the row and its three result cells."""

    row: ReportRow
    column: str
    text: str

    @property
    def cells(self) -> list[tuple[str, str]]:
        """(column value, text) for each result column; only the row's column has text."""
        return [(value, self.text if value == self.column else "") for value in RESULT_COLUMNS]


@dataclass
class IndicatorGroup:
    """Measures' rows under one ITA indicator (or, without an indicator, one ITA issue)."""

    instrument: str
    number: int | None
    label: str
    lines: list[MeasureLine] = field(default_factory=list)

    @property
    def rows(self) -> list[ReportRow]:
        return [line.row for line in self.lines]


@dataclass
class InstrumentGroup:
    """The indicators of one ITA instrument (IIT/EIT/OIT; "" for measures without one)."""

    instrument: str
    indicators: list[IndicatorGroup] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """ "ด้าน IIT (แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน)", as the documents print it."""
        if not self.instrument:
            return ""
        from measures.choices import Instrument

        try:
            label = str(Instrument(self.instrument).label)
        except ValueError:
            return f"ด้าน {self.instrument}"
        rest = label.removeprefix(self.instrument).strip()
        return f"ด้าน {self.instrument} ({rest})" if rest else f"ด้าน {self.instrument}"


def measures_by_indicator(rows) -> list[InstrumentGroup]:
    """The measures' rows in the official 6-month layout: instrument → indicator → rows, each
    row with its result under the column of its status. Feeds the round page, its PDF and
    anything else that prints this table.

    A measure sits under its first indicator (lowest number); measures without an indicator
    are grouped by their ITA issue after the others. `rows` come from round_rows (plan rows
    are skipped), so the indicators are already prefetched.
    """
    groups: dict[tuple, IndicatorGroup] = {}
    for row in rows:
        if not row.measure_id:
            continue
        indicators = list(row.measure.indicators.all())
        if indicators:
            ind = min(indicators, key=lambda i: i.number)
            key = (0, INSTRUMENT_ORDER.get(ind.instrument, 9), ind.number, "")
            if key not in groups:
                groups[key] = IndicatorGroup(ind.instrument, ind.number, ind.name)
        else:
            key = (1, 0, 0, row.measure.issue)
            if key not in groups:
                groups[key] = IndicatorGroup("", None, row.measure.issue)
        groups[key].lines.append(MeasureLine(row, result_column(row), result_text(row)))
    instruments: list[InstrumentGroup] = []
    for key in sorted(groups, key=lambda k: k[:3]):
        group = groups[key]
        if not instruments or instruments[-1].instrument != group.instrument:
            instruments.append(InstrumentGroup(group.instrument))
        instruments[-1].indicators.append(group)
    return instruments


# --- The agency's calendar --------------------------------------------------------------------


@dataclass
class CalendarEntry:
    fiscal_year: int
    kind: str
    due_date: dt.date
    round: ReportingRound | None
    today: dt.date
    # Filled in by reports.views.calendar_context (the share of the round's rows done).
    rows: int = field(default=0, init=False, compare=False)
    done: int = field(default=0, init=False, compare=False)
    done_percent: int | None = field(default=None, init=False, compare=False)
    days_late: int = field(default=0, init=False, compare=False)

    @property
    def kind_label(self) -> str | Promise:
        return RoundKind(self.kind).label

    @property
    def is_open(self) -> bool:
        return self.round is None or self.round.state == RoundState.OPEN

    @property
    def days_left(self) -> int:
        return (self.due_date - self.today).days

    @property
    def is_due_today(self) -> bool:
        return self.is_open and self.today == self.due_date

    @property
    def is_overdue(self) -> bool:
        """Past its due date (Bangkok) and still not submitted (or not even opened)."""
        return self.is_open and self.today > self.due_date

    @property
    def is_expected(self) -> bool:
        """A round the calendar expects that nobody has opened yet."""
        return self.round is None


# The rounds every agency is expected to report each year (DOMAIN.md: the 6- and 12-month
# reports); quarterly rounds appear once an agency opens them.
EXPECTED_KINDS = (RoundKind.H1, RoundKind.ANNUAL)


def agency_calendar(
    agency: Agency,
    today: dt.date | dt.datetime | None = None,
    *,
    user: Viewer | None = None,
    expected: bool = True,
) -> list[CalendarEntry]:
    """The agency's rounds with due/overdue computed on the Bangkok date of `today`.

    A round is overdue when today > due_date and it is still open; it is due today on the
    due date itself. With `user`, only the rounds that user may see (anonymous: published
    ones). With `expected`, the 6- and 12-month rounds of the current fiscal year that are
    not opened yet are listed too (round=None) with their default due dates.
    """
    from core.thai import fiscal_year_of

    day = bangkok_today(today)
    rounds = ReportingRound.objects.filter(agency=agency).current().select_related("agency")
    if user is not None:
        rounds = rounds.visible_to(user)
    entries = [CalendarEntry(r.fiscal_year, r.kind, r.due_date, r, day) for r in rounds.order_by()]
    if expected:
        year = fiscal_year_of(day)
        have = {(r.fiscal_year, r.kind) for r in ReportingRound.objects.filter(agency=agency)}
        for kind in EXPECTED_KINDS:
            if (year, kind) not in have:
                entries.append(CalendarEntry(year, kind, default_due_date(year, kind), None, day))
    entries.sort(key=lambda e: (e.due_date, ROUND_SEQUENCE[e.kind]))
    return entries


# --- What is incomplete before a round is submitted ---------------------------------------------


@dataclass
class IncompleteRow:
    """A row the staff should look at again before submitting: what it lacks, in Thai."""

    order: int
    title: str
    url: str
    missing: list[str]


def incomplete_rows(round: ReportingRound) -> list[IncompleteRow]:
    """Rows without a status (still "ยังไม่ดำเนินการ"), without result text, or without
    evidence (a file or a link): the submit confirmation lists them."""
    rows = (
        round.rows.annotate(evidence_count=Count("evidence"))
        .select_related("plan_item_year__item", "measure")
        .order_by("order", "pk")
    )
    found = []
    for row in rows:
        missing = []
        if row.status == RowStatus.NOT_STARTED:
            missing.append("ยังไม่ระบุสถานะ (ยังไม่ดำเนินการ)")
        if not (row.done_text.strip() or row.outcome.strip()):
            missing.append("ยังไม่มีผลการดำเนินการ")
        if not row.evidence_count:
            missing.append("ยังไม่มีหลักฐาน")
        if missing:
            url = reverse("reports:row_edit", args=[row.pk])
            found.append(IncompleteRow(row.order, row.title, url, missing))
    return found


# --- The auditors' review (private to the agency and its auditors: access.can_discuss) ---------


def _money_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def row_state(row: ReportRow) -> dict[str, Any]:
    """What an auditor judges of a row, as plain JSON (kept in a verdict's snapshot)."""
    return {
        "title": row.title,
        "status": row.status,
        "status_reason": row.status_reason,
        "done_text": row.done_text,
        "outcome": row.outcome,
        "budget_used": _money_text(row.budget_used),
        "evidence": sorted(str(e) for e in row.evidence.all()),
    }


def rows_snapshot(round: ReportingRound) -> dict[str, dict[str, Any]]:
    """The round's rows as they are now, by row key (ReportRow.key)."""
    rows = (
        ReportRow.objects.filter(round=round)
        .select_related("plan_item_year__item", "measure")
        .prefetch_related("evidence")
    )
    return {row.key: row_state(row) for row in rows}


def last_audit_step(round: ReportingRound) -> ReviewStep | None:
    """The latest auditor's verdict with a snapshot on this report (any of its revisions)."""
    family = ReportingRound.objects.filter(Q(pk=round.family_id) | Q(root_id=round.family_id))
    return (
        ReviewStep.objects.filter(round__in=family, kind=ReviewKind.AUDIT)
        .exclude(snapshot={})
        .select_related("reviewer")
        .order_by("-decided_at", "-pk")
        .first()
    )


# The fields of a row the re-submission diff compares, with their Thai labels.
DIFF_FIELDS: tuple[tuple[str, str], ...] = (
    ("status", "สถานะ"),
    ("status_reason", "เหตุผล"),
    ("done_text", "ผลการดำเนินการ"),
    ("outcome", "ผลลัพธ์"),
    ("budget_used", "งบประมาณที่ใช้"),
    ("evidence", "หลักฐาน"),
)


@dataclass
class FieldChange:
    field: str
    label: str
    before: Any
    after: Any


def _shown(field_name: str, value: Any) -> Any:
    if field_name == "status" and value in RowStatus.values:
        return RowStatus(value).label
    if field_name == "evidence":
        return ", ".join(value or []) or "—"
    if field_name == "budget_used":
        return "—" if value is None else Decimal(value)
    return value or "—"


def row_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[FieldChange]:
    """The fields of a row that differ from the state kept at the last verdict."""
    if before is None:
        return []
    return [
        FieldChange(name, label, _shown(name, before.get(name)), _shown(name, after.get(name)))
        for name, label in DIFF_FIELDS
        if (before.get(name) or None) != (after.get(name) or None)
    ]


@dataclass
class ReviewLine:
    """One row on the review page: the row, what changed since the last verdict, the
    auditor's verdicts (this cycle's and the latest earlier one) and the agency's answer."""

    row: ReportRow
    changes: list[FieldChange]
    is_new: bool
    current: RowVerdict | None
    previous: RowVerdict | None
    # What the review form shows in this row (filled by the view: typed or stored values).
    typed_verdict: str = ""
    typed_comment: str = ""
    error: str = ""
    answer_text: str = ""
    answer_error: str = ""

    @property
    def answerable(self) -> RowVerdict | None:
        """The auditor's latest verdict that asks the agency for something."""
        latest = self.latest
        if latest is not None and latest.verdict in ROW_VERDICTS_NEEDING_COMMENT:
            return latest
        return None

    @property
    def changed(self) -> bool:
        return bool(self.changes) or self.is_new

    @property
    def latest(self) -> RowVerdict | None:
        return self.current or self.previous


@dataclass
class ReviewView:
    lines: list[ReviewLine]
    last_step: ReviewStep | None
    cycle: int

    @property
    def changed_count(self) -> int:
        return sum(1 for line in self.lines if line.changed)


def review_view(round: ReportingRound) -> ReviewView:
    """The rows of a round for its auditors and its agency: per-row verdicts and answers, and,
    after a verdict, each row's changes since then (against the verdict's snapshot)."""
    rows = list(round_rows(round))
    cycle = round.events.filter(kind=RoundEventKind.SUBMITTED).count() or 1
    step = last_audit_step(round)
    snapshot: dict[str, Any] = step.snapshot if step is not None else {}
    verdicts = RowVerdict.objects.filter(round=round).select_related("auditor", "answered_by")
    current: dict[int, RowVerdict] = {}
    previous: dict[int, RowVerdict] = {}
    for verdict in verdicts.order_by("cycle", "pk"):
        (current if verdict.cycle == cycle else previous)[verdict.row_id] = verdict
    lines = []
    for row in rows:
        before = snapshot.get(row.key) if step is not None else None
        lines.append(
            ReviewLine(
                row=row,
                changes=row_changes(before, row_state(row)),
                is_new=step is not None and before is None,
                current=current.get(row.pk),
                previous=previous.get(row.pk),
            )
        )
    return ReviewView(lines=lines, last_step=step, cycle=cycle)


def row_verdicts_by_row(round: ReportingRound) -> dict[int, RowVerdict]:
    """The latest auditor's verdict of each row (the round page's badges)."""
    found: dict[int, RowVerdict] = {}
    for verdict in RowVerdict.objects.filter(round=round).order_by("cycle", "pk"):
        found[verdict.row_id] = verdict
    return found


@dataclass
class Thread:
    message: ReviewComment
    replies: list[ReviewComment]


def discussion(round: ReportingRound) -> list[Thread]:
    """The round's private dialogue as threads (first message, then its replies), oldest
    first. Only for those `access.can_discuss` lets in: the caller checks."""
    messages = list(
        ReviewComment.objects.filter(round=round)
        .select_related("author", "row__plan_item_year__item", "row__measure")
        .order_by("created_at", "pk")
    )
    threads: dict[int, Thread] = {}
    for message in messages:
        if message.parent_id is None:
            threads[message.pk] = Thread(message, [])
    for message in messages:
        if message.parent_id is not None and message.parent_id in threads:
            threads[message.parent_id].replies.append(message)
    return list(threads.values())


# --- The auditors' dashboard ----------------------------------------------------------------------

SUBMISSION_LABELS = {
    "on_time": "ส่งตรงเวลา",
    "late": "ส่งล่าช้า",
    "overdue": "เลยกำหนด ยังไม่ส่ง",
    "not_due": "ยังไม่ถึงกำหนด",
}
AUDIT_LABELS = {
    "awaiting": "รอความเห็นผู้ตรวจสอบ",
    "sent_back": "ส่งกลับให้แก้ไข",
    "accepted": "เห็นชอบแล้ว",
    "": "—",
}
DASHBOARD_SORTS = {
    "agency": lambda line: (line.agency.name, line.due_date),
    "province": lambda line: (line.agency.province.name, line.agency.name),
    "due": lambda line: (line.due_date, line.agency.name),
    "submitted": lambda line: (line.first_submitted or dt.date.max, line.agency.name),
    "late": lambda line: (-line.days_late, line.agency.name),
}


@dataclass
class DashboardLine:
    """One agency's 6- or 12-month report of one fiscal year, as the auditor follows it."""

    agency: Agency
    fiscal_year: int
    kind: str
    due_date: dt.date
    round: ReportingRound | None
    first_submitted: dt.date | None
    submission: str
    audit: str
    verdict: ReviewStep | None
    days_late: int

    @property
    def kind_label(self) -> str | Promise:
        return RoundKind(self.kind).label

    @property
    def submission_label(self) -> str:
        return SUBMISSION_LABELS[self.submission]

    @property
    def audit_label(self) -> str:
        return AUDIT_LABELS[self.audit]


@dataclass
class Dashboard:
    lines: list[DashboardLine]
    counts: dict[str, int]
    total: int


def audit_dashboard(
    user: Viewer,
    *,
    fiscal_year: int,
    kinds: Iterable[str] = AUDITED_KINDS_ORDER,
    province: int | None = None,
    submission: str = "",
    audit: str = "",
    q: str = "",
    sort: str = "agency",
    today: dt.date | None = None,
) -> Dashboard:
    """For each agency this auditor is assigned (by agency or province; everything for a site
    admin) and each 6/12-month round of `fiscal_year`: reported on time or late, overdue,
    sent back or accepted. `counts` are over all lines before the submission/audit filters,
    so the cards always add up to the agencies followed."""
    day = bangkok_today(today)
    agencies = (
        Agency.objects.filter(access.audit_q(user, agency_field="pk"))
        .select_related("province")
        .only("pk", "code", "name", "province__name")
    )
    if province:
        agencies = agencies.filter(province_id=province)
    if q:
        agencies = agencies.filter(Q(name__icontains=q) | Q(code__icontains=q))
    agencies_list = list(agencies.order_by("name"))
    agency_ids = [agency.pk for agency in agencies_list]
    kinds = [k for k in kinds if k in AUDITED_KINDS_ORDER]
    # Only what a line shows: a national list has ~16,000 of them.
    rounds = (
        ReportingRound.objects.filter(
            agency_id__in=agency_ids, fiscal_year=fiscal_year, kind__in=kinds
        )
        .only("pk", "agency_id", "kind", "state", "due_date", "submitted_at", "revision_number")
        .annotate(
            first_submitted_at=Min("events__at", filter=Q(events__kind=RoundEventKind.SUBMITTED))
        )
        .order_by("revision_number", "pk")
    )
    families: dict[tuple[int, str], list[Any]] = {}
    firsts_by_pk: dict[int, dt.datetime | None] = {}
    for member in rounds:
        families.setdefault((member.agency_id, member.kind), []).append(member)
        firsts_by_pk[member.pk] = member.first_submitted_at
    steps: dict[int, ReviewStep] = {}
    audit_steps = (
        ReviewStep.objects.filter(
            round__agency_id__in=agency_ids,
            round__fiscal_year=fiscal_year,
            round__kind__in=kinds,
        )
        .only("pk", "round_id", "verdict", "decided_at")
        .order_by("decided_at", "pk")
    )
    for audit_step in audit_steps:
        steps[audit_step.round_id] = audit_step
    lines: list[DashboardLine] = []
    for agency in agencies_list:
        for kind in kinds:
            family = families.get((agency.pk, kind), [])
            live = [r for r in family if r.state not in HISTORY_STATES] or family
            rnd: ReportingRound | None = live[-1] if live else None
            due = rnd.due_date if rnd is not None else default_due_date(fiscal_year, kind)
            firsts = [at for r in family if (at := firsts_by_pk[r.pk]) is not None]
            first = bangkok_today(min(firsts)) if firsts else None
            step: ReviewStep | None = None
            for member in family:
                found = steps.get(member.pk)
                if found is not None and (step is None or found.decided_at > step.decided_at):
                    step = found
            lines.append(_dashboard_line(agency, fiscal_year, kind, due, rnd, first, step, day))
    counts = dict.fromkeys((*SUBMISSION_LABELS, *AUDIT_LABELS), 0)
    for line in lines:
        counts[line.submission] += 1
        if line.audit:
            counts[line.audit] += 1
    total = len(lines)
    if submission in SUBMISSION_LABELS:
        lines = [line for line in lines if line.submission == submission]
    if audit in AUDIT_LABELS and audit:
        lines = [line for line in lines if line.audit == audit]
    lines.sort(key=DASHBOARD_SORTS.get(sort, DASHBOARD_SORTS["agency"]))
    return Dashboard(lines=lines, counts=counts, total=total)


def _dashboard_line(
    agency: Agency,
    fiscal_year: int,
    kind: str,
    due: dt.date,
    rnd: ReportingRound | None,
    first: dt.date | None,
    step: ReviewStep | None,
    day: dt.date,
) -> DashboardLine:
    if first is not None:
        submission = "on_time" if first <= due else "late"
        days_late = max((first - due).days, 0)
    elif day > due:
        submission, days_late = "overdue", (day - due).days
    else:
        submission, days_late = "not_due", 0
    audit = ""
    if rnd is not None and rnd.state != RoundState.OPEN:
        resubmitted = (
            step is not None
            and rnd.submitted_at is not None
            and rnd.submitted_at > step.decided_at
            and step.verdict == ReviewVerdict.AUDIT_FAIL
        )
        if step is None or resubmitted:
            audit = "awaiting"
        elif step.verdict == ReviewVerdict.AUDIT_FAIL:
            audit = "sent_back"
        else:
            audit = "accepted"
    elif rnd is not None and step is not None and step.verdict == ReviewVerdict.AUDIT_FAIL:
        audit = "sent_back"
    return DashboardLine(
        agency, fiscal_year, kind, due, rnd, first, submission, audit, step, days_late
    )


def round_at(
    user: Viewer, *, code: str, fiscal_year: int, period: str, revision: int | None
) -> ReportingRound:
    """The report a stable URL names (/a/<code>/reports/2567/6-month/[r<N>/]); 404 otherwise."""
    kind = SLUG_ROUNDS.get(period)
    if kind is None:
        raise Http404
    return published_revision(
        ReportingRound.objects.all(),
        user,
        revision=revision,
        agency__code=code,
        fiscal_year=fiscal_year,
        kind=kind,
    )
