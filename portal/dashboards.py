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
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from agencies.choices import PublicationStatus
from agencies.models import Agency, Province
from core import pagecache
from core.charts import DIGITS_THAI, Number, Series, bar_chart, plain_number
from core.thai import digits, fiscal_year_of, format_number
from measures.choices import GRADE_UNKNOWN
from measures.models import ITAFramework, ITAResult, MeasureSet
from plans.models import Plan
from reports.choices import RoundKind, RoundState
from reports.models import ReportingRound, ReportRow

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


# --- Charts (core/charts.py draws them; each comes with its data table) ------------------------

#: ITA score bins of the distribution chart: (label, low inclusive, high exclusive).
SCORE_BINS = [
    ("<50", None, 50),
    ("50–59", 50, 60),
    ("60–69", 60, 70),
    ("70–79", 70, 80),
    ("80–84", 80, 85),
    ("85–89", 85, 90),
    ("90–94", 90, 95),
    ("95–100", 95, None),
]
CHART_YEARS = 5
GRADE_LABELS = {GRADE_UNKNOWN: "ไม่ทราบระดับ"}


@dataclass(frozen=True)
class Chart:
    """A chart of a dashboard: its SVG, the data table beside it and the open data behind it."""

    key: str  # the HTML id of the figure (…#chart-ita-scores)
    title: str
    svg: str
    header: list[str]
    rows: list[list[Any]]  # first cell a label; the others numbers the template formats
    open_data: str  # the URL of the data set
    note: str = ""
    #: How each numeric column is shown: "number", "percent" or "money".
    formats: tuple[str, ...] = ()


def _scoped(queryset: QuerySet, province: Province | None, field: str = "agency__province"):
    return queryset if province is None else queryset.filter(**{field: province})


def ita_score_bins(ita_year: int, province: Province | None = None) -> list[tuple[str, int]]:
    """How many published ITA results of `ita_year` fall in each score bin (one query)."""
    results = _scoped(
        ITAResult.objects.filter(status=PUBLISHED, fiscal_year=ita_year, total__isnull=False),
        province,
    )
    counts = {}
    for label, low, high in SCORE_BINS:
        condition = Q()
        if low is not None:
            condition &= Q(total__gte=low)
        if high is not None:
            condition &= Q(total__lt=high)
        counts[label] = Count("pk", filter=condition)
    row = results.aggregate(**counts)
    return [(label, row[label] or 0) for label, _low, _high in SCORE_BINS]


def _grade_case(framework) -> Case:
    """measures.grading.grade_scores as SQL: the band each result's scores reach, in order."""
    whens = [When(total__isnull=True, then=Value(GRADE_UNKNOWN))]
    for band in sorted(framework.grade_scheme.bands.all(), key=lambda b: b.order):
        reaches = Q(total__gte=band.min_total)
        if band.min_each_instrument is None:
            whens.append(When(reaches, then=Value(band.label)))
            continue
        missing = Q(iit__isnull=True) | Q(eit__isnull=True) | Q(oit__isnull=True)
        each = Q(
            iit__gte=band.min_each_instrument,
            eit__gte=band.min_each_instrument,
            oit__gte=band.min_each_instrument,
        )
        whens.append(When(reaches & missing, then=Value(GRADE_UNKNOWN)))
        whens.append(When(reaches & each, then=Value(band.label)))
    return Case(*whens, default=Value(GRADE_UNKNOWN), output_field=CharField())


def ita_grades_by_year(
    years: list[int], province: Province | None = None
) -> list[tuple[int, list[tuple[str, int]]]]:
    """Per ITA year, how many published results reach each grade of that year's scheme
    (grades as measures.grading computes them; one grouped query per year)."""
    frameworks = (
        ITAFramework.objects.filter(fiscal_year__in=years)
        .select_related("grade_scheme")
        .prefetch_related("grade_scheme__bands")
    )
    out = []
    for framework in sorted(frameworks, key=lambda f: f.fiscal_year):
        grouped = dict(
            _scoped(
                ITAResult.objects.filter(status=PUBLISHED, fiscal_year=framework.fiscal_year),
                province,
            )
            .annotate(grade=_grade_case(framework))
            .order_by()
            .values_list("grade")
            .annotate(n=Count("pk"))
            .values_list("grade", "n")
        )
        labels = [
            b.label for b in sorted(framework.grade_scheme.bands.all(), key=lambda b: b.order)
        ]
        out.append(
            (
                framework.fiscal_year,
                [(label, grouped.get(label, 0)) for label in [*labels, GRADE_UNKNOWN]],
            )
        )
    return out


def plan_share_by_year(
    years: list[int], province: Province | None = None
) -> list[tuple[int, int, int]]:
    """(year, agencies, agencies with a published plan covering it) per year: one query."""
    agencies = _scoped(Agency.objects.all(), province, "province")
    flags = {
        f"y{year}": Exists(
            Plan.objects.filter(
                agency=OuterRef("pk"), status=PUBLISHED, first_year__lte=year, last_year__gte=year
            )
        )
        for year in years
    }
    row = agencies.aggregate(
        total=Count("pk"), **{key: Count("pk", filter=Q(flag)) for key, flag in flags.items()}
    )
    return [(year, row["total"], row[f"y{year}"]) for year in years]


def h1_on_time_by_year(
    years: list[int], province: Province | None = None
) -> list[tuple[int, int, int, int]]:
    """(year, agencies, 6-month reports published by their due date, published later) per
    year; one query. On time: published (Bangkok date) on or before the round's due date."""
    published = _scoped(
        ReportingRound.objects.filter(
            state=RoundState.PUBLISHED, kind=RoundKind.H1, fiscal_year__in=years
        ),
        province,
    )
    grouped = {
        row["fiscal_year"]: row
        for row in published.order_by()
        .values("fiscal_year")
        .annotate(
            on_time=Count(
                "agency_id",
                distinct=True,
                filter=Q(published_at__date__lte=F("due_date")),
            ),
            late=Count(
                "agency_id",
                distinct=True,
                filter=Q(published_at__date__gt=F("due_date")),
            ),
        )
    }
    total = _scoped(Agency.objects.all(), province, "province").count()
    return [
        (year, total, grouped.get(year, {}).get("on_time", 0), grouped.get(year, {}).get("late", 0))
        for year in years
    ]


def budget_by_dimension(
    fiscal_year: int, province: Province | None = None
) -> tuple[str, list[tuple[str, Decimal, Decimal]]]:
    """Budget planned and used per dimension in the published reports of `fiscal_year`: the
    12-month reports, or while there are none the 6-month ones. (kind label, rows)."""
    for kind in (RoundKind.ANNUAL, RoundKind.H1):
        rows = (
            _scoped(
                ReportRow.objects.filter(
                    round__state=RoundState.PUBLISHED,
                    round__kind=kind,
                    round__fiscal_year=fiscal_year,
                    plan_item_year__isnull=False,
                ),
                province,
                "round__agency__province",
            )
            .order_by()
            .values("plan_item_year__item__dimension__number")
            .annotate(planned=Sum("plan_item_year__budget"), used=Sum("budget_used"))
        )
        table = sorted(
            (
                (
                    str(row["plan_item_year__item__dimension__number"]),
                    row["planned"] or Decimal(0),
                    row["used"] or Decimal(0),
                )
                for row in rows
            ),
            key=lambda r: r[0],
        )
        if table:
            return str(RoundKind(kind).label), table
    return str(RoundKind(RoundKind.ANNUAL).label), []


def _percent(value: Number, style: str) -> str:
    return digits(format_number(value, "arabic", places=0), style) + "%"


def dashboard_charts(fiscal_year: int, province: Province | None = None) -> list[Chart]:
    """The charts of the national (or one province's) dashboard for `fiscal_year`; published
    data only, the same for every visitor."""
    from django.urls import reverse

    where = "ทั้งประเทศ" if province is None else f"จังหวัด{province.name}"
    suffix = "" if province is None else f"-{province.pk}"
    years = list(range(fiscal_year - CHART_YEARS + 1, fiscal_year + 1))
    ita_year = fiscal_year - 1
    open_data = reverse("portal:open_data")
    agencies_csv = reverse("portal:open_data_agencies_csv")
    charts = []

    bins = ita_score_bins(ita_year, province)
    charts.append(
        Chart(
            key=f"chart-ita-scores{suffix}",
            title=f"การกระจายของคะแนน ITA ปี {digits(ita_year)} ({where})",
            svg=bar_chart(
                [digits(label) for label, _n in bins],
                [Series("หน่วยงาน", [n for _label, n in bins])],
                chart_id=f"svg-ita-scores{suffix}",
                title=f"จำนวนหน่วยงานตามช่วงคะแนน ITA ปี {digits(ita_year)} {where}",
                desc="แกนนอนเป็นช่วงคะแนนรวม แกนตั้งเป็นจำนวนหน่วยงาน "
                + " ".join(f"{digits(label)}: {digits(n)}" for label, n in bins),
                y_label="หน่วยงาน",
                integer=True,
            ),
            header=["ช่วงคะแนน", "หน่วยงาน"],
            rows=[[digits(label), n] for label, n in bins],
            open_data=f"{open_data}#dataset-ita-results",
            formats=("number",),
        )
    )

    grades = ita_grades_by_year([y - 1 for y in years], province)
    if grades:
        # Letter grades (to 2565) and the pass levels (from 2566) are different scales: one
        # stacked bar per year, one colour per grade label met in any of those years.
        labels = list(dict.fromkeys(label for _y, counts in grades for label, n in counts if n))
        series = [
            Series(
                str(GRADE_LABELS.get(label, label)),
                [dict(counts).get(label) for _y, counts in grades],
            )
            for label in labels
        ]
        charts.append(
            Chart(
                key=f"chart-ita-grades{suffix}",
                title=f"ระดับผลการประเมิน ITA รายปี ({where})",
                svg=bar_chart(
                    [digits(y) for y, _c in grades],
                    series,
                    chart_id=f"svg-ita-grades{suffix}",
                    title=f"จำนวนหน่วยงานตามระดับผลการประเมิน ITA รายปี {where}",
                    desc="แท่งซ้อนต่อปี แต่ละสีเป็นระดับผลการประเมิน ตัวเลขอยู่ในตารางข้างกราฟ",
                    stacked=True,
                    y_label="หน่วยงาน",
                    integer=True,
                    height=300,
                ),
                header=["ระดับ", *[f"ITA {digits(y)}" for y, _c in grades]],
                rows=[
                    [s.label, *[dict(counts).get(label, 0) for _y, counts in grades]]
                    for label, s in zip(labels, series, strict=True)
                ],
                open_data=f"{open_data}#dataset-ita-results",
                note="ถึงปี ๒๕๖๕ ใช้ระดับ AA–F ตั้งแต่ปี ๒๕๖๖ ใช้ระดับผ่านดีเยี่ยม–ต้องปรับปรุงโดยด่วน",
                formats=tuple("number" for _g in grades),
            )
        )

    plans = plan_share_by_year(years, province)
    shares = [(100 * n / total) if total else 0 for _y, total, n in plans]
    charts.append(
        Chart(
            key=f"chart-plans{suffix}",
            title=f"สัดส่วนหน่วยงานที่เผยแพร่แผนครอบคลุมปี ({where})",
            svg=bar_chart(
                [digits(y) for y, _t, _n in plans],
                [Series("มีแผนที่เผยแพร่", shares)],
                chart_id=f"svg-plans{suffix}",
                title=f"ร้อยละของหน่วยงานที่มีแผนปฏิบัติการป้องกันการทุจริตที่เผยแพร่ รายปี {where}",
                desc=" ".join(
                    f"ปี {digits(y)}: {_percent(s, DIGITS_THAI)}"
                    for (y, _t, _n), s in zip(plans, shares, strict=True)
                ),
                y_max=100,
                value_text=_percent,
                y_label="ร้อยละ",
            ),
            header=["ปีงบประมาณ", "หน่วยงาน", "มีแผน", "ร้อยละ"],
            rows=[
                [digits(y), total, n, share]
                for (y, total, n), share in zip(plans, shares, strict=True)
            ],
            open_data=f"{agencies_csv}?year={fiscal_year}",
            formats=("number", "number", "percent"),
        )
    )

    h1 = h1_on_time_by_year(years, province)
    charts.append(
        Chart(
            key=f"chart-h1{suffix}",
            title=f"รายงานรอบ {digits(6)} เดือนที่เผยแพร่ตรงเวลา ({where})",
            svg=bar_chart(
                [digits(y) for y, *_rest in h1],
                [
                    Series("ตรงเวลา", [on for _y, _t, on, _late in h1], "#009E73"),
                    Series("หลังกำหนด", [late for _y, _t, _on, late in h1], "#E69F00"),
                ],
                chart_id=f"svg-h1{suffix}",
                title=f"จำนวนหน่วยงานที่เผยแพร่รายงานรอบ {digits(6)} เดือนภายในกำหนดและหลังกำหนด {where}",
                desc=" ".join(
                    f"ปี {digits(y)}: ตรงเวลา {digits(on)} หลังกำหนด {digits(late)} จาก {digits(t)}"
                    for y, t, on, late in h1
                ),
                stacked=True,
                y_label="หน่วยงาน",
                integer=True,
            ),
            header=["ปีงบประมาณ", "หน่วยงาน", "ตรงเวลา", "หลังกำหนด", "ร้อยละตรงเวลา"],
            rows=[[digits(y), t, on, late, (100 * on / t) if t else 0] for y, t, on, late in h1],
            open_data=f"{open_data}#dataset-rounds",
            note="ตรงเวลา: เผยแพร่ภายในวันครบกำหนดส่งของรอบรายงาน",
            formats=("number", "number", "number", "percent"),
        )
    )

    kind, budget = budget_by_dimension(fiscal_year, province)
    largest = max((max(p, u) for _n, p, u in budget), default=Decimal(0))
    unit, divisor = ("ล้านบาท", 1_000_000) if largest >= 1_000_000 else ("พันบาท", 1_000)

    def in_unit(value: Number, style: str) -> str:
        return plain_number(Decimal(value) / divisor, style)

    charts.append(
        Chart(
            key=f"chart-budget{suffix}",
            title=f"งบประมาณตามแผนและที่ใช้จริง รายมิติ ปี {digits(fiscal_year)} ({where})",
            svg=bar_chart(
                [f"มิติที่ {digits(number)}" for number, _p, _u in budget] or ["–"],
                [
                    Series("ตามแผน", [p for _n, p, _u in budget]),
                    Series("ใช้จริง", [u for _n, _p, u in budget]),
                ],
                chart_id=f"svg-budget{suffix}",
                title=f"งบประมาณตามแผนและที่ใช้จริงรายมิติ ปีงบประมาณ {digits(fiscal_year)} {where}",
                desc=f"จาก{digits(kind)}ที่เผยแพร่ หน่วย{unit} "
                + " ".join(
                    f"มิติที่ {digits(n)}: ตามแผน {in_unit(p, DIGITS_THAI)} ใช้จริง {in_unit(u, DIGITS_THAI)}"
                    for n, p, u in budget
                ),
                value_text=in_unit,
                y_label=unit,
            ),
            header=["มิติ", "ตามแผน (บาท)", "ใช้จริง (บาท)", "ร้อยละที่ใช้"],
            rows=[[f"มิติที่ {digits(n)}", p, u, (100 * u / p) if p else 0] for n, p, u in budget],
            open_data=f"{open_data}#dataset-report-rows",
            note=f"จาก{digits(kind)}ที่เผยแพร่แล้ว (เฉพาะรายการที่มาจากแผน)",
            formats=("money", "money", "percent"),
        )
    )
    return charts
