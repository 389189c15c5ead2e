"""The agency, plan and item pages, the summary totals, the filters and the items CSV."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.access import SYSTEM
from plans.selectors import ItemFilters, plan_items_grouped, plan_summary
from plans.tests.factories import item_create, plan_create, plan_with_items

pytestmark = pytest.mark.django_db


def test_it_shows_the_agency_page_with_its_plans(client, agency_a):
    plan = plan_with_items(agency_a, 3)
    response = client.get(reverse("portal:agency_detail", args=[agency_a.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "องค์การบริหารส่วนตำบลกระจาย" in html
    assert "ป่าติ้ว" in html and "ยโสธร" in html
    assert plan.get_absolute_url() in html
    assert "๒๕๖๖–๒๕๗๐" in html


def test_it_links_the_agency_sections(client, agency_a):
    response = client.get(reverse("portal:agency_detail", args=[agency_a.code]))
    linked = [url for _, url in response.context["sections"]]
    assert linked == [
        f"/agencies/{agency_a.code}/ita/",
        f"/agencies/{agency_a.code}/measures/",
        f"/agencies/{agency_a.code}/reports/",
        f"/a/{agency_a.code}/oit/",  # the OIT link sheet (portal/oit.py)
    ]
    html = response.content.decode()
    assert all(f'href="{url}"' in html for url in linked)


def test_it_404s_for_an_unknown_agency(client, db):
    assert client.get(reverse("portal:agency_detail", args=["nope"])).status_code == 404


def test_it_shows_the_plan_page_in_thai_with_formatted_amounts(client, agency_a):
    plan = plan_create(agency_a)
    item_create(plan, dimension="1", subdimension="1.1", budgets={2566: Decimal(110000)})
    item_create(plan, dimension="4", subdimension=None, title="มาตรการไม่มีภารกิจ")
    response = client.get(plan.get_stable_url(revision=True))
    assert response.status_code == 200
    html = response.content.decode()
    assert "การสร้างวัฒนธรรมสุจริต" in html
    assert "๑๑๐,๐๐๐" in html
    assert "ไม่ระบุภารกิจ" in html  # the item without a sub-dimension
    assert "การบริหารงานบุคคล" in html  # risk table
    assert "คะแนน ITA" in html  # targets table
    # The public's PDF button: the revision's own stable address (no redirect on the way).
    assert f'href="{plan.get_stable_url(revision=True, pdf=True)}"' in html
    assert reverse("plans:plan_items_csv", args=[plan.pk]) in html


def test_it_uses_the_agencys_arabic_digits(client, agency_b):
    plan = plan_create(agency_b)
    item_create(plan, budgets={2566: Decimal(110000)})
    html = client.get(plan.get_stable_url(revision=True)).content.decode()
    assert "110,000" in html
    assert "๑๑๐,๐๐๐" not in html


def test_it_marks_no_budget_with_a_dash_and_leaves_other_years_blank(agency_a):
    plan = plan_create(agency_a)
    item_create(plan, budgets={2566: None, 2567: Decimal(5000)})
    table = plan_items_grouped(plan)
    (row,) = [row for _, _, row in table.rows()]
    first, second = row.cells[0], row.cells[1]
    assert first is not None and first.no_budget
    assert second is not None and second.budget == Decimal(5000)
    assert row.cells[2:] == [None, None, None]


def test_it_computes_summary_totals_that_equal_the_sum_of_rows(agency_a):
    plan = plan_with_items(agency_a, 12)
    summary = plan_summary(plan)
    assert [row.dimension.number for row in summary.rows] == ["1", "2", "3", "4"]
    for i, total in enumerate(summary.column_totals):
        assert total.items == sum(row.cells[i].items for row in summary.rows)
        assert total.budget == sum(row.cells[i].budget for row in summary.rows)
    for row in summary.rows:
        assert row.total.budget == sum(cell.budget for cell in row.cells)
    assert summary.grand_total.budget == sum(t.budget for t in summary.column_totals)
    assert summary.grand_total.items == 12  # each item counted once
    # 12 items; every third item is left out of the last year.
    assert [t.items for t in summary.column_totals] == [12, 12, 12, 12, 8]
    dim1 = summary.rows[0]
    assert dim1.cells[0].budget == Decimal(20000) * 2 + Decimal(30000) * 2


def test_it_counts_items_from_rows_not_from_anything_stored(agency_a):
    plan = plan_create(agency_a)
    item_create(plan, dimension="2", subdimension="2.2", budgets={2568: Decimal(25000)})
    summary = plan_summary(plan)
    dim2 = summary.rows[1]
    assert [c.items for c in dim2.cells] == [0, 0, 1, 0, 0]
    assert summary.grand_total.budget == Decimal(25000)


def test_it_filters_items_by_dimension_year_and_title(client, agency_a):
    plan = plan_with_items(agency_a, 12)
    url = plan.get_stable_url(revision=True)
    by_dim = client.get(url, {"dimension": "3"}).context["table"]
    assert {g.dimension.number for g in by_dim.groups} == {"3"}
    by_year = client.get(url, {"year": "๒๕๗๐"}).context["table"]  # Thai digits accepted
    assert by_year.years == [2570] and by_year.item_count == 8
    by_title = client.get(url, {"q": "ที่ 12 "}).context["table"]
    assert [row.item.title for _, _, row in by_title.rows()] == ["โครงการทดสอบที่ 12 มิติ 2"]


def test_it_ignores_a_year_outside_the_plan(agency_a):
    plan = plan_with_items(agency_a, 3)
    assert ItemFilters.from_query({"year": "2580", "dimension": "x"}, plan) == ItemFilters()


def test_it_shows_the_item_page_with_its_sheet(client, agency_a):
    plan = plan_with_items(agency_a, 3)
    item = plan.items.order_by("order")[0]
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert item.title in html
    assert "หลักการและเหตุผล" in html and "กลุ่มเป้าหมาย" in html
    assert "พนักงานส่วนตำบล 50 คน" in html
    assert "๒๐,๐๐๐" in html
    assert reverse("plans:item_pdf", args=[item.pk]) in html


def test_it_exports_the_items_as_csv_with_thai_text(client, agency_a):
    plan = plan_with_items(agency_a, 6)
    response = client.get(reverse("plans:plan_items_csv", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # utf-8-sig: Excel reads the Thai
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:4] == ["มิติ", "ภารกิจตามมิติ", "ลำดับ", "โครงการ/กิจกรรม/มาตรการ"]
    assert "งบประมาณ ปี 2566 (บาท)" in rows[0]
    assert len(rows) == 1 + 6
    titles = [r[3] for r in rows[1:]]
    assert "โครงการทดสอบที่ 1 มิติ 1" in titles
    first = next(r for r in rows[1:] if r[3] == "โครงการทดสอบที่ 1 มิติ 1")
    assert first[0] == "1 การสร้างวัฒนธรรมสุจริต"
    assert first[5] == "20000.00"


def test_it_applies_the_page_filters_to_the_csv(client, agency_a):
    plan = plan_with_items(agency_a, 12)
    response = client.get(reverse("plans:plan_items_csv", args=[plan.pk]), {"dimension": "1"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1 + 4
    assert all(r[0].startswith("1 ") for r in rows[1:])


def _plan_page_queries(client, plan) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(plan.get_absolute_url()).status_code == 200
    return len(ctx.captured_queries)


def test_it_keeps_the_plan_page_query_count_flat_as_items_grow(client_for, alice, agency_a):
    client = client_for(alice)  # signed in: the source box and session queries too
    small = plan_with_items(agency_a, 3)
    large = plan_with_items(agency_a, 30, first_year=2561)
    assert _plan_page_queries(client, small) == _plan_page_queries(client, large)


def test_it_renders_the_plan_page_in_a_bounded_number_of_queries(
    client, agency_a, django_assert_max_num_queries
):
    plan = plan_with_items(agency_a, 30)
    with django_assert_max_num_queries(10):
        assert client.get(plan.get_stable_url(revision=True)).status_code == 200


def test_it_summarises_plan_001_as_its_annex_does(client, db):
    """The real document: 43/44/41/44/44 projects and 110,000 baht in each year (annex)."""
    from conftest import publish_through_chain, seed_path
    from core.importing.service import document_import
    from plans.models import Plan

    path = seed_path("001")
    document_import(user=SYSTEM, data=path.read_bytes(), filename=path.name, agency_code="t-001")
    plan = publish_through_chain(Plan.objects.get(agency__code="t-001"))
    summary = plan_summary(plan)
    assert [t.items for t in summary.column_totals] == [43, 44, 41, 44, 44]
    assert [t.budget for t in summary.column_totals] == [Decimal(110000)] * 5
    assert [row.cells[0].budget for row in summary.rows] == [
        Decimal(70000),
        Decimal(25000),
        Decimal(15000),
        Decimal(0),
    ]
    html = client.get(plan.get_stable_url(revision=True)).content.decode()
    assert "๑๑๐,๐๐๐" in html and "การบริหารราชการด้วยความโปร่งใส" in html
