"""Opening a round creates its rows from the plan and the year's measures, never typed again,
and starts from the previous round's values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from agencies.access import SYSTEM, Actor
from measures.choices import ResultPeriod
from reports.choices import RoundEventKind, RoundKind, RoundState, RowStatus
from reports.models import ReportRow
from reports.services import (
    RoundError,
    report_row_update,
    round_open,
    round_rows_from_measure_results,
    round_rows_sync,
)
from reports.tests.factories import measure_result, measure_set_2567, plan_2566_2570

pytestmark = pytest.mark.django_db


def test_it_creates_one_row_per_item_planned_that_year_and_per_measure(agency_a, alice):
    plan = plan_2566_2570(agency_a)
    measure_set_2567(agency_a, n=2)
    measure_set_2567(agency_a, year=2568, n=3)  # another year's measures: not in the round

    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)

    planned_2567 = [i.title for i in plan.items.filter(years__year=2567).order_by("order")]
    assert len(planned_2567) == 4
    rows = list(rnd.rows.select_related("plan_item_year__item", "measure").order_by("order"))
    assert len(rows) == 4 + 2
    assert [r.title for r in rows[:4]] == planned_2567
    assert all(r.plan_item_year is not None and r.plan_item_year.year == 2567 for r in rows[:4])
    assert [r.measure.title for r in rows[4:] if r.measure is not None] == [
        "มาตรการที่ 1 เผยแพร่แผนการใช้จ่ายงบประมาณ",
        "มาตรการที่ 2 เผยแพร่แผนการใช้จ่ายงบประมาณ",
    ]
    assert all(r.status == RowStatus.NOT_STARTED for r in rows)
    assert rnd.state == RoundState.OPEN
    assert (rnd.period_start, rnd.period_end) == (dt.date(2023, 10, 1), dt.date(2023, 12, 31))
    assert rnd.due_date == dt.date(2024, 1, 31)
    event = rnd.events.get()
    assert (event.kind, event.actor, event.data["rows"]) == (RoundEventKind.OPENED, alice, 6)


def test_it_refuses_a_second_round_of_the_same_kind(agency_a, alice):
    plan_2566_2570(agency_a)
    round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    with pytest.raises(RoundError):
        round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)


def test_it_refuses_another_agencys_staff(agency_a, charlie):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=charlie)


def _fill(row: ReportRow, user: Actor, **data) -> ReportRow:
    return report_row_update(row=row, data=data, version=row.version, user=user)


def test_it_starts_each_round_from_the_previous_rounds_values(agency_a, alice):
    plan_2566_2570(agency_a)
    measure_set_2567(agency_a, n=1)
    q1 = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    first = q1.rows.order_by("order")[0]
    _fill(
        first,
        alice,
        status=RowStatus.IN_PROGRESS,
        done_text="จัดประชุมชี้แจงแล้ว",
        budget_used="๕,๐๐๐",
        problems="งบประมาณล่าช้า",
    )

    q2 = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q2, user=alice)
    copied = q2.rows.get(plan_item_year=first.plan_item_year)
    assert copied.status == RowStatus.IN_PROGRESS
    assert copied.done_text == "จัดประชุมชี้แจงแล้ว"
    assert copied.budget_used == Decimal(5000)
    assert copied.problems == "งบประมาณล่าช้า"
    assert q2.events.get().data["copied_from"] == q1.pk

    _fill(copied, alice, status=RowStatus.DONE, done_text="อบรมครบทุกคน", budget_used="18000")
    h1 = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    # H1 starts from Q2, the latest earlier round, not from Q1.
    assert h1.rows.get(plan_item_year=first.plan_item_year).done_text == "อบรมครบทุกคน"
    assert h1.events.get().data["copied_from"] == q2.pk

    annual = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.ANNUAL, user=alice)
    row = annual.rows.get(plan_item_year=first.plan_item_year)
    assert (row.status, row.budget_used) == (RowStatus.DONE, Decimal(18000))
    assert annual.events.get().data["copied_from"] == h1.pk
    # The earlier rounds keep their own values.
    first.refresh_from_db()
    assert first.status == RowStatus.IN_PROGRESS


def test_it_adds_rows_for_items_added_after_opening(agency_a, alice):
    from plans.tests.factories import item_create

    plan = plan_2566_2570(agency_a)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    item_create(plan, title="โครงการใหม่", budgets={2567: Decimal(1000)})
    assert round_rows_sync(user=SYSTEM, round=rnd) == 1
    assert round_rows_sync(user=SYSTEM, round=rnd) == 0
    assert rnd.rows.count() == 5


def test_a_12_month_round_takes_the_measures_reported_results(agency_a, alice):
    measure_set = measure_set_2567(agency_a, n=3)
    m1, m2, m3 = measure_set.measures.order_by("order")
    measure_result(
        m1,
        summary='<p>เผยแพร่แผนการใช้จ่ายเงินบนเว็บไซต์แล้ว</p> <p><a href="https://x.go.th/plan">ดูแผน</a></p>',
        outcome="ประชาชนรับทราบ",
    )
    measure_result(m2, period=ResultPeriod.MONTHS_12, summary="ยังไม่ได้ดำเนินการ เนื่องจากเปลี่ยนผู้รับผิดชอบ")
    measure_result(m3, period=ResultPeriod.MONTHS_6, summary="อยู่ระหว่างจัดทำคู่มือ")

    annual = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.ANNUAL, user=alice)
    rows = {r.measure_id: r for r in annual.rows.all()}
    assert rows[m1.pk].status == RowStatus.DONE
    # Sanitised HTML from the measures table becomes text; links keep their address.
    assert rows[m1.pk].done_text == "เผยแพร่แผนการใช้จ่ายเงินบนเว็บไซต์แล้ว\nดูแผน (https://x.go.th/plan)"
    assert rows[m1.pk].outcome == "ประชาชนรับทราบ"
    assert rows[m2.pk].status == RowStatus.NOT_STARTED
    assert rows[m2.pk].done_text.startswith("ยังไม่ได้ดำเนินการ")
    # A 6-month result is not a 12-month one.
    assert rows[m3.pk].done_text == ""
    assert annual.events.get().data["rows_from_measure_results"] == 2

    h1 = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    assert h1.rows.get(measure=m3).status == RowStatus.IN_PROGRESS


def test_filling_from_results_keeps_what_staff_typed(agency_a, alice):
    measure_set = measure_set_2567(agency_a, n=1)
    m1 = measure_set.measures.get()
    annual = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.ANNUAL, user=alice)
    row = annual.rows.get()
    _fill(row, alice, status=RowStatus.DONE, done_text="พิมพ์เอง")
    measure_result(m1, summary="ผลจากเอกสาร")
    assert round_rows_from_measure_results(round=annual, user=alice) == 0
    row.refresh_from_db()
    assert row.done_text == "พิมพ์เอง"
    assert round_rows_from_measure_results(round=annual, user=alice, overwrite=True) == 1
    row.refresh_from_db()
    assert row.done_text == "ผลจากเอกสาร"
