"""Small factories for plan tests: a plan with items spread over the four dimensions.

Plain functions (no factory_boy): each builds real rows in the test database.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from decimal import Decimal

from agencies.choices import PublicationStatus
from agencies.models import Agency, SourceDocument
from plans.choices import ItemKind, RiskLevel
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

_counter = itertools.count(1)

LONG_THAI = (
    "องค์การบริหารส่วนตำบลกระจายได้ตระหนักถึงความสำคัญของการป้องกันและปราบปรามการทุจริต"
    "และประพฤติมิชอบในภาครัฐ จึงได้จัดทำแผนปฏิบัติการป้องกันการทุจริตเพื่อใช้เป็นแนวทาง"
    "ในการดำเนินงานด้านการป้องกันการทุจริตให้เป็นไปอย่างมีประสิทธิภาพ โปร่งใส ตรวจสอบได้ "
    "และสอดคล้องกับยุทธศาสตร์ชาติว่าด้วยการป้องกันและปราบปรามการทุจริตระยะที่สาม"
)


def edition_2566() -> DimensionEdition:
    return DimensionEdition.objects.get(code="2566-2570")


def plan_create(
    agency: Agency,
    *,
    status: str = PublicationStatus.PUBLISHED,
    first_year: int = 2566,
    title: str = "แผนปฏิบัติการป้องกันการทุจริต",
    with_source: bool = True,
) -> Plan:
    """An empty plan of `agency` with part-1 texts, one risk row and two targets."""
    edition = edition_2566()
    source = None
    if with_source:
        source = SourceDocument.objects.create(
            agency=agency,
            document_type="plan",
            layout="test",
            filename=f"plan-{next(_counter)}.txt",
            sha256="0" * 64,
            warnings=[
                {"line": 118, "message": "ตารางส่วนที่ ๒: ยอดรวมที่พิมพ์ไว้ไม่ตรงกับผลรวมของแถว"},
                {"line": None, "message": "ไม่พบรายละเอียดโครงการของ 2 โครงการ"},
            ],
        )
    plan = Plan.objects.create(
        agency=agency,
        edition=edition,
        title=title,
        first_year=first_year,
        last_year=first_year + 4,
        status=status,
        foreword="คำนำของแผน",
        rationale=LONG_THAI,
        objectives="๑. เพื่อยกระดับเจตจำนงทางการเมืองในการต่อต้านการทุจริต\n๒. เพื่อยกระดับจิตสำนึก",
        benefits="ประชาชนเชื่อมั่นในการบริหารงานขององค์กรปกครองส่วนท้องถิ่น",
        source=source,
    )
    RiskRow.objects.create(
        plan=plan,
        order=1,
        step="การบริหารงานบุคคล",
        risks="การเลื่อนขั้นเงินเดือนไม่เป็นธรรม",
        level=RiskLevel.MEDIUM,
        level_text="ปานกลาง",
        controls="๑. มาตรการ NO Gift Policy ๒. ประกาศเจตจำนงสุจริต",
    )
    PlanTarget.objects.create(
        plan=plan,
        order=1,
        label="คะแนน ITA",
        values={str(y): "๘๕ คะแนน" for y in plan.years},
    )
    PlanTarget.objects.create(
        plan=plan,
        order=2,
        label="จำนวนคดีทุจริตลดลง",
        values={str(y): f"ร้อยละ {10 * (i + 1)}" for i, y in enumerate(plan.years)},
    )
    return plan


def item_create(
    plan: Plan,
    *,
    dimension: str = "1",
    subdimension: str | None = "1.1",
    title: str = "โครงการส่งเสริมคุณธรรมจริยธรรม",
    budgets: Mapping[int, Decimal | None] | None = None,
    kind: str = ItemKind.PROJECT,
    number: str = "",
    with_sheet: bool = False,
) -> PlanItem:
    """An item with a PlanItemYear per key of `budgets` (None: no budget), quarters 1–4."""
    dims = {d.number: d for d in Dimension.objects.filter(edition=plan.edition)}
    order = next(_counter)
    item = PlanItem.objects.create(
        plan=plan,
        kind=kind,
        number=number or str(order),
        title=title,
        dimension=dims[dimension],
        subdimension=dims[subdimension] if subdimension else None,
        order=order,
    )
    if budgets is None:
        budgets = {year: Decimal(20000) for year in plan.years}
    PlanItemYear.objects.bulk_create(
        PlanItemYear(
            item=item,
            year=year,
            budget=amount,
            no_budget=amount is None,
            q1=True,
            q2=True,
            q3=year % 2 == 0,
            q4=year % 2 == 0,
        )
        for year, amount in budgets.items()
    )
    if with_sheet:
        ProjectSheet.objects.create(
            plan=plan,
            item=item,
            order=order,
            heading=f"{subdimension or dimension}.1",
            title=title,
            rationale=LONG_THAI,
            objectives="เพื่อให้บุคลากรมีคุณธรรมจริยธรรม",
            target_group="พนักงานส่วนตำบล 50 คน",
            method="จัดอบรม",
            period="ไตรมาส 1 ไตรมาส 2 ไตรมาส 3 ไตรมาส 4",
            budget_text="20,000.00 บาท",
            owner="องค์การบริหารส่วนตำบลกระจาย",
            outputs="ผู้เข้าร่วม 50 คน",
            outcomes="บุคลากรมีจิตสำนึกสุจริต",
            note="ดำเนินการตลอดปีงบประมาณ",
        )
    return item


# (dimension, sub-dimension, budget per year) cycled by `plan_with_items`.
_LAYOUT = [
    ("1", "1.1", Decimal(20000)),
    ("1", "1.2", Decimal(30000)),
    ("2", "2.2", Decimal(25000)),
    ("3", "3.2", Decimal(15000)),
    ("4", None, None),
    ("2", "2.1", None),
]


def plan_with_items(agency: Agency, n: int = 6, **plan_kwargs) -> Plan:
    """A plan with `n` items cycling through the four dimensions (one without sub-dimension).

    The last year leaves out every third item, so year columns differ.
    """
    plan = plan_create(agency, **plan_kwargs)
    for i in range(n):
        dim, sub, amount = _LAYOUT[i % len(_LAYOUT)]
        budgets = dict.fromkeys(plan.years, amount)
        if i % 3 == 2:
            del budgets[plan.last_year]
        item_create(
            plan,
            dimension=dim,
            subdimension=sub,
            title=f"โครงการทดสอบที่ {i + 1} มิติ {dim}",
            budgets=budgets,
            kind=[ItemKind.PROJECT, ItemKind.ACTIVITY, ItemKind.MEASURE][i % 3],
            number=f"{i + 1})",
            with_sheet=i < 3,
        )
    return plan
