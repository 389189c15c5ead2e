"""Staff import an agency's document in the browser: check it first, then confirm.

Neither step runs in the web request: the views keep the file and enqueue a task
(portal/import_jobs.py), then send the browser to the job's status page, which shows a
progress bar (polled by htmx) until the worker is done, and then the outcome.

Step 1 ("ตรวจสอบ") runs `document_import(dry_run=True)` on the uploaded bytes and shows what
would be imported: the document type, the agency (always the URL's), the counts and every
warning with its line number. The bytes are kept on the server (MEDIA_ROOT/uploads/<agency
pk>/<sha256>.txt) and the confirm form carries only a signed token naming the agency, the
user, the file's sha256, its name and the submit choice. Step 2 ("นำเข้า") reads the stored
bytes again (never the browser's), checks their sha256 and imports for real.

Only the agency's staff and approver (and site admins) may import: its auditors get a 403,
everyone else a 404, anonymous visitors the login page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_tasks import TaskResultStatus

from agencies import access
from agencies.access import Actor, AuthenticatedHttpRequest
from agencies.choices import DocumentType, PublicationStatus
from agencies.models import Agency, SourceDocument
from agencies.names import split_agency_name
from core.importing.base import DocumentRejected, ImportResult, without_gloss
from core.importing.registry import detect_layout
from core.importing.source import read_source
from core.thai import format_number
from portal.import_jobs import CHECK, IMPORT, ImportJob, job_enqueue, job_find, result_from
from reports.choices import RoundKind, RowStatus

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
TOKEN_SALT = "portal.upload.confirm"
# How long a checked file waits for its confirmation (and is kept on disk).
TOKEN_MAX_AGE = 2 * 60 * 60
UPLOAD_DIR = "uploads"


# --- The form ---------------------------------------------------------------------------------


class DocumentUploadForm(forms.Form):
    """A document (.docx, .xlsx or a .txt export) and whether to propose it at once to the
    agency's approval chain (default: a draft)."""

    file = forms.FileField(
        label=gettext_lazy("ไฟล์เอกสาร"),
        help_text=gettext_lazy(
            "ไฟล์ Word (.docx), Excel (.xlsx) หรือข้อความ (.txt, UTF-8) ของเอกสาร: แผนปฏิบัติการ มาตรการ บันทึกข้อความ "
            "หรือรายงานผล ขนาดไม่เกิน 5 MB"
        ),
        error_messages={
            "required": gettext_lazy("กรุณาเลือกไฟล์"),
            "empty": gettext_lazy("ไฟล์ว่าง"),
            "invalid": gettext_lazy("อ่านไฟล์ที่ส่งมาไม่ได้ กรุณาเลือกไฟล์อีกครั้ง"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.xlsx,text/plain"}),
    )
    submit = forms.BooleanField(
        label=gettext_lazy("เสนอขออนุมัติทันที"),
        required=False,
        help_text=gettext_lazy(
            "ถ้าเลือก เอกสารที่นำเข้าจะถูกเสนอตามสายการอนุมัติของหน่วยงานทันที "
            "(เผยแพร่ได้หลังผ่านการอนุมัติเท่านั้น) ถ้าไม่เลือก จะเป็นฉบับร่างที่เห็นได้เฉพาะเจ้าหน้าที่ของหน่วยงาน"
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("ไฟล์ใหญ่เกินกำหนด (ไม่เกิน %(size)s MB)")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
                code="too_large",
            )
        return upload

    @classmethod
    def rejected(cls, message: str, *, submit: bool) -> DocumentUploadForm:
        """The form again after its file's check failed: the reason on the file field (in
        place of "choose a file": one was chosen) and the submit choice as it was."""
        form = cls(data={"submit": "on"} if submit else {})
        form.full_clean()
        form.errors.pop("file", None)
        form.add_error("file", message)
        return form

    def uploaded(self) -> tuple[bytes, str]:
        """The file's bytes and its base name (valid forms only)."""
        upload = self.cleaned_data["file"]
        upload.seek(0)
        name = (upload.name or "document.txt").replace("\\", "/").rsplit("/", 1)[-1][:255]
        return upload.read(), name


# --- Keeping the bytes between the two steps --------------------------------------------------


def stored_name(agency: Agency, sha256: str) -> str:
    return f"{UPLOAD_DIR}/{agency.pk}/{sha256}.txt"


def upload_store(*, agency: Agency, data: bytes) -> str:
    """Keep a checked file until it is confirmed; returns its sha256. Drops stale uploads."""
    sha256 = hashlib.sha256(data).hexdigest()
    name = stored_name(agency, sha256)
    _drop_stale(agency)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return sha256


def _drop_stale(agency: Agency) -> None:
    folder = f"{UPLOAD_DIR}/{agency.pk}"
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    limit = timezone.now() - dt.timedelta(seconds=TOKEN_MAX_AGE)
    for filename in files:
        path = f"{folder}/{filename}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except FileNotFoundError:  # another request removed it first
            continue


def stored_bytes(agency: Agency, sha256: str) -> bytes | None:
    name = stored_name(agency, sha256)
    try:
        with default_storage.open(name, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return None
    # The file on disk must still be the one that was checked.
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def confirm_token(*, agency: Agency, user: Actor, sha256: str, filename: str, submit: bool) -> str:
    return signing.dumps(
        {"a": agency.pk, "u": user.pk, "s": sha256, "n": filename, "p": submit},
        salt=TOKEN_SALT,
        compress=True,
    )


@dataclass(frozen=True)
class ConfirmedUpload:
    sha256: str
    filename: str
    submit: bool
    data: bytes


def _confirmed_upload(token: str, *, agency: Agency, user: Actor) -> ConfirmedUpload | None:
    """The stored upload a confirm token names, or None if the token is forged, expired, for
    another agency or user, or its file is gone (already imported, or cleaned up)."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    if payload.get("a") != agency.pk or payload.get("u") != user.pk:
        return None
    sha256 = str(payload.get("s", ""))
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        return None
    data = stored_bytes(agency, sha256)
    if data is None:
        return None
    return ConfirmedUpload(
        sha256=sha256,
        filename=str(payload.get("n") or "document.txt"),
        submit=bool(payload.get("p")),
        data=data,
    )


# --- What the preview shows -------------------------------------------------------------------


@dataclass
class Preview:
    """A dry-run import, as the preview page shows it."""

    result: ImportResult
    filename: str
    sha256: str
    submit: bool
    token: str
    document_label: str
    previous: SourceDocument | None = None
    document_agency_name: str = ""
    counts: dict[str, Any] = field(default_factory=dict)


def document_agency_name(*, data: bytes, filename: str) -> str:
    """The official name of the agency the document itself names ("" if it can't be told).

    An import given an agency code reports that agency, not the one the text names, so the
    text is parsed again (parsing writes nothing) and the name read from the parsed data.
    """
    try:
        source = read_source(data, filename)
        parsed = detect_layout(source).parse(source)
    except DocumentRejected:
        return ""
    name = _named_agency(parsed)
    return split_agency_name(name)[1] if name else ""


def _named_agency(parsed: Any) -> str:
    """The agency name in a layout's parsed data. The layouts keep it in different places:
    `agency_name` (progress reports), `info.name` (measure tables, inside a tuple with the
    warnings, or a memo's `measures`), `plan.info.agency_name` (plans)."""
    queue = [parsed]
    while queue:
        obj = queue.pop(0)
        if obj is None:
            continue
        if isinstance(obj, (tuple, list)):
            queue.extend(obj)
            continue
        for holder, attr in ((obj, "agency_name"), (getattr(obj, "info", None), "agency_name")):
            value = getattr(holder, attr, None)
            if isinstance(value, str) and value.strip():
                return value
        value = getattr(getattr(obj, "info", None), "name", None)
        if isinstance(value, str) and value.strip():
            return value
        queue.extend(getattr(obj, attr, None) for attr in ("plan", "measures"))
    return ""


def _plan_counts(extra: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    counts = extra.get("counts") or {}
    for year in extra.get("years") or []:
        by_dim = counts.get(str(year)) or counts.get(year) or {}
        total = by_dim.get("total") or {}
        rows.append(
            {
                "year": year,
                "dimensions": [(by_dim.get(str(n)) or {}).get("items", 0) for n in (1, 2, 3, 4)],
                "items": total.get("items", 0),
                "budget": total.get("budget") or 0,
            }
        )
    return rows


def _status_counts(extra: dict[str, Any]) -> list[tuple[str, int]]:

    labels = dict(RowStatus.choices)
    return [(str(labels.get(key, key)), n) for key, n in (extra.get("status_counts") or {}).items()]


def preview_counts(result: ImportResult) -> dict[str, Any]:
    """The figures of a result's `extra` the preview shows, by the kind of document."""
    extra = result.extra
    if result.document_type == DocumentType.PLAN:
        return {"kind": "plan", "plan_years": _plan_counts(extra)}
    if result.document_type == DocumentType.PROGRESS_REPORT:
        kind = extra.get("round_kind") or ""
        return {
            "kind": "report",
            "fiscal_year": extra.get("fiscal_year"),
            "round_label": str(dict(RoundKind.choices).get(kind, kind)),
            "rows": extra.get("rows", 0),
            "status_counts": _status_counts(extra),
            "indicators": extra.get("indicators") or [],
            # The 12-month report on the plan's projects: rows matched to the plan, and not.
            "imported_rows": extra.get("imported_rows"),
            "unmatched": extra.get("unmatched"),
        }
    ita = extra.get("ita") or {}
    memo = extra.get("memo") or {}
    return {
        "kind": "measures",
        "fiscal_year": extra.get("fiscal_year"),
        "measures": extra.get("measures", 0),
        "ita": ita,
        "ita_indicators": len(ita.get("indicators") or []),
        "memo": memo,
        "memo_signatures": len(memo.get("signatures") or []),
    }


def job_preview(job: ImportJob, *, agency: Agency, viewer: Any) -> Preview:
    """The preview of a finished check (its task's return value). The confirm token is made
    here, for the user who uploaded the file only: the task's record never holds one."""
    outcome = job.outcome or {}
    result = result_from(outcome)
    previous = None
    if outcome.get("previous_pk"):
        previous = (
            SourceDocument.objects.filter(agency=agency, pk=outcome["previous_pk"])
            .select_related("imported_by")
            .first()
        )
    sha256 = str(job.sha256)
    token = ""
    if viewer.pk == job.user_pk:
        token = confirm_token(
            agency=agency, user=viewer, sha256=sha256, filename=job.filename, submit=job.submit
        )
    return Preview(
        result=result,
        filename=job.filename,
        sha256=sha256,
        submit=job.submit,
        token=token,
        document_label=_document_label(result.document_type),
        previous=previous,
        document_agency_name=str(outcome.get("document_agency_name") or ""),
        counts=preview_counts(result),
    )


def _document_label(document_type: str) -> str:
    labels = dict(DocumentType.choices)
    return str(labels.get(document_type, document_type))


def replace_refused() -> str:
    # A re-import replaces the agency's earlier copy; rows that other records (e.g. progress
    # reports) point at can't be dropped, and the importer lets the database say so.
    return _(
        "นำเข้าแทนข้อมูลเดิมไม่ได้: ข้อมูลเดิมของเอกสารนี้ถูกอ้างถึงโดยข้อมูลอื่น "
        "(เช่น รายงานผลการดำเนินงาน) ไม่ได้บันทึกอะไร"
    )


# --- Views ------------------------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    agency: Agency,
    form: DocumentUploadForm,
    *,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    return render(
        request,
        "portal/import_form.html",
        {
            "agency": agency,
            "digits": agency.digit_style,
            "form": form,
            "error": error,
            "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Step 1: the form; on POST the file is kept and its check enqueued (the worker runs the
    dry run), and the browser goes to the job's status page."""
    agency = access.agency_for_write(request.user, code, check=access.can_import)
    if request.method != "POST":
        return _form_page(request, agency, DocumentUploadForm())
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, agency, form, status=400)
    data, filename = form.uploaded()
    sha256 = upload_store(agency=agency, data=data)
    job_id = job_enqueue(
        CHECK,
        agency=agency,
        user=request.user,
        sha256=sha256,
        filename=filename,
        submit=form.cleaned_data["submit"],
    )
    return redirect("portal:document_upload_status", code=agency.code, job=job_id)


@login_required
@require_POST
def document_upload_confirm(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Step 2: enqueue the import of the stored file the signed token names."""
    agency = access.agency_for_write(request.user, code, check=access.can_import)
    upload = _confirmed_upload(request.POST.get("token", ""), agency=agency, user=request.user)
    if upload is None:
        error = _(
            "ยืนยันการนำเข้าไม่ได้: คำยืนยันไม่ถูกต้อง หมดอายุ หรือไฟล์นี้นำเข้าไปแล้ว กรุณาเลือกไฟล์และตรวจสอบอีกครั้ง"
        )
        return _form_page(request, agency, DocumentUploadForm(), status=400, error=error)
    job_id = job_enqueue(
        IMPORT,
        agency=agency,
        user=request.user,
        sha256=upload.sha256,
        filename=upload.filename,
        submit=upload.submit,
    )
    return redirect("portal:document_upload_status", code=agency.code, job=job_id)


# The states the status page names, with how far its bar goes.
def _progress(job: ImportJob) -> tuple[str, str, int]:
    """(state, Thai label, percent) of a job."""
    if job.status == TaskResultStatus.READY:
        return "queued", _("รอคิว"), 10
    if job.status == TaskResultStatus.RUNNING:
        if job.step == CHECK:
            return "checking", _("กำลังตรวจสอบ"), 50
        return "importing", _("กำลังนำเข้า"), 60
    if job.ok:
        return "done", _("เสร็จแล้ว"), 100
    return "failed", _("ไม่สำเร็จ"), 100


@login_required
@require_http_methods(["GET"])
def document_upload_status(request: AuthenticatedHttpRequest, code: str, job: str) -> HttpResponse:
    """A browser import's job: its progress (polled by htmx every second) while the worker
    has it, then the check's preview, the form again with the reason, or the imported
    document. Only its uploader and the agency's importers see it; anyone else gets a 404."""
    agency = Agency.objects.with_place().filter(code=code).first()
    found = job_find(job) if agency is not None else None
    if (
        agency is None
        or found is None
        or found.agency_pk != agency.pk
        or not access.can_see_import_job(request.user, agency, uploader_pk=found.user_pk)
    ):
        raise Http404
    state, label, percent = _progress(found)
    if request.headers.get("HX-Request"):
        if found.finished:  # the full page shows the outcome
            response = HttpResponse(status=204)
            response["HX-Redirect"] = request.path
            return response
        return render(
            request,
            "portal/import/_progress.html",
            {"job": found, "state": state, "label": label, "percent": percent},
        )
    if not found.finished:
        return render(
            request,
            "portal/import_status.html",
            {
                "agency": agency,
                "digits": agency.digit_style,
                "job": found,
                "state": state,
                "label": label,
                "percent": percent,
            },
        )
    if not found.ok:
        reason = str((found.outcome or {}).get("error") or "") or _(
            "เกิดข้อผิดพลาดระหว่าง%(step)s ไม่ได้บันทึกอะไร กรุณาลองอีกครั้งหรือติดต่อผู้ดูแลระบบ"
        ) % {"step": _("ตรวจสอบ") if found.step == CHECK else _("นำเข้า")}
        reason = without_gloss(reason)  # the Thai; the English gloss is for the logs
        if found.step == IMPORT:
            return _form_page(request, agency, DocumentUploadForm(), status=400, error=reason)
        # The browser can't show the chosen file again: name it in the reason.
        form = DocumentUploadForm.rejected(f"“{found.filename}”: {reason}", submit=found.submit)
        return _form_page(request, agency, form, status=400)
    if found.step == CHECK:
        preview = job_preview(found, agency=agency, viewer=request.user)
        return render(
            request,
            "portal/import_preview.html",
            {
                "agency": agency,
                "digits": agency.digit_style,
                "preview": preview,
                "result": preview.result,
                "counts": preview.counts,
                "warnings": preview.result.warnings,
            },
        )
    outcome = found.outcome or {}
    label_doc = _document_label(str(outcome.get("document_type") or ""))
    doc_state = PublicationStatus.SUBMITTED.label if found.submit else _("ฉบับร่าง")
    count = int(outcome.get("warnings") or 0)
    if count:
        text = _("นำเข้า%(doc)sแล้ว (%(state)s) มีคำเตือน %(count)s รายการ") % {
            "doc": label_doc,
            "state": doc_state,
            "count": format_number(count, agency.digit_style),
        }
    else:
        text = _("นำเข้า%(doc)sแล้ว (%(state)s) ไม่มีคำเตือน") % {"doc": label_doc, "state": doc_state}
    messages.success(request, text)
    url = str(outcome.get("url") or "")
    return redirect(url or reverse("portal:agency_detail", kwargs={"code": agency.code}))
