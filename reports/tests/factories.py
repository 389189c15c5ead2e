"""Small factories for report tests: a plan with items in 2567 and a measure set for 2567.

Plain functions building real rows (the plans app's factories make the plan).
"""

from __future__ import annotations

from decimal import Decimal

from agencies.choices import PublicationStatus
from agencies.models import Agency
from measures.choices import MeasureSetKind, ResultPeriod
from measures.models import Measure, MeasureResult, MeasureSet
from plans.models import Plan
from plans.tests.factories import item_create, plan_create


def plan_2566_2570(agency: Agency, *, status: str = PublicationStatus.PUBLISHED) -> Plan:
    """Five items; two are not planned in 2567; budgets 20,000 / 30,000 / none / 15,000."""
    plan = plan_create(agency, status=status, with_source=False)
    years = plan.years
    item_create(
        plan,
        dimension="1",
        subdimension="1.1",
        title="โครงการอบรมคุณธรรมจริยธรรม",
        budgets=dict.fromkeys(years, Decimal(20000)),
    )
    item_create(
        plan,
        dimension="1",
        subdimension="1.2",
        title="โครงการยกย่องเชิดชูเกียรติ",
        budgets=dict.fromkeys(years, Decimal(30000)),
    )
    item_create(
        plan,
        dimension="2",
        subdimension="2.2",
        title="มาตรการเผยแพร่ข้อมูลข่าวสาร",
        budgets=dict.fromkeys(years, None),
    )
    item_create(
        plan,
        dimension="3",
        subdimension="3.2",
        title="โครงการจัดเวทีประชาคม",
        budgets=dict.fromkeys(years, Decimal(15000)),
    )
    # Not planned in 2567:
    item_create(
        plan,
        dimension="4",
        subdimension=None,
        title="กิจกรรมพัฒนาศักยภาพสมาชิกสภา",
        budgets={2566: Decimal(5000), 2568: Decimal(5000)},
    )
    item_create(
        plan, dimension="2", subdimension="2.1", title="มาตรการประเมินความคุ้มค่า", budgets={2569: None}
    )
    return plan


def measure_set_2567(agency: Agency, *, year: int = 2567, n: int = 2) -> MeasureSet:
    measure_set = MeasureSet.objects.create(
        agency=agency,
        fiscal_year=year,
        kind=MeasureSetKind.MEASURES,
        status=PublicationStatus.PUBLISHED,
        title=f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส {year}",
    )
    for i in range(n):
        Measure.objects.create(
            set=measure_set,
            order=i + 1,
            number=str(i + 1),
            issue="ด้านการใช้จ่ายงบประมาณ",
            title=f"มาตรการที่ {i + 1} เผยแพร่แผนการใช้จ่ายงบประมาณ",
            responsible_units="สำนักปลัด",
        )
    return measure_set


def measure_result(
    measure: Measure,
    *,
    period: str = ResultPeriod.MONTHS_12,
    summary: str,
    outcome: str = "",
    suggestions: str = "",
) -> MeasureResult:
    return MeasureResult.objects.create(
        measure=measure, period=period, summary=summary, outcome=outcome, suggestions=suggestions
    )
