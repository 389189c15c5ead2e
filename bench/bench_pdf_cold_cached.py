"""Cold and cached PDF requests next to headless Chromium: plan 001 and a measures set.

Run: .venv/bin/python bench/bench_pdf_cold_cached.py [--runs 3] [--no-chromium]

Imports seeds 001 and 002 into an in-memory SQLite database and, for each document, times
(every run printed, then the median):

* cold: the stable PDF address (/a/<code>/plan/…/r1/pdf/, /a/<code>/measures/…/r1/pdf/)
  with an empty PDF cache, the page built and rendered in the request process (the Immediate
  backend stands in for the background worker); large documents render on every core
  (core.pdf.parallel);
* cold, one process: the same with the parallel render turned off (what it cost before);
* cached: the same request once the PDF is in the cache;
* chromium: headless Chromium --print-to-pdf of the same HTML (process start included, fonts
  from static/ as file:// URLs), the comparison of issue 15.

Each cold run is followed at once by a Chromium run, and the ratio of each pair is printed
too: the machine is shared, so wall times move with the other users' load. Also prints the
machine's cores and load average, the CPU seconds of the cold requests (all processes), and
the PDF's size next to stock WeasyPrint's for the same HTML (one extra render; --no-size).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="sujarit-bench-media-")
os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from agencies.access import SYSTEM  # noqa: E402
from core.pdf import parallel, render  # noqa: E402
from core.pdf.render import STATIC_DIR  # noqa: E402
from portal.demo import through_chain  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def drain(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


#: CPU seconds (this process and its joined children) of every timed request, by label.
cpu_seconds: list[float] = []


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def request(client: Client, url: str) -> tuple[float, bytes]:
    start, cpu = time.perf_counter(), _cpu()
    response = client.get(url)
    data = drain(response)
    elapsed = time.perf_counter() - start
    cpu_seconds.append(_cpu() - cpu)
    assert response.status_code == 200 and data.startswith(b"%PDF"), response.status_code
    return elapsed, data


def cold(client: Client, url: str, *, one_process: bool) -> tuple[float, bytes]:
    settings.PDF_CACHE_DIR = Path(tempfile.mkdtemp(prefix="sujarit-bench-cache-"))
    worth_it = parallel.worth_it
    if one_process:
        parallel.worth_it = lambda document: False
    try:
        return request(client, url)
    finally:
        parallel.worth_it = worth_it


def chromium(html: str) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as tmp_name:
        tmp = Path(tmp_name)
        page = tmp / "page.html"
        page.write_text(html.replace('"/static/', f'"{STATIC_DIR.as_uri()}/'), encoding="utf-8")
        out = tmp / "out.pdf"
        start = time.perf_counter()
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp / 'profile'}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        elapsed = time.perf_counter() - start
        assert out.read_bytes().startswith(b"%PDF")
        return elapsed


_seen: dict = {}
_render_pdf = render.render_pdf


def _recording_render_pdf(html: str, **kwargs) -> bytes:
    """render_pdf, keeping the HTML it was given (what Chromium prints)."""
    _seen["html"], _seen["kwargs"] = html, kwargs
    return _render_pdf(html, **kwargs)


render.render_pdf = _recording_render_pdf


def size_line(html: str, kwargs: dict, ours: bytes) -> str:
    """Our PDF's size next to stock WeasyPrint's for the same HTML and variant (one process)."""
    from core.pdf import textlayer

    with textlayer.stock_weasyprint():
        stock = _render_pdf(html, **{**kwargs, "parallel": False})
    return (
        f"size: ours {len(ours) / 1e6:.2f} MB, stock WeasyPrint {len(stock) / 1e6:.2f} MB "
        f"({len(ours) / len(stock):.2f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-chromium", action="store_true")
    parser.add_argument("--no-size", action="store_true", help="skip the stock-size render")
    args = parser.parse_args()

    from agencies.models import User
    from measures.models import MeasureSet
    from plans.models import Plan

    call_command("migrate", verbosity=0)
    for prefix, code in (("001", "bench-001"), ("002", "bench-002")):
        seed = next((ROOT / "data" / "seeds").glob(f"{prefix}_*.txt"))
        call_command(
            "import_document",
            str(seed),
            "--agency-code",
            code,
            stdout=open(os.devnull, "w"),
        )
    User.objects.create_superuser("bench", "", "bench")
    # Published as people publish: through each agency's chain (the admin acting as admin).
    for document in (Plan.objects.get(), MeasureSet.objects.get()):
        through_chain(document, submitter=SYSTEM)
    client = Client()
    render.render_pdf("<p>อุ่นเครื่อง</p>", title="warm-up")  # fonts ready, as in a server
    documents = [
        ("plan 001", Plan.objects.get().get_stable_url(revision=True, pdf=True)),
        ("measures set 002", MeasureSet.objects.get().get_stable_url(revision=True, pdf=True)),
    ]
    print(f"cores: {parallel.cores()}, load average: {os.getloadavg()[0]:.1f}, runs: {args.runs}")
    print(f"{'document':18} {'':22} {'runs (s)':>26} {'median':>8} {'vs chromium':>12}")
    for name, url in documents:
        rows, cpu = {}, {}
        cold_runs, chromium_runs, pages_data = [], [], b""
        cold_cpu = []
        with_chromium = not args.no_chromium and Path(CHROMIUM).exists()
        # Ours and Chromium back to back in each run: the load of this shared machine moves,
        # so each ratio compares two renders made under about the same load.
        for _ in range(args.runs):
            cpu_seconds.clear()
            elapsed, pages_data = cold(client, url, one_process=False)
            cold_runs.append(elapsed)
            cold_cpu += cpu_seconds
            if with_chromium:
                chromium_runs.append(chromium(_seen["html"]))
        rows["cold"], cpu["cold"] = cold_runs, cold_cpu
        cpu_seconds.clear()
        rows["cold, one process"] = [
            cold(client, url, one_process=True)[0] for _ in range(args.runs)
        ]
        cpu["cold, one process"] = list(cpu_seconds)
        request(client, url)
        rows["cached"] = [request(client, url)[0] for _ in range(args.runs)]
        if with_chromium:
            rows["chromium"] = chromium_runs
        base = statistics.median(rows["chromium"]) if "chromium" in rows else None
        pages = len(PdfReader(io.BytesIO(pages_data)).pages)
        for label, samples in rows.items():
            median = statistics.median(samples)
            ratio = f"{median / base:.2f}x" if base else "-"
            runs = " ".join(f"{s:7.3f}" for s in samples)
            print(f"{name:18} {label:22} {runs:>26} {median:8.3f} {ratio:>12}")
            if label in cpu:
                runs = " ".join(f"{s:7.3f}" for s in cpu[label])
                median = statistics.median(cpu[label])
                print(f"{name:18} {'  (CPU s, all cores)':22} {runs:>26} {median:8.3f}")
        if with_chromium:
            ratios = [ours / theirs for ours, theirs in zip(cold_runs, chromium_runs, strict=True)]
            runs = " ".join(f"{r:6.2f}x" for r in ratios)
            print(
                f"{name:18} {'cold / chromium, by run':22} {runs:>26} {statistics.median(ratios):7.2f}x"
            )
        html = _seen["html"]
        print(
            f"{name:18} {pages} pages, {len(html.encode()) // 1024} KB of HTML, "
            f"parallel: {parallel.worth_it(html)}"
        )
        if not args.no_size:
            print(f"{name:18} {size_line(html, _seen['kwargs'], pages_data)}")


if __name__ == "__main__":
    main()
