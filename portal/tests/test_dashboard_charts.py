"""The dashboards' charts (issue 16 item 6): ITA scores and grades, plans published, 6-month
reports on time, budget planned and used per dimension; nationally and per province, each
with its data table and the open data behind it. Published data only."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.cache import cache

from agencies.choices import PublicationStatus
from agencies.models import Agency, Province
from conftest import publish_through_chain
from core.thai import digits
from measures.models import ITAResult
from portal.dashboards import (
    budget_by_dimension,
    h1_on_time_by_year,
    ita_grades_by_year,
    ita_score_bins,
    plan_share_by_year,
)
from reports.choices import RoundKind, RowStatus
from reports.services import report_row_update, round_open
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def other_province_agency(db):
    province = Province.objects.create(name="ราชบุรี")
    return Agency.objects.create(
        code="C001", kind="sao", name="อบต.ปากช่อง", short_name="อบต.ปากช่อง", province=province
    )


@pytest.fixture
def data(agency_a, agency_b, other_province_agency, alice, bob):
    def ita(agency, total, each=None, status=PublicationStatus.PUBLISHED):
        ITAResult.objects.create(
            agency=agency,
            fiscal_year=2566,
            status=status,
            total=Decimal(total),
            iit=each,
            eit=each,
            oit=each,
        )

    ita(agency_a, "80")  # ต้องปรับปรุง
    ita(agency_b, "96", Decimal(96))  # ผ่านดีเยี่ยม
    ita(other_province_agency, "55", status=PublicationStatus.DRAFT)  # not counted
    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    rnd = round_open(
        agency=agency_a,
        fiscal_year=2567,
        kind=RoundKind.H1,
        user=alice,
        due_date=dt.date(2100, 4, 30),  # published before its due date
    )
    row = rnd.rows.get(plan_item_year__item__title="โครงการอบรมคุณธรรมจริยธรรม")
    report_row_update(
        row=row,
        data={"status": RowStatus.DONE, "done_text": "อบรมแล้ว", "budget_used": "15000"},
        version=row.version,
        user=alice,
    )
    publish_through_chain(rnd, submitter=alice, approver=bob)
    return plan


def test_the_figures_count_published_data_only(data, province):
    assert dict(ita_score_bins(2566)) == {
        "<50": 0,
        "50–59": 0,
        "60–69": 0,
        "70–79": 0,
        "80–84": 1,
        "85–89": 0,
        "90–94": 0,
        "95–100": 1,
    }
    ((year, grades),) = ita_grades_by_year([2566])
    assert year == 2566
    assert {label: n for label, n in grades if n} == {"ผ่านดีเยี่ยม": 1, "ต้องปรับปรุง": 1}
    assert plan_share_by_year([2565, 2567]) == [(2565, 3, 0), (2567, 3, 1)]
    assert plan_share_by_year([2567], province) == [(2567, 2, 1)]
    assert h1_on_time_by_year([2567]) == [(2567, 3, 1, 0)]
    kind, budget = budget_by_dimension(2567)
    assert kind == "รอบ 6 เดือน"  # no 12-month report yet
    by_dimension = {number: (planned, used) for number, planned, used in budget}
    assert by_dimension["1"] == (Decimal(50000), Decimal(15000))
    assert by_dimension["3"] == (Decimal(15000), Decimal(0))


def _bars(svg: str) -> int:
    root = ET.fromstring(svg)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and desc is not None and desc.text
    return sum(1 for r in root.iter(f"{SVG}rect") if r.get("class") == "bar")


def test_the_national_dashboard_draws_each_chart_with_its_table(client, data):
    response = client.get("/dashboard/?year=2567")
    assert response.status_code == 200
    charts = {c.key: c for c in response.context["charts"]}
    assert _bars(charts["chart-ita-scores"].svg) == 8  # one bar per score bin
    assert _bars(charts["chart-ita-grades"].svg) == 2  # 2566: the two grades reached
    assert _bars(charts["chart-plans"].svg) == 5  # five fiscal years
    assert _bars(charts["chart-h1"].svg) == 10  # on time and late, five years
    assert _bars(charts["chart-budget"].svg) == 2 * len(charts["chart-budget"].rows)
    body = response.content.decode()
    for key in charts:
        assert f'id="{key}"' in body
    assert body.count('<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart"') == 5
    assert "ข้อมูลเปิดที่ใช้สร้างแผนภูมินี้" in body
    assert "/open-data/agencies.csv?year=2567" in body
    assert "๕๐,๐๐๐" in body  # the budget table: planned for dimension 1
    # The score bins in Thai digits like the counts: on the axis and in the table.
    assert "๕๐–๕๙" in str(charts["chart-ita-scores"].svg) and "50–59" not in body
    assert '<th scope="row" class="fw-normal">๕๐–๕๙</th>' in body
    assert "รอบ 6" not in body
    assert "รายงาน ๖ เดือน" in body and "รายงาน 6 เดือน" not in body
    # Each chart's "open data behind it" lands on that data set's row of the open-data page.
    open_data = client.get("/open-data/").content.decode()
    for chart in charts.values():
        path, _, anchor = chart.open_data.partition("#")
        if anchor:
            assert path == "/open-data/", chart.key
            assert f'id="{anchor}"' in open_data, chart.key


def test_the_province_dashboard_charts_only_its_agencies(client, data, other_province_agency):
    province = other_province_agency.province
    response = client.get(f"/dashboard/provinces/{province.pk}/?year=2567")
    charts = {c.key: c for c in response.context["charts"]}
    suffix = f"-{province.pk}"
    plans = charts[f"chart-plans{suffix}"]
    assert [row[1:3] for row in plans.rows] == [[1, 0]] * 5
    assert charts[f"chart-ita-scores{suffix}"].rows == [
        [digits(label), 0]
        for label, _n in ita_score_bins(2566)  # in Thai digits
    ]
    assert charts[f"chart-budget{suffix}"].rows == []
    assert "จังหวัดราชบุรี" in charts[f"chart-plans{suffix}"].title
