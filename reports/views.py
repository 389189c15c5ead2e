"""Pages of the reports app: a round's page (rows edited in place with htmx), its PDF and
exports, the workflow buttons and an agency's reporting calendar.

Every object is reached through a scoped queryset: `visible_to(user)` for reading (another
agency's draft is a 404), `editable_by(user)` for changes. A user who may read a round's
drafts but not change it (an auditor, or anyone once the round is submitted) gets a 403 on an
edit; anyone else a 404. The HTML page, the PDF and the CSV/XLSX share the selectors
(reports.selectors.round_rows / round_summary / agency_calendar) and `round_page_context`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agencies import access, workflow
from agencies.access import AuthenticatedHttpRequest, Viewer
from agencies.models import Agency, Province
from agencies.selectors import workflow_panel
from agencies.views import submit_confirmation
from core.checks import confirm_context, unconfirmed
from core.concurrency import conflict_row, conflict_view
from core.pdf.service import pdf_response
from core.thai import digits, fiscal_year_of
from plans.models import Dimension
from reports import exports
from reports.calendar import bangkok_today, followed_up_year
from reports.checks import row_warnings
from reports.choices import AUDITED_KINDS, RoundKind, RoundState, RowStatus, RowVerdictKind
from reports.forms import (
    ApproveForm,
    AuditForm,
    EvidenceForm,
    OpenRoundForm,
    ReturnForm,
    RowForm,
)
from reports.models import Evidence, ReportingRound, ReportRow, ReviewComment
from reports.selectors import (
    AUDIT_LABELS,
    AUDITED_KINDS_ORDER,
    DASHBOARD_SORTS,
    MEASURES_GROUP,
    RESULT_COLUMNS,
    SUBMISSION_LABELS,
    agency_calendar,
    audit_dashboard,
    discussion,
    group_rows,
    incomplete_rows,
    measures_by_indicator,
    review_view,
    round_at,
    round_rows,
    round_summary,
    row_verdicts_by_row,
)
from reports.services import (
    ConcurrentEditError,
    RoundError,
    RowVerdictInput,
    audit_verdict_record,
    evidence_add,
    evidence_delete,
    report_row_update,
    review_comment_add,
    round_approve,
    round_delete,
    round_delete_summary,
    round_open,
    round_publish,
    round_return,
    round_submit,
    row_answers_save,
)

# Bootstrap colours of the row statuses and round states (badges).
STATUS_BADGES = {
    RowStatus.NOT_STARTED: "text-bg-secondary",
    RowStatus.IN_PROGRESS: "text-bg-warning",
    RowStatus.DONE: "text-bg-success",
    RowStatus.DEFERRED: "text-bg-info",
    RowStatus.CANCELLED: "text-bg-dark",
}
ROW_VERDICT_BADGES = {
    RowVerdictKind.ACCEPTED: "text-bg-success",
    RowVerdictKind.NEEDS_EVIDENCE: "text-bg-danger",
    RowVerdictKind.COMMENT: "text-bg-warning",
}
DASHBOARD_SORT_LABELS = {
    "agency": "ชื่อหน่วยงาน",
    "province": "จังหวัด",
    "due": "กำหนดส่ง",
    "submitted": "วันที่ส่ง",
    "late": "ล่าช้ามากที่สุด",
}
STATE_BADGES = {
    RoundState.OPEN: "text-bg-warning",
    RoundState.SUBMITTED: "text-bg-info",
    RoundState.APPROVED: "text-bg-primary",
    RoundState.PUBLISHED: "text-bg-success",
}


# --- Reaching objects ---------------------------------------------------------------------------


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _round_for_read(request: HttpRequest, pk: int) -> ReportingRound:
    qs = ReportingRound.objects.visible_to(request.user).select_related("agency__province")
    return get_object_or_404(qs, pk=pk)


def _round_for_action(request: HttpRequest, pk: int) -> ReportingRound:
    """A round for a workflow step: 404 unless the user is one of the agency's (or audits it);
    the service then says whether this user may take this step (403 if not)."""
    rnd = _round_for_read(request, pk)
    if not access.can_read_drafts(request.user, rnd.agency_id):
        raise Http404
    return rnd


def _row_for_edit(request: HttpRequest, pk: int) -> ReportRow:
    """A row this user may change: 404 for other agencies, 403 for read-only roles and for
    rounds no longer open."""
    qs = ReportRow.objects.visible_to(request.user).select_related(
        "round__agency", "plan_item_year__item__dimension", "measure", "updated_by"
    )
    row = get_object_or_404(qs, pk=pk)
    if not ReportRow.objects.editable_by(request.user).filter(pk=pk).exists():
        if access.can_read_drafts(request.user, row.round.agency_id):
            raise PermissionDenied(_("ไม่มีสิทธิ์แก้ไขรายการนี้ หรือรายงานนี้ส่งแล้ว"))
        raise Http404
    return row


# --- The round page's context (shared by the page, the htmx partials and the PDF) --------------


@dataclass
class RowFilters:
    """The round page's filters (GET): dimension number or "measures", status, title search."""

    dimension: str = ""
    status: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, query) -> RowFilters:
        status = query.get("status", "")
        return cls(
            dimension=query.get("dimension", "").strip()[:20],
            status=status if status in RowStatus.values else "",
            q=query.get("q", "").strip()[:100],
        )

    @property
    def active(self) -> bool:
        return bool(self.dimension or self.status or self.q)

    def as_query(self) -> str:
        from urllib.parse import urlencode

        return urlencode({k: v for k, v in vars(self).items() if v})

    def rows(self, rnd: ReportingRound):
        return round_rows(rnd, dimension=self.dimension, status=self.status, q=self.q)


def round_heading(rnd: ReportingRound) -> str:
    if rnd.title:
        return rnd.title
    return _("รายงานผลการดำเนินการ %(kind)s ประจำปีงบประมาณ พ.ศ. %(year)s") % {
        "kind": digits(rnd.get_kind_display(), rnd.agency.digit_style),
        "year": digits(rnd.fiscal_year, rnd.agency.digit_style),
    }


def _permissions(rnd: ReportingRound, user: Viewer) -> dict[str, bool]:
    editable = ReportingRound.objects.editable_by(user).filter(pk=rnd.pk).exists()
    own = access.can_read_drafts(user, rnd.agency_id)
    can_publish = (
        rnd.state == RoundState.APPROVED
        and user.is_authenticated
        and access.can_edit(user, rnd.agency)
    )
    return {
        "can_edit": editable,
        "can_submit": editable,
        "can_review": ReportingRound.objects.reviewable_by(user).filter(pk=rnd.pk).exists(),
        "can_send_back": bool(
            rnd.state == RoundState.APPROVED
            and user.is_authenticated
            and access.can_approve(user, rnd.agency)
        ),
        "can_audit": ReportingRound.objects.auditable_by(user).filter(pk=rnd.pk).exists(),
        "can_publish": bool(can_publish),
        "can_delete": editable
        and access.can_delete(user, rnd.agency, state=workflow.state_of(rnd)),
        "is_own": own,
    }


def round_page_context(
    rnd: ReportingRound, user: Viewer, *, filters: RowFilters | None = None
) -> dict[str, Any]:
    """Everything the round page, its partials and its PDF show."""
    filters = filters or RowFilters()
    all_rows = list(round_rows(rnd))
    summary = round_summary(rnd, all_rows)
    rows = list(filters.rows(rnd)) if filters.active else all_rows
    plan_rows = [r for r in all_rows if r.plan_item_year_id]
    measure_rows = [r for r in all_rows if r.measure_id]
    dimensions = sorted(
        {
            (r.plan_item_year.item.dimension.number, r.plan_item_year.item.dimension.name)
            for r in plan_rows
            if r.plan_item_year is not None
        },
        key=lambda d: Dimension.make_sort_key(d[0]),
    )
    context = {
        "round": rnd,
        "agency": rnd.agency,
        "digits": rnd.agency.digit_style,
        "heading": round_heading(rnd),
        "filters": filters,
        "rows": rows,
        "groups": group_rows(rows),
        "plan_groups": group_rows(plan_rows),
        # The official 6-month table of measures (instrument → indicator), on the page and
        # in the PDF alike.
        "instrument_groups": measures_by_indicator(measure_rows),
        "has_measures": bool(measure_rows),
        "summary": summary,
        "dimensions": dimensions,
        "measures_group": MEASURES_GROUP,
        "statuses": RowStatus.choices,
        "status_badges": STATUS_BADGES,
        "state_badges": STATE_BADGES,
        "result_columns": [(s.value, s.label) for s in RESULT_COLUMNS],
        "row_count": len(all_rows),
        "review_steps": list(rnd.review_steps.select_related("reviewer")),
        "events": list(rnd.events.select_related("actor").order_by("-at", "-pk")[:20]),
        "is_audited_kind": rnd.kind in AUDITED_KINDS,
    }
    context.update(_permissions(rnd, user))
    context["wf"] = workflow_panel(rnd, user)
    return context


def private_review_context(rnd: ReportingRound, user: Viewer) -> dict[str, Any]:
    """The round page's private part (per-row verdicts, links to the review and the dialogue):
    only for the agency and its auditors (access.can_discuss). Never in the PDF's context."""
    if not access.can_discuss(user, rnd.agency_id):
        return {"can_discuss": False, "row_verdicts": {}}
    return {
        "can_discuss": True,
        # Only 6/12-month reports are audited: other rounds have no row verdicts to read.
        "row_verdicts": row_verdicts_by_row(rnd) if rnd.is_audited_kind else {},
        "row_verdict_badges": ROW_VERDICT_BADGES,
    }


def _row_context(row: ReportRow, user: Viewer, **extra) -> dict[str, Any]:
    rnd = row.round
    context = {
        "row": row,
        "round": rnd,
        "agency": rnd.agency,
        "digits": rnd.agency.digit_style,
        "status_badges": STATUS_BADGES,
        "can_edit": ReportRow.objects.editable_by(user).filter(pk=row.pk).exists(),
    }
    context.update(private_review_context(rnd, user))
    context.update(extra)
    return context


# --- The round page -----------------------------------------------------------------------------


@require_safe
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round_for_read(request, pk)
    context = round_page_context(rnd, request.user, filters=RowFilters.from_query(request.GET))
    context.update(private_review_context(rnd, request.user))
    context["return_form"] = ReturnForm()
    context["approve_form"] = ApproveForm()
    context["audit_form"] = AuditForm()
    return render(request, "reports/round_detail.html", context)


@require_safe
def round_stable(
    request: HttpRequest,
    code: str,
    year: int,
    period: str,
    revision: int | None = None,
    pdf: bool = False,
) -> HttpResponseBase:
    """A published report at its stable address (/a/<code>/reports/2567/6-month/, …/r<N>/,
    …/pdf/)."""
    found = round_at(request.user, code=code, fiscal_year=year, period=period, revision=revision)
    return (round_pdf if pdf else round_detail)(request, pk=found.pk)


@require_safe
def round_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The round as an A4 landscape document in the official layout, from the page's context."""
    rnd = _round_for_read(request, pk)
    context = round_page_context(rnd, request.user)
    context["title"] = f"{context['heading']} {rnd.agency.short_name}"
    context["site_url"] = settings.SITE_URL.rstrip("/")
    return pdf_response(
        request,
        template_name="reports/pdf/round.html",
        context=context,
        title=context["title"],
        author=rnd.agency.name,
        filename=f"{exports.round_file_stem(rnd)}.pdf",
        landscape=True,
    )


@require_safe
def round_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The round as a Word file in the PDF's layout, from the page's context (same readers)."""
    from core.word import docx_response
    from reports.word import round_docx as build

    rnd = _round_for_read(request, pk)
    context = round_page_context(rnd, request.user)
    return docx_response(build(context), f"{exports.round_file_stem(rnd)}.docx")


@require_safe
def round_export(request: HttpRequest, pk: int, table: str, fmt: str) -> HttpResponse:
    """The round's rows (with the page's filters) or its summary as CSV or XLSX."""
    rnd = _round_for_read(request, pk)
    if table == "rows":
        filters = RowFilters.from_query(request.GET)
        data = exports.round_rows_table(rnd, filters.rows(rnd))
        stem = exports.round_file_stem(rnd)
    else:
        data = exports.round_summary_table(rnd, round_summary(rnd))
        stem = exports.round_file_stem(rnd, "สรุป")
    return exports.table_response(data, stem, fmt)


# --- Editing a row in place ---------------------------------------------------------------------


def _render_row(request: HttpRequest, row: ReportRow) -> HttpResponse:
    return render(request, "reports/_row.html", _row_context(row, request.user))


def _row_saved_response(request: HttpRequest, row: ReportRow) -> HttpResponse:
    """The row re-rendered, plus the progress bar and the summary swapped out of band."""
    rnd = row.round
    rows = list(round_rows(rnd))
    summary = round_summary(rnd, rows)
    row = next(r for r in rows if r.pk == row.pk)
    context = _row_context(row, request.user, summary=summary, oob=True, row_count=len(rows))
    html: str = render_to_string("reports/_row.html", context, request=request)
    # The out-of-band parts go in <template>s: a response that starts with a <tr> is parsed
    # in table context, where a bare <div> (and the summary's own table) would be torn apart.
    for name in ("reports/_progress.html", "reports/_summary.html"):
        html += f"<template>{render_to_string(name, context, request=request)}</template>"
    return HttpResponse(html)


def _form_response(
    request, row, form, *, conflict=None, evidence_form=None, warnings=(), status=200
):
    context = _row_context(
        row,
        request.user,
        **confirm_context(list(warnings)),
        form=form,
        conflict=conflict,
        evidence_form=evidence_form or EvidenceForm(prefix_id=str(row.pk)),
        evidence=list(row.evidence.select_related("uploaded_by")),
    )
    template = "reports/_row_form.html" if _is_htmx(request) else "reports/row_edit.html"
    return render(request, template, context, status=status)


@require_safe
def row_show(request: HttpRequest, pk: int) -> HttpResponse:
    """One row as shown in the table (the "ยกเลิก" of an edit swaps this back in)."""
    row = get_object_or_404(ReportRow.objects.visible_to(request.user), pk=pk)
    rows = round_rows(row.round).filter(pk=row.pk)
    return _render_row(request, rows.get())


@login_required
@require_http_methods(["GET", "POST"])
def row_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET: the row's form (in the table row with htmx, or a page without). POST: save through
    report_row_update; a stale version shows the other person's values next to what was typed."""
    row = _row_for_edit(request, pk)
    style = row.round.agency.digit_style
    if request.method == "GET":
        form = RowForm(initial=RowForm.initial_for(row), style=style, prefix_id=str(row.pk))
        return _form_response(request, row, form)

    form = RowForm(request.POST, style=style, prefix_id=str(row.pk))
    if not form.is_valid():
        return _form_response(request, row, form)
    if asked := unconfirmed(row_warnings(row, form.row_data()), request.POST):
        return _form_response(request, row, form, warnings=asked)
    try:
        row = report_row_update(
            row=row, data=form.row_data(), version=form.cleaned_data["version"], user=request.user
        )
    except ConcurrentEditError as exc:
        # Keep what was typed, but take the current version: saving again now is a
        # deliberate overwrite by someone who has seen the other values.
        data = request.POST.copy()
        data["version"] = str(exc.current["version"])
        form = RowForm(data, style=style, prefix_id=str(row.pk))
        form.is_valid()
        # 200, not 409: htmx swaps only successful responses into the table row.
        return _form_response(request, row, form, conflict=_conflict(exc, form, style, row.pk))
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return _form_response(request, row, form)
    if not _is_htmx(request):
        messages.success(request, _("บันทึกรายการแล้ว"))
        return redirect(f"{row.round.get_absolute_url()}#row-{row.pk}")
    return _row_saved_response(request, row)


def _conflict(exc: ConcurrentEditError, form: RowForm, style: str, pk: int) -> dict:
    """The other person's values next to what was typed, for the shared conflict partial."""
    from core.thai import format_money

    typed = form.cleaned_data if hasattr(form, "cleaned_data") else {}

    def shown(name: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        if name == "status":
            return str(RowStatus(value).label)
        if name == "budget_used":
            return format_money(value, style)
        return str(value)

    rows = [
        conflict_row(
            name,
            RowForm.base_fields[name].label,
            shown(name, exc.current.get(name)),
            shown(name, typed.get(name)),
        )
        for name in RowForm.ROW_FIELDS
    ]
    return conflict_view(exc, rows, message=_("มีผู้อื่นบันทึกรายการนี้ไปก่อนแล้ว"), id_suffix=str(pk))


@login_required
@require_POST
def row_evidence_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Attach a file or a link; errors (in Thai) come back next to the upload form."""
    row = _row_for_edit(request, pk)
    form = EvidenceForm(request.POST, request.FILES, prefix_id=str(row.pk))
    if form.is_valid():
        try:
            evidence_add(
                row=row,
                user=request.user,
                file=form.cleaned_data.get("file"),
                url=(form.cleaned_data.get("url") or "").strip(),
                title=form.cleaned_data.get("title", ""),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error("file" if form.cleaned_data.get("file") else None, exc.messages)
        else:
            form = EvidenceForm(prefix_id=str(row.pk))
            messages_ok = _("แนบหลักฐานแล้ว")
            return _evidence_response(request, row, form, saved=messages_ok)
    return _evidence_response(request, row, form)


def _evidence_response(request, row, form, *, saved: str = "") -> HttpResponse:
    context = _row_context(
        row,
        request.user,
        evidence_form=form,
        evidence=list(row.evidence.select_related("uploaded_by")),
        saved=saved,
    )
    if not _is_htmx(request):
        if saved:
            messages.success(request, saved)
            return redirect("reports:row_edit", pk=row.pk)
        context["form"] = RowForm(
            initial=RowForm.initial_for(row),
            style=row.round.agency.digit_style,
            prefix_id=str(row.pk),
        )
        return render(request, "reports/row_edit.html", context)
    return render(request, "reports/_evidence.html", context)


@login_required
@require_POST
def evidence_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(
        Evidence.objects.filter(row__in=ReportRow.objects.visible_to(request.user)), pk=pk
    )
    row = _row_for_edit(request, evidence.row_id)
    evidence_delete(evidence=evidence, user=request.user)
    return _evidence_response(request, row, EvidenceForm(prefix_id=str(row.pk)))


def _evidence_download_name(evidence: Evidence) -> str:
    """The uploaded name's stem with the extension of the type found in the content, so a PNG
    uploaded as "page.html" downloads as "page.png"."""
    stored = (evidence.file.name or "").rsplit("/", 1)[-1]
    extension = stored.rsplit(".", 1)[-1] if "." in stored else ""
    stem = (evidence.original_name or "").rsplit(".", 1)[0] or "evidence"
    return f"{stem}.{extension}" if extension else stem


#: Evidence types a browser may show in the page (inline); anything else is a download.
INLINE_EVIDENCE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


@require_safe
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, to whoever may read its round: the agency, its approvers and
    auditors while it is a draft, everybody once the round is published (404 otherwise).

    Served with safe headers: the type found in the content when uploaded (never guessed by
    the browser: nosniff), inline only for PDF and images, sandboxed (CSP) so that a file can
    run nothing in the portal's origin, and kept out of shared caches unless public."""
    evidence = get_object_or_404(
        Evidence.objects.filter(row__in=ReportRow.objects.visible_to(request.user))
        .exclude(file="")
        .select_related("row__round"),
        pk=pk,
    )
    inline = evidence.content_type in INLINE_EVIDENCE_TYPES
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type if inline else "application/octet-stream",
        as_attachment=not inline,
        filename=_evidence_download_name(evidence),
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Chromium's PDF viewer shows nothing in a sandboxed document, so PDFs (checked by their
    # first bytes when uploaded) get the strict policy without `sandbox`; all else is sandboxed.
    pdf = evidence.content_type == "application/pdf"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; object-src 'self'"
        if pdf
        else "sandbox; default-src 'none'; img-src 'self'"
    )
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    public = evidence.row.round.state in (RoundState.PUBLISHED, RoundState.SUPERSEDED)
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response


# --- Workflow buttons ---------------------------------------------------------------------------


def _workflow(request: HttpRequest, pk: int, step, *, done: str, form_class=None) -> HttpResponse:
    """Run one workflow service; refused steps come back as a Thai message on the page."""
    rnd = _round_for_action(request, pk)
    kwargs: dict[str, Any] = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(rnd.get_absolute_url())
        kwargs = form.cleaned_data
    try:
        step(round=rnd, user=request.user, **kwargs)
    except (RoundError, ValidationError) as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(rnd.get_absolute_url())


@login_required
@require_POST
def round_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit a round; without confirm=1, a round with incomplete rows first shows them."""
    if request.POST.get("confirm") != "1":
        rnd = _round_for_action(request, pk)
        if not access.can_submit(request.user, rnd.agency_id):
            access.deny(request.user, rnd.agency_id)
        if rnd.is_open and (rows := incomplete_rows(rnd)):
            note = request.POST.get("note", "")
            return submit_confirmation(request, rnd, rows, note=note, action=request.path)
    return _workflow(request, pk, round_submit, done=_("ส่งรายงานให้ผู้อนุมัติแล้ว"))


@login_required
@require_POST
def round_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, round_approve, done=_("อนุมัติรายงานแล้ว"), form_class=ApproveForm)


@login_required
@require_POST
def round_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, round_return, done=_("ส่งกลับให้แก้ไขแล้ว"), form_class=ReturnForm)


@login_required
@require_POST
def round_audit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record an auditor's verdict. A refused verdict (e.g. "ไม่เห็นชอบ" without a comment)
    re-shows the page with the auditor's own choice and comment, never the default verdict."""
    rnd = _round_for_action(request, pk)
    form = AuditForm(request.POST)
    error: list[str] = []
    if form.is_valid():
        try:
            audit_verdict_record(round=rnd, user=request.user, **form.cleaned_data)
        except (RoundError, ValidationError) as exc:
            error = list(exc.messages)
        else:
            rnd.refresh_from_db()
            messages.success(
                request,
                _("บันทึกความเห็นผู้ตรวจสอบแล้ว และส่งรายงานกลับให้หน่วยงานแก้ไข")
                if rnd.state == RoundState.OPEN
                else _("บันทึกความเห็นผู้ตรวจสอบแล้ว"),
            )
            return redirect(rnd.get_absolute_url())
    else:
        error = [str(e) for errors in form.errors.values() for e in errors]
    context = round_page_context(rnd, request.user)
    context.update(private_review_context(rnd, request.user))
    context.update(
        return_form=ReturnForm(), approve_form=ApproveForm(), audit_form=form, audit_errors=error
    )
    return render(request, "reports/round_detail.html", context, status=400)


@login_required
@require_POST
def round_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, round_publish, done=_("เผยแพร่รายงานแล้ว"))


# --- The agency's reporting calendar ------------------------------------------------------------


def _agency(code: str) -> Agency:
    return get_object_or_404(Agency.objects.with_place(), code=code)


def calendar_context(agency: Agency, user: Viewer, today=None) -> dict[str, Any]:
    """The calendar page, its PDF and its exports: entries by fiscal year with share done."""
    day = bangkok_today(today)
    entries = agency_calendar(agency, day, user=user)
    round_ids = [e.round.pk for e in entries if e.round is not None]
    counts = {
        c["round"]: c
        for c in ReportRow.objects.filter(round_id__in=round_ids)
        .values("round")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=RowStatus.DONE)))
    }
    for entry in entries:
        c = counts.get(entry.round.pk) if entry.round is not None else None
        entry.rows = c["total"] if c else 0
        entry.done = c["done"] if c else 0
        entry.done_percent = round(100 * entry.done / entry.rows) if entry.rows else None
        entry.days_late = max(0, -entry.days_left)
    years: dict[int, list] = {}
    for entry in sorted(entries, key=lambda e: -e.fiscal_year):
        years.setdefault(entry.fiscal_year, []).append(entry)
    current = fiscal_year_of(day)
    return {
        "agency": agency,
        "digits": agency.digit_style,
        "entries": entries,
        "years": list(years.items()),
        "today": day,
        "state_badges": STATE_BADGES,
        "title": _("ปฏิทินการรายงานผล %(agency)s") % {"agency": agency.short_name},
        "open_years": [current + 1, current, current - 1],
    }


@require_safe
def agency_reports(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(code)
    context = calendar_context(agency, request.user)
    can_open = request.user.is_authenticated and (access.can_edit(request.user, agency))
    context["can_open"] = can_open
    if can_open:
        context["open_form"] = OpenRoundForm(
            years=context["open_years"],
            style=agency.digit_style,
            initial={"fiscal_year": context["open_years"][1], "kind": RoundKind.H1},
        )
    return render(request, "reports/agency_reports.html", context)


@require_safe
def agency_reports_pdf(request: HttpRequest, code: str) -> HttpResponseBase:
    agency = _agency(code)
    context = calendar_context(agency, request.user)
    return pdf_response(
        request,
        template_name="reports/pdf/calendar.html",
        context=context,
        title=context["title"],
        author=agency.name,
        filename=f"ปฏิทินการรายงานผล-{agency.short_name}.pdf",
        landscape=True,
    )


@require_safe
def agency_reports_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    agency = _agency(code)
    context = calendar_context(agency, request.user)
    data = exports.calendar_table(agency, context["entries"])
    return exports.table_response(data, f"ปฏิทินการรายงานผล-{agency.short_name}", fmt)


@login_required
@require_POST
def agency_round_open(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Open a round (staff of the agency): 404 for other agencies, 403 for read-only roles."""
    agency = _agency(code)
    if not access.can_read_drafts(request.user, agency.pk):
        raise Http404
    current = fiscal_year_of(bangkok_today())
    form = OpenRoundForm(
        request.POST, years=[current + 1, current, current - 1], style=agency.digit_style
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("reports:agency_reports", code=agency.code)
    try:
        rnd = round_open(
            agency=agency,
            fiscal_year=form.cleaned_data["fiscal_year"],
            kind=form.cleaned_data["kind"],
            user=request.user,
        )
    except RoundError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reports:agency_reports", code=agency.code)
    messages.success(
        request,
        _("เปิดรอบรายงานแล้ว มี %(n)s รายการ") % {"n": digits(rnd.rows.count(), agency.digit_style)},
    )
    return redirect(rnd.get_absolute_url())


# --- The auditors' review: per-row verdicts, the agency's answers, the private dialogue ----------


def _round_for_discussion(request: HttpRequest, pk: int) -> ReportingRound:
    """A round whose private review this user may see (access.can_discuss), else 404 — the
    same 404 for the public (no login page either: nothing says a dialogue exists), another
    agency and a missing round, published or not."""
    rnd = _round_for_read(request, pk)
    if not access.can_discuss(request.user, rnd.agency_id):
        raise Http404
    return rnd


def _review_context(
    rnd: ReportingRound,
    user: Viewer,
    *,
    typed: dict[int, RowVerdictInput] | None = None,
    answers: dict[int, str] | None = None,
    errors: dict[str, str] | None = None,
    changed_only: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    view = review_view(rnd)
    errors = errors or {}
    for line in view.lines:
        pk = line.row.pk
        if typed is not None:
            given = typed.get(pk, RowVerdictInput())
            line.typed_verdict, line.typed_comment = given.verdict, given.comment
        elif line.current is not None:
            line.typed_verdict, line.typed_comment = line.current.verdict, line.current.comment
        line.error = errors.get(f"row-{pk}", "")
        if (asked := line.answerable) is not None:
            line.answer_text = (answers or {}).get(asked.pk, asked.answer)
            line.answer_error = errors.get(f"answer-{asked.pk}", "")
    lines = [line for line in view.lines if line.changed] if changed_only else view.lines
    context: dict[str, Any] = {
        "lines": lines,
        "changed_only": changed_only,
        "has_errors": bool(errors),
        "answerable_count": sum(1 for line in view.lines if line.answerable),
        "form_errors": {k: v for k, v in errors.items() if not k.startswith(("row-", "answer-"))},
        "round": rnd,
        "agency": rnd.agency,
        "digits": rnd.agency.digit_style,
        "heading": round_heading(rnd),
        "review": view,
        "status_badges": STATUS_BADGES,
        "row_verdict_choices": RowVerdictKind.choices,
        "audit_form": AuditForm(),
        "can_audit": ReportingRound.objects.auditable_by(user).filter(pk=rnd.pk).exists(),
        "can_answer": access.can_answer_audit(user, rnd.agency_id),
        "message_count": rnd.comments.count(),
    }
    context.update(extra)
    return context


def _row_verdicts_typed(post) -> dict[int, RowVerdictInput]:
    """The per-row verdicts of the review form (`row-<pk>-verdict`, `row-<pk>-comment`)."""
    typed: dict[int, RowVerdictInput] = {}
    for key in post:
        if key.startswith("row-") and key.endswith("-verdict"):
            pk = key.removeprefix("row-").removesuffix("-verdict")
            if pk.isdigit():
                typed[int(pk)] = RowVerdictInput(
                    post.get(key, "")[:40], post.get(f"row-{pk}-comment", "")[:20000]
                )
    return typed


@require_http_methods(["GET", "POST"])
def round_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The review page: every row with what changed since the last verdict, the auditor's
    per-row verdicts and the agency's answers; the auditor records the round's verdict here.
    A refused verdict re-shows everything typed, each error next to its row."""
    rnd = _round_for_discussion(request, pk)
    if request.method == "GET":
        context = _review_context(rnd, request.user, changed_only=request.GET.get("changed") == "1")
        return render(request, "reports/review.html", context)
    form = AuditForm(request.POST)
    typed = _row_verdicts_typed(request.POST)
    errors: dict[str, list[str]] = {}
    if form.is_valid():
        try:
            audit_verdict_record(
                round=rnd,
                user=request.user,
                row_verdicts={pk: v for pk, v in typed.items() if v.verdict or v.comment},
                **form.cleaned_data,
            )
        except (RoundError, ValidationError) as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        else:
            rnd.refresh_from_db()
            done = (
                _("บันทึกผลการตรวจแล้ว และส่งรายงานกลับให้หน่วยงานแก้ไข")
                if rnd.state == RoundState.OPEN
                else _("บันทึกผลการตรวจแล้ว")
            )
            messages.success(request, done)
            return redirect(rnd.get_absolute_url())
    else:
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    context = _review_context(
        rnd,
        request.user,
        audit_form=form,
        typed=typed,
        errors={name: " ".join(msgs) for name, msgs in errors.items()},
    )
    return render(request, "reports/review.html", context, status=400)


@require_POST
def round_answers(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The agency answers the auditor's row verdicts (`answer-<row verdict pk>`)."""
    rnd = _round_for_discussion(request, pk)
    answers = {
        int(key.removeprefix("answer-")): request.POST.get(key, "")[:20000]
        for key in request.POST
        if key.startswith("answer-") and key.removeprefix("answer-").isdigit()
    }
    try:
        saved = row_answers_save(round=rnd, user=request.user, answers=answers)
    except ValidationError as exc:
        context = _review_context(
            rnd,
            request.user,
            answers=answers,
            errors={name: " ".join(msgs) for name, msgs in exc.message_dict.items()},
        )
        return render(request, "reports/review.html", context, status=400)
    messages.success(
        request,
        _("บันทึกคำชี้แจงแล้ว %(n)s รายการ") % {"n": len(saved)} if saved else _("ไม่มีคำชี้แจงที่เปลี่ยนแปลง"),
    )
    return redirect(reverse("reports:round_review", args=[rnd.pk]) + "#rows")


@require_http_methods(["GET", "POST"])
def round_discussion(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The round's private dialogue between its agency and its auditors (threads of one
    level). A refused message keeps what was typed."""
    rnd = _round_for_discussion(request, pk)
    rows = list(rnd.rows.select_related("plan_item_year__item", "measure").order_by("order"))
    typed = {"body": "", "row": request.GET.get("row", ""), "parent": ""}
    error = ""
    status = 200
    if request.method == "POST":
        # Kept whole up to a generous bound, so a too-long message comes back with its text
        # and the service's Thai error rather than cut short.
        typed = {name: request.POST.get(name, "")[:20000] for name in ("body", "row", "parent")}
        row = next((r for r in rows if str(r.pk) == typed["row"]), None)
        parent = (
            ReviewComment.objects.filter(round=rnd, pk=typed["parent"]).first()
            if typed["parent"].isdigit()
            else None
        )
        try:
            comment = review_comment_add(
                round=rnd, user=request.user, body=typed["body"], row=row, parent=parent
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
            status = 400
        else:
            messages.success(request, _("ส่งข้อความแล้ว"))
            thread = comment.parent_id or comment.pk
            return redirect(reverse("reports:round_discussion", args=[rnd.pk]) + f"#m{thread}")
    context = {
        "round": rnd,
        "agency": rnd.agency,
        "digits": rnd.agency.digit_style,
        "heading": round_heading(rnd),
        "threads": discussion(rnd),
        "rows": rows,
        "typed": typed,
        "error": error,
    }
    return render(request, "reports/discussion.html", context, status=status)


# --- The auditors' dashboard ---------------------------------------------------------------------


@dataclass
class DashboardFilters:
    fiscal_year: int
    kind: str = ""
    province: int | None = None
    submission: str = ""
    audit: str = ""
    q: str = ""
    sort: str = "agency"

    @classmethod
    def from_query(cls, query, today) -> DashboardFilters:
        year = query.get("year", "")
        province = query.get("province", "")
        return cls(
            fiscal_year=int(year) if year.isdigit() and 2500 <= int(year) <= 2700 else today,
            kind=query.get("kind", "") if query.get("kind") in AUDITED_KINDS_ORDER else "",
            province=int(province) if province.isdigit() else None,
            submission=query.get("submission", "")[:20],
            audit=query.get("audit", "")[:20],
            q=query.get("q", "").strip()[:100],
            sort=query.get("sort", "agency") if query.get("sort") in DASHBOARD_SORTS else "agency",
        )

    def dashboard(self, user: Viewer):
        return audit_dashboard(
            user,
            fiscal_year=self.fiscal_year,
            kinds=[self.kind] if self.kind else AUDITED_KINDS_ORDER,
            province=self.province,
            submission=self.submission,
            audit=self.audit,
            q=self.q,
            sort=self.sort,
        )


def _dashboard_filters(request: HttpRequest) -> DashboardFilters:
    if not access.can_follow_audits(request.user):
        raise Http404
    return DashboardFilters.from_query(request.GET, followed_up_year(bangkok_today()))


@login_required
@require_safe
def audit_dashboard_view(request: HttpRequest) -> HttpResponse:
    """The auditors' dashboard: each assigned agency's 6/12-month reports of a fiscal year —
    on time, late, overdue, sent back, accepted — with filters, sorting, paging and exports."""
    filters = _dashboard_filters(request)
    board = filters.dashboard(request.user)
    page = Paginator(board.lines, 50).get_page(request.GET.get("page"))
    provinces = Province.objects.filter(
        agencies__in=Agency.objects.filter(access.audit_q(request.user, agency_field="pk"))
    ).distinct()
    year = fiscal_year_of(bangkok_today())
    context = {
        "filters": filters,
        "board": board,
        "page": page,
        "provinces": provinces.order_by("name"),
        "years": list(range(year + 1, year - 4, -1)),
        "kinds": [(k, RoundKind(k).label) for k in AUDITED_KINDS_ORDER],
        "submission_labels": SUBMISSION_LABELS,
        "audit_labels": {k: v for k, v in AUDIT_LABELS.items() if k},
        "sorts": DASHBOARD_SORT_LABELS,
        "query": request.GET.urlencode(),
    }
    return render(request, "reports/audit_dashboard.html", context)


@login_required
@require_safe
def audit_dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The dashboard's lines (with its filters, every page) as CSV or XLSX."""
    filters = _dashboard_filters(request)
    board = filters.dashboard(request.user)
    stem = f"ติดตามรายงาน-ปีงบประมาณ-{filters.fiscal_year}"
    return exports.table_response(exports.audit_dashboard_table(board), stem, fmt)


@login_required
@require_http_methods(["GET", "POST"])
def round_delete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete a round opened by mistake (e.g. the wrong year, 0 items), after a page that says
    what goes with it; a round that was sent on is a 403 (withdrawn through the chain)."""
    rnd = access.get_for_read(ReportingRound.objects.select_related("agency"), request.user, pk=pk)
    agency = rnd.agency
    access.require(
        access.can_delete(request.user, agency, state=workflow.state_of(rnd)),
        _("ลบได้เฉพาะรอบรายงานที่ยังไม่ได้ส่ง รายงานที่ส่งหรือเผยแพร่แล้วต้องถอนผ่านสายการอนุมัติ"),
    )
    blockers = workflow.delete_blockers(rnd)
    if request.method == "POST":
        try:
            round_delete(round=rnd, user=request.user)
        except ValidationError as exc:
            blockers = exc.messages
        else:
            messages.success(request, _("ลบรอบรายงานแล้ว"))
            return redirect("reports:agency_reports", code=agency.code)
    return render(
        request,
        "partials/delete_confirm.html",
        {
            "agency": agency,
            "digits": agency.digit_style,
            "heading": _("ลบรอบรายงาน (ยังไม่ได้ส่ง)"),
            "name": round_heading(rnd),
            "back_url": rnd.get_absolute_url(),
            "goes_with": round_delete_summary(rnd),
            "blockers": blockers,
            "button": _("ลบรอบรายงาน"),
        },
        status=400 if blockers and request.method == "POST" else 200,
    )
