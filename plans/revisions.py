"""Plans in the one lifecycle (agencies/workflow.py): copying a published plan into an
amendment, and describing a plan for the diff between two revisions."""

from __future__ import annotations

from typing import Any

from agencies.choices import DocumentKind
from agencies.workflow import DocumentSpec, register
from core.copying import copy_row
from core.thai import digits
from plans.checks import plan_warnings
from plans.models import Plan, PlanItem, PlanItemYear, PlanTarget, ProjectSheet, RiskRow


def plan_copy(plan: Plan, fields: dict[str, Any]) -> Plan:
    """Everything the plan's pages and PDF show, copied into a new row (saved by the caller
    with its revision number and draft state): part 1, the items with their years (same
    `key`), and the project sheets (re-attached to the copied items)."""
    new = copy_row(plan, **fields)
    for target in PlanTarget.objects.filter(plan=plan):
        copy_row(target, plan=new)
    for risk in RiskRow.objects.filter(plan=plan):
        copy_row(risk, plan=new)
    items: dict[int, PlanItem] = {}
    for item in PlanItem.objects.filter(plan=plan):
        items[item.pk] = copy_row(item, plan=new)
    PlanItemYear.objects.bulk_create(
        PlanItemYear(
            **{
                f.attname: getattr(year, f.attname)
                for f in PlanItemYear._meta.concrete_fields
                if not f.primary_key and f.name not in {"item", "updated_at"}
            },
            item=items[year.item_id],
        )
        for year in PlanItemYear.objects.filter(item__plan=plan)
    )
    for sheet in ProjectSheet.objects.filter(plan=plan):
        copy_row(sheet, plan=new, item=items.get(sheet.item_id) if sheet.item_id else None)
    return new


def plan_describe(plan: Plan) -> dict[str, Any]:
    """The plan as plain values, for a readable diff between two revisions."""
    items = {}
    for item in (
        PlanItem.objects.filter(plan=plan)
        .select_related("dimension")
        .prefetch_related("years", "sheets")
    ):
        items[str(item.key)] = {
            "label": item.title,
            "fields": {
                "ชื่อโครงการ": item.title,
                "มิติ": item.dimension.number,
                "ผู้รับผิดชอบ": item.responsible_unit,
                **{
                    f"งบประมาณปี {y.year}": ("ไม่ใช้งบประมาณ" if y.no_budget else f"{y.amount:,.2f}")
                    for y in item.years.all()
                },
                "รายละเอียดโครงการ": "\n\n".join(
                    f"{s.title}\n{s.objectives}\n{s.method}\n{s.outputs}\n{s.outcomes}"
                    for s in item.sheets.all()
                ),
            },
        }
    return {
        "fields": {
            "ชื่อแผน": plan.title,
            "คำนำ": plan.foreword,
            "หลักการและเหตุผล": plan.rationale,
            "วัตถุประสงค์": plan.objectives,
            "ประโยชน์ของการจัดทำแผน": plan.benefits,
        },
        "items": items,
    }


def register_plans() -> None:
    register(
        DocumentSpec(
            kind=DocumentKind.PLAN,
            model=Plan,
            title=lambda plan: (
                f"{plan.title} พ.ศ. {digits(plan.first_year, plan.agency.digit_style)}"
                f"–{digits(plan.last_year, plan.agency.digit_style)}"
            ),
            fiscal_year=lambda plan: plan.first_year,
            amend=plan_copy,
            describe=plan_describe,
            # Asked before proposing (plans/checks.py): projects without a sheet, odd targets.
            extra={"incomplete": plan_warnings},
        )
    )
