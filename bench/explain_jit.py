"""PostgreSQL's JIT on the public pages' queries: EXPLAIN ANALYZE with jit on and off.

Captures the SQL that the national dashboard, a province dashboard, the agency page, a plan
page and the agencies CSV run (through Django's test client, the cache cleared first), then
runs each query under EXPLAIN (ANALYZE, FORMAT JSON) with ``SET jit = on`` and ``off``
(median of --runs) and prints execution and JIT times: the evidence for ``-c jit=off`` in
config/settings.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sujarit_deploy_bench \
        .venv/bin/python bench/explain_jit.py [--runs 5] [--min-ms 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sujarit_deploy_bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--min-ms", type=float, default=5.0, help="skip faster queries")
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from django.http import StreamingHttpResponse
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from agencies.models import Province
    from plans.models import Plan

    plan = (
        Plan.objects.filter(status="published")
        .annotate(n=Count("items"))
        .filter(n=45)
        .select_related("agency")
        .order_by("pk")
        .first()
    )
    province = Province.objects.order_by("pk").first()
    assert plan is not None, "no published plan with 45 items: build the data set first"
    assert province is not None, "no province: build the data set first"
    pages = {
        "national dashboard": "/dashboard/",
        "province dashboard": f"/dashboard/provinces/{province.pk}/",
        "agency page": f"/agencies/{plan.agency.code}/",
        "plan page": plan.get_stable_url(revision=True),
        "agencies CSV": "/open-data/agencies.csv",
    }
    client = Client()
    print(
        f"{'page / query':<60} {'jit on ms':>10} {'(of it JIT)':>12} {'jit off ms':>11} {'ratio':>6}"
    )
    for page, url in pages.items():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if isinstance(response, StreamingHttpResponse):
                response.getvalue()  # b"".join(streaming_content): consume the stream
        assert response.status_code == 200, (url, response.status_code)
        queries = [q["sql"] for q in captured.captured_queries]
        if page == "agencies CSV":
            # Streamed through a server-side cursor, which the capture does not see.
            from core.dashboards import current_fiscal_year, open_data_agencies

            sql, params = open_data_agencies(current_fiscal_year()).query.sql_with_params()
            with connection.cursor() as cursor:
                queries.append(cursor.mogrify(sql, params))
        for n, sql in enumerate(queries):
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            timings = {}
            for jit in ("on", "off"):
                totals, jits = [], []
                with connection.cursor() as cursor:
                    cursor.execute(f"SET jit = {jit}")
                    for _ in range(args.runs):
                        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                        plan_json = cursor.fetchone()[0]
                        if isinstance(plan_json, str):
                            plan_json = json.loads(plan_json)
                        top = plan_json[0]
                        totals.append(top["Planning Time"] + top["Execution Time"])
                        jits.append(top.get("JIT", {}).get("Timing", {}).get("Total", 0.0))
                    cursor.execute("SET jit = off")
                timings[jit] = (statistics.median(totals), statistics.median(jits))
            on, on_jit = timings["on"]
            off, _ = timings["off"]
            if max(on, off) < args.min_ms:
                continue
            label = f"{page} #{n}: {sql[:40]}"
            print(f"{label:<60} {on:>10.1f} {on_jit:>12.1f} {off:>11.1f} {on / off:>5.1f}x")


if __name__ == "__main__":
    main()
