"""The OIT link sheet: for an agency and an ITA year, each OIT item its integrity documents
answer, with the stable public URL that answers it (or "ยังไม่เผยแพร่"), ready to paste into
ITAS; and the national count of agencies that can answer each item.

Which document answers an item is data (`OITItem.answered_by`, edited by a site admin); which
fiscal year's document answers the ITA of year Y is decided here, once:

- the plan: the published plan whose years include Y;
- risk assessment and risk management: that plan's part 1 (its corruption-risk table: the
  risks and the controls), linked at ``#part1``, when the plan has risk rows;
- the 6-month report: the published 6-month round of fiscal year Y (as of 31 March: OIT
  is collected in March–April);
- the annual report: the published 12-month round of fiscal year Y − 1 (the year's own is
  not written before the OIT is collected);
- the measures: the published measure set of fiscal year Y;
- the measures carried out: the published report on them of year Y, or else the measure set
  of year Y once results are recorded in it.

Only published revisions count, whoever looks: the sheet is the same page for everybody (and
so may be cached whole). Each answer is the family's "current" stable URL, which keeps
answering after an amendment; the revision's own /r<N>/ URL is shown next to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agencies.choices import PublicationStatus
from agencies.models import Agency, Province
from measures.choices import MeasureSetKind, OITSource
from measures.models import ITAFramework, MeasureResult, MeasureSet, OITItem
from plans.models import Plan, RiskRow
from reports.choices import RoundKind
from reports.exports import Table
from reports.models import ReportingRound

PUBLISHED = PublicationStatus.PUBLISHED
MISSING = _("ยังไม่เผยแพร่")

#: Sources answered by the plan's part 1 (the risk table), at this anchor of the plan page.
RISK_SOURCES = {OITSource.RISK_ASSESSMENT, OITSource.RISK_MANAGEMENT}
RISK_ANCHOR = "#part1"


def oit_years() -> list[int]:
    """The ITA years whose OIT list names at least one item a document of ours answers."""
    return list(
        ITAFramework.objects.filter(oit_items__answered_by__gt="")
        .distinct()
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
    )


def sheet_items(year: int) -> list[OITItem]:
    """The items of the year's OIT list that a portal document answers, in order."""
    return list(
        OITItem.objects.filter(framework__fiscal_year=year)
        .exclude(answered_by="")
        .order_by("order", "code")
    )


def other_items(year: int) -> list[OITItem]:
    """The year's items answered elsewhere (ethics, organisational culture …)."""
    return list(
        OITItem.objects.filter(framework__fiscal_year=year, answered_by="").order_by(
            "order", "code"
        )
    )


# --- Which published documents answer which source -------------------------------------------


def _plans(year: int) -> QuerySet[Plan]:
    return Plan.objects.filter(status=PUBLISHED, first_year__lte=year, last_year__gte=year)


def answering(source: str, year: int) -> QuerySet[Any]:
    """The published documents that answer `source` for the ITA of `year` (every agency)."""
    if source == OITSource.PLAN:
        return _plans(year)
    if source in RISK_SOURCES:
        return _plans(year).filter(Exists(RiskRow.objects.filter(plan=OuterRef("pk"))))
    if source == OITSource.REPORT_6_MONTHS:
        return ReportingRound.objects.filter(state=PUBLISHED, kind=RoundKind.H1, fiscal_year=year)
    if source == OITSource.REPORT_ANNUAL:
        return ReportingRound.objects.filter(
            state=PUBLISHED, kind=RoundKind.ANNUAL, fiscal_year=year - 1
        )
    if source == OITSource.MEASURES:
        return MeasureSet.objects.filter(
            status=PUBLISHED, kind=MeasureSetKind.MEASURES, fiscal_year=year
        )
    if source == OITSource.MEASURES_REPORT:
        with_results = Exists(MeasureResult.objects.filter(measure__set=OuterRef("pk")))
        return MeasureSet.objects.filter(status=PUBLISHED, fiscal_year=year).filter(
            Q(kind=MeasureSetKind.REPORT) | Q(kind=MeasureSetKind.MEASURES) & with_results
        )
    return Plan.objects.none()


# Among several answers, the one to give: the newest plan; the report rather than the
# measure set it reports on.
_PREFERRED_ORDER: dict[str, list[str]] = {
    OITSource.PLAN.value: ["-first_year", "-pk"],
    OITSource.RISK_ASSESSMENT.value: ["-first_year", "-pk"],
    OITSource.RISK_MANAGEMENT.value: ["-first_year", "-pk"],
    OITSource.MEASURES_REPORT.value: ["-kind", "-pk"],  # "measures_report" before "measures"
}


def _answer(source: str, year: int, agency: Agency) -> Any | None:
    order = _PREFERRED_ORDER.get(source, ["-pk"])
    return (
        answering(source, year)
        .filter(agency=agency)
        .select_related("agency")
        .order_by(*order)
        .first()
    )


# --- One agency's sheet -----------------------------------------------------------------------


@dataclass(frozen=True)
class SheetLine:
    """One OIT item of the sheet and the address that answers it ('' when missing)."""

    item: OITItem
    document: Any | None
    url: str  # the stable URL in force (path; the view makes it absolute)
    revision_url: str  # the same revision's own /r<N>/ URL

    @property
    def answered(self) -> bool:
        return bool(self.url)

    @property
    def source_label(self) -> str:
        return str(self.item.get_answered_by_display())


def agency_sheet(agency: Agency, year: int) -> list[SheetLine]:
    """The sheet of `agency` for the ITA of `year`: published documents only, for everybody."""
    lines = []
    found: dict[str, Any | None] = {}
    for item in sheet_items(year):
        source = item.answered_by
        if source not in found:
            found[source] = _answer(source, year, agency)
        document = found[source]
        url = revision_url = ""
        if document is not None:
            anchor = RISK_ANCHOR if source in RISK_SOURCES else ""
            url = document.get_stable_url() + anchor
            revision_url = document.get_stable_url(revision=True) + anchor
        lines.append(SheetLine(item, document, url, revision_url))
    return lines


def sheet_table(year: int, lines: list[SheetLine], absolute: Callable[[str], str]) -> Table:
    """The sheet as CSV/XLSX rows; `absolute` turns a path into the full URL."""

    def rows() -> Iterator[list[Any]]:
        for line in lines:
            yield [
                line.item.code,
                line.item.title,
                line.source_label,
                absolute(line.url) if line.answered else str(MISSING),
                absolute(line.revision_url) if line.answered else "",
            ]

    return Table(
        sheet=f"OIT {year}",
        header=["ข้อ", "ชื่อข้อมูล", "เอกสารที่ตอบ", "URL", "URL ฉบับที่เผยแพร่"],
        rows=rows(),
    )


# --- The national view ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceRow:
    """One province of the national view: its agencies and how many answer each item."""

    province: Province
    agencies: int
    counts: list[int]  # per item of the sheet, in order


def national_counts(year: int, *, page: str | int | None = 1, per_page: int = 20) -> dict:
    """How many agencies can answer each item of the year's sheet, in the whole country and
    per province (paged): one grouped query per kind of document."""
    items = sheet_items(year)
    sources = list(dict.fromkeys(item.answered_by for item in items))
    per_source: dict[str, dict[int, int]] = {}
    for source in sources:
        grouped = (
            answering(source, year)
            .order_by()
            .values("agency__province_id")
            .annotate(n=Count("agency_id", distinct=True))
        )
        per_source[source] = {row["agency__province_id"]: row["n"] for row in grouped}
    agencies = dict(
        Agency.objects.order_by()
        .values_list("province_id")
        .annotate(n=Count("pk"))
        .values_list("province_id", "n")
    )
    total_agencies = sum(agencies.values())
    totals = [sum(per_source[item.answered_by].values()) for item in items]
    provinces: Page = Paginator(Province.objects.order_by("name"), per_page).get_page(page)
    rows = [
        ProvinceRow(
            province=p,
            agencies=agencies.get(p.pk, 0),
            counts=[per_source[item.answered_by].get(p.pk, 0) for item in items],
        )
        for p in provinces
    ]
    return {
        "year": year,
        "items": items,
        "totals": [
            (item, n, (n * 100 / total_agencies) if total_agencies else 0)
            for item, n in zip(items, totals, strict=True)
        ],
        "total_agencies": total_agencies,
        "page": provinces,
        "rows": rows,
    }
