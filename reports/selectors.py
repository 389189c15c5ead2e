"""Reads of the reports app. One selector feeds the HTML page, the PDF and the CSV/XLSX.

Summaries are computed from the same rows round_rows returns, so a summary always adds up to
the rows shown beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from plans.models import Agency, Dimension
from reports.calendar import bangkok_today, default_due_date
from reports.choices import ROUND_SEQUENCE, RoundKind, RoundState, RowStatus
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
    if row.plan_item_year_id:
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
    def status_counts(self) -> list[tuple[str, str, int]]:
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


# --- The agency's calendar --------------------------------------------------------------------


@dataclass
class CalendarEntry:
    fiscal_year: int
    kind: str
    due_date: dt.date
    round: ReportingRound | None
    today: dt.date

    @property
    def kind_label(self) -> str:
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
    user=None,
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
    rounds = ReportingRound.objects.filter(agency=agency).select_related("agency")
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
