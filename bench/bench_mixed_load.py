"""Editors and readers at once: 20 staff saving report rows while 100 readers open public pages.

The issue 16 target: with 20 editors and 100 concurrent readers on the production layout
(gunicorn with ``config/gunicorn.conf.py``, DEBUG off, Redis cache and sessions, kept database
connections) and the national data set, the public pages' p95 stays under 100 ms and no write
is lost.

* **Readers:** wrk with 100 connections, each request a public page chosen in turn from the
  agency page, a plan with ~45 items, the province and national dashboards and the OIT sheet
  (anonymous, so served from the page cache); wrk prints p50/p90/p95/p99 (a Lua ``done``).
  wrk's clients ask again the instant they are answered, so 100 of them are a stress test
  whose latency is 100 / throughput at best; ``--reader-think S`` runs 100 readers at a
  person's pace instead (a page every S seconds on average, asyncio).
* **Editors:** 20 threads, each signed in as the staff of its own agency with an open 6-month
  round (opened here through ``reports.services.round_open``), which open the round page
  once, then repeat as the browser does with htmx: open a row's form (GET
  ``/reports/rows/<pk>/edit/`` with HX-Request), think 1-3 s (``--think``), save a new text
  (POST, expecting the saved row back). Each thread records every save the server
  acknowledged.
* **Lost writes:** afterwards, for every row, the database must hold the text of the last
  acknowledged save, and its version must have grown by exactly the number of acknowledged
  saves (a save acknowledged but not stored, or stored twice, shows here).

    .venv/bin/python bench/bench_mixed_load.py [--duration 30] [--readers 100] [--editors 20]
        [--think 1-3] [--reader-think 0] [--threads N] [--db sujarit_deploy_bench]

Uses the data set of bench/bench_public_pages.py (built there once, or here when missing).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_public_pages import (
    Server,
    ensure_database,
    environment,
    fetch,
    fetch_final,
    manage,
    pick_urls,
)

PASSWORD = "bench-editor-pass-1"

SETUP = r"""
import json
from agencies.choices import PublicationStatus, Role
from agencies.models import Agency, User
from plans.models import Plan
from reports.choices import RoundKind
from reports.models import ReportingRound, ReportRow
from reports.services import round_open

EDITORS, PASSWORD, YEAR = {editors}, {password!r}, {year}
out = []
plans = (Plan.objects.filter(status=PublicationStatus.PUBLISHED, first_year__lte=YEAR,
         last_year__gte=YEAR).select_related("agency").order_by("pk"))
for plan in plans:
    if len(out) == EDITORS:
        break
    agency = plan.agency
    username = f"bench-editor-{{agency.code}}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username, password=PASSWORD, agency=agency,
                                        role=Role.STAFF, first_name="ผู้ทดสอบ")
    rnd = ReportingRound.objects.filter(agency=agency, fiscal_year=YEAR, kind=RoundKind.H1).first()
    if rnd is None:
        rnd = round_open(agency=agency, fiscal_year=YEAR, kind=RoundKind.H1, user=user)
    if rnd.state != "open":
        continue
    rows = list(ReportRow.objects.filter(round=rnd).order_by("pk").values_list("pk", flat=True)[:10])
    if rows:
        out.append({{"username": username, "round": rnd.pk, "rows": rows}})
print(json.dumps(out))
"""

STATE = r"""
import json
from reports.models import ReportRow
pks = {pks}
print(json.dumps({{r.pk: [r.done_text, r.version] for r in ReportRow.objects.filter(pk__in=pks)}}))
"""

READERS_LUA = """
local paths = {{{paths}}}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
done = function(summary, latency, requests)
  for _, p in pairs({{50, 90, 95, 99}}) do
    io.write(string.format("p%d %.3f\\n", p, latency:percentile(p) / 1000.0))
  end
  io.write(string.format("requests %d\\n", summary.requests))
  io.write(string.format("non2xx %d\\n", summary.errors.status))
  io.write(string.format("socket %d\\n", summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sujarit_deploy_bench")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--readers", type=int, default=100)
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--think", default="1-3", help="editor think time range, seconds")
    parser.add_argument(
        "--reader-think",
        type=float,
        default=0.0,
        help="readers at a person's pace: mean seconds between pages (0: wrk, no pause)",
    )
    parser.add_argument("--port", type=int, default=8121)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--threads", type=int, default=0, help="gunicorn threads per worker")
    parser.add_argument("--redis-db", type=int, default=6)
    parser.add_argument("--year", type=int, default=0, help="fiscal year of the rounds")
    return parser.parse_args()


@dataclass
class Editor:
    username: str
    round: int
    rows: list[int]
    saves: dict[int, list[str]] = field(default_factory=dict)  # row -> acknowledged texts
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


_FIELD = re.compile(
    r'<(input|textarea|select)\b[^>]*\bname="([^"]+)"[^>]*>', re.IGNORECASE | re.DOTALL
)


def form_fields(html: str, containing: str) -> dict[str, str]:
    """The values a browser would send back for the page's first POST form with a field named
    `containing` (the navigation has forms of its own: log out, search)."""
    forms = re.finditer(r'<form\b[^>]*method="post".*?</form>', html, re.DOTALL | re.IGNORECASE)
    form = next((f for f in forms if f'name="{containing}' in f.group(0)), None)
    assert form, f"no form with {containing!r} on the page"
    fields: dict[str, str] = {}
    for match in _FIELD.finditer(form.group(0)):
        tag, name = match.group(1).lower(), match.group(2)
        attrs = match.group(0)
        if tag == "input":
            if re.search(r'type="(checkbox|radio)"', attrs) and "checked" not in attrs:
                continue
            value = re.search(r'value="([^"]*)"', attrs)
            fields[name] = value.group(1) if value else ""
        elif tag == "textarea":
            body = re.match(r"(?s).*?>(.*?)</textarea>", form.group(0)[match.start() :])
            fields[name] = body.group(1).strip() if body else ""
        else:
            select = form.group(0)[match.start() :]
            select = select[: select.find("</select>")]
            chosen = re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', select)
            first = re.search(r'<option[^>]*value="([^"]*)"', select)
            fields[name] = (chosen or first).group(1) if (chosen or first) else ""  # type: ignore[union-attr]
    return {k: v.replace("&quot;", '"').replace("&amp;", "&") for k, v in fields.items()}


def run_editor(
    editor: Editor,
    port: int,
    start: threading.Barrier,
    duration: float,
    think: tuple[float, float],
    seed: int,
) -> None:
    base = f"http://127.0.0.1:{port}"
    jar = http.cookiejar.CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    rng = random.Random(seed)

    def call(
        path: str, data: dict[str, str] | None = None, *, htmx: bool = False
    ) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(base + path, data=body)
        if htmx:  # what the round page's "แก้ไข" button and the inline form send
            request.add_header("HX-Request", "true")
        if data is not None:
            request.add_header("Referer", base + path)
        started = time.perf_counter()
        try:
            with opener.open(request, timeout=60) as response:
                status, text, location = response.status, response.read().decode(), ""
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
            location = error.headers.get("Location", "")
        editor.latencies.append(time.perf_counter() - started)
        return status, text, location

    status, page, _ = call("/accounts/login/")
    token = form_fields(page, "username")
    token.update(username=editor.username, password=PASSWORD)
    status, _, location = call("/accounts/login/", token)
    # Signed in and on the round page before the clock starts: 20 people do not sign in in
    # the same second (a password check is 0.38 s of CPU by design, PBKDF2), they work.
    signed_in = status == 302
    if not signed_in:
        editor.errors.append(f"login answered {status}")
    else:
        # As in the browser: the round page once, then each row's form and its save through
        # htmx (the form comes in place of the row; the save answers the row and summary).
        status, _, _ = call(f"/reports/{editor.round}/")
        if status != 200:
            editor.errors.append(f"round page answered {status}")
            signed_in = False
    editor.latencies.clear()
    start.wait()
    if not signed_in:
        return
    stop = time.monotonic() + duration
    n = 0
    while time.monotonic() < stop:
        row = editor.rows[n % len(editor.rows)]
        n += 1
        status, page, _ = call(f"/reports/rows/{row}/edit/", htmx=True)
        if status != 200:
            editor.errors.append(f"GET row {row}: {status}")
            continue
        fields = form_fields(page, "done_text")
        time.sleep(rng.uniform(*think))
        text = f"ผลการดำเนินการ บันทึกครั้งที่ {n} โดย {editor.username}"
        done_text = next(k for k in fields if k.endswith("done_text"))
        fields[done_text] = text
        status, page, location = call(f"/reports/rows/{row}/edit/", fields, htmx=True)
        if status == 200 and f'id="row-{row}"' in page and text in page and "<form" not in page:
            editor.saves.setdefault(row, []).append(text)
        else:
            errors = re.findall(r'class="invalid-feedback[^"]*"[^>]*>\s*([^<]+)', page)
            editor.errors.append(f"POST row {row}: {status} {errors[:2]}")


def run_readers(port: int, paths: list[str], readers: int, duration: float) -> dict[str, float]:
    script = Path(tempfile.mkdtemp()) / "readers.lua"
    script.write_text(READERS_LUA.format(paths=", ".join(f'"{p}"' for p in paths)))
    out = subprocess.run(
        ["wrk", "-t2", f"-c{readers}", f"-d{duration:g}s", "--timeout", "30s", "-s", str(script)]
        + [f"http://127.0.0.1:{port}/"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = dict(re.findall(r"^(p\d+|requests|non2xx|socket) ([\d.]+)$", out, re.MULTILINE))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return {**{k: float(v) for k, v in figures.items()}, "rps": rps}


def run_paced_readers(
    port: int, paths: list[str], readers: int, duration: float, think: float
) -> dict[str, float]:
    """Readers at a person's pace: each of `readers` opens a page, reads it for an exponential
    time of mean `think` seconds, opens the next (asyncio, one connection per page as a sync
    gunicorn worker answers). Unlike wrk's clients, which ask again the instant an answer
    arrives, their latency is not bounded below by the server's throughput (Little's law)."""
    import asyncio

    latencies: list[float] = []
    failures = 0

    async def reader(n: int) -> None:
        nonlocal failures
        rng = random.Random(1000 + n)
        stop = time.monotonic() + duration
        await asyncio.sleep(rng.uniform(0, think))  # not all at the same instant
        i = n
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                r, w = await asyncio.open_connection("127.0.0.1", port)
                w.write(
                    f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
                )
                await w.drain()
                data = await r.read()
                w.close()
                if not data.startswith(b"HTTP/1.1 200"):
                    failures += 1
            except OSError:
                failures += 1
            latencies.append(time.perf_counter() - started)
            await asyncio.sleep(rng.expovariate(1 / think))

    async def everyone() -> None:
        await asyncio.gather(*(reader(n) for n in range(readers)))

    asyncio.run(everyone())
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return {
        "rps": len(latencies) / duration,
        "requests": len(latencies),
        **{f"p{p}": pct(p) for p in (50, 90, 95, 99)},
        "non2xx": failures,
        "socket": 0,
    }


def main() -> None:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    extra = {"THREADS": str(args.threads)} if args.threads else {}
    env = environment(args, **extra)
    ensure_database(args, env)
    urls = pick_urls(env)
    manage(env, "collectstatic", "--noinput", "-v", "0")
    year = args.year or int(
        manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from reports.models import ReportingRound; from django.db.models import Max; "
            "print(ReportingRound.objects.aggregate(m=Max('fiscal_year'))['m'])",
        ).strip()
    )
    import json

    editors = [
        Editor(e["username"], e["round"], e["rows"])
        for e in json.loads(
            manage(
                env,
                "shell",
                "--no-imports",
                "-c",
                SETUP.format(editors=args.editors, password=PASSWORD, year=year),
            )
        )
    ]
    pks = [pk for e in editors for pk in e.rows]
    before = json.loads(manage(env, "shell", "--no-imports", "-c", STATE.format(pks=pks)))
    low, high = (float(x) for x in args.think.split("-"))
    print(
        f"{len(editors)} editors ({len(pks)} rows of open 6-month rounds {year}), "
        f"{args.readers} readers ("
        + (f"a page every {args.reader_think:g} s on average" if args.reader_think else "wrk")
        + f"), {args.duration:g} s, editors think {low:g}-{high:g} s, gunicorn "
        f"workers={env.get('WORKERS', 'cores+1')} threads={env.get('THREADS', '1')}",
        flush=True,
    )
    with Server(env, args.port):
        # Where each page lands (the OIT sheet of the latest year redirects to its year).
        paths = [fetch_final(args.port, path)[3] for path in urls.values()]
        for path in paths:  # the readers' pages are in the cache before the clock starts
            for _ in range(4):
                assert fetch(args.port, path)[0] == 200, path
        start = threading.Barrier(len(editors) + 1)
        threads = [
            threading.Thread(
                target=run_editor, args=(e, args.port, start, args.duration, (low, high), n)
            )
            for n, e in enumerate(editors)
        ]
        for thread in threads:
            thread.start()
        start.wait(timeout=300)  # every editor signed in and on its round page
        if args.reader_think:
            readers = run_paced_readers(
                args.port, paths, args.readers, args.duration, args.reader_think
            )
        else:
            readers = run_readers(args.port, paths, args.readers, args.duration)
        for thread in threads:
            thread.join(timeout=120)

    after = json.loads(manage(env, "shell", "--no-imports", "-c", STATE.format(pks=pks)))
    saved = sum(len(texts) for e in editors for texts in e.saves.values())
    lost = []
    for editor in editors:
        for row, texts in editor.saves.items():
            text, version = after[str(row)]
            grown = version - before[str(row)][1]
            if text != texts[-1] or grown != len(texts):
                lost.append(f"row {row}: stored {text!r} v+{grown}, acknowledged {len(texts)}")
    latencies = sorted(t for e in editors for t in e.latencies)
    errors = [f"{e.username}: {m}" for e in editors for m in e.errors]

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    print(
        f"\nreaders: {readers['rps']:.1f} req/s, {int(readers['requests'])} requests, "
        f"p50 {readers['p50']:.1f} ms, p90 {readers['p90']:.1f} ms, p95 {readers['p95']:.1f} ms, "
        f"p99 {readers['p99']:.1f} ms, non-2xx {int(readers['non2xx'])}, "
        f"socket errors {int(readers['socket'])}"
    )
    if latencies:
        print(
            f"editors: {saved} saves acknowledged ({len(latencies)} requests, "
            f"{saved / args.duration:.1f} saves/s), request p50 {pct(50):.0f} ms, "
            f"p95 {pct(95):.0f} ms, p99 {pct(99):.0f} ms; errors {len(errors)}"
        )
    for line in errors[:10]:
        print("  ", line)
    print(f"lost writes: {len(lost)}")
    for line in lost[:10]:
        print("  ", line)
    target = readers["p95"] < 100 and not lost and not errors and not readers["non2xx"]
    print(
        f"target (public p95 < 100 ms, 0 lost writes, 0 errors): {'met' if target else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
