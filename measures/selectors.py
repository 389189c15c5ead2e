"""Reads of the measures app: one selector feeds a page, its PDF and its data download."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from agencies.access import Viewer
from agencies.choices import PublicationStatus
from agencies.models import Agency
from agencies.selectors import published_revision
from core.thai import normalize_text, to_arabic_digits, to_thai_digits
from measures.grading import Grade
from measures.models import IndicatorScore, ITAResult, Measure, MeasureSet, MeasureStep
from plans.models import PlanItem


def measures_for_set(measure_set: MeasureSet) -> QuerySet[Measure]:
    """The measures of a set in order, with steps, results, indicators and plan items loaded."""
    return (
        Measure.objects.filter(set=measure_set)
        .order_by("order", "pk")
        .select_related("updated_by")
        .prefetch_related(
            Prefetch("steps", queryset=MeasureStep.objects.order_by("order")),
            "results",
            "indicators",
            "plan_items",
        )
    )


@dataclass(frozen=True)
class ITAHistoryRow:
    """One year of an agency's ITA history with its computed grade and change."""

    result: ITAResult
    grade: Grade
    # Change of the total against the previous year's recorded total (None when either is
    # unknown or the previous year is missing); `stated_delta` is what the document said.
    change: Decimal | None
    previous: ITAResult | None

    @property
    def fiscal_year(self) -> int:
        return self.result.fiscal_year

    @property
    def scheme_name(self) -> str:
        return self.grade.scheme_name

    @property
    def stated_delta(self) -> Decimal | None:
        return self.result.stated_delta


def ita_history(agency: Agency, *, user: Viewer) -> list[ITAHistoryRow]:
    """An agency's ITA results that `user` may see, newest year first, each graded by its own
    year's scheme: per year the newest revision (a superseded or withdrawn one is not the
    year's result; it stays readable at its own page)."""
    results = (
        ITAResult.objects.filter(agency=agency)
        .visible_to(user)
        .exclude(status__in=[PublicationStatus.SUPERSEDED, PublicationStatus.WITHDRAWN])
        .order_by("revision_number")
    )
    results = results.with_grading().prefetch_related(
        Prefetch(
            "indicator_scores",
            queryset=IndicatorScore.objects.select_related("indicator").order_by(
                "indicator__number"
            ),
        )
    )
    by_year = {r.fiscal_year: r for r in results}
    rows = []
    for year in sorted(by_year, reverse=True):
        result = by_year[year]
        previous = by_year.get(year - 1)
        change = None
        if previous is not None and result.total is not None and previous.total is not None:
            change = result.total - previous.total
        rows.append(
            ITAHistoryRow(result=result, grade=result.grade, change=change, previous=previous)
        )
    return rows


def ita_result_change(result: ITAResult) -> Decimal | None:
    """The change of a result's total against the agency's previous year (computed)."""
    if result.total is None:
        return None
    previous = (
        ITAResult.objects.filter(agency_id=result.agency_id, fiscal_year=result.fiscal_year - 1)
        .values_list("total", flat=True)
        .first()
    )
    return None if previous is None else result.total - previous


#: How many plan items one search of the picker returns.
PLAN_ITEM_RESULTS = 20


def plan_items_for_set(measure_set: MeasureSet, *, user: Viewer) -> QuerySet[PlanItem]:
    """The plan items a measure of this set may be linked to: the agency's current plans
    (drafts too, for its own people) that `user` may see, newest plan first."""
    return (
        PlanItem.objects.visible_to(user)
        .filter(plan__agency=measure_set.agency)
        .exclude(plan__status__in=[PublicationStatus.SUPERSEDED, PublicationStatus.WITHDRAWN])
        .select_related("plan", "dimension")
        .order_by("-plan__first_year", "order", "pk")
    )


def plan_item_search(
    measure_set: MeasureSet, *, user: Viewer, query: str, exclude: Iterable[int] = ()
) -> list[PlanItem]:
    """The picker's answer: items whose title, number or unit contains every typed word,
    those of a plan covering the set's fiscal year first, at most PLAN_ITEM_RESULTS."""
    items = plan_items_for_set(measure_set, user=user).exclude(pk__in=list(exclude))
    for word in normalize_text(query).split()[:8]:
        items = items.filter(
            Q(title__icontains=word)
            | Q(number__icontains=to_arabic_digits(word))
            | Q(number__icontains=to_thai_digits(word))
            | Q(responsible_unit__icontains=word)
        )
    year = measure_set.fiscal_year
    covering = Q(plan__first_year__lte=year, plan__last_year__gte=year)
    first = list(items.filter(covering)[:PLAN_ITEM_RESULTS])
    rest = (
        list(items.exclude(covering)[: PLAN_ITEM_RESULTS - len(first)])
        if len(first) < PLAN_ITEM_RESULTS
        else []
    )
    return first + rest


def measure_set_at(
    user: Viewer, *, code: str, fiscal_year: int, kind: str, revision: int | None
) -> MeasureSet:
    """The measure set (or report on it) a stable URL names (/a/<code>/measures/2567/)."""
    return published_revision(
        MeasureSet.objects.all(),
        user,
        revision=revision,
        agency__code=code,
        fiscal_year=fiscal_year,
        kind=kind,
    )


def ita_result_at(user: Viewer, *, code: str, fiscal_year: int, revision: int | None) -> ITAResult:
    """The ITA result a stable URL names (/a/<code>/ita/2567/[r<N>/]); 404 otherwise."""
    return published_revision(
        ITAResult.objects.all(), user, revision=revision, agency__code=code, fiscal_year=fiscal_year
    )
