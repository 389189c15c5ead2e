"""The summary a page, a PDF and a CSV show adds up to the rows, and the rows come in a
fixed number of queries however many there are."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from agencies.access import SYSTEM
from reports.choices import RoundKind, RowStatus
from reports.selectors import MEASURES_GROUP, round_rows, round_summary
from reports.services import report_row_update, round_open
from reports.tests.factories import measure_set_2567, plan_2566_2570

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled_round(agency_a, alice):
    plan_2566_2570(agency_a)
    measure_set_2567(agency_a, n=2)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    values: list[dict[str, Any]] = [
        {"status": RowStatus.DONE, "budget_used": "19,500"},
        {"status": RowStatus.IN_PROGRESS, "budget_used": "๑๐,๐๐๐"},
        {"status": RowStatus.CANCELLED, "status_reason": "ไม่ได้รับจัดสรรงบประมาณ"},
        {"status": RowStatus.DONE, "budget_used": "15000"},
        {"status": RowStatus.DONE},
        {"status": RowStatus.DEFERRED, "status_reason": "รอระเบียบใหม่"},
    ]
    for row, data in zip(rnd.rows.order_by("order"), values, strict=True):
        report_row_update(row=row, data=data, version=row.version, user=alice)
    return rnd


def test_it_counts_statuses_and_budgets_per_dimension_as_the_rows_say(filled_round):
    rows = list(round_rows(filled_round))
    summary = round_summary(filled_round)

    assert [g.key for g in summary.groups] == ["dim-1", "dim-2", "dim-3", MEASURES_GROUP]
    dim1 = summary.groups[0]
    assert dim1.rows == 2
    assert dim1.counts[RowStatus.DONE] == 1
    assert dim1.counts[RowStatus.IN_PROGRESS] == 1
    assert dim1.budget_planned == Decimal(50000)
    assert dim1.budget_used == Decimal(29500)
    dim2 = summary.groups[1]
    assert (dim2.counts[RowStatus.CANCELLED], dim2.budget_planned) == (1, Decimal(0))
    measures = summary.groups[3]
    assert (measures.rows, measures.done, measures.counts[RowStatus.DEFERRED]) == (2, 1, 1)

    # Every figure of the total equals the same figure computed from the rows.
    total = summary.total
    assert total.rows == len(rows) == sum(g.rows for g in summary.groups)
    for status in RowStatus.values:
        assert total.counts[status] == sum(1 for r in rows if r.status == status)
    assert total.budget_used == sum((r.budget_used or 0) for r in rows) == Decimal(44500)
    assert total.budget_planned == sum(
        r.plan_item_year.amount for r in rows if r.plan_item_year is not None
    )
    assert summary.done_share == Decimal(3) / Decimal(6)
    assert summary.done_percent == Decimal("50.00")


def test_it_filters_rows_by_dimension_and_status(filled_round):
    assert round_rows(filled_round, dimension="1").count() == 2
    assert round_rows(filled_round, dimension=MEASURES_GROUP).count() == 2
    assert round_rows(filled_round, status=RowStatus.DONE).count() == 3
    assert round_rows(filled_round, dimension="1", status=RowStatus.DONE).count() == 1


def test_rows_are_fetched_in_a_fixed_number_of_queries(filled_round, django_assert_num_queries):
    from plans.tests.factories import item_create

    def read():
        rows = list(round_rows(filled_round))
        for row in rows:
            # Everything a page shows for a row.
            _ = (row.title, row.planned_budget, list(row.evidence.all()), row.updated_by)
            if row.measure is not None:
                _ = (row.measure.set.title, list(row.measure.indicators.all()))
            elif row.plan_item_year is not None:
                _ = (row.plan_item_year.item.dimension.name, row.plan_item_year.item.plan.title)
        round_summary(filled_round, rows)
        return rows

    with django_assert_num_queries(3):
        read()
    plan = filled_round.rows.filter(plan_item_year__isnull=False).first().plan_item_year.item.plan
    from reports.services import round_rows_sync

    for i in range(5):
        item_create(plan, title=f"เพิ่ม {i}", budgets={2567: Decimal(100)})
    round_rows_sync(user=SYSTEM, round=filled_round)
    with django_assert_num_queries(3):
        assert len(read()) == 11


def test_an_empty_round_has_no_share_done(agency_a, alice):
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    summary = round_summary(rnd)
    assert summary.groups == [] and summary.total.rows == 0
    assert summary.done_share is None
