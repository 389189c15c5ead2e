"""Public pages at national scale: ~7,850 agencies in 77 provinces.

Builds (once) a PostgreSQL database `sujarit_bench` with 7,850 agencies, a published plan
for 80% of them, published measure sets for 60%, ITA results for 70%, and full plan items
(46 items x 5 years) for 300 of the plans; then times the public pages through Django's
test client (whole request: URL routing, queries, template) and prints medians and ratios.

    .venv/bin/python bench/bench_dashboard.py [--rebuild]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sujarit_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

N_PROVINCES = 77
N_AGENCIES = 7850
N_FULL_PLANS = 300


def ensure_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = 'sujarit_bench'"
        ).fetchone()
        if "--rebuild" in sys.argv and exists:
            conn.execute("DROP DATABASE sujarit_bench")
            exists = None
        if not exists:
            conn.execute("CREATE DATABASE sujarit_bench")


def build() -> None:
    from django.core.management import call_command

    from agencies.models import Agency, Province
    from measures.models import ITAResult, MeasureSet
    from plans.models import Dimension, DimensionEdition, Plan, PlanItem, PlanItemYear

    call_command("migrate", verbosity=0)
    if Agency.objects.count() >= N_AGENCIES:
        return
    print("building the national data set (once)...", flush=True)
    t0 = time.perf_counter()
    provinces = Province.objects.bulk_create(
        Province(name=f"จังหวัดทดสอบ{i:02d}") for i in range(N_PROVINCES)
    )
    agencies = Agency.objects.bulk_create(
        Agency(
            code=f"B{i:05d}",
            kind="sao",
            name=f"องค์การบริหารส่วนตำบลทดสอบ{i:05d}",
            short_name=f"อบต.ทดสอบ{i:05d}",
            district=f"อำเภอ{i % 900}",
            province=provinces[i % N_PROVINCES],
        )
        for i in range(N_AGENCIES)
    )
    edition = DimensionEdition.objects.get(code="2566-2570")
    plans = Plan.objects.bulk_create(
        Plan(
            agency=a,
            edition=edition,
            title="แผนปฏิบัติการป้องกันการทุจริต",
            first_year=2566,
            last_year=2570,
            status="published" if i % 5 else "draft",
        )
        for i, a in enumerate(agencies)
        if i % 10 < 9
    )
    MeasureSet.objects.bulk_create(
        MeasureSet(agency=a, fiscal_year=2567, status="published", title="มาตรการส่งเสริมคุณธรรม")
        for i, a in enumerate(agencies)
        if i % 5 < 3
    )
    ITAResult.objects.bulk_create(
        ITAResult(agency=a, fiscal_year=2566, status="published", total=Decimal(60 + (i % 40)))
        for i, a in enumerate(agencies)
        if i % 10 < 7
    )
    dims = list(Dimension.objects.filter(edition=edition, parent__isnull=True).order_by("sort_key"))
    subs = list(
        Dimension.objects.filter(edition=edition, parent__isnull=False).order_by("sort_key")
    )
    for plan in plans[:N_FULL_PLANS]:
        items = PlanItem.objects.bulk_create(
            PlanItem(
                plan=plan,
                title=f"โครงการส่งเสริมคุณธรรมและความโปร่งใสที่ {n}",
                dimension=dims[n % 4],
                subdimension=subs[n % len(subs)]
                if subs[n % len(subs)].parent_id == dims[n % 4].pk
                else None,
                order=n,
            )
            for n in range(46)
        )
        PlanItemYear.objects.bulk_create(
            PlanItemYear(
                item=item,
                year=y,
                budget=Decimal(10000 * (n % 3)),
                no_budget=n % 3 == 0,
                q1=True,
                q2=True,
            )
            for n, item in enumerate(items)
            for y in range(2566, 2571)
        )
    print(f"built in {time.perf_counter() - t0:.1f} s", flush=True)


def timed(client, url: str, runs: int = 7, clear_cache: bool = False) -> tuple[float, int]:
    from django.core.cache import cache

    times = []
    status = 0
    for _ in range(runs):
        if clear_cache:
            cache.clear()
        t = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            for _chunk in response.streaming_content:
                pass
        times.append(time.perf_counter() - t)
        status = response.status_code
    return statistics.median(times), status


def main() -> None:
    ensure_database()
    import django

    django.setup()
    build()
    from django.test import Client

    from agencies.models import Agency, Province
    from plans.models import Plan

    client = Client()
    full_plan = Plan.objects.filter(status="published", items__isnull=False).distinct().first()
    province = Province.objects.first()
    assert full_plan is not None and province is not None, "run the data set builder first"
    print(
        f"agencies: {Agency.objects.count():,}; published plans: {Plan.objects.filter(status='published').count():,}"
    )
    cases = [
        ("national dashboard, cold (cache cleared)", "/dashboard/?year=2567", True),
        ("national dashboard, cached", "/dashboard/?year=2567", False),
        (
            "province page (102 agencies, page 1)",
            f"/dashboard/provinces/{province.pk}/?year=2567",
            False,
        ),
        ("front page, search 'ทดสอบ01'", "/?q=ทดสอบ01", False),
        ("front page, no search (page 1 of 314)", "/", False),
        ("plan page (46 items x 5 years)", full_plan.get_stable_url(revision=True), False),
        ("open data agencies.csv (7,850 rows)", "/open-data/agencies.csv?year=2567", False),
    ]
    print(f"{'case':<45} {'median ms':>10}  status")
    results = {}
    for name, url, clear_cache in cases:
        seconds, status = timed(client, url, clear_cache=clear_cache)
        results[name] = seconds
        print(f"{name:<45} {seconds * 1000:>10.1f}  {status}")
    cold = results["national dashboard, cold (cache cleared)"]
    warm = results["national dashboard, cached"]
    print(f"dashboard cold/cached ratio: {cold / warm:.1f}x")


if __name__ == "__main__":
    main()
