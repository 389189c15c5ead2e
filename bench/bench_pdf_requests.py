"""How long a request for a PDF takes: cold (renders) vs cached (served from the cache).

Run: .venv/bin/python bench/bench_pdf_requests.py [N]

Uses Django's test Client against a plan-like test template (tests/templates/pdf_test/)
served through core.pdf.service.pdf_response, on an in-memory SQLite database and a
temporary PDF cache. Prints, as medians of N requests:

* the synchronous render time against the HTML size (what PDF_SYNC_MAX_HTML_BYTES rests on);
* cold vs cached vs 304 for a small document (rendered in the request) and the ratio;
* a large document with the database backend (no worker running): the 202 progress page
  must come back in well under a second, and a cached hit in well under 50 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="sujarit-bench-media-")
os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import path  # noqa: E402

from config import urls as project_urls  # noqa: E402
from core.pdf import render as pdf_render  # noqa: E402
from core.pdf.service import SYNC_MAX_HTML_BYTES, pdf_response  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def plan_pdf(request, rows: int):
    return pdf_response(
        request,
        template_name="pdf_test/plan.html",
        context={
            "title": "แผนทดสอบ",
            "agency": "องค์การบริหารส่วนตำบลกระจาย",
            "edition_label": request.GET.get("edition", "1"),
            "rows": range(1, rows + 1),
        },
        title="แผนปฏิบัติการป้องกันการทุจริต",
        author="อบต.กระจาย",
        filename="แผนป้องกันการทุจริต.pdf",
    )


urlpatterns = [path("plan/<int:rows>.pdf", plan_pdf), *project_urls.urlpatterns]


def timed(client: Client, url: str, **headers) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(url, headers=headers)
    if response.streaming:
        # django-stubs types the test client's response as non-streaming; it may stream.
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return (time.perf_counter() - start) * 1000, response.status_code


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples)


def main(n: int) -> None:
    call_command("migrate", verbosity=0)
    templates: list[dict[str, Any]] = [{**settings.TEMPLATES[0]}]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], ROOT / "tests" / "templates"]
    client = Client()
    with override_settings(TEMPLATES=templates, ROOT_URLCONF=__name__):
        from django.template.loader import render_to_string

        print(f"PDF requests, median of {n} (machine: {os.cpu_count()} CPUs)")
        print("\n1. Synchronous render time vs HTML size (WeasyPrint, warm)")
        pdf_render.render_pdf("<p>warm-up ทดสอบ</p>", title="warm")
        for rows in (3, 10, 20, 30, 40, 60):
            html = render_to_string(
                "pdf_test/plan.html", {"rows": range(1, rows + 1), "edition_label": "x"}
            )
            times = []
            for _ in range(max(1, n // 4)):
                start = time.perf_counter()
                pdf_render.render_pdf(html, title="t")
                times.append((time.perf_counter() - start) * 1000)
            print(
                f"   {rows:3d} rows  HTML {len(html.encode()) / 1024:5.1f} KB"
                f"  render {median_ms(times):6.0f} ms"
                f"{'  (sync)' if len(html.encode()) <= SYNC_MAX_HTML_BYTES else '  (background)'}"
            )
        print(f"   threshold PDF_SYNC_MAX_HTML_BYTES = {SYNC_MAX_HTML_BYTES // 1024} KB")

        small = "/plan/10.pdf"
        cold = []
        for i in range(n):
            ms, status = timed(client, f"{small}?edition=cold-{i}")  # new content: a new key
            assert status == 200, status
            cold.append(ms)
        timed(client, small)
        cached = []
        for _ in range(n):
            ms, status = timed(client, small)
            assert status == 200, status
            cached.append(ms)
        etag = client.get(small)["ETag"]
        revalidated = []
        for _ in range(n):
            ms, status = timed(client, small, if_none_match=etag)
            assert status == 304, status
            revalidated.append(ms)
        print("\n2. Small document (10 rows, rendered in the request on a miss)")
        print(f"   cold (render + store)   {median_ms(cold):8.1f} ms")
        print(f"   cached (file response)  {median_ms(cached):8.1f} ms")
        print(f"   304 (If-None-Match)     {median_ms(revalidated):8.1f} ms")
        print(f"   cold / cached ratio     {median_ms(cold) / median_ms(cached):8.1f} x")

        large = "/plan/80.pdf"
        queued = []
        for i in range(n):
            ms, status = timed(client, f"{large}?edition=bg-{i}")
            assert status == 202, status
            queued.append(ms)
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload",
            "--max-tasks", "1", verbosity=0,
        )  # fmt: skip
        ms, status = timed(client, f"{large}?edition=bg-0")
        assert status == 200, status
        large_cached = []
        for _ in range(n):
            ms, status = timed(client, f"{large}?edition=bg-0")
            assert status == 200, status
            large_cached.append(ms)
        print("\n3. Large document (80 rows, background render with the database backend)")
        print(f"   miss -> 202 progress page {median_ms(queued):8.1f} ms")
        print(f"   cached (file response)    {median_ms(large_cached):8.1f} ms")
        print(f"   max of all cached requests {max(cached + large_cached):7.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
