"""The largest document's PDF through the real view: plan 001 with its 46 sheets.

Run: .venv/bin/python bench/bench_plan_pdf_request.py [N]

Imports seed 001 into an in-memory SQLite database, then times requests for its stable PDF address
through Django's test client (medians of N):

* cold: the first request (the page is built, hashed and rendered by WeasyPrint in-process:
  the Immediate backend stands in for the background worker);
* cached by content: the page is built and hashed, the PDF comes from the cache (what every
  request cost before the plan fingerprint);
* cached by fingerprint: the plan's fingerprint finds the PDF without building the page;
* 304: the browser already holds this version.
"""

from __future__ import annotations

import os
import statistics
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

from django.core.management import call_command  # noqa: E402
from django.http import HttpResponseBase  # noqa: E402
from django.test import Client  # noqa: E402

from agencies.access import SYSTEM  # noqa: E402
from agencies.models import User  # noqa: E402
from core.pdf import cache  # noqa: E402
from plans.models import Plan  # noqa: E402
from portal.demo import through_chain  # noqa: E402


def drain(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def timed(client: Client, url: str, **headers) -> tuple[float, HttpResponseBase]:
    start = time.perf_counter()
    response = client.get(url, **headers)
    drain(response)
    return time.perf_counter() - start, response


def main(n: int) -> None:
    call_command("migrate", verbosity=0)
    seed = next((ROOT / "data" / "seeds").glob("001_*.txt"))
    call_command(
        "import_document",
        str(seed),
        "--agency-code",
        "bench-001",
        stdout=open(os.devnull, "w"),
    )
    User.objects.create_superuser("bench", "", "bench")
    plan = through_chain(Plan.objects.get(), submitter=SYSTEM)
    url = plan.get_stable_url(revision=True, pdf=True)
    client = Client()

    cold, response = timed(client, url)
    assert response.status_code == 200, response.status_code
    etag = response["ETag"]
    size = len(drain(client.get(url)))

    fingerprint = [timed(client, url)[0] for _ in range(n)]

    # The same request without the fingerprint index: build the page, hash it, serve the file.
    index_load = cache.index_load
    cache.index_load = lambda index: None
    try:
        by_content = [timed(client, url)[0] for _ in range(n)]
    finally:
        cache.index_load = index_load

    not_modified = [timed(client, url, HTTP_IF_NONE_MATCH=etag)[0] for _ in range(n)]

    def ms(samples: list[float]) -> float:
        return statistics.median(samples) * 1000

    print(f"plan 001 PDF: {size / 1024:,.0f} KB")
    print(f"cold (build page + WeasyPrint render) {cold * 1000:10.0f} ms")
    print(f"cached by content (build page + hash) {ms(by_content):10.1f} ms")
    print(f"cached by fingerprint                 {ms(fingerprint):10.1f} ms")
    print(f"304 Not Modified                      {ms(not_modified):10.1f} ms")
    print(
        f"fingerprint vs content: {ms(by_content) / ms(fingerprint):.1f}x faster; cold vs cached: {cold * 1000 / ms(fingerprint):.0f}x"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
