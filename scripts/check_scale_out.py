"""Check that the production layout scales out: two web servers, two workers, same answers.

Starts, with ``scripts/serve.sh``, web server A (port 8131) and web server B (port 8132),
each with its own db_worker, sharing only what several machines would share: PostgreSQL,
Redis and the file storage (STORAGE_BACKEND; a local folder here, S3 across machines). Then

1. every public page answers the same bytes from A and from B;
2. plan PDFs asked from A are rendered in the background by whichever worker takes them,
   their progress is polled on B (job state in the database, signed tokens), and B serves
   the very same file A serves (same ETag, same bytes);
3. the renders were shared between the two workers (each task names its worker);
4. the dashboard cache is the shared one (its key is in Redis).

    .venv/bin/python scripts/check_scale_out.py [--db sujarit_deploy_small] [--pdfs 4]

Exits non-zero on the first difference. Builds a small data set (--scale 0.1) when the
database is empty.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
A, B = 8131, 8132


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="sujarit_deploy_small")
    parser.add_argument("--redis-db", type=int, default=7)
    parser.add_argument("--pdfs", type=int, default=4)
    return parser.parse_args()


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def normalise(body: bytes) -> bytes:
    """Per-response tokens aside (CSRF), the bytes must be equal."""
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)
    return re.sub(rb'"X-CSRFToken": "[^"]+"', b"", body)


def manage(env, *argv) -> str:
    return subprocess.run(
        [PY, "manage.py", *argv], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def main() -> int:
    args = parse_args()
    media = Path(tempfile.mkdtemp(prefix="sujarit-shared-media-"))
    env = dict(os.environ)
    env.update(
        SECRET_KEY="scale-out-check-not-secret",
        DEBUG="0",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.db}",
        CACHE_URL=f"redis://127.0.0.1:6379/{args.redis_db}",
        CACHE_KEY_PREFIX="scaleout",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        STORAGE_BACKEND="local",
        MEDIA_ROOT=str(media),  # the "shared storage" of both machines
        STATIC_ROOT=str(ROOT / "var" / "staticfiles-scaleout"),
        ACCESS_LOG="",
        WORKER_INTERVAL="0.5",
    )
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname=%s", [args.db]).fetchone():
            c.execute(f'CREATE DATABASE "{args.db}"')
    manage(env, "migrate", "--noinput", "-v", "0")
    count = "from plans.models import Agency; print(Agency.objects.count())"
    if manage(env, "shell", "--no-imports", "-c", count).strip() == "0":
        print(manage(env, "build_national_dataset", "--scale", "0.1").strip())
    manage(env, "shell", "--no-imports", "-c", "from django.core.cache import cache; cache.clear()")
    manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django_tasks_db.models import DBTaskResult; DBTaskResult.objects.all().delete()",
    )

    procs = []
    try:
        for port, role, migrate in ((A, "all", "1"), (B, "all", "0")):
            procs.append(
                subprocess.Popen(
                    ["scripts/serve.sh", role],
                    cwd=ROOT,
                    env={**env, "PORT": str(port), "WORKERS": "2", "MIGRATE": migrate},
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            wait_for(port)
        return check(env, args)
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=30)
        shutil.rmtree(media, ignore_errors=True)


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if get(port, "/static/css/app.css")[0] == 200:
                return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server on port {port} did not start")


def check(env, args) -> int:
    code = f"""
from django.db.models import Count
from agencies.models import Province
from plans.models import Plan
plans = list(Plan.objects.filter(status="published").annotate(n=Count("items"))
             .filter(n__gte=40).order_by("pk").select_related("agency")[:{args.pdfs}])
province = Province.objects.order_by("pk").first()
print(province.pk, *[f"{{p.pk}}:{{p.agency.code}}:{{p.get_stable_url(revision=True)}}" for p in plans])
"""
    province, *pk_codes = manage(env, "shell", "--no-imports", "-c", code).split()
    plans = [p.split(":") for p in pk_codes]
    pages = ["/", "/dashboard/", f"/dashboard/provinces/{province}/"]
    for _pk, agency, stable in plans[:2]:
        pages += [f"/agencies/{agency}/", stable, f"/a/{agency}/oit/2566/"]
    failures = 0
    print("1. pages from A and from B")
    # One host name for both, as behind a load balancer: pages print absolute links (the
    # permanent links, the OIT sheet) with the host they were asked for.
    host = {"Host": "127.0.0.1"}
    for path in pages:
        status_a, _, body_a = get(A, path, host)
        status_b, _, body_b = get(B, path, host)
        same = status_a == status_b == 200 and normalise(body_a) == normalise(body_b)
        failures += not same
        print(
            f"   {'same' if same else 'DIFFERENT'}  {path}  {status_a}/{status_b} {len(body_a):,} B"
        )

    print("2. PDFs asked from A, polled and fetched on B")
    tokens = []
    for pk, _agency, stable in plans:
        status, headers, body = get(A, f"{stable}pdf/")
        if status == 200:
            print(f"   plan {pk}: already rendered (synchronous or cached)")
            continue
        match = re.search(rb'hx-get="([^"]+)"', body)
        if status != 202 or not match:
            print(f"   plan {pk}: unexpected answer {status}")
            failures += 1
            continue
        tokens.append((pk, stable, match.group(1).decode()))
    for pk, stable, status_url in tokens:
        deadline = time.monotonic() + 180
        while True:
            status, headers, body = get(B, status_url, {"HX-Request": "true"})
            if "HX-Redirect" in headers or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        file_url = headers.get("HX-Redirect")
        if not file_url:
            print(f"   plan {pk}: not ready on B after 180 s")
            failures += 1
            continue
        status_b, headers_b, pdf_b = get(B, file_url)
        status_a, headers_a, pdf_a = get(A, f"{stable}pdf/")
        same = (
            status_a == status_b == 200
            and pdf_a == pdf_b
            and pdf_a.startswith(b"%PDF")
            and headers_a.get("ETag") == headers_b.get("ETag")
        )
        failures += not same
        digest = hashlib.sha256(pdf_b).hexdigest()[:12]
        print(
            f"   plan {pk}: {'same' if same else 'DIFFERENT'} PDF on A and B ({len(pdf_b):,} B, sha256 {digest})"
        )

    print("3. which worker rendered what")
    workers = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django_tasks_db.models import DBTaskResult as R\n"
        "for r in R.objects.order_by('enqueued_at'): print(r.status, ','.join(r.worker_ids))",
    )
    print("   " + workers.strip().replace("\n", "\n   "))
    ids = {line.split()[1] for line in workers.strip().splitlines() if len(line.split()) > 1}
    print(f"   {len(ids)} distinct worker(s) took the {len(tokens)} background renders")

    print("4. the dashboard cache is shared (Redis)")
    keys = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django_redis import get_redis_connection\n"
        "print(sorted(k.decode() for k in get_redis_connection().keys('scaleout:*dashboard*')))",
    )
    shared = "dashboard:national" in keys
    failures += not shared
    print(f"   {keys.strip()}")

    print("OK: A and B serve the same pages and PDFs" if not failures else f"FAILED: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
