"""The state of background PDF renders, kept with the task in the database.

A render is one django-tasks task (:func:`core.pdf.tasks.pdf_render_task`) whose keyword
arguments carry the cache key and the HTML. With the database backend (production:
``manage.py db_worker`` on any machine) the task's row in ``django_tasks_db`` *is* the job
record: queued (READY), rendering (RUNNING), failed (FAILED), done (SUCCESSFUL). Nothing is
written next to the PDFs, so there is no job record that could outlive its task: a task row
that was deleted (pruned, lost) simply means "missing", and the next request enqueues anew.

Two requests asking for the same document at the same moment enqueue it once: on PostgreSQL
the check and the insert run under a transaction-scoped advisory lock on the key.

The Immediate backend (demo, tests) runs the task inside ``enqueue()`` and keeps no record;
a failure is then remembered in Django's cache for ``FAILED_RETRY_AFTER_S`` only, so that a
person asking again within a few minutes sees the failure instead of hammering WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from django.core.cache import cache as django_cache
from django.db import connection, transaction
from django.db.models.fields.json import KT
from django.utils import timezone

from core.pdf.cache import JobState, PdfJob

logger = logging.getLogger(__name__)

TASK_PATH = "core.pdf.tasks.pdf_render_task"
_MEMO = "pdf-job-failed:{key}"


class RenderTimeout(Exception):
    """A render that stayed RUNNING far longer than any render takes (its worker died)."""


def _uses_database() -> bool:
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def _results(key: str):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=TASK_PATH, args_kwargs__kwargs__key=key)


def _epoch(value: dt.datetime | None) -> float | None:
    return value.timestamp() if value else None


_STATES = {
    "READY": JobState.QUEUED,
    "RUNNING": JobState.RENDERING,
    "FAILED": JobState.FAILED,
}


def job_find(key: str) -> PdfJob | None:
    """The latest render job of `key` (None when there is none, or it succeeded)."""
    if not _uses_database():
        data = django_cache.get(_MEMO.format(key=key))
        return PdfJob(**data) if data else None
    result = (
        _results(key)
        .order_by("-enqueued_at")
        # The HTML itself stays in the database: only its size is read, for the estimate.
        .values("id", "status", "enqueued_at", "started_at", "finished_at", "exception_class_path")
        .annotate(html_bytes=KT("args_kwargs__kwargs__html_bytes"))
        .first()
    )
    if result is None or result["status"] not in _STATES:
        return None
    return PdfJob(
        state=_STATES[result["status"]],
        enqueued_at=result["enqueued_at"].timestamp(),
        html_bytes=int(result["html_bytes"] or 0),
        started_at=_epoch(result["started_at"]),
        finished_at=_epoch(result["finished_at"]),
        task_id=str(result["id"]),
        error=result["exception_class_path"].rsplit(".", 1)[-1],
    )


def job_enqueue(
    *,
    key: str,
    html: str,
    title: str,
    author: str,
    landscape: bool,
    active: Callable[[PdfJob], bool],
) -> PdfJob | None:
    """Enqueue a render of `key` unless `active(job)` says the current job stands; the job.

    `active` receives the current job (or None) and answers whether it should be kept
    (queued, rendering, or failed recently); otherwise that job is retired and a new task
    is enqueued. Returns the job now in charge.
    """
    from core.pdf.tasks import pdf_render_task

    html_bytes = len(html.encode())
    if not _uses_database():
        current = job_find(key)
        if current is not None and active(current):
            return current
        django_cache.delete(_MEMO.format(key=key))
        # The Immediate backend renders right here and records a failure on the result.
        result = pdf_render_task.enqueue(
            key=key,
            html=html,
            html_bytes=html_bytes,
            title=title,
            author=author,
            landscape=landscape,
        )
        if result.status == "FAILED":
            error = result.errors[-1].exception_class_path if result.errors else ""
            _remember_failure(key, html_bytes=html_bytes, error=error)
        return job_find(key)

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(key[:15], 16)])
        current = job_find(key)
        if current is not None and active(current):
            return current
        if current is not None:
            job_retire(key)
        pdf_render_task.enqueue(
            key=key,
            html=html,
            html_bytes=html_bytes,
            title=title,
            author=author,
            landscape=landscape,
        )
    return job_find(key)


def _remember_failure(key: str, *, html_bytes: int, error: str) -> None:
    from core.pdf.service import FAILED_RETRY_AFTER_S

    now = time.time()
    job = {
        "state": JobState.FAILED,
        "enqueued_at": now,
        "finished_at": now,
        "html_bytes": html_bytes,
        "error": error.rsplit(".", 1)[-1],
    }
    django_cache.set(_MEMO.format(key=key), job, FAILED_RETRY_AFTER_S)


def job_retire(key: str) -> None:
    """Forget the failed or stuck renders of `key`: a queued task no worker took is deleted
    (so no worker renders it later), a render stuck RUNNING is marked failed, failed ones are
    deleted. Finished ones stay for the task log until pruned."""
    django_cache.delete(_MEMO.format(key=key))
    if not _uses_database():
        return
    results = _results(key)
    results.filter(status__in=["READY", "FAILED"]).delete()
    results.filter(status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path=f"{RenderTimeout.__module__}.{RenderTimeout.__name__}",
    )


def prune_results(*, older_than_days: float = 1.0) -> int:
    """Delete the finished (successful or failed) render tasks older than this; how many."""
    if not _uses_database():
        return 0
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    deleted, _ = DBTaskResult.objects.filter(
        task_path=TASK_PATH, status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=cutoff
    ).delete()
    return deleted
