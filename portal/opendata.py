"""Open data: every public table as CSV, XLSX and JSON, from one definition per dataset.

A `Dataset` is the one selector of a table: its queryset (published rows only, through
`access.open_data_q`), its filters and its columns (key, Thai and English header, type,
description). The same definition feeds the streamed downloads, the yearly bulk files built
in the background (portal/opendata_files.py), the JSON API (portal/api.py) and the data
dictionary page, so they cannot disagree.

CSV and JSON are streamed in chunks of about 64 KB (never one row per chunk); rows are read
with a server-side cursor (`iterator(chunk_size=…)`), so memory stays flat at national scale.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.db.models import IntegerField, Prefetch, Q, QuerySet, Value

from agencies import access
from agencies.models import Agency
from core.exports import csv_lines, xlsx_cell
from measures.models import IndicatorScore, ITAResult, Measure, MeasureResult, MeasureSet
from plans.models import Plan, PlanItemYear
from portal.dashboards import agencies_with_flags
from reports.models import ReportingRound, ReportRow

CHUNK_BYTES = 64 * 1024
ROWS_PER_QUERY = 2000
FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@dataclass(frozen=True)
class Filters:
    """What a download or an API page is narrowed to (every field optional)."""

    fiscal_year: int | None = None
    agency: str | None = None  # agency code
    province: int | None = None  # province id
    kind: str | None = None  # agency kind (agencies.choices.AgencyKind)

    @property
    def is_national(self) -> bool:
        return not (self.agency or self.province or self.kind)


@dataclass(frozen=True)
class Column:
    key: str
    th: str
    en: str
    type: type
    get: Callable[[Any], Any]
    description: str = ""

    @property
    def type_name(self) -> str:
        return {str: "text", int: "integer", float: "number", bool: "boolean"}.get(
            self.type, "date" if self.type is dt.date else self.type.__name__
        )


@dataclass(frozen=True)
class Dataset:
    slug: str
    th: str
    en: str
    description: str
    columns: tuple[Column, ...]
    #: (filters) → the queryset of published rows, in a stable order.
    select: Callable[[Filters], QuerySet[Any]]
    #: The Django path to the agency from a row ("" for the agency itself).
    agency_path: str
    #: What the fiscal-year filter means for this table (shown in the dictionary).
    year_note: str = ""
    #: The columns to load (`QuerySet.only`): the long texts of the documents a row joins
    #: (a plan's foreword on each of its 225 item-years) are never read.
    only: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def queryset(self, filters: Filters) -> QuerySet[Any]:
        qs = self.select(filters)
        if self.only:
            qs = qs.only(*self.only)
        prefix = f"{self.agency_path}__" if self.agency_path else ""
        if filters.agency:
            qs = qs.filter(**{f"{prefix}code": filters.agency})
        if filters.province:
            qs = qs.filter(**{f"{prefix}province_id": filters.province})
        if filters.kind:
            qs = qs.filter(**{f"{prefix}kind": filters.kind})
        return qs

    def row(self, obj: Any) -> list[Any]:
        return [clean(column.get(obj)) for column in self.columns]

    def rows(self, filters: Filters) -> Iterator[list[Any]]:
        for obj in self.queryset(filters).iterator(chunk_size=ROWS_PER_QUERY):
            yield self.row(obj)

    def records(self, objects: Iterable[Any]) -> list[dict[str, Any]]:
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, self.row(obj), strict=True)) for obj in objects]

    def filename(self, fmt: str, filters: Filters) -> str:
        parts = [self.slug]
        if filters.fiscal_year:
            parts.append(str(filters.fiscal_year))
        if filters.agency:
            parts.append(filters.agency)
        if filters.province:
            parts.append(f"province-{filters.province}")
        if filters.kind:
            parts.append(filters.kind)
        return "-".join(parts) + f".{fmt}"


def clean(value: Any) -> Any:
    """A cell as open data carries it: money as a number, dates as ISO text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _c(key: str, th: str, en: str, typ: type, get: Callable[[Any], Any], desc: str = "") -> Column:
    return Column(key, th, en, typ, get, desc)


def _agency_cols(path: Callable[[Any], Agency]) -> tuple[Column, ...]:
    return (
        _c("agency_code", "รหัสหน่วยงาน", "Agency code", str, lambda o: path(o).code),
        _c("agency", "หน่วยงาน", "Agency", str, lambda o: path(o).name),
        _c("province", "จังหวัด", "Province", str, lambda o: path(o).province.name),
    )


def _published(model_field: str = "status") -> Q:
    return access.open_data_q(status_field=model_field)


# --- The datasets ------------------------------------------------------------------------------


def _agencies(f: Filters) -> QuerySet[Any]:
    from portal.dashboards import current_fiscal_year

    year = f.fiscal_year or current_fiscal_year()
    return (
        agencies_with_flags(year)
        .annotate(fiscal_year_shown=Value(year, output_field=IntegerField()))
        .select_related("province")
        .order_by("province__name", "name", "pk")
    )


AGENCIES = Dataset(
    slug="agencies",
    th="หน่วยงาน",
    en="Agencies",
    description="หน่วยงานทุกแห่ง และการเผยแพร่แผน มาตรการ รายงาน 6 และ 12 เดือน ของปีงบประมาณ",
    agency_path="",
    year_note="ปีงบประมาณที่ใช้ตรวจการเผยแพร่ (ค่าเริ่มต้น: ปีปัจจุบัน)",
    select=_agencies,
    columns=(
        _c("code", "รหัสหน่วยงาน", "Agency code", str, lambda a: a.code, "รหัส อปท. 7 หลัก"),
        _c("name", "ชื่อหน่วยงาน", "Name", str, lambda a: a.name),
        _c("short_name", "ชื่อย่อ", "Short name", str, lambda a: a.short_name),
        _c("kind", "ประเภท", "Kind", str, lambda a: a.kind, "pao, city, town, …, sao"),
        _c("district", "อำเภอ", "District", str, lambda a: a.district),
        _c("province", "จังหวัด", "Province", str, lambda a: a.province.name),
        _c("fiscal_year", "ปีงบประมาณ", "Fiscal year (BE)", int, lambda a: a.fiscal_year_shown),
        _c("plan_published", "เผยแพร่แผน", "Plan published", int, lambda a: int(a.has_plan)),
        _c(
            "measures_published",
            "เผยแพร่มาตรการ",
            "Measures published",
            int,
            lambda a: int(a.has_measures),
        ),
        _c(
            "report_6_months_published",
            "เผยแพร่รายงาน 6 เดือน",
            "6-month report published",
            int,
            lambda a: int(a.has_h1),
        ),
        _c(
            "report_12_months_published",
            "เผยแพร่รายงาน 12 เดือน",
            "Annual report published",
            int,
            lambda a: int(a.has_annual),
        ),
    ),
)


def _plans(f: Filters) -> QuerySet[Any]:
    qs = Plan.objects.filter(_published()).select_related("agency__province")
    if f.fiscal_year:
        qs = qs.filter(first_year__lte=f.fiscal_year, last_year__gte=f.fiscal_year)
    return qs.order_by("agency__code", "first_year", "pk")


PLANS = Dataset(
    slug="plans",
    th="แผนปฏิบัติการป้องกันการทุจริต",
    en="Anti-corruption plans",
    description="แผนที่เผยแพร่แล้ว (ฉบับที่มีผลอยู่) หนึ่งบรรทัดต่อแผน",
    agency_path="agency",
    year_note="แผนที่ครอบคลุมปีงบประมาณนั้น",
    select=_plans,
    only=(
        "title",
        "first_year",
        "last_year",
        "revision_number",
        "published_at",
        "agency__code",
        "agency__name",
        "agency__province__name",
    ),
    columns=(
        _c("plan_id", "รหัสแผน", "Plan id", int, lambda p: p.pk),
        *_agency_cols(lambda p: p.agency),
        _c("title", "ชื่อแผน", "Title", str, lambda p: p.title),
        _c("first_year", "ปีแรก", "First year (BE)", int, lambda p: p.first_year),
        _c("last_year", "ปีสุดท้าย", "Last year (BE)", int, lambda p: p.last_year),
        _c("revision", "ฉบับที่", "Revision", int, lambda p: p.revision_number),
        _c("published_at", "เผยแพร่เมื่อ", "Published at", str, lambda p: p.published_at),
    ),
)


def _plan_items(f: Filters) -> QuerySet[Any]:
    qs = PlanItemYear.objects.filter(_published("item__plan__status")).select_related(
        "item__plan__agency__province", "item__dimension", "item__subdimension"
    )
    if f.fiscal_year:
        qs = qs.filter(year=f.fiscal_year)
    return qs.order_by(
        "item__plan__agency__code",
        "item__plan__first_year",
        "item__dimension__sort_key",
        "item__order",
        "year",
        "pk",
    )


PLAN_ITEMS = Dataset(
    slug="plan-items",
    th="โครงการ/กิจกรรม/มาตรการตามแผน",
    en="Plan items with budgets per year",
    description="ทุกรายการของแผนที่เผยแพร่แล้ว หนึ่งบรรทัดต่อรายการต่อปี (งบประมาณ ไตรมาส)",
    agency_path="item__plan__agency",
    year_note="ปีงบประมาณของงบประมาณรายการ",
    select=_plan_items,
    only=(
        "year",
        "budget",
        "no_budget",
        "q1",
        "q2",
        "q3",
        "q4",
        "item__kind",
        "item__title",
        "item__plan__first_year",
        "item__plan__last_year",
        "item__plan__agency__code",
        "item__plan__agency__name",
        "item__plan__agency__province__name",
        "item__dimension__number",
        "item__subdimension__number",
    ),
    columns=(
        _c("agency_code", "รหัสหน่วยงาน", "Agency code", str, lambda y: y.item.plan.agency.code),
        _c("agency", "หน่วยงาน", "Agency", str, lambda y: y.item.plan.agency.name),
        _c("plan_id", "รหัสแผน", "Plan id", int, lambda y: y.item.plan_id),
        _c(
            "plan_first_year",
            "ปีแรกของแผน",
            "Plan first year",
            int,
            lambda y: y.item.plan.first_year,
        ),
        _c(
            "plan_last_year", "ปีสุดท้ายของแผน", "Plan last year", int, lambda y: y.item.plan.last_year
        ),
        _c("dimension", "มิติ", "Dimension", str, lambda y: y.item.dimension.number),
        _c(
            "subdimension",
            "มิติย่อย",
            "Sub-dimension",
            str,
            lambda y: y.item.subdimension.number if y.item.subdimension else "",
        ),
        _c("kind", "ประเภท", "Kind", str, lambda y: y.item.kind, "project, activity, measure"),
        _c("title", "ชื่อโครงการ", "Title", str, lambda y: y.item.title),
        _c("year", "ปีงบประมาณ", "Fiscal year (BE)", int, lambda y: y.year),
        _c("budget", "งบประมาณ (บาท)", "Budget (THB)", float, lambda y: y.budget, "ว่าง = ไม่ระบุ"),
        _c("no_budget", "ไม่ใช้งบประมาณ", "No budget", int, lambda y: int(y.no_budget)),
        _c("q1", "ไตรมาส 1", "Quarter 1", int, lambda y: int(y.q1)),
        _c("q2", "ไตรมาส 2", "Quarter 2", int, lambda y: int(y.q2)),
        _c("q3", "ไตรมาส 3", "Quarter 3", int, lambda y: int(y.q3)),
        _c("q4", "ไตรมาส 4", "Quarter 4", int, lambda y: int(y.q4)),
    ),
)


def _measure_sets(f: Filters) -> QuerySet[Any]:
    qs = MeasureSet.objects.filter(_published()).select_related("agency__province")
    if f.fiscal_year:
        qs = qs.filter(fiscal_year=f.fiscal_year)
    return qs.order_by("agency__code", "fiscal_year", "kind", "pk")


MEASURE_SETS = Dataset(
    slug="measure-sets",
    th="ชุดมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
    en="Integrity measure sets",
    description="เอกสารมาตรการและรายงานการดำเนินการตามมาตรการที่เผยแพร่แล้ว",
    agency_path="agency",
    year_note="ปีงบประมาณของชุดมาตรการ",
    select=_measure_sets,
    columns=(
        _c("set_id", "รหัสชุดมาตรการ", "Set id", int, lambda s: s.pk),
        *_agency_cols(lambda s: s.agency),
        _c("fiscal_year", "ปีงบประมาณ", "Fiscal year (BE)", int, lambda s: s.fiscal_year),
        _c("kind", "ประเภทเอกสาร", "Kind", str, lambda s: s.kind, "measures, measures_report"),
        _c("ita_year", "ปี ITA ที่อ้างถึง", "ITA year", int, lambda s: s.ita_year),
        _c("title", "ชื่อเอกสาร", "Title", str, lambda s: s.title),
        _c("revision", "ฉบับที่", "Revision", int, lambda s: s.revision_number),
        _c("published_at", "เผยแพร่เมื่อ", "Published at", str, lambda s: s.published_at),
    ),
)


def _measures(f: Filters) -> QuerySet[Any]:
    qs = (
        Measure.objects.filter(_published("set__status"))
        .select_related("set__agency__province")
        .prefetch_related(Prefetch("results", queryset=MeasureResult.objects.order_by("period")))
    )
    if f.fiscal_year:
        qs = qs.filter(set__fiscal_year=f.fiscal_year)
    return qs.order_by("set__agency__code", "set__fiscal_year", "set_id", "order", "pk")


def _result(period: str) -> Callable[[Any], str]:
    def get(m: Any) -> str:
        for r in m.results.all():
            if r.period == period:
                return "\n".join(p for p in (r.summary, r.outcome) if p)
        return ""

    return get


MEASURES = Dataset(
    slug="measures",
    th="มาตรการและผลการดำเนินการ",
    en="Measures with results",
    description="มาตรการแต่ละข้อของชุดที่เผยแพร่แล้ว พร้อมผลการดำเนินการแต่ละรอบ",
    agency_path="set__agency",
    year_note="ปีงบประมาณของชุดมาตรการ",
    select=_measures,
    only=(
        "set_id",
        "number",
        "issue",
        "title",
        "responsible_units",
        "period_text",
        "set__fiscal_year",
        "set__agency__code",
        "set__agency__name",
        "set__agency__province__name",
    ),
    columns=(
        _c("set_id", "รหัสชุดมาตรการ", "Set id", int, lambda m: m.set_id),
        *_agency_cols(lambda m: m.set.agency),
        _c("fiscal_year", "ปีงบประมาณ", "Fiscal year (BE)", int, lambda m: m.set.fiscal_year),
        _c("number", "ลำดับ", "Number", str, lambda m: m.number),
        _c("issue", "ประเด็น", "Issue", str, lambda m: m.issue),
        _c("title", "มาตรการ/แนวทาง", "Measure", str, lambda m: m.title),
        _c("responsible_units", "ผู้รับผิดชอบ", "Responsible", str, lambda m: m.responsible_units),
        _c("period", "ระยะเวลา", "Period", str, lambda m: m.period_text),
        _c("result_q1", "ผลไตรมาส 1", "Result Q1", str, _result("q1")),
        _c("result_q2", "ผลไตรมาส 2", "Result Q2", str, _result("q2")),
        _c("result_q3", "ผลไตรมาส 3", "Result Q3", str, _result("q3")),
        _c("result_q4", "ผลไตรมาส 4", "Result Q4", str, _result("q4")),
        _c("result_6_months", "ผลรอบ 6 เดือน", "Result 6 months", str, _result("m6")),
        _c("result_12_months", "ผลรอบ 12 เดือน", "Result 12 months", str, _result("m12")),
        _c("result_annual", "ผลประจำปี", "Result of the year", str, _result("annual")),
    ),
)


def _ita(f: Filters) -> QuerySet[Any]:
    qs = ITAResult.objects.filter(_published()).select_related("agency__province")
    if f.fiscal_year:
        qs = qs.filter(fiscal_year=f.fiscal_year)
    return qs.order_by("agency__code", "fiscal_year", "pk")


ITA_RESULTS = Dataset(
    slug="ita-results",
    th="ผลการประเมิน ITA",
    en="ITA results",
    description="คะแนน ITA รวมและรายเครื่องมือ (IIT EIT OIT) ที่หน่วยงานเผยแพร่แล้ว",
    agency_path="agency",
    year_note="ปีงบประมาณที่ประเมิน",
    select=_ita,
    columns=(
        _c("result_id", "รหัสผลการประเมิน", "Result id", int, lambda r: r.pk),
        *_agency_cols(lambda r: r.agency),
        _c("fiscal_year", "ปีที่ประเมิน", "Fiscal year (BE)", int, lambda r: r.fiscal_year),
        _c("total", "คะแนนรวม", "Total score", float, lambda r: r.total),
        _c("iit", "คะแนน IIT", "IIT score", float, lambda r: r.iit),
        _c("eit", "คะแนน EIT", "EIT score", float, lambda r: r.eit),
        _c("oit", "คะแนน OIT", "OIT score", float, lambda r: r.oit),
        _c("stated_grade", "ระดับตามเอกสาร", "Stated grade", str, lambda r: r.stated_grade),
    ),
)


def _ita_scores(f: Filters) -> QuerySet[Any]:
    qs = IndicatorScore.objects.filter(_published("result__status")).select_related(
        "result__agency__province", "indicator"
    )
    if f.fiscal_year:
        qs = qs.filter(result__fiscal_year=f.fiscal_year)
    return qs.order_by("result__agency__code", "result__fiscal_year", "indicator__number", "pk")


ITA_SCORES = Dataset(
    slug="ita-scores",
    th="คะแนน ITA รายตัวชี้วัด",
    en="ITA indicator scores",
    description="คะแนนแต่ละตัวชี้วัดของผลการประเมิน ITA ที่เผยแพร่แล้ว",
    agency_path="result__agency",
    year_note="ปีงบประมาณที่ประเมิน",
    select=_ita_scores,
    columns=(
        _c("result_id", "รหัสผลการประเมิน", "Result id", int, lambda s: s.result_id),
        *_agency_cols(lambda s: s.result.agency),
        _c("fiscal_year", "ปีที่ประเมิน", "Fiscal year (BE)", int, lambda s: s.result.fiscal_year),
        _c("indicator", "ตัวชี้วัดที่", "Indicator number", int, lambda s: s.indicator.number),
        _c("instrument", "เครื่องมือ", "Instrument", str, lambda s: s.indicator.instrument),
        _c("indicator_name", "ตัวชี้วัด", "Indicator", str, lambda s: s.indicator.name),
        _c("score", "คะแนน", "Score", float, lambda s: s.score),
    ),
)


def _rounds(f: Filters) -> QuerySet[Any]:
    qs = ReportingRound.objects.filter(_published("state")).select_related("agency__province")
    if f.fiscal_year:
        qs = qs.filter(fiscal_year=f.fiscal_year)
    return qs.order_by("agency__code", "fiscal_year", "period_end", "pk")


ROUNDS = Dataset(
    slug="rounds",
    th="รอบรายงานผลการดำเนินงาน",
    en="Reporting rounds",
    description="รายงานผลการดำเนินงานที่เผยแพร่แล้ว หนึ่งบรรทัดต่อรอบ",
    agency_path="agency",
    year_note="ปีงบประมาณของรายงาน",
    select=_rounds,
    columns=(
        _c("round_id", "รหัสรายงาน", "Round id", int, lambda r: r.pk),
        *_agency_cols(lambda r: r.agency),
        _c("fiscal_year", "ปีงบประมาณ", "Fiscal year (BE)", int, lambda r: r.fiscal_year),
        _c("kind", "รอบรายงาน", "Kind", str, lambda r: r.kind, "q1–q4, h1 (6 เดือน), annual"),
        _c("period_start", "ตั้งแต่วันที่", "Period start", dt.date, lambda r: r.period_start),
        _c("period_end", "ข้อมูล ณ วันที่", "Period end", dt.date, lambda r: r.period_end),
        _c("due_date", "กำหนดส่ง", "Due date", dt.date, lambda r: r.due_date),
        _c("published_at", "เผยแพร่เมื่อ", "Published at", str, lambda r: r.published_at),
    ),
)


def _rows(f: Filters) -> QuerySet[Any]:
    qs = ReportRow.objects.filter(_published("round__state")).select_related(
        "round__agency__province", "plan_item_year__item", "measure"
    )
    if f.fiscal_year:
        qs = qs.filter(round__fiscal_year=f.fiscal_year)
    return qs.order_by("round__agency__code", "round__fiscal_year", "round_id", "order", "pk")


def _row_title(r: Any) -> str:
    if r.plan_item_year_id:
        return r.plan_item_year.item.title
    return r.measure.title if r.measure_id else ""


REPORT_ROWS = Dataset(
    slug="report-rows",
    th="รายการในรายงานผลการดำเนินงาน",
    en="Report rows with statuses and budget used",
    description="ผลการดำเนินงานแต่ละโครงการ/มาตรการในรายงานที่เผยแพร่แล้ว สถานะ และงบประมาณที่ใช้",
    agency_path="round__agency",
    year_note="ปีงบประมาณของรายงาน",
    select=_rows,
    only=(
        "round_id",
        "status",
        "status_reason",
        "budget_used",
        "done_text",
        "outcome",
        "plan_item_year_id",
        "measure_id",
        "round__fiscal_year",
        "round__kind",
        "round__agency__code",
        "round__agency__name",
        "round__agency__province__name",
        "plan_item_year__item__title",
        "measure__title",
    ),
    columns=(
        _c("round_id", "รหัสรายงาน", "Round id", int, lambda r: r.round_id),
        *_agency_cols(lambda r: r.round.agency),
        _c("fiscal_year", "ปีงบประมาณ", "Fiscal year (BE)", int, lambda r: r.round.fiscal_year),
        _c("round_kind", "รอบรายงาน", "Round kind", str, lambda r: r.round.kind),
        _c(
            "source",
            "ที่มา",
            "Source",
            str,
            lambda r: "plan_item" if r.plan_item_year_id else "measure",
            "plan_item หรือ measure",
        ),
        _c("title", "โครงการ/มาตรการ", "Title", str, _row_title),
        _c(
            "status",
            "สถานะ",
            "Status",
            str,
            lambda r: r.status,
            "not_started, in_progress, done, deferred, cancelled",
        ),
        _c("status_reason", "เหตุผล", "Reason", str, lambda r: r.status_reason),
        _c("budget_used", "งบประมาณที่ใช้ (บาท)", "Budget used (THB)", float, lambda r: r.budget_used),
        _c("done_text", "ผลการดำเนินการ", "What was done", str, lambda r: r.done_text),
        _c("outcome", "ผลลัพธ์", "Outcome", str, lambda r: r.outcome),
    ),
)

DATASETS: dict[str, Dataset] = {
    d.slug: d
    for d in (
        AGENCIES,
        PLANS,
        PLAN_ITEMS,
        MEASURE_SETS,
        MEASURES,
        ITA_RESULTS,
        ITA_SCORES,
        ROUNDS,
        REPORT_ROWS,
    )
}


# --- Writers -----------------------------------------------------------------------------------


def _chunked(parts: Iterable[str]) -> Iterator[bytes]:
    """Join small strings into ~CHUNK_BYTES chunks (a chunk per row costs more than the row)."""
    buffer: list[str] = []
    size = 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= CHUNK_BYTES:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()


def csv_chunks(dataset: Dataset, filters: Filters) -> Iterator[bytes]:
    """The CSV (BOM, header of column keys) in ~64 KB chunks."""

    def rows() -> Iterator[list[Any]]:
        yield [c.key for c in dataset.columns]
        yield from dataset.rows(filters)

    return _chunked(csv_lines(rows()))


def json_chunks(dataset: Dataset, filters: Filters) -> Iterator[bytes]:
    """{"dataset": …, "columns": […], "rows": [{…}, …]} in ~64 KB chunks."""

    def parts() -> Iterator[str]:
        head = json.dumps(
            {
                "dataset": dataset.slug,
                "title": {"th": dataset.th, "en": dataset.en},
                "filters": {k: v for k, v in filters.__dict__.items() if v},
                "columns": dictionary(dataset),
            },
            ensure_ascii=False,
        )
        yield head[:-1] + ', "rows": ['
        keys = [c.key for c in dataset.columns]
        first = True
        for row in dataset.rows(filters):
            yield ("" if first else ",") + json.dumps(
                dict(zip(keys, row, strict=True)), ensure_ascii=False
            )
            first = False
        yield "]}"

    return _chunked(parts())


def write_xlsx(dataset: Dataset, filters: Filters, out: IO[bytes]) -> None:
    """A write-only workbook: sheet "data" (header of column keys, then rows) and sheet
    "dictionary" (each column's Thai and English header and description)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append([xlsx_cell(sheet, c.key) for c in dataset.columns])
    for row in dataset.rows(filters):
        sheet.append([xlsx_cell(sheet, v) for v in row])
    info = book.create_sheet("dictionary")
    info.append(["key", "th", "en", "type", "description"])
    for entry in dictionary(dataset):
        info.append([xlsx_cell(info, str(v)) for v in entry.values()])
    book.save(out)


def xlsx_file(dataset: Dataset, filters: Filters) -> IO[bytes]:
    """The workbook in a temporary file (spilled to disk past 8 MB), rewound."""
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_xlsx(dataset, filters, out)
    out.seek(0)
    return out


def dictionary(dataset: Dataset) -> list[dict[str, str]]:
    """The data dictionary of one dataset: every column, its headers, type and meaning."""
    return [
        {
            "key": c.key,
            "th": c.th,
            "en": c.en,
            "type": c.type_name,
            "description": c.description,
        }
        for c in dataset.columns
    ]
