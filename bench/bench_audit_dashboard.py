"""The auditors' follow-up dashboard (reports.selectors.audit_dashboard) at national scale.

Builds (once) a PostgreSQL database `sujarit_bench_audit` with 7,850 agencies in 77
provinces and, for fiscal year 2567, a 6- and a 12-month round for 70% of them (submitted on
time, late, or still open; a verdict on half the submitted ones), then times the dashboard
for an auditor of one province (~100 agencies), of the largest province we make (400), and
for a site administrator (every agency), and the page with its first 50 lines. Prints medians.

    .venv/bin/python bench/bench_audit_dashboard.py [--rebuild]
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sujarit_bench_audit")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

N_PROVINCES = 77
N_AGENCIES = 7850
BIG_PROVINCE = 400  # agencies in province 0 (the others share the rest)


def ensure_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = 'sujarit_bench_audit'"
        ).fetchone()
        if "--rebuild" in sys.argv and exists:
            conn.execute("DROP DATABASE sujarit_bench_audit")
            exists = None
        if not exists:
            conn.execute("CREATE DATABASE sujarit_bench_audit")


def build() -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from agencies.models import Agency, Province, User
    from reports.calendar import default_due_date, round_period
    from reports.models import ReportingRound, ReviewStep, RoundEvent

    call_command("migrate", verbosity=0)
    if Agency.objects.count() >= N_AGENCIES:
        return
    print("building the data set (once)...", flush=True)
    provinces = Province.objects.bulk_create(
        Province(name=f"จังหวัดทดสอบ{i:02d}") for i in range(N_PROVINCES)
    )

    def province_of(i: int) -> Province:
        if i < BIG_PROVINCE:
            return provinces[0]
        return provinces[1 + i % (N_PROVINCES - 1)]

    agencies = Agency.objects.bulk_create(
        Agency(
            code=f"B{i:05d}",
            kind="sao",
            name=f"องค์การบริหารส่วนตำบลทดสอบ{i:05d}",
            short_name=f"อบต.ทดสอบ{i:05d}",
            province=province_of(i),
        )
        for i in range(N_AGENCIES)
    )
    rounds = []
    for i, agency in enumerate(agencies):
        if i % 10 >= 7:
            continue
        for kind in ("h1", "annual"):
            start, end = round_period(2567, kind)
            state = "open" if i % 10 == 6 else "submitted"
            rounds.append(
                ReportingRound(
                    agency=agency,
                    fiscal_year=2567,
                    kind=kind,
                    period_start=start,
                    period_end=end,
                    due_date=default_due_date(2567, kind),
                    state=state,
                    submitted_at=timezone.now() if state == "submitted" else None,
                )
            )
    rounds = ReportingRound.objects.bulk_create(rounds, batch_size=2000)
    events, steps = [], []
    for n, rnd in enumerate(rounds):
        if rnd.state != "submitted":
            continue
        events.append(RoundEvent(round=rnd, kind="submitted", to_state="submitted", data={}))
        if n % 2:
            verdict = "audit_fail" if n % 4 == 1 else "audit_pass"
            steps.append(ReviewStep(round=rnd, kind="audit", verdict=verdict, comment="ขอหลักฐาน"))
    RoundEvent.objects.bulk_create(events, batch_size=2000)
    ReviewStep.objects.bulk_create(steps, batch_size=2000)
    # auto_now_add ignores a given value: date the submissions afterwards (a third late).
    submitted = list(RoundEvent.objects.filter(kind="submitted").select_related("round"))
    for event in submitted:
        late = dt.timedelta(days=20 if event.round_id % 3 == 0 else -5)
        event.at = dt.datetime.combine(event.round.due_date + late, dt.time(3), tzinfo=dt.UTC)
    RoundEvent.objects.bulk_update(submitted, ["at"], batch_size=2000)
    small = User.objects.create_user("bench-auditor-small", password="x", role="auditor")
    small.audited_provinces.add(provinces[5])
    big = User.objects.create_user("bench-auditor-big", password="x", role="auditor")
    big.audited_provinces.add(provinces[0])
    User.objects.create_superuser("bench-root", "", "x")


def median_ms(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ensure_database()
    import django

    django.setup()
    build()
    from django.test import Client
    from django.urls import reverse

    from agencies.models import User
    from reports.selectors import audit_dashboard

    today = dt.date(2024, 12, 1)
    for username in ("bench-auditor-small", "bench-auditor-big", "bench-root"):
        user = User.objects.get(username=username)
        board = audit_dashboard(user, fiscal_year=2567, today=today)
        ms = median_ms(lambda u=user: audit_dashboard(u, fiscal_year=2567, today=today))
        counts = {k: v for k, v in board.counts.items() if v}
        print(f"{username:22s} selector {len(board.lines):6d} lines {ms:8.1f} ms  {counts}")
        client = Client()
        client.force_login(user)
        page_url = reverse("reports:audit_dashboard") + "?year=2567"
        assert client.get(page_url).status_code == 200
        csv_url = reverse("reports:audit_dashboard_export", args=["csv"]) + "?year=2567"
        page_ms = median_ms(lambda c=client, u=page_url: c.get(u))
        csv_ms = median_ms(lambda c=client, u=csv_url: b"".join(c.get(u).streaming_content), 3)
        print(f"{'':22s} page (50 lines) {page_ms:8.1f} ms   CSV (all lines) {csv_ms:8.1f} ms")


if __name__ == "__main__":
    main()
