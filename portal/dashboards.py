"""Selectors of the public dashboards and open data: national, per province, per agency.

Built for all ~7,850 agencies: each figure is one grouped query over indexed columns (an
EXISTS per agency, then COUNT grouped by province), never a loop over agencies in Python.
The national figures are cached until the next publish or withdrawal (core/pagecache.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.core.cache import cache
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from agencies.choices import PublicationStatus
from agencies.models import Agency, Province
from core import pagecache
from core.thai import fiscal_year_of
from measures.models import ITAResult, MeasureSet
from plans.models import Plan
from reports.choices import RoundKind, RoundState
from reports.models import ReportingRound

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

CACHE_SECONDS = 300
PUBLISHED = PublicationStatus.PUBLISHED


class PublishedFlags(TypedDict):
    """What `agencies_with_flags` annotates each agency with."""

    has_plan: bool
    has_measures: bool
    has_h1: bool
    has_annual: bool


AgencyWithFlags: TypeAlias = "WithAnnotations[Agency, PublishedFlags]"


def current_fiscal_year(today: dt.date | None = None) -> int:
    """The Buddhist-era fiscal year of today in Bangkok."""
    return fiscal_year_of(today or timezone.localdate())


def agencies_with_flags(fiscal_year: int) -> QuerySet[AgencyWithFlags]:
    """Agencies annotated with what they have published for `fiscal_year` (public data only)."""
    return Agency.objects.annotate(
        has_plan=Exists(
            Plan.objects.filter(
                agency=OuterRef("pk"),
                status=PUBLISHED,
                first_year__lte=fiscal_year,
                last_year__gte=fiscal_year,
            )
        ),
        has_measures=Exists(
            MeasureSet.objects.filter(
                agency=OuterRef("pk"), status=PUBLISHED, fiscal_year=fiscal_year
            )
        ),
        has_h1=Exists(
            ReportingRound.objects.filter(
                agency=OuterRef("pk"),
                state=RoundState.PUBLISHED,
                fiscal_year=fiscal_year,
                kind=RoundKind.H1,
            )
        ),
        has_annual=Exists(
            ReportingRound.objects.filter(
                agency=OuterRef("pk"),
                state=RoundState.PUBLISHED,
                fiscal_year=fiscal_year,
                kind=RoundKind.ANNUAL,
            )
        ),
    )


@dataclass(frozen=True)
class CoverageRow:
    """How many agencies of a province (or the nation) published each document."""

    key: int | None
    name: str
    agencies: int
    plans: int
    measures: int
    h1_reports: int
    annual_reports: int
    ita_average: Decimal | None
    ita_count: int

    def share(self, count: int) -> float:
        return 100.0 * count / self.agencies if self.agencies else 0.0

    @property
    def plan_share(self) -> float:
        return self.share(self.plans)

    @property
    def measures_share(self) -> float:
        return self.share(self.measures)

    @property
    def h1_share(self) -> float:
        return self.share(self.h1_reports)

    @property
    def annual_share(self) -> float:
        return self.share(self.annual_reports)


def _coverage_counts(
    fiscal_year: int, agencies: QuerySet[Agency] | None = None
) -> list[dict[str, Any]]:
    base = agencies_with_flags(fiscal_year) if agencies is None else agencies
    # django-stubs refuses the "plans" annotation (Agency has a `plans` relation) and so types
    # the rows without it; after values() Django allows it (it checks _fields), rows are dicts.
    return list(
        base.values("province_id")  # type: ignore[no-redef,arg-type]
        .annotate(
            agencies=Count("pk"),
            plans=Count("pk", filter=Q(has_plan=True)),
            measures=Count("pk", filter=Q(has_measures=True)),
            h1_reports=Count("pk", filter=Q(has_h1=True)),
            annual_reports=Count("pk", filter=Q(has_annual=True)),
        )
        .order_by("province_id")
    )


def _ita_by_province(ita_year: int) -> dict[int, Mapping[str, Any]]:
    rows = (
        ITAResult.objects.filter(status=PUBLISHED, fiscal_year=ita_year, total__isnull=False)
        .values("agency__province_id")
        .annotate(avg=Avg("total"), n=Count("pk"))
    )
    return {row["agency__province_id"]: row for row in rows}


def national_coverage(fiscal_year: int) -> dict:
    """Per-province rows and the national total for `fiscal_year` (cached)."""
    # Keyed on the public version (core/pagecache.py): a publish or withdrawal anywhere moves
    # it, so every web process reads the new figures at once from the shared cache.
    cache_key = f"dashboard:national:{fiscal_year}:{pagecache.version()}"
    cached = cache.get(cache_key)
    if cached is not None:
        return cached
    names = dict(Province.objects.values_list("pk", "name"))
    ita = _ita_by_province(fiscal_year - 1)
    rows = []
    for counts in _coverage_counts(fiscal_year):
        pid = counts.pop("province_id")
        ita_row = ita.get(pid, {})
        rows.append(
            CoverageRow(
                key=pid,
                name=names.get(pid, ""),
                ita_average=ita_row.get("avg"),
                ita_count=ita_row.get("n", 0),
                **counts,
            )
        )
    rows.sort(key=lambda r: r.name)
    total_ita = ITAResult.objects.filter(
        status=PUBLISHED, fiscal_year=fiscal_year - 1, total__isnull=False
    ).aggregate(avg=Avg("total"), n=Count("pk"))
    total = CoverageRow(
        key=None,
        name="ทั้งประเทศ",
        agencies=sum(r.agencies for r in rows),
        plans=sum(r.plans for r in rows),
        measures=sum(r.measures for r in rows),
        h1_reports=sum(r.h1_reports for r in rows),
        annual_reports=sum(r.annual_reports for r in rows),
        ita_average=total_ita["avg"],
        ita_count=total_ita["n"],
    )
    data = {"fiscal_year": fiscal_year, "ita_year": fiscal_year - 1, "rows": rows, "total": total}
    cache.set(cache_key, data, CACHE_SECONDS)
    return data


def province_agencies(province: Province, fiscal_year: int) -> QuerySet[Agency]:
    """The agencies of one province with their publication flags and last ITA score."""
    from django.db.models import Subquery

    latest_ita = ITAResult.objects.filter(
        agency=OuterRef("pk"), status=PUBLISHED, total__isnull=False
    ).order_by("-fiscal_year")
    return (
        agencies_with_flags(fiscal_year)
        .filter(province=province)
        .annotate(
            ita_total=Subquery(latest_ita.values("total")[:1]),
            ita_year=Subquery(latest_ita.values("fiscal_year")[:1]),
        )
        .order_by("name")
    )


def open_data_agencies(fiscal_year: int) -> QuerySet[AgencyWithFlags]:
    """The rows of agencies.csv: every agency and what it published for `fiscal_year`."""
    return (
        agencies_with_flags(fiscal_year)
        .select_related("province")
        .order_by("province__name", "name")
    )
