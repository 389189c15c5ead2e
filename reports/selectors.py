"""Reads of the reports app. One selector feeds the HTML page, the PDF and the CSV/XLSX.

Summaries are computed from the same rows round_rows returns, so a summary always adds up to
the rows shown beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise

from agencies.access import Viewer
from agencies.models import Agency
from agencies.selectors import published_revision
from plans.models import Dimension
from reports.calendar import bangkok_today, default_due_date
from reports.choices import ROUND_SEQUENCE, SLUG_ROUNDS, RoundKind, RoundState, RowStatus
from reports.models import Evidence, ReportingRound, ReportRow

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
