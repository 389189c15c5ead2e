"""The benchmark data set builder: national shape, mostly published, reproducible."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from agencies.models import Agency, Province
from plans.models import Plan, PlanItem, PlanItemYear

pytestmark = pytest.mark.django_db


def build(**options) -> str:
    out = io.StringIO()
    call_command("build_national_dataset", "--scale", "0.01", stdout=out, **options)
    return out.getvalue()


def test_it_builds_a_small_national_set_with_full_plans():
    report = build()

    assert "built in" in report
    assert Province.objects.count() == 77
    assert Agency.objects.count() == 78  # 1 % of 7,850 (at least one per province)
    sizes = Plan.objects.annotate(n=Count("items")).values_list("n", flat=True)
    assert all(40 <= n <= 50 for n in sizes)
    assert PlanItemYear.objects.count() == PlanItem.objects.count() * 5
    published = Plan.objects.filter(status="published").count()
    assert published >= 0.7 * Plan.objects.count()


def test_it_is_reproducible_and_refuses_a_database_with_agencies():
    build()
    first = list(Agency.objects.order_by("code").values_list("name", "kind"))
    with pytest.raises(CommandError):
        build()
    with connection.cursor() as cursor:  # far faster than a cascading delete()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE agencies_province, agencies_agency CASCADE")
    build()
    assert list(Agency.objects.order_by("code").values_list("name", "kind")) == first
