"""PDFs never block a request: a content-hash cache, background renders and a progress page.

A tiny view in this module serves a plan-like test template through `pdf_response`, the one
way views return PDFs. Renders are counted with a spy that still calls the real WeasyPrint
renderer; only the failure tests replace it, to simulate a render that raises.
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.core import signing
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client
from django.urls import path, reverse

from config import urls as project_urls
from core.pdf import cache, jobs, storage
from core.pdf import render as pdf_render
from core.pdf.service import TOKEN_SALT, pdf_response

TEST_TEMPLATES = Path(__file__).resolve().parent / "templates"
FILENAME = "แผนป้องกันการทุจริต อบต.กระจาย.pdf"


def plan_pdf(request: HttpRequest, rows: int):
    """A stand-in for a real PDF view: `?edition=` changes the document's content."""
    return pdf_response(
        request,
        template_name="pdf_test/plan.html",
        context={
            "title": "แผนทดสอบ",
            "agency": "องค์การบริหารส่วนตำบลกระจาย",
            "edition_label": request.GET.get("edition", "EDITION-ONE"),
            "rows": range(1, rows + 1),
        },
        title="แผนปฏิบัติการป้องกันการทุจริต",
        author="อบต.กระจาย",
        filename=FILENAME,
    )


# The project's URLs (base.html links to them, core.urls holds the job pages) plus the view.
urlpatterns = [path("plan/<int:rows>.pdf", plan_pdf, name="plan_pdf"), *project_urls.urlpatterns]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    # A small threshold so that a 40-row plan counts as "large" and goes to the background.
    settings.PDF_SYNC_MAX_HTML_BYTES = 8 * 1024
    return settings


@pytest.fixture
def renders(monkeypatch):
    """Counts calls to the real renderer (the spy still renders)."""
    calls = []
    real = pdf_render.render_pdf

    def spy(html, **kwargs):
        calls.append(kwargs["title"])
        return real(html, **kwargs)

    monkeypatch.setattr(pdf_render, "render_pdf", spy)
    return calls


@pytest.fixture
def failing_render(monkeypatch):
    def broken(html, **kwargs):
        raise RuntimeError("simulated WeasyPrint failure")

    monkeypatch.setattr(pdf_render, "render_pdf", broken)


def cache_files(settings, pattern="*"):
    return sorted(p.name for p in Path(settings.PDF_CACHE_DIR).rglob(pattern) if p.is_file())


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


SMALL = "/plan/3.pdf"
LARGE = "/plan/40.pdf"


def test_it_serves_a_cached_pdf_without_rendering_again(client, renders, settings):
    first = client.get(SMALL)
    second = client.get(SMALL)

    assert first.status_code == second.status_code == 200
    assert len(renders) == 1
    data = body(second)
    assert body(first) == data
    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"].startswith("inline; filename*=utf-8''")
    assert "private" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    assert first["ETag"] == second["ETag"]
    assert "EDITION-ONE" in pdf_text(data)
    assert cache_files(settings, "*.pdf") == [first["ETag"].strip('"') + ".pdf"]


def test_it_answers_304_when_the_browser_already_has_this_version(client, renders):
    etag = client.get(SMALL)["ETag"]

    response = client.get(SMALL, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert len(renders) == 1


def test_it_renders_an_edited_document_anew_never_the_stale_one(client, renders, settings):
    old = client.get(SMALL)
    new = client.get(SMALL + "?edition=EDITION-TWO")
    # The browser's old ETag no longer matches: it gets the new file, not a 304.
    again = client.get(SMALL + "?edition=EDITION-TWO", headers={"if-none-match": old["ETag"]})

    assert len(renders) == 2
    assert new["ETag"] != old["ETag"]
    assert again.status_code == 200 and again["ETag"] == new["ETag"]
    text = pdf_text(body(again))
    assert "EDITION-TWO" in text and "EDITION-ONE" not in text
    assert len(cache_files(settings, "*.pdf")) == 2


def test_it_changes_the_key_with_title_author_and_orientation():
    base: dict[str, Any] = {"title": "แผน", "author": "อบต.กระจาย", "landscape": False}
    key = cache.pdf_key("<p>x</p>", **base)

    assert key == cache.pdf_key("<p>x</p>", **base)
    assert key != cache.pdf_key("<p>y</p>", **base)
    assert key != cache.pdf_key("<p>x</p>", **{**base, "title": "แผนใหม่"})
    assert key != cache.pdf_key("<p>x</p>", **{**base, "author": "อบต.อื่น"})
    assert key != cache.pdf_key("<p>x</p>", **{**base, "landscape": True})


def test_it_shows_a_thai_error_and_writes_no_file_when_a_render_fails(
    client, failing_render, settings
):
    response = client.get(SMALL)

    assert response.status_code == 500
    content = response.content.decode()
    assert "จัดทำไฟล์ PDF ไม่สำเร็จ" in content
    assert "ลองอีกครั้ง" in content
    assert cache_files(settings) == []


def test_it_leaves_no_half_written_file_when_writing_fails(monkeypatch, settings):
    key = cache.pdf_key("<p>x</p>", title="t", author="", landscape=False)

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.os, "fsync", disk_full)
    with pytest.raises(OSError):
        cache.pdf_store(key, b"%PDF-1.7 half")

    assert cache.cached_pdf(key) is None
    assert cache_files(settings) == []


def test_it_renders_a_large_document_in_the_background_and_serves_it(client, renders, settings):
    # The Immediate backend (tests, demo) runs the task inside enqueue(): the file is ready
    # when the request looks again, so the person gets it at once.
    response = client.get(LARGE)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert len(pypdf.PdfReader(io.BytesIO(body(response))).pages) >= 1
    assert len(renders) == 1
    # Only the PDF is in the cache: no job record, no pending HTML.
    assert [Path(name).suffix for name in cache_files(settings)] == [".pdf"]


def test_it_shows_a_background_failure_and_retries_on_request(client, monkeypatch, settings):
    real = pdf_render.render_pdf

    def broken(html, **kwargs):
        raise RuntimeError("simulated WeasyPrint failure")

    monkeypatch.setattr(pdf_render, "render_pdf", broken)
    response = client.get(LARGE)

    assert response.status_code == 500
    content = response.content.decode()
    assert "จัดทำไฟล์ PDF ไม่สำเร็จ" in content
    assert cache_files(settings) == []  # no PDF, no temporary file, no job file
    token = re.search(r'action="[^"]+/([^/"]+)/retry/"', content)
    assert token is not None
    key = signing.loads(token.group(1), salt=TOKEN_SALT)["k"]
    job = jobs.job_find(key)
    assert job is not None
    assert job.state == "failed"

    # Asking again within a few minutes shows the failure instead of hammering the worker.
    assert client.get(LARGE).status_code == 500
    # The person presses "ลองอีกครั้ง" once the problem is fixed.
    monkeypatch.setattr(pdf_render, "render_pdf", real)
    retry = re.search(r'action="([^"]+/retry/)"', content)
    assert retry is not None
    retry_url = retry.group(1)
    retried = client.post(retry_url)
    assert retried.status_code == 302 and retried["Location"] == LARGE
    fixed = client.get(LARGE)
    assert fixed.status_code == 200 and fixed["Content-Type"] == "application/pdf"


@pytest.mark.django_db(transaction=True)
def test_it_reaches_ready_through_the_database_worker(client, renders, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    pending = client.get(LARGE)
    assert pending.status_code == 202
    content = pending.content.decode()
    assert "กำลังจัดทำไฟล์ PDF" in content and "อยู่ในคิว" in content
    assert 'hx-trigger="every 1s"' in content
    status = re.search(r'hx-get="([^"]+)"', content)
    assert status is not None
    status_url = status.group(1)

    # Asking again (a second click, another person) does not enqueue the same render twice.
    assert client.get(LARGE).status_code == 202
    assert DBTaskResult.objects.count() == 1
    assert len(renders) == 0

    poll = client.get(status_url, headers={"hx-request": "true"})
    assert 'data-state="queued"' in poll.content.decode()

    call_command(
        "db_worker",
        "--batch",
        "--max-tasks",
        "1",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert len(renders) == 1
    ready = client.get(status_url, headers={"hx-request": "true"})
    assert 'data-state="ready"' in ready.content.decode()
    file_url = ready["HX-Redirect"]
    pdf = client.get(file_url)
    assert pdf.status_code == 200
    assert len(pypdf.PdfReader(io.BytesIO(body(pdf))).pages) >= 2
    assert pdf["ETag"] == client.get(LARGE)["ETag"]  # the view now serves the cached file
    assert len(renders) == 1


def test_it_hides_a_job_from_everyone_but_the_person_who_asked(settings, alice, charlie):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    owner = Client()
    owner.force_login(alice)
    content = owner.get(LARGE).content.decode()
    status = re.search(r'hx-get="([^"]+)"', content)
    assert status is not None
    status_url = status.group(1)
    token = status_url.rstrip("/").rsplit("/", 1)[1]
    file_url = reverse("core:pdf_file", args=[token])

    outsider = Client()
    outsider.force_login(charlie)
    assert owner.get(status_url).status_code == 200
    assert outsider.get(status_url).status_code == 404
    assert outsider.get(file_url).status_code == 404
    assert Client().get(status_url).status_code == 404
    forged = reverse("core:pdf_status", args=[token[:-2] + "xx"])
    assert owner.get(forged).status_code == 404


def test_it_starts_over_when_a_job_was_stuck_in_the_queue(db, client, settings):
    # A worker that died (or never ran) leaves a queued task behind: after QUEUED_TIMEOUT_S
    # the person sees a failure, and asking again retires that task and renders anew.
    import datetime as dt

    from django_tasks_db.models import DBTaskResult

    from core.pdf.service import QUEUED_TIMEOUT_S, pdf_job_state

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert client.get(LARGE).status_code == 202
    stuck = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=stuck.pk).update(
        enqueued_at=stuck.enqueued_at - dt.timedelta(seconds=QUEUED_TIMEOUT_S + 1)
    )
    key = stuck.args_kwargs["kwargs"]["key"]
    assert pdf_job_state(key) == "failed"

    assert client.get(LARGE).status_code == 202
    # The stuck task is gone (no worker renders it later); a fresh one waits in the queue.
    (fresh,) = DBTaskResult.objects.all()
    assert fresh.pk != stuck.pk and fresh.status == "READY"
    assert pdf_job_state(key) == "queued"


def test_a_job_never_outlives_its_task(db, client, renders, settings):
    # The job's record is its task's row: a task deleted from the queue (pruned, lost with a
    # database restore) leaves nothing that keeps the visitor waiting.
    from django_tasks_db.models import DBTaskResult

    from core.pdf.service import pdf_job_state

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert client.get(LARGE).status_code == 202
    key = DBTaskResult.objects.get().args_kwargs["kwargs"]["key"]
    assert pdf_job_state(key) == "queued"
    DBTaskResult.objects.all().delete()
    assert pdf_job_state(key) == "missing"

    assert client.get(LARGE).status_code == 202  # enqueued anew at once, not after 15 minutes
    assert DBTaskResult.objects.count() == 1
    assert len(renders) == 0


def test_prune_keeps_the_newest_and_deletes_the_old(settings):
    import os
    import time

    keys = [cache.pdf_key(f"<p>{n}</p>", title="t", author="", landscape=False) for n in range(4)]
    for n, key in enumerate(keys):
        cache.pdf_store(key, b"%PDF-1.7 " + bytes([n]))
        path = Path(settings.PDF_CACHE_DIR) / cache.pdf_name(key)
        age = (10 - n) * 86400  # keys[0] is the oldest (10 days), keys[3] 7 days old
        os.utime(path, (time.time() - age, time.time() - age))

    report = cache.prune(max_age_days=9, keep=2)

    assert report.deleted == 2  # keys[0] too old; keys[1] beyond the two newest
    assert [bool(cache.cached_pdf(key)) for key in keys] == [False, False, True, True]
    call_command("prune_pdf_cache", "--max-age-days", "0", verbosity=0)
    assert not any(cache.cached_pdf(key) for key in keys)
