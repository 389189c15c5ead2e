"""Background PDF renders (django-tasks).

Production runs ``manage.py db_worker`` (django_tasks_db.DatabaseBackend) on any machine that
reaches the database and the PDF storage; the demo and the tests use the Immediate backend,
which runs the task inside ``enqueue()``. The HTML to render travels in the task's own
arguments (JSON, in the task's database row), and the task's row is the job's record
(:mod:`core.pdf.jobs`): nothing is written next to the PDFs but the PDF itself.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache as django_cache
from django_tasks import task

from core.pdf import cache

logger = logging.getLogger(__name__)

PRUNE_LOCK = "pdf-cache:pruned-recently"


@task()
def pdf_render_task(
    *,
    key: str,
    title: str,
    author: str,
    landscape: bool,
    html: str | None = None,
    html_bytes: int = 0,
) -> dict:
    """Render `html` into the PDF cache under `key`. A failure raises: the backend records it
    on the task (its state, the exception), and the cache holds no file for `key`."""
    from core.pdf.service import pdf_render_to_cache

    if cache.cached_pdf(key):  # rendered meanwhile (a retry, another worker): nothing to do
        return {"key": key, "cached": True}
    if html is None:  # enqueued by an older release that kept the HTML on disk
        raise ValueError(f"the render task of {key} carries no HTML")

    started = time.monotonic()
    pdf_render_to_cache(key=key, html=html, title=title, author=author, landscape=landscape)
    seconds = time.monotonic() - started
    logger.info("Rendered PDF %s in %.2f s (%d bytes of HTML)", key, seconds, len(html))
    prune_now_and_then()
    return {"key": key, "seconds": round(seconds, 3)}


def prune_now_and_then() -> None:
    """Prune the PDF cache and the finished render tasks at most every PDF_PRUNE_EVERY s
    (across all workers when the cache is shared): workers keep the cache bounded."""
    every = int(getattr(settings, "PDF_PRUNE_EVERY", 3600))
    if every <= 0 or not django_cache.add(PRUNE_LOCK, 1, every):
        return
    from core.pdf.jobs import prune_results

    try:
        cache.prune()
        prune_results()
    except Exception:  # pruning is housekeeping: never fail the render for it
        logger.exception("Pruning the PDF cache failed")
