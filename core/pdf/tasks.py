"""Background PDF renders (django-tasks).

Production runs ``manage.py db_worker`` (django_tasks_db.DatabaseBackend) on machines that
share ``PDF_CACHE_DIR`` with the web servers; the demo and the tests use the Immediate
backend, which runs the task inside ``enqueue()``. The arguments are JSON: the HTML itself
waits on disk next to the cache (``<key>.html``), written by the request that enqueued it.
"""

from __future__ import annotations

import logging
import time

from django_tasks import TaskContext, task

from core.pdf import cache
from core.pdf.cache import JobState, PdfJob

logger = logging.getLogger(__name__)


@task(takes_context=True)
def pdf_render_task(
    context: TaskContext, *, key: str, title: str, author: str, landscape: bool
) -> dict:
    """Render the pending HTML of `key` into the PDF cache and record the job's state."""
    from core.pdf.service import pdf_render_to_cache

    if cache.cached_pdf(key):  # rendered meanwhile (a retry, another worker): nothing to do
        cache.job_discard(key)
        cache.html_discard(key)
        return {"key": key, "cached": True}

    job = cache.job_load(key) or PdfJob(state=JobState.QUEUED, enqueued_at=time.time())
    html = cache.html_load(key)
    job.task_id = str(context.task_result.id)
    if html is None:
        job.state, job.error, job.finished_at = JobState.FAILED, "pending HTML missing", time.time()
        cache.job_save(key, job)
        raise FileNotFoundError(f"pending HTML of {key} is missing")

    job.state, job.started_at = JobState.RENDERING, time.time()
    cache.job_save(key, job)
    try:
        pdf_render_to_cache(key=key, html=html, title=title, author=author, landscape=landscape)
    except Exception as exc:
        # The PDF was never written under its final name (atomic store): record the failure
        # for the person waiting, drop the pending HTML, and let the backend log the error.
        job.state, job.finished_at = JobState.FAILED, time.time()
        job.error = f"{type(exc).__name__}: {exc}"[:500]
        cache.job_save(key, job)
        cache.html_discard(key)
        raise
    seconds = time.time() - job.started_at
    # The file's presence now means "ready": the job record and the HTML have done their work.
    cache.job_discard(key)
    cache.html_discard(key)
    logger.info("Rendered PDF %s in %.2f s (%d bytes of HTML)", key, seconds, len(html))
    return {"key": key, "seconds": round(seconds, 3)}
