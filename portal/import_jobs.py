"""Browser imports run in the background worker (django-tasks), never in the web request.

The upload view keeps the file (``portal.upload.upload_store``) and enqueues
:func:`upload_check_task` (the dry run); the confirm view enqueues :func:`upload_import_task`
(the real import). Each task reads the kept bytes again, runs under ``IMPORT_TIME_LIMIT``
seconds (:mod:`core.timelimit`) and returns plain JSON: ``{"ok": False, "error": ...}`` for a
file that can't be imported, or what the status page shows (the check's counts and warnings,
the import's URL). With the database backend (production) the task's row is the job's
record, as for the PDF renders (:mod:`core.pdf.jobs`); the Immediate backend (demo, tests)
runs the task inside ``enqueue()`` and keeps no record, so its outcome is kept in Django's
cache for the confirmation's lifetime instead.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, default_task_backend, task

from agencies.models import Agency, SourceDocument
from core.importing.base import DocumentRejected, ImportResult
from core.importing.service import document_import
from core.thai import format_number
from core.timelimit import TimeLimitExceeded, time_limit

logger = logging.getLogger(__name__)

CHECK = "check"
IMPORT = "import"
_MEMO = "import-job:{id}"
# As long as a confirmation token lives (portal.upload.TOKEN_MAX_AGE).
MEMO_SECONDS = 2 * 60 * 60


def _limit() -> float:
    return float(getattr(settings, "IMPORT_TIME_LIMIT", 60))


def _timed_out(agency: Agency) -> str:
    return _(
        "ตรวจสอบหรือนำเข้าไฟล์ไม่เสร็จภายใน %(s)s วินาที ไฟล์อาจใหญ่หรือซับซ้อนเกินไป ไม่ได้บันทึกอะไร "
        "กรุณาแบ่งไฟล์หรือติดต่อผู้ดูแลระบบ"
    ) % {"s": format_number(int(_limit()), agency.digit_style)}


def _gone() -> str:
    return _("ยืนยันการนำเข้าไม่ได้: คำยืนยันไม่ถูกต้อง หมดอายุ หรือไฟล์นี้นำเข้าไปแล้ว กรุณาเลือกไฟล์และตรวจสอบอีกครั้ง")


def _run_import(
    *, agency: Agency, user: Any, data: bytes, filename: str, submit: bool, dry_run: bool
) -> ImportResult | str:
    """The import's result, or the Thai reason it can't be done (nothing written)."""
    from portal.upload import replace_refused

    try:
        with time_limit(_limit()):
            return document_import(
                data=data,
                filename=filename,
                agency_code=agency.code,
                submit=submit,
                dry_run=dry_run,
                user=user,
            )
    except DocumentRejected as exc:
        return str(exc)
    except ValidationError as exc:
        return "; ".join(exc.messages)
    except (ProtectedError, RestrictedError):
        return replace_refused()
    except TimeLimitExceeded:
        logger.warning("Import of %s for %s stopped at its time limit", filename, agency.code)
        return _timed_out(agency)


@task()
def upload_check_task(
    *, agency_pk: int, user_pk: int, sha256: str, filename: str, submit: bool
) -> dict[str, Any]:
    """Step 1: the dry run of a kept file. A file that can't be imported is not kept."""
    from portal.upload import document_agency_name, stored_bytes, stored_name

    agency = Agency.objects.get(pk=agency_pk)
    user = get_user_model().objects.get(pk=user_pk)
    data = stored_bytes(agency, sha256)
    if data is None:
        return {"ok": False, "error": _gone()}
    outcome = _run_import(
        agency=agency, user=user, data=data, filename=filename, submit=submit, dry_run=True
    )
    if isinstance(outcome, str):
        default_storage.delete(stored_name(agency, sha256))
        return {"ok": False, "error": outcome}
    previous = (
        SourceDocument.objects.filter(agency=agency, sha256=sha256).order_by("-created_at").first()
    )
    own_name = document_agency_name(data=data, filename=filename)
    return {
        "ok": True,
        "result": dataclasses.asdict(outcome),
        "previous_pk": previous.pk if previous else None,
        "document_agency_name": own_name if own_name and own_name != agency.name else "",
    }


@task()
def upload_import_task(
    *, agency_pk: int, user_pk: int, sha256: str, filename: str, submit: bool
) -> dict[str, Any]:
    """Step 2: import the kept file for real; the file is dropped once imported."""
    from portal.upload import stored_bytes, stored_name

    agency = Agency.objects.get(pk=agency_pk)
    user = get_user_model().objects.get(pk=user_pk)
    data = stored_bytes(agency, sha256)
    if data is None:
        return {"ok": False, "error": _gone()}
    outcome = _run_import(
        agency=agency, user=user, data=data, filename=filename, submit=submit, dry_run=False
    )
    if isinstance(outcome, str):
        return {"ok": False, "error": outcome}
    default_storage.delete(stored_name(agency, sha256))
    return {
        "ok": True,
        "url": outcome.url,
        "document_type": outcome.document_type,
        "warnings": len(outcome.warnings),
    }


# --- The job: its task's state and outcome ----------------------------------------------------

_STEPS: dict[str, str] = {
    upload_check_task.module_path: CHECK,
    upload_import_task.module_path: IMPORT,
}


@dataclass(frozen=True)
class ImportJob:
    id: str
    step: str  # CHECK or IMPORT
    status: str  # a TaskResultStatus: READY, RUNNING, SUCCESSFUL, FAILED
    agency_pk: int
    user_pk: int
    sha256: str
    filename: str
    submit: bool
    outcome: dict[str, Any] | None = None  # the task's return value once it succeeded

    @property
    def finished(self) -> bool:
        return self.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)

    @property
    def ok(self) -> bool:
        return self.status == TaskResultStatus.SUCCESSFUL and bool((self.outcome or {}).get("ok"))


def job_enqueue(
    step: str, *, agency: Agency, user: Any, sha256: str, filename: str, submit: bool
) -> str:
    """Enqueue step CHECK or IMPORT of a kept file; the job's id."""
    the_task = upload_check_task if step == CHECK else upload_import_task
    kwargs = {
        "agency_pk": agency.pk,
        "user_pk": user.pk,
        "sha256": sha256,
        "filename": filename,
        "submit": submit,
    }
    result = the_task.enqueue(**kwargs)
    if not default_task_backend.supports_get_result:  # Immediate: the task has run already
        outcome = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None
        memo = {"step": step, "status": str(result.status), "kwargs": kwargs, "outcome": outcome}
        cache.set(_MEMO.format(id=result.id), memo, MEMO_SECONDS)
    return str(result.id)


def job_find(job_id: str) -> ImportJob | None:
    """The import job of this id, or None (unknown, pruned, or not an import)."""
    if not default_task_backend.supports_get_result:
        memo = cache.get(_MEMO.format(id=job_id))
        if not memo:
            return None
        step, status, kwargs, outcome = (
            memo["step"],
            memo["status"],
            memo["kwargs"],
            memo["outcome"],
        )
    else:
        from django_tasks_db.models import DBTaskResult

        try:
            row = DBTaskResult.objects.filter(id=job_id, task_path__in=list(_STEPS)).first()
        except ValidationError:  # not a task id at all
            return None
        if row is None:
            return None
        result = row.task_result
        step = _STEPS[row.task_path]
        status, kwargs = str(result.status), result.kwargs
        outcome = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None
    return ImportJob(
        id=job_id,
        step=step,
        status=status,
        agency_pk=int(kwargs["agency_pk"]),
        user_pk=int(kwargs["user_pk"]),
        sha256=str(kwargs["sha256"]),
        filename=str(kwargs["filename"]),
        submit=bool(kwargs["submit"]),
        outcome=outcome,
    )


def result_from(outcome: dict[str, Any]) -> ImportResult:
    """The check's ImportResult again, from the task's JSON return value."""
    fields = {f.name for f in dataclasses.fields(ImportResult)}
    return ImportResult(**{k: v for k, v in outcome["result"].items() if k in fields})
