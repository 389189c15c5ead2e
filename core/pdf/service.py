"""Serving PDFs to requests without making anyone wait for WeasyPrint.

Views call :func:`pdf_response` with the same template context as their HTML page. It

1. renders the HTML in the request (templates are cheap) and hashes it into a cache key
   (:func:`core.pdf.cache.pdf_key`);
2. answers ``304`` when the browser already holds that version (``If-None-Match``);
3. serves the cached file when the same document was rendered before (a cache hit never
   touches WeasyPrint);
4. renders small documents in the request (HTML up to ``PDF_SYNC_MAX_HTML_BYTES``, measured
   so that such a render stays under about a second);
5. hands large documents to a background task (:mod:`core.pdf.tasks`, django-tasks) and
   answers ``202`` with a page that polls the job's state until the file is ready.

Links to a background job carry a signed token (:func:`pdf_token_make`) instead of the bare
key: it names the key, the download filename, the page that asked for the PDF and the user
it was issued to. The view that issues it has already applied the visibility rules, so the
token is the permission: another user (or anonymous) presenting it gets a 404, and it
expires after ``PDF_TOKEN_MAX_AGE`` seconds. Signing keeps the job pages stateless, so they
work whichever web server answers the poll: the PDFs are in a shared storage
(:mod:`core.pdf.storage`) and the job's state is its task's record in the database
(:mod:`core.pdf.jobs`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core import signing
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext_lazy as _

from core.pdf import cache, jobs
from core.pdf import render as pdf_render
from core.pdf.cache import JobState, PdfJob

logger = logging.getLogger(__name__)

#: HTML up to this size renders in the request. Measured on the project's 2-vCPU machine with
#: a plan-like Thai table (bench/bench_pdf_requests.py prints the figures): 30-37 ms per KB
#: of HTML, so 20 KB renders in about 0.6-0.75 s, leaving room for a busy server under the
#: one-second budget. Larger documents go to the background worker.
SYNC_MAX_HTML_BYTES = 20 * 1024
#: Seconds per KB of HTML, for the progress estimate shown while a large PDF renders.
RENDER_SECONDS_PER_KB = 0.03
#: A job that no worker picked up, or that never finished, is shown as failed after this.
QUEUED_TIMEOUT_S = 15 * 60
RENDERING_TIMEOUT_S = 5 * 60
#: Asking again for a document whose render failed this long ago starts a new render.
FAILED_RETRY_AFTER_S = 5 * 60
TOKEN_SALT = "core.pdf.job"
TOKEN_MAX_AGE_S = 24 * 3600

MSG_FAILED = _(
    "ระบบจัดทำไฟล์ PDF ของเอกสารนี้ไม่สำเร็จ และไม่ได้เก็บไฟล์ที่ไม่สมบูรณ์ไว้ "
    "กรุณากด “ลองอีกครั้ง” หากยังไม่สำเร็จ โปรดแจ้งผู้ดูแลระบบพร้อมรหัสอ้างอิงด้านล่าง"
)
MSG_TIMEOUT = _("การจัดทำไฟล์ PDF ใช้เวลานานผิดปกติ ระบบอาจมีงานค้างอยู่มาก กรุณากด “ลองอีกครั้ง”")


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def sync_max_html_bytes() -> int:
    return int(_setting("PDF_SYNC_MAX_HTML_BYTES", SYNC_MAX_HTML_BYTES))


def _estimate_s(html_bytes: int) -> float:
    return round(max(1.0, html_bytes / 1024 * RENDER_SECONDS_PER_KB), 1)


# ---------------------------------------------------------------- rendering into the cache


def pdf_render_to_cache(*, key: str, html: str, title: str, author: str, landscape: bool) -> str:
    """Render `html` and store it under `key` (atomically); a failure stores nothing."""
    # Looked up on the module at call time, so tests can count renders with a spy.
    data = pdf_render.render_pdf(
        html, title=title, author=author, landscape=landscape, pdf_variant=pdf_variant()
    )
    return cache.pdf_store(key, data)


def pdf_variant() -> str | None:
    """The portal's PDFs are PDF/A-3u and PDF/UA-1 by default: agencies archive them and
    screen readers read them (settings.PDF_VARIANT)."""
    return _setting("PDF_VARIANT", None) or None


def pdf_job_start(
    *, key: str, html: str, title: str, author: str, landscape: bool
) -> PdfJob | None:
    """Enqueue a background render of `html` unless one is already under way; the job."""

    def still_in_charge(job: PdfJob) -> bool:
        # Queued or rendering within its time, or failed too recently to try again.
        return not _failure_expired(job) if _job_state(job) == JobState.FAILED else True

    try:
        job = jobs.job_enqueue(
            key=key,
            html=html,
            title=title,
            author=author,
            landscape=landscape,
            active=still_in_charge,
        )
    except Exception:
        logger.exception("Could not enqueue the PDF render of %s", key)
        return PdfJob(
            state=JobState.FAILED,
            enqueued_at=time.time(),
            finished_at=time.time(),
            error="enqueue failed",
        )
    if job is not None and job.html_bytes == 0:
        job.html_bytes = len(html.encode())
    return job


def _failure_expired(job: PdfJob | None) -> bool:
    if job is None:
        return True
    if job.state != JobState.FAILED:  # a stale queued/rendering job counts as failed
        return True
    return time.time() - (job.finished_at or job.enqueued_at) > FAILED_RETRY_AFTER_S


def _job_state(job: PdfJob) -> str:
    """The state a job shows: a queued or rendering job past its time counts as failed."""
    now = time.time()
    if job.state == JobState.QUEUED and now - job.enqueued_at > QUEUED_TIMEOUT_S:
        return JobState.FAILED
    if job.state == JobState.RENDERING and now - (job.started_at or now) > RENDERING_TIMEOUT_S:
        return JobState.FAILED
    if job.state in (JobState.QUEUED, JobState.RENDERING, JobState.FAILED):
        return job.state
    return JobState.MISSING


def pdf_job_state(key: str, job: PdfJob | None = None) -> str:
    """queued / rendering / ready / failed / missing (no file and no task, e.g. pruned)."""
    if cache.cached_pdf(key):
        return JobState.READY
    if job is None:
        job = jobs.job_find(key)
        if job is None:
            return JobState.MISSING
    return _job_state(job)


def pdf_job_retry(*, key: str) -> bool:
    """Forget a failed (or stuck) job so that asking again renders anew; False otherwise."""
    if pdf_job_state(key) != JobState.FAILED:
        return False
    jobs.job_retire(key)
    return True


# ---------------------------------------------------------------- tokens for job pages


@dataclass(frozen=True)
class PdfTicket:
    """What a signed job token says: which file, under what name, for whom, asked from where."""

    key: str
    filename: str
    origin: str
    user_id: int | None


def pdf_token_make(request: HttpRequest, *, key: str, filename: str) -> str:
    user_id = request.user.pk if request.user.is_authenticated else None
    payload = {"k": key, "f": filename, "p": request.get_full_path(), "u": user_id}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def pdf_token_load(request: HttpRequest, token: str) -> PdfTicket | None:
    """The ticket in `token` if it is genuine, fresh and issued to this user; else None."""
    try:
        data = signing.loads(
            token, salt=TOKEN_SALT, max_age=_setting("PDF_TOKEN_MAX_AGE", TOKEN_MAX_AGE_S)
        )
        ticket = PdfTicket(key=data["k"], filename=data["f"], origin=data["p"], user_id=data["u"])
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not cache.is_key(ticket.key):
        return None
    # A token issued to an anonymous visitor was for a public document: anyone may use it.
    current = request.user.pk if request.user.is_authenticated else None
    if ticket.user_id is not None and ticket.user_id != current:
        return None
    # The document may have been withdrawn (or become unreadable) since the token was given:
    # the apps' guards answer for their documents, so an old link stops serving at once.
    if not all(guard(request, ticket.origin) for guard in _TOKEN_GUARDS):
        return None
    return ticket


#: Checks of a token's origin (the document PDF's own URL) against the current user; the
#: apps register them (core imports no app). Each returns False to refuse.
_TOKEN_GUARDS: list[Callable[[HttpRequest, str], bool]] = []


def register_token_guard(guard: Callable[[HttpRequest, str], bool]) -> None:
    if guard not in _TOKEN_GUARDS:
        _TOKEN_GUARDS.append(guard)


# ---------------------------------------------------------------- responses


def _etag(key: str) -> str:
    return f'"{key}"'


R = TypeVar("R", bound=HttpResponseBase)


def _cache_headers(response: R, key: str) -> R:
    # private: drafts must not land in shared caches; no-cache: revalidate with the ETag,
    # which costs the server one template render and a hash, never a PDF render.
    response["ETag"] = _etag(key)
    response["Cache-Control"] = "private, no-cache"
    return response


def pdf_file_response(request: HttpRequest, *, key: str, filename: str) -> HttpResponseBase | None:
    """The cached PDF of `key` (inline, Thai filename), a 304, or None when not cached."""
    not_modified = get_conditional_response(request, etag=_etag(key))
    if not_modified is not None:
        return _cache_headers(not_modified, key)
    handle = cache.pdf_open(key)
    if handle is None:
        return None
    response = FileResponse(
        handle, content_type="application/pdf", as_attachment=False, filename=filename
    )
    return _cache_headers(response, key)


def pdf_status_context(ticket: PdfTicket, token: str) -> dict[str, Any]:
    """What the pending page and its polled partial show for the job behind `ticket`."""
    job = jobs.job_find(ticket.key)
    state = pdf_job_state(ticket.key, job)
    now = time.time()
    elapsed = 0.0
    estimate = _estimate_s(job.html_bytes) if job else 0.0
    percent = 100 if state == JobState.READY else 5
    if job and state == JobState.RENDERING:
        elapsed = now - (job.started_at or now)
        # WeasyPrint reports no progress: estimate it from the HTML size, never reach 100.
        percent = int(10 + 85 * min(1.0, elapsed / max(estimate, 1.0)))
    timed_out = job is not None and job.state != JobState.FAILED and state == JobState.FAILED
    return {
        "token": token,
        "ticket": ticket,
        "state": state,
        "job": job,
        "percent": percent,
        "elapsed": int(elapsed),
        "estimate": int(round(estimate)),
        "polling": state in (JobState.QUEUED, JobState.RENDERING),
        "error_message": MSG_TIMEOUT if timed_out else MSG_FAILED,
        "reference": ticket.key[:10],
        "status_url": reverse("core:pdf_status", args=[token]),
        "file_url": reverse("core:pdf_file", args=[token]),
        "retry_url": reverse("core:pdf_retry", args=[token]),
    }


def _status_page(
    request: HttpRequest, *, key: str, filename: str, failed: bool = False
) -> HttpResponse:
    """The progress page in place of the PDF: 202 while it renders, 500 once it failed."""
    token = pdf_token_make(request, key=key, filename=filename)
    ticket = PdfTicket(key=key, filename=filename, origin=request.get_full_path(), user_id=None)
    context = pdf_status_context(ticket, token)
    if failed:  # a synchronous render failed: there is no job record to read it from
        context.update(state=JobState.FAILED, polling=False, error_message=MSG_FAILED)
    status = 500 if context["state"] == JobState.FAILED else 202
    response = render(request, "core/pdf_pending.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def pdf_response(
    request: HttpRequest,
    *,
    template_name: str,
    context: dict[str, Any] | Callable[[], dict[str, Any]],
    title: str,
    author: str = "",
    filename: str,
    landscape: bool = False,
    fingerprint: str | None = None,
) -> HttpResponseBase:
    """The PDF of `template_name` rendered with `context`, as an inline download.

    Cached or small: the file itself (or a 304). Large and not yet rendered: a 202 page that
    shows the background render's progress. A failed render: a page with a Thai error.

    A large document's page takes tens of milliseconds to build, so its view may pass a
    `fingerprint` (a cheap summary that changes whenever the document's data does, e.g.
    plans.selectors.plan_fingerprint) and `context` as a callable: when that fingerprint has
    been rendered before and its PDF is cached, the file is served without building the page.
    """
    index = None
    if fingerprint is not None:
        index = cache.index_key(
            template_name=template_name,
            fingerprint=fingerprint,
            audience=str(request.user.pk or "public"),
            title=title,
            author=author,
            landscape=landscape,
        )
        known = cache.index_load(index)
        if known is not None:
            response = pdf_file_response(request, key=known, filename=filename)
            if response is not None:
                return response

    html = render_to_string(
        template_name, context() if callable(context) else context, request=request
    )
    key = cache.pdf_key(html, title=title, author=author, landscape=landscape)
    if index is not None:
        cache.index_store(index, key)
    response = pdf_file_response(request, key=key, filename=filename)
    if response is not None:
        return response

    if len(html.encode()) <= sync_max_html_bytes():
        try:
            pdf_render_to_cache(key=key, html=html, title=title, author=author, landscape=landscape)
        except Exception:
            logger.exception("PDF render failed for %s (%s)", request.path, key)
            return _status_page(request, key=key, filename=filename, failed=True)
    else:
        pdf_job_start(key=key, html=html, title=title, author=author, landscape=landscape)
        if pdf_job_state(key) != JobState.READY:  # the Immediate backend has finished already
            return _status_page(request, key=key, filename=filename)

    response = pdf_file_response(request, key=key, filename=filename)
    if response is None:  # pruned between the render and now: extremely unlikely
        return _status_page(request, key=key, filename=filename)
    return response
