"""Writing an imported plan: the service the plan importer calls with what it parsed.

The importer (plans/importers/plan_layout.py) parses a file into plain data (`ParsedPlan`:
the plan's texts, items with their year rows, sheets, risks and targets; no database) and
calls `plan_import`, which checks access and writes it, like `reports.services.round_import`
for progress reports. A re-import replaces the agency's draft of that plan; a published plan
becomes an amendment; a plan under review or whose items a report uses is refused
(PlanImportError, nothing written).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from agencies import access, workflow
from agencies.access import Actor
from agencies.choices import PublicationStatus
from agencies.models import Agency, SourceDocument
from core.thai import NO_BUDGET
from plans.models import (
    SHEET_TEXT_FIELDS,
    Dimension,
    DimensionEdition,
    Plan,
    PlanItem,
    PlanItemYear,
    PlanTarget,
    ProjectSheet,
    RiskRow,
)

if TYPE_CHECKING:
    # Types only: plans.importers imports this module (its layout calls plan_import).
    from plans.importers.plan_data import ItemData, ParsedPlan

SHEET_FIELDS = list(SHEET_TEXT_FIELDS)
# Fields some plans print that ProjectSheet has no column for: kept in the note, labelled.
EXTRA_FIELDS = {"area": "พื้นที่ดำเนินการ", "indicators": "ตัวชี้วัด"}


class PlanImportError(ValidationError):
    """The plan cannot be written; `line` is the document line when one is to blame."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class PlanImportResult:
    plan: Plan
    warnings: list[tuple[int | None, str]] = field(default_factory=list)


@transaction.atomic
def plan_import(
    *,
    agency: Agency,
    data: ParsedPlan,
    document: SourceDocument,
    submit: bool,
    user: Actor,
) -> PlanImportResult:
    """Write a parsed plan for `agency` as `user`: the plan (replaced or amended), its items
    and year rows, sheets, risks and targets; `submit` proposes it to the agency's chain."""
    access.require(access.can_act(user, agency))
    info = data.info
    edition = _edition(info.first_year, info.last_year)
    plan = _plan_replace(data, agency=agency, edition=edition, document=document, user=user)
    result = PlanImportResult(plan=plan)
    _save_items(plan, data, edition=edition, warnings=result.warnings)
    _save_part1(plan, data)
    if submit:
        workflow.document_submit(document=plan, user=user)
    return result


def _edition(first: int, last: int) -> DimensionEdition:
    editions = DimensionEdition.objects.filter(first_year__lte=first, last_year__gte=first)
    edition = editions.filter(first_year=first, last_year=last).first() or editions.first()
    if edition is None:
        raise PlanImportError(f"ไม่มีชุดมิติสำหรับแผนปี {first}–{last} (no dimension edition)")
    return edition


def _plan_replace(data: ParsedPlan, *, agency, edition, document, user: Actor) -> Plan:
    """The agency's plan for these years, emptied and refilled (a re-import replaces its
    draft; a published plan is frozen, so the import becomes an amendment of it)."""
    info = data.info
    plan = (
        Plan.objects.filter(agency=agency, first_year=info.first_year)
        .exclude(status__in=[PublicationStatus.SUPERSEDED, PublicationStatus.WITHDRAWN])
        .order_by("-revision_number")
        .first()
    )
    if plan is not None and plan.status == PublicationStatus.PUBLISHED:
        plan = workflow.document_amend(document=plan, user=user)
    if plan is not None and plan.status != PublicationStatus.DRAFT:
        raise PlanImportError(
            f"แผนปี {info.first_year}–{info.last_year} ของหน่วยงานนี้อยู่ระหว่างการพิจารณาตามสายการอนุมัติ "
            "จึงนำเข้าแทนไม่ได้ (ให้ผู้พิจารณาส่งกลับก่อน)"
        )
    if plan is None:
        plan = Plan(agency=agency, first_year=info.first_year)
    else:
        try:
            plan.items.all().delete()
        except ProtectedError:
            # Progress reports point at this plan's items: replacing them would orphan the
            # reports, so the import is refused rather than half-done.
            raise PlanImportError(
                f"แผนปี {info.first_year}–{info.last_year} ของหน่วยงานนี้มีรายงานผลการดำเนินงาน"
                "ที่อ้างถึงโครงการในแผนอยู่แล้ว จึงนำเข้าแทนไม่ได้ (plan items are used by progress reports)"
            ) from None
        plan.sheets.all().delete()
        plan.targets.all().delete()
        plan.risks.all().delete()
    plan.edition = edition
    plan.last_year = info.last_year
    plan.title = info.title
    plan.status = PublicationStatus.DRAFT
    plan.published_at = None
    plan.foreword = data.foreword_text
    plan.rationale = data.part1.rationale
    plan.objectives = data.part1.objectives
    plan.benefits = data.part1.benefits
    plan.source = document
    plan.save()
    return plan


def _dimension(dims: dict[str, Dimension], number: str, edition, line: int | None) -> Dimension:
    dim = dims.get(number)
    if dim is None:
        raise PlanImportError(f"มิติ {number} ไม่มีในชุดมิติ {edition.code}", line)
    return dim


def _save_items(
    plan: Plan, data: ParsedPlan, *, edition, warnings: list[tuple[int | None, str]]
) -> None:
    dims = {d.number: d for d in edition.dimensions.all()}
    rows: list[PlanItem] = []
    for item in data.items:
        first_row = min(item.years.values(), key=lambda r: r.year)
        rows.append(
            PlanItem(
                plan=plan,
                kind=item.kind,
                # The annex numbers items afresh every year (kept on PlanItemYear.number);
                # the plan-wide number is the item's place in the dimension-ordered list.
                number=str(item.order),
                title=item.title,
                dimension=_dimension(dims, str(item.dimension), edition, first_row.line),
                subdimension=_subdimension(dims, item, warnings),
                responsible_unit=item.responsible_unit[:300],
                order=item.order,
            )
        )
    saved = PlanItem.objects.bulk_create(rows)
    PlanItemYear.objects.bulk_create(
        _item_year(obj, row)
        for obj, item in zip(saved, data.items, strict=True)
        for row in item.years.values()
    )
    ProjectSheet.objects.bulk_create(
        _sheet(plan, sheet, order, saved) for order, sheet in enumerate(data.sheets, start=1)
    )


def _subdimension(
    dims: dict[str, Dimension], item: ItemData, warnings: list[tuple[int | None, str]]
) -> Dimension | None:
    if not item.subdimension:
        return None
    dim = dims.get(item.subdimension)
    if dim is None:
        warnings.append(
            (
                min(r.line for r in item.years.values()),
                f'ภารกิจตามมิติ {item.subdimension} ของ "{item.title}" ไม่มีในชุดมิติ (ไม่ระบุภารกิจ)',
            )
        )
    return dim


def _item_year(obj: PlanItem, row) -> PlanItemYear:
    no_budget = row.budget is NO_BUDGET or (row.budget is not None and row.budget == 0)
    budget = None if row.budget is None else (Decimal(0) if no_budget else row.budget)
    q1, q2, q3, q4 = row.quarters
    return PlanItemYear(
        item=obj,
        year=row.year,
        budget=budget,
        no_budget=no_budget,
        q1=q1,
        q2=q2,
        q3=q3,
        q4=q4,
        note=row.note[:500],
        number=row.number[:20],
    )


def _sheet(plan: Plan, sheet, order: int, saved: list[PlanItem]) -> ProjectSheet:
    fields = {name: sheet.fields.get(name, "") for name in SHEET_FIELDS}
    notes = [sheet.fields.get("note", "")]
    notes += [
        f"{label}: {sheet.fields[k]}" for k, label in EXTRA_FIELDS.items() if k in sheet.fields
    ]
    return ProjectSheet(
        plan=plan,
        item=saved[sheet.item] if sheet.item is not None else None,
        order=order,
        heading=sheet.heading[:500],
        title=sheet.title,
        note="\n".join(n for n in notes if n),
        source_line=sheet.line,
        **fields,
    )


def _save_part1(plan: Plan, data: ParsedPlan) -> None:
    RiskRow.objects.bulk_create(
        RiskRow(
            plan=plan,
            order=order,
            step=risk.step,
            risks=risk.risks,
            level=risk.level,
            level_text=risk.level_text[:100],
            controls=risk.controls,
        )
        for order, risk in enumerate(data.part1.risks, start=1)
    )
    PlanTarget.objects.bulk_create(
        PlanTarget(plan=plan, order=order, label=t.label[:500], values=t.values)
        for order, t in enumerate(data.part1.targets, start=1)
    )
