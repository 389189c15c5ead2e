"""Where a public page's time goes: pyinstrument over N requests in one process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sujarit_deploy_bench \
        .venv/bin/python bench/profile_page.py /plans/27/ [-n 20] [--html out.html]

Runs the production settings (DEBUG off, kept connections, JIT off) through Django's test
client, once to warm up, then N times under the profiler; prints the call tree (frames over
2% of the time) and the number of SQL queries and their share of the time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sujarit_deploy_bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("--html", help="also write pyinstrument's HTML report here")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    client = Client()
    assert client.get(args.url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        client.get(args.url)
        one = time.perf_counter() - started
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    print(
        f"{args.url}: {one * 1000:.1f} ms per request, {len(queries)} queries taking {sql_ms:.1f} ms"
    )
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.n):
        client.get(args.url)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False, time="percent_of_total"))
    if args.html:
        Path(args.html).write_text(profiler.output_html(), encoding="utf-8")


if __name__ == "__main__":
    main()
