"""The DLA five-year plan with its e-PlanNACC annex: detect, parse (pure), save.

Rows per year come from the annex; part 3 gives the sheets and sub-dimensions; part 1 the
texts, risks and targets; part 2 and the foreword are only cross-checked (plan_checks).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import ProtectedError

from agencies import access, workflow
from agencies.access import Actor
from agencies.choices import DocumentType, PublicationStatus
from agencies.models import SourceDocument
from agencies.names import agency_resolve
from core.importing.base import (
    DocumentRejected,
    ImportResult,
    Layout,
    WarningLog,
    agency_summary,
)
from core.importing.registry import register
from core.importing.source import MAX_FIELD_CHARS, SourceText
from core.thai import NO_BUDGET
from plans.importers import plan_checks
from plans.importers.plan_annex import parse_annex
from plans.importers.plan_data import ItemData, ParsedPlan
from plans.importers.plan_document import (
    looks_like_plan,
    read_document,
    section_paragraphs,
)
from plans.importers.plan_items import build_items, link_sheets
from plans.importers.plan_part1 import parse_part1
from plans.importers.plan_part2_rows import annex_from_part2
from plans.importers.plan_sheets import parse_sheets
from plans.models import (
    Dimension,
    DimensionEdition,
    Plan,
    PlanItem,
    PlanItemYear,
    PlanTarget,
    ProjectSheet,
    RiskRow,
)

SHEET_FIELDS = [
    "rationale",
    "objectives",
    "target_group",
    "method",
    "period",
    "budget_text",
    "owner",
    "outputs",
    "outcomes",
]
# Fields some plans print that ProjectSheet has no column for: kept in the note, labelled.
EXTRA_FIELDS = {"area": "พื้นที่ดำเนินการ", "indicators": "ตัวชี้วัด"}
TWO_PLACES = Decimal("0.01")


@dataclass
class ParsedDocument:
    plan: ParsedPlan
    log: WarningLog


@register
class FiveYearPlanLayout(Layout):
    name = "plan-dla-eplannacc"
    document_type = DocumentType.PLAN
    priority = 10
    expects = "แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. ….–….) ที่มี ส่วนที่ 1–3"

    def detect(self, source: SourceText) -> bool:
        return looks_like_plan(source)

    def parse(self, source: SourceText) -> ParsedDocument:
        log = WarningLog()
        info = read_document(source)
        annex = parse_annex(source, info, log) or annex_from_part2(source, info, log)
        items = build_items(annex, place=info.place, log=log)
        sheets = parse_sheets(source, info, annex.legend, log)
        _bound_fields(sheets, log)
        link_sheets(items, sheets, place=info.place, log=log)
        part1 = parse_part1(source, info, log)
        foreword = (
            section_paragraphs(source, info.foreword[0] + 1, info.foreword[1])
            if info.foreword
            else ""
        )
        plan = ParsedPlan(
            info=info,
            foreword_text=foreword,
            annex=annex,
            items=items,
            sheets=sheets,
            part1=part1,
        )
        plan_checks.check_all(source, plan, log)
        return ParsedDocument(plan=plan, log=log)

    def save(
        self,
        parsed: ParsedDocument,
        *,
        source: SourceText,
        agency_code: str | None,
        submit: bool,
        user: Actor,
    ) -> ImportResult:
        data, log = parsed.plan, parsed.log
        info = data.info
        agency = agency_resolve(
            code=agency_code, name=info.agency_name, district=info.district, province=info.province
        )
        edition = _edition(info.first_year, info.last_year)
        document = SourceDocument.objects.create(
            agency=agency,
            document_type=DocumentType.PLAN,
            layout=self.name,
            filename=source.name,
            sha256=source.sha256,
            imported_by=access.user_or_none(user),
        )
        plan = _plan_replace(data, agency=agency, edition=edition, document=document, user=user)
        _save_items(plan, data, edition=edition, log=log)
        _save_part1(plan, data)
        if submit:
            workflow.document_submit(document=plan, user=user)
        document.warnings = log.as_list()
        document.save(update_fields=["warnings", "updated_at"])
        return ImportResult(
            document_type=DocumentType.PLAN.value,
            agency=agency_summary(agency),
            url=plan.get_absolute_url(),
            pdf_url=plan.get_pdf_url(),
            warnings=document.warnings,
            extra={"years": info.years, "counts": stored_plan_counts(plan, info.years)},
        )


def _bound_fields(sheets, log: WarningLog) -> None:
    """A sheet field built from many lines is kept to MAX_FIELD_CHARS, with a warning."""
    for sheet in sheets:
        for key, value in list(sheet.fields.items()):
            if len(value) > MAX_FIELD_CHARS:
                log.add(
                    sheet.line,
                    f"ช่อง {key} ของโครงการ “{sheet.title[:60]}” ยาว {len(value):,} ตัวอักษร "
                    f"เก็บ {MAX_FIELD_CHARS:,} ตัวอักษรแรก (field of {len(value):,} characters "
                    f"truncated to {MAX_FIELD_CHARS:,})",
                )
                sheet.fields[key] = value[:MAX_FIELD_CHARS]


def _edition(first: int, last: int) -> DimensionEdition:
    editions = DimensionEdition.objects.filter(first_year__lte=first, last_year__gte=first)
    edition = editions.filter(first_year=first, last_year=last).first() or editions.first()
    if edition is None:
        raise DocumentRejected(f"ไม่มีชุดมิติสำหรับแผนปี {first}–{last} (no dimension edition)")
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
        raise DocumentRejected(
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
            raise DocumentRejected(
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
        raise DocumentRejected(f"มิติ {number} ไม่มีในชุดมิติ {edition.code}", line)
    return dim


def _save_items(plan: Plan, data: ParsedPlan, *, edition, log: WarningLog) -> None:
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
                subdimension=_subdimension(dims, item, log),
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


def _subdimension(dims: dict[str, Dimension], item: ItemData, log: WarningLog) -> Dimension | None:
    if not item.subdimension:
        return None
    dim = dims.get(item.subdimension)
    if dim is None:
        log.add(
            min(r.line for r in item.years.values()),
            f'ภารกิจตามมิติ {item.subdimension} ของ "{item.title}" ไม่มีในชุดมิติ (ไม่ระบุภารกิจ)',
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


def _money(value: Decimal) -> str:
    return str(value.quantize(TWO_PLACES))


def stored_plan_counts(plan: Plan, years: list[int]) -> dict[str, Any]:
    """plan_counts' shape, read back from the stored items and year rows (what was saved)."""
    counts: dict[str, Any] = {}
    grand = Decimal(0)
    rows = PlanItemYear.objects.filter(item__plan=plan).values_list(
        "year", "item__dimension__number", "budget"
    )
    per_year: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [0, Decimal(0)]))
    for year, dim, budget in rows:
        cell = per_year[year][str(dim).split(".")[0]]
        cell[0] += 1
        cell[1] += budget or Decimal(0)
    for year in sorted(set(years) | set(per_year)):
        per_dim = per_year.get(year, {})
        block: dict[str, Any] = {
            d: {"items": n, "budget": _money(b)}
            for d, (n, b) in sorted(
                per_dim.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 99
            )
        }
        total = sum((b for _, b in per_dim.values()), Decimal(0))
        block["total"] = {"items": sum(n for n, _ in per_dim.values()), "budget": _money(total)}
        counts[str(year)] = block
        grand += total
    counts["total"] = {"items": plan.items.count(), "budget": _money(grand)}
    return counts


def plan_counts(data: ParsedPlan) -> dict[str, Any]:
    """{year: {dimension: {items, budget}, "total": {…}}, "total": {items, budget}} from the rows."""
    counts: dict[str, Any] = {}
    grand = Decimal(0)
    for block in data.annex.years:
        per_dim: dict[int, list] = defaultdict(lambda: [0, Decimal(0)])
        for row in block.rows:
            per_dim[row.dimension][0] += 1
            per_dim[row.dimension][1] += row.amount
        year = {str(d): {"items": n, "budget": _money(b)} for d, (n, b) in sorted(per_dim.items())}
        total = sum((b for _, b in per_dim.values()), Decimal(0))
        year["total"] = {"items": len(block.rows), "budget": _money(total)}
        counts[str(block.year)] = year
        grand += total
    counts["total"] = {"items": len(data.items), "budget": _money(grand)}
    return counts
