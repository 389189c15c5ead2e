"""The public dashboards and open data count only what is published, at any scale."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _plan(agency, edition, status):
    return Plan.objects.create(
        agency=agency,
        edition=edition,
        title="แผนปฏิบัติการป้องกันการทุจริต",
        first_year=2566,
        last_year=2570,
        status=status,
    )


def test_it_counts_published_plans_but_not_drafts(client, agency_a, agency_b, edition):
    _plan(agency_a, edition, "published")
    _plan(agency_b, edition, "draft")
    response = client.get("/dashboard/?year=2567")
    assert response.status_code == 200
    total = response.context["total"]
    assert (total.agencies, total.plans, total.measures) == (2, 1, 0)
    assert "ภาพรวมการเผยแพร่ ปีงบประมาณ ๒๕๖๗" in response.content.decode()


def test_it_lists_a_provinces_agencies_with_their_flags(
    client, agency_a, agency_b, edition, province
):
    _plan(agency_a, edition, "published")
    response = client.get(f"/dashboard/provinces/{province.pk}/?year=2567&missing=plan")
    body = response.content.decode()
    assert response.status_code == 200
    assert agency_b.name in body
    assert agency_a.name not in body  # it has a plan: filtered out by "missing=plan"


def test_it_keeps_drafts_out_of_the_open_data(client, agency_a, agency_b, edition):
    _plan(agency_a, edition, "published")
    _plan(agency_b, edition, "draft")
    response = client.get("/open-data/agencies.csv?year=2567")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["A001"]["plan_published"] == "1"
    assert rows["B001"]["plan_published"] == "0"
    assert "filename*=utf-8''agencies-2567.csv" in response["Content-Disposition"] or (
        'filename="agencies-2567.csv"' in response["Content-Disposition"]
    )


def test_it_needs_the_same_queries_for_many_agencies(client, province, edition):
    def count_queries():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/dashboard/?year=2567").status_code == 200
        return len(ctx)

    Agency.objects.create(
        code="C0", kind="sao", name="อบต.หนึ่ง", short_name="หนึ่ง", province=province
    )
    few = count_queries()
    Agency.objects.bulk_create(
        Agency(code=f"C{i}", kind="sao", name=f"อบต.{i}", short_name=f"{i}", province=province)
        for i in range(1, 60)
    )
    assert count_queries() == few
