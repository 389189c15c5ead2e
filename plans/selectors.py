"""Reads of the plans app: the one source of the plan page, its PDF and its CSV.

Totals are computed here from PlanItemYear rows (never stored). The plan page, the plan PDF
and the CSV all call `plan_detail_context` / `plan_items_grouped`, so they cannot drift apart.
Every selector takes an object the view already reached through a scoped queryset.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import Count, F, Field, Max, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from agencies import access
from agencies.access import Viewer
from agencies.models import Agency
from agencies.selectors import published_revision, workflow_panel
from core import thai
from plans.models import Dimension, Plan, PlanItem, PlanItemYear, PlanTarget, ProjectSheet, RiskRow

UNKNOWN_SUBDIMENSION = _("ไม่ระบุภารกิจ")
QUARTERS = (1, 2, 3, 4)

# The fields of a part-3 sheet in the document's order, with the number the document gives
# them ("1. ชื่อโครงการ" is the title; ผลลัพธ์ sits under "9." and หมายเหตุ has no number).
SHEET_FIELDS = (
    ("rationale", 2),
    ("objectives", 3),
    ("target_group", 4),
    ("method", 5),
    ("period", 6),
    ("budget_text", 7),
    ("owner", 8),
    ("outputs", 9),
    ("outcomes", None),
    ("note", None),
)

# Sections of an agency page that other apps provide: (label, path under /agencies/<code>/).
# A section is linked only when its URL resolves, so an app that is not there yet breaks nothing.
# --- Summary (part 2 table) -------------------------------------------------------------------


@dataclass
class Cell:
    """Number of items and their budget (no budget counts as zero)."""

    items: int = 0
    budget: Decimal = field(default_factory=lambda: Decimal(0))

    def add(self, items: int, budget: Decimal | None) -> None:
        self.items += items
        self.budget += budget or Decimal(0)


@dataclass
class SummaryRow:
    dimension: Dimension
    cells: list[Cell]  # one per plan year
    total: Cell  # items counted once across years; budget summed over the years


@dataclass
class PlanSummary:
    years: list[int]
    rows: list[SummaryRow]
    column_totals: list[Cell]
    grand_total: Cell


def plan_summary(plan: Plan) -> PlanSummary:
    """Items and budget per dimension per year, with row, column and grand totals.

    Two aggregate queries (per dimension × year; distinct items per dimension) and one for the
    dimension names. Dimensions of the edition without items are shown with zeros.
    """
    years = plan.years
    per_cell = (
        PlanItemYear.objects.filter(item__plan=plan, year__in=years)
        .values("item__dimension_id", "year")
        .annotate(n=Count("pk"), budget=Sum("budget"))
        .order_by()
    )
    per_dimension = dict(
        PlanItemYear.objects.filter(item__plan=plan, year__in=years)
        .values("item__dimension_id")
        .annotate(n=Count("item_id", distinct=True))
        .order_by()
        .values_list("item__dimension_id", "n")
    )
    dimensions = Dimension.objects.filter(
        Q(edition_id=plan.edition_id, parent__isnull=True) | Q(pk__in=list(per_dimension))
    ).order_by("sort_key")

    index = {year: i for i, year in enumerate(years)}
    rows = {d.pk: SummaryRow(d, [Cell() for _ in years], Cell()) for d in dimensions}
    for rec in per_cell:
        row = rows[rec["item__dimension_id"]]
        row.cells[index[rec["year"]]].add(rec["n"], rec["budget"])
        row.total.budget += rec["budget"] or Decimal(0)
    for pk, n in per_dimension.items():
        rows[pk].total.items = n

    column_totals = [Cell() for _ in years]
    grand = Cell()
    for row in rows.values():
        for i, cell in enumerate(row.cells):
            column_totals[i].add(cell.items, cell.budget)
        grand.add(row.total.items, row.total.budget)
    return PlanSummary(years, list(rows.values()), column_totals, grand)


# --- Items grouped by dimension and sub-dimension (part 2 list) -------------------------------


@dataclass(frozen=True)
class ItemFilters:
    """The server-side filters of the plan page (GET dimension, year, q)."""

    dimension: str = ""  # a dimension number, "1".."4"
    year: int | None = None
    q: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, str], plan: Plan) -> ItemFilters:
        dimension = thai.to_arabic_digits(params.get("dimension", "").strip())
        year_text = thai.to_arabic_digits(params.get("year", "").strip())
        year = int(year_text) if year_text.isdigit() and int(year_text) in plan.years else None
        q = thai.normalize_text(params.get("q", "")).strip()[:100]
        return cls(dimension=dimension if dimension.isdigit() else "", year=year, q=q)

    @property
    def active(self) -> bool:
        return bool(self.dimension or self.year or self.q)

    def as_query(self) -> str:
        from urllib.parse import urlencode

        pairs = [("dimension", self.dimension), ("year", self.year or ""), ("q", self.q)]
        return urlencode([(k, v) for k, v in pairs if v])


@dataclass
class ItemRow:
    item: PlanItem
    cells: list[PlanItemYear | None]  # one per shown year; None: not in the plan that year

    @property
    def total(self) -> Decimal:
        """The item's budget over the shown years (no budget counts as zero)."""
        return sum((cell.amount for cell in self.cells if cell is not None), Decimal(0))


@dataclass
class SubGroup:
    subdimension: Dimension | None
    rows: list[ItemRow] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.subdimension is None:
            return str(UNKNOWN_SUBDIMENSION)
        return f"{self.subdimension.number} {self.subdimension.name}"


@dataclass
class DimensionGroup:
    dimension: Dimension
    subgroups: list[SubGroup] = field(default_factory=list)
    totals: list[Cell] = field(default_factory=list)  # per shown year

    @property
    def item_count(self) -> int:
        return sum(len(g.rows) for g in self.subgroups)


@dataclass
class ItemsTable:
    years: list[int]
    groups: list[DimensionGroup]
    totals: list[Cell]

    @property
    def item_count(self) -> int:
        return sum(g.item_count for g in self.groups)

    def rows(self) -> Iterator[tuple[DimensionGroup, SubGroup, ItemRow]]:
        for group in self.groups:
            for sub in group.subgroups:
                for row in sub.rows:
                    yield group, sub, row


def plan_items_queryset(plan: Plan) -> QuerySet[PlanItem]:
    """A plan's items with what the lists show, in document order: a fixed number of queries."""
    return (
        PlanItem.objects.filter(plan=plan)
        .select_related("dimension", "subdimension")
        .prefetch_related(Prefetch("years", queryset=PlanItemYear.objects.order_by("year")))
        .order_by(
            "dimension__sort_key",
            F("subdimension__sort_key").asc(nulls_last=True),
            "order",
            "pk",
        )
    )


def plan_items_grouped(plan: Plan, filters: ItemFilters | None = None) -> ItemsTable:
    """Items grouped by dimension → sub-dimension, each with its cells per year (two queries)."""
    filters = filters or ItemFilters()
    years = [filters.year] if filters.year else plan.years
    items = plan_items_queryset(plan)
    if filters.dimension:
        items = items.filter(dimension__number=filters.dimension)
    if filters.year:
        items = items.filter(years__year=filters.year)
    if filters.q:
        items = items.filter(title__icontains=filters.q)

    groups: dict[int, DimensionGroup] = {}
    subgroups: dict[tuple[int, int | None], SubGroup] = {}
    for item in items:
        group = groups.get(item.dimension_id)
        if group is None:
            group = groups[item.dimension_id] = DimensionGroup(
                item.dimension, totals=[Cell() for _ in years]
            )
        key = (item.dimension_id, item.subdimension_id)
        sub = subgroups.get(key)
        if sub is None:
            sub = subgroups[key] = SubGroup(item.subdimension)
            group.subgroups.append(sub)
        by_year = {y.year: y for y in item.years.all()}
        cells = [by_year.get(year) for year in years]
        sub.rows.append(ItemRow(item, cells))
        for i, cell in enumerate(cells):
            if cell is not None:
                group.totals[i].add(1, cell.budget)

    totals = [Cell() for _ in years]
    for group in groups.values():
        for i, total in enumerate(group.totals):
            totals[i].add(total.items, total.budget)
    return ItemsTable(years, list(groups.values()), totals)


# --- Whole pages ------------------------------------------------------------------------------


def plan_sheets(plan: Plan) -> QuerySet[ProjectSheet]:
    return (
        ProjectSheet.objects.filter(plan=plan)
        .select_related("item__dimension", "item__subdimension")
        .order_by("order", "pk")
    )


def plan_detail_context(
    plan: Plan,
    user: Viewer,
    *,
    filters: ItemFilters | None = None,
    with_sheets: bool = False,
) -> dict[str, Any]:
    """The one context of the plan page and the plan PDF.

    `plan` must come from `Plan.objects.visible_to(user)` with agency, province and edition
    selected. `with_sheets` adds every part-3 sheet (the PDF prints them all).
    """
    filters = filters or ItemFilters()
    agency = plan.agency
    summary = plan_summary(plan)
    show_sources = access.can_read_drafts(user, agency)
    warnings = (plan.source.warnings if plan.source is not None else []) if show_sources else []
    return {
        "plan": plan,
        "agency": agency,
        "digits": agency.digit_style,
        "years": plan.years,
        "summary": summary,
        "table": plan_items_grouped(plan, filters),
        "filters": filters,
        "dimensions": [row.dimension for row in summary.rows],
        "risks": list(plan.risks.all()),
        "targets": [(t, [t.value_for(y) for y in plan.years]) for t in plan.targets.all()],
        "sheets": [(s, sheet_fields(s)) for s in plan_sheets(plan)] if with_sheets else [],
        "show_sources": show_sources,
        "wf": workflow_panel(plan, user),
        "source": plan.source if show_sources else None,
        "warnings": warnings,
        "quarters": QUARTERS,
    }


def plan_fingerprint(plan: Plan) -> str:
    """A cheap summary of everything the plan's pages and PDF show: it changes whenever any of
    it is created, changed or deleted (each part records its last change; counts and highest
    ids catch deletions). The PDF cache uses it to serve an unchanged plan's PDF without
    building the page at all."""
    parts: list[Any] = [
        plan.pk,
        plan.status,
        plan.updated_at,
        plan.agency.updated_at,
        plan.agency.province.name,
        plan.source.updated_at if plan.source is not None else None,
    ]
    for queryset in (
        PlanItem.objects.filter(plan=plan),
        PlanItemYear.objects.filter(item__plan=plan),
        ProjectSheet.objects.filter(plan=plan),
        RiskRow.objects.filter(plan=plan),
        PlanTarget.objects.filter(plan=plan),
        Dimension.objects.filter(edition_id=plan.edition_id),
    ):
        parts.append(
            tuple(queryset.aggregate(n=Count("pk"), top=Max("pk"), last=Max("updated_at")).values())
        )
    return repr(parts)


def sheet_fields(sheet: ProjectSheet) -> list[tuple[int | None, str, str]]:
    """(number in the document, Thai label, text) of every field of a sheet, in order."""
    return [
        (
            number,
            str(cast(Field, ProjectSheet._meta.get_field(name)).verbose_name),
            getattr(sheet, name),
        )
        for name, number in SHEET_FIELDS
    ]


def item_detail_context(item: PlanItem, user: Viewer) -> dict[str, Any]:
    """The one context of the item page and the item PDF (`item` from a scoped queryset)."""
    plan = item.plan
    by_year = {y.year: y for y in item.years.all()}
    return {
        "item": item,
        "plan": plan,
        "agency": plan.agency,
        "digits": plan.agency.digit_style,
        "years": plan.years,
        "year_rows": [(year, by_year.get(year)) for year in plan.years],
        "total_budget": sum((y.budget or Decimal(0) for y in by_year.values()), Decimal(0)),
        "sheets": [(s, sheet_fields(s)) for s in item.sheets.order_by("order", "pk")],
        "quarters": QUARTERS,
    }


def item_detail_queryset(user: Viewer) -> QuerySet[PlanItem]:
    return PlanItem.objects.visible_to(user).select_related(
        "plan__agency__province", "plan__edition", "dimension", "subdimension"
    )


def plan_detail_queryset(user: Viewer) -> QuerySet[Plan]:
    return Plan.objects.visible_to(user).select_related(
        "agency__province", "edition", "source__imported_by"
    )


def agency_plans(agency: Agency, user: Viewer) -> list[Plan]:
    """The agency's plans visible to `user`, with item counts and total budgets."""
    plans: list[Plan] = list(
        Plan.objects.visible_to(user)
        .current()
        .filter(agency=agency)
        .select_related("edition")
        .annotate(
            item_count=Count("items", distinct=True),
        )
        .order_by("-first_year")
    )
    budgets = dict(
        PlanItemYear.objects.filter(item__plan__in=[p.pk for p in plans])
        .values("item__plan_id")
        .annotate(total=Sum("budget"))
        .order_by()
        .values_list("item__plan_id", "total")
    )
    for plan in plans:
        plan.total_budget = budgets.get(plan.pk) or Decimal(0)
    return plans


# --- CSV ------------------------------------------------------------------------------------


def plan_items_csv_rows(plan: Plan, filters: ItemFilters | None = None) -> Iterator[list[str]]:
    """The items table as CSV rows (header first): Thai labels, plain numbers for spreadsheets."""
    table = plan_items_grouped(plan, filters)
    header = ["มิติ", "ภารกิจตามมิติ", "ลำดับ", "โครงการ/กิจกรรม/มาตรการ", "ประเภท"]
    for year in table.years:
        header += [f"งบประมาณ ปี {year} (บาท)", f"ไตรมาส ปี {year}"]
    header += ["หมายเหตุ"]
    yield header
    for group, sub, row in table.rows():
        item = row.item
        line = [
            f"{group.dimension.number} {group.dimension.name}",
            sub.label,
            item.number,
            item.title,
            item.get_kind_display(),
        ]
        for cell in row.cells:
            if cell is None:
                line += ["", ""]
            elif cell.no_budget or not cell.budget:
                line += ["ไม่ใช้งบประมาณ" if cell.no_budget else "0", _quarters_text(cell)]
            else:
                line += [f"{cell.budget:.2f}", _quarters_text(cell)]
        line.append(item.note)
        yield line


def _quarters_text(cell: PlanItemYear) -> str:
    return " ".join(str(q) for q in cell.quarters)


# --- The new-plan wizard ----------------------------------------------------------------------

#: The wizard's steps in order: (key, label). Each step's state is read from the draft itself,
#: so a staff member can leave at any point and come back to where the plan stands.
WIZARD_STEPS = (
    ("part1", _("ส่วนที่ ๑")),
    ("part2", _("ส่วนที่ ๒")),
    ("part3", _("ส่วนที่ ๓")),
    ("foreword", _("คำนำ")),
    ("review", _("ตรวจทาน")),
)
WIZARD_HINTS = {
    "part1": _("บทนำ ความเสี่ยง เป้าหมาย"),
    "part2": _("โครงการ งบประมาณรายปี"),
    "part3": _("รายละเอียดโครงการ"),
    "foreword": _("คำนำของแผน"),
    "review": _("ตรวจทานและเสนอ"),
}


@dataclass
class WizardStep:
    key: str
    label: str
    hint: str
    done: bool
    number: int


@dataclass
class WizardState:
    """Where a draft plan stands in the wizard: each step done or not, and the items of part 3
    that still have no sheet (projects first: a project without a sheet is the usual gap)."""

    steps: list[WizardStep]
    items_without_sheet: list[PlanItem]
    item_count: int
    sheet_count: int
    #: Items ticked in no year of the plan: they reach no budget table and no progress report.
    items_without_year: list[PlanItem] = field(default_factory=list)

    @property
    def resume(self) -> str:
        """The first step not done yet (the review once everything is)."""
        return next((s.key for s in self.steps if not s.done), "review")

    def step(self, key: str) -> WizardStep:
        return next(s for s in self.steps if s.key == key)


def plan_wizard_state(plan: Plan) -> WizardState:
    """The wizard's progress, computed from the draft (a few queries)."""
    items = list(
        PlanItem.objects.filter(plan=plan)
        .annotate(
            sheet_count=Count("sheets", distinct=True), year_count=Count("years", distinct=True)
        )
        .order_by("dimension__sort_key", "order", "pk")
    )
    without = [item for item in items if not item.sheet_count]
    projects_without = [item for item in without if item.kind == "project"]
    done = {
        "part1": bool(plan.rationale.strip() and plan.objectives.strip()),
        "part2": bool(items),
        "part3": bool(items) and not projects_without,
        "foreword": bool(plan.foreword.strip()),
        "review": False,
    }
    steps = [
        WizardStep(key, str(label), str(WIZARD_HINTS[key]), done[key], n)
        for n, (key, label) in enumerate(WIZARD_STEPS, start=1)
    ]
    return WizardState(
        steps=steps,
        items_without_sheet=sorted(without, key=lambda i: i.kind != "project"),
        item_count=len(items),
        sheet_count=ProjectSheet.objects.filter(plan=plan).count(),
        items_without_year=[item for item in items if not item.year_count],
    )


def plan_at(
    user: Viewer, *, code: str, first_year: int, last_year: int, revision: int | None
) -> Plan:
    """The plan a stable URL names (/a/<code>/plan/2566-2570/[r<N>/]); 404 otherwise."""
    return published_revision(
        Plan.objects.all(),
        user,
        revision=revision,
        agency__code=code,
        first_year=first_year,
        last_year=last_year,
    )
