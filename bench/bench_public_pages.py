"""Public pages under load, through the production web server, next to static files.

Builds (once) the national data set in PostgreSQL (``manage.py build_national_dataset``:
7,850 agencies, ~45-item plans x 5 years, ITA, measures, rounds), starts gunicorn with the
production settings (``config/gunicorn.conf.py``, DEBUG off, WhiteNoise, Redis cache, kept
database connections, JIT off) on loopback, and drives it with wrk at 1, 16 and 64 concurrent
clients against

* the agency page, a plan page with ~45 items, the province dashboard, the national
  dashboard and the agency's OIT sheet of the latest ITA year, and
* each page's own bytes saved as a static file and served by the same server (WhiteNoise),

three repeats in one run, interleaved. Prints requests/s, p50, p99 and errors per case (the
median of the repeats), and the page/static ratio of requests/s. ``--conn-max-age`` adds a
pass with CONN_MAX_AGE=0 (a new PostgreSQL connection per request) for comparison.

    .venv/bin/python bench/bench_public_pages.py [--rebuild] [--duration 5] [--repeats 3]
        [--clients 1,16,64] [--workers N] [--conn-max-age] [--db sujarit_deploy_bench]

Needs wrk (``apt-get install -y wrk``), PostgreSQL at 127.0.0.1:5432 and Redis at 6379.
wrk runs on the same machine as the server: on a small machine it takes a share of the CPU,
which the static-file rows show (they are the ceiling of this server on this machine).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "public_pages"
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sujarit_deploy_bench")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0, help="data set scale when building")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per wrk run")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--clients", default="1,16,64")
    parser.add_argument("--port", type=int, default=8120)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: conf)")
    parser.add_argument("--redis-db", type=int, default=6)
    parser.add_argument("--conn-max-age", action="store_true", help="also run CONN_MAX_AGE=0")
    return parser.parse_args()


def environment(args: argparse.Namespace, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="bench-only-not-secret",
        DEBUG="0",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.db}",
        CACHE_URL=f"redis://127.0.0.1:6379/{args.redis_db}",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="0",
        STATIC_ROOT=str(OUT / "static"),
        MEDIA_ROOT=str(OUT / "media"),
        PORT=str(args.port),
        ACCESS_LOG="",
        GUNICORN_LOG_LEVEL="warning",
    )
    if args.workers:
        env["WORKERS"] = str(args.workers)
    env.update(extra)
    return env


def manage(env: dict[str, str], *argv: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *argv], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def ensure_database(args: argparse.Namespace, env: dict[str, str]) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]).fetchone()
        if exists and args.rebuild:
            conn.execute(f'DROP DATABASE "{args.db}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{args.db}"')
    manage(env, "migrate", "--noinput", "-v", "0")
    query = "from plans.models import Agency; print(Agency.objects.count())"
    if int(manage(env, "shell", "--no-imports", "-c", query).strip()) == 0:
        print("building the national data set (once)...", flush=True)
        print(manage(env, "build_national_dataset", "--scale", str(args.scale)).strip())


def pick_urls(env: dict[str, str]) -> dict[str, str]:
    """One representative URL per page, chosen from the data (the plan nearest 45 items)."""
    code = r"""
from django.db.models import Count
from agencies.models import Agency, Province
from plans.models import Plan
plan = (Plan.objects.filter(status="published").annotate(n=Count("items"))
        .filter(n=45).select_related("agency").order_by("pk").first())
agency = plan.agency
province = Province.objects.annotate(n=Count("agencies")).order_by("-n", "pk").first()
print(agency.code, f"{plan.first_year}-{plan.last_year}", province.pk, province.n)
"""
    agency, years, province, n = manage(env, "shell", "--no-imports", "-c", code).split()
    return {
        "agency page": f"/agencies/{agency}/",
        "plan page (45 items)": f"/a/{agency}/plan/{years}/",
        f"province dashboard ({n} agencies)": f"/dashboard/provinces/{province}/",
        "national dashboard": "/dashboard/",
        "OIT sheet": f"/a/{agency}/oit/",
    }


class Server:
    def __init__(self, env: dict[str, str], port: int):
        self.env, self.port = env, port
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.proc = subprocess.Popen(
            [GUNICORN, "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/static/css/app.css")
                return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        os.killpg(self.proc.pid, signal.SIGTERM)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


def fetch(port: int, path: str) -> tuple[int, bytes, str]:
    status, body, content_type, _final = fetch_final(port, path)
    return status, body, content_type


def fetch_final(port: int, path: str) -> tuple[int, bytes, str, str]:
    """Status, body, content type and the path it came from (after redirects)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as response:
            final = urllib.parse.urlsplit(response.geturl())
            final_path = final.path + (f"?{final.query}" if final.query else "")
            return response.status, response.read(), response.headers.get_content_type(), final_path
    except urllib.error.HTTPError as error:
        return error.code, b"", "", path


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    assert match is not None, f"unexpected wrk latency {text!r}"
    number, unit = match.groups()
    return float(number) * _UNITS[unit]


def _wrk_field(pattern: str, out: str) -> str:
    """The first group of ``pattern`` in wrk's report (always printed with --latency)."""
    match = re.search(pattern, out)
    assert match is not None, f"{pattern!r} not in wrk output:\n{out}"
    return match.group(1)


def wrk(url: str, clients: int, duration: float) -> dict[str, float]:
    threads = min(clients, 2)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{clients}", f"-d{duration:g}s", "--timeout", "30s", "--latency"]
        + [url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(_wrk_field(r"Requests/sec:\s+([\d.]+)", out))
    p50 = _ms(_wrk_field(r"\s50%\s+(\S+)", out))
    p99 = _ms(_wrk_field(r"\s99%\s+(\S+)", out))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(n) for n in match.groups())
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


def settle(port: int) -> None:
    """Wait until the server is idle: after a run at 64 clients, sync workers still answer the
    requests queued in the listen backlog, which would land on the next run's clock."""
    deadline = time.monotonic() + 120
    fast = 0
    while fast < 3 and time.monotonic() < deadline:
        started = time.monotonic()
        fetch(port, "/static/css/app.css")
        fast = fast + 1 if time.monotonic() - started < 0.02 else 0
        time.sleep(0.05)


def measure(
    port: int, cases: list[tuple[str, str]], clients: list[int], args: argparse.Namespace
) -> dict[tuple[str, int], list[dict[str, float]]]:
    results: dict[tuple[str, int], list[dict[str, float]]] = {}
    for repeat in range(1, args.repeats + 1):
        print(f"repeat {repeat}/{args.repeats}...", flush=True)
        for name, path in cases:
            for c in clients:
                settle(port)
                results.setdefault((name, c), []).append(
                    wrk(f"http://127.0.0.1:{port}{path}", c, args.duration)
                )
    return results


def summary(runs: list[dict[str, float]]) -> dict[str, float]:
    return {
        "rps": statistics.median(r["rps"] for r in runs),
        "rps_min": min(r["rps"] for r in runs),
        "rps_max": max(r["rps"] for r in runs),
        "p50": statistics.median(r["p50"] for r in runs),
        "p99": statistics.median(r["p99"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
    }


def main() -> None:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    clients = [int(c) for c in args.clients.split(",")]
    env = environment(args)
    ensure_database(args, env)
    urls = pick_urls(env)

    # 1. The pages' bytes, fetched from the server itself (warms the caches as well).
    manage(env, "collectstatic", "--noinput", "-v", "0")
    static_bench = OUT / "static" / "bench"
    shutil.rmtree(static_bench, ignore_errors=True)
    static_bench.mkdir(parents=True)
    pages: list[tuple[str, str, str]] = []  # name, page path, static path
    with Server(env, args.port):
        for n, (name, path) in enumerate(urls.items()):
            # A page that redirects (the OIT sheet of the latest year) is measured where it
            # lands, so that page and static copy are the same bytes.
            status, body, content_type, path = fetch_final(args.port, path)
            if status == 404:
                print(f"skipped: {name} ({path} answers 404: no such page yet)")
                continue
            if status != 200:
                sys.exit(f"{name}: {path} answered {status}")
            static_name = f"page{n}.html"
            (static_bench / static_name).write_bytes(body)
            pages.append((name, path, f"/static/bench/{static_name}"))
            print(f"{name:<34} {path:<40} {len(body):>8,} bytes {content_type}")

    # 2. The same bytes as static files: WhiteNoise indexes STATIC_ROOT when it starts.
    cases = [
        case
        for name, page, static in pages
        for case in ((name, page), (f"  static copy of {name}", static))
    ]
    print(
        f"\ngunicorn workers={env.get('WORKERS', 'cores+1')}, wrk {args.duration:g} s per run, "
        f"{args.repeats} repeats, clients {clients}; median of repeats (req/s min-max)\n",
        flush=True,
    )
    with Server(env, args.port):
        for _name, path, static in pages:  # every worker answers once before the clock starts
            for _ in range(8):
                assert fetch(args.port, path)[0] == 200 and fetch(args.port, static)[0] == 200
        results = measure(args.port, cases, clients, args)
    report(results, pages, clients)

    if args.conn_max_age:
        env0 = environment(args, CONN_MAX_AGE="0")
        print("\nCONN_MAX_AGE=0 (a new PostgreSQL connection per request):", flush=True)
        few = [(name, path) for name, path, _ in pages[:2]]
        with Server(env0, args.port):
            results0 = measure(args.port, few, [16], args)
        for name, _path in few:
            kept = summary(results[(name, 16)])
            fresh = summary(results0[(name, 16)])
            print(
                f"{name:<34} 16 clients: {fresh['rps']:8.1f} req/s with CONN_MAX_AGE=0, "
                f"{kept['rps']:8.1f} with 60 ({kept['rps'] / fresh['rps']:.2f}x); "
                f"p50 {fresh['p50']:.1f} -> {kept['p50']:.1f} ms"
            )


def report(results, pages, clients) -> None:
    header = f"{'case':<44} {'clients':>7} {'req/s':>9} {'(min-max)':>15} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}"
    print(header)
    print("-" * len(header))
    for name, _page, _static in pages:
        for label in (name, f"  static copy of {name}"):
            for c in clients:
                s = summary(results[(label, c)])
                spread = f"({s['rps_min']:.0f}-{s['rps_max']:.0f})"
                print(
                    f"{label:<44} {c:>7} {s['rps']:>9.1f} {spread:>15} {s['p50']:>8.1f} "
                    f"{s['p99']:>8.1f} {s['errors']:>6}"
                )
    print("\nratio page/static (req/s):")
    for name, _page, _static in pages:
        ratios = []
        for c in clients:
            page = summary(results[(name, c)])["rps"]
            static = summary(results[(f"  static copy of {name}", c)])["rps"]
            if page and static:
                ratios.append(f"{c}: {page / static:.3f} (static {static / page:.1f}x)")
            else:
                ratios.append(f"{c}: n/a")
        print(f"  {name:<34} " + "; ".join(ratios))


if __name__ == "__main__":
    main()
