"""The lifecycle's pages and actions, the same for every kind of document: propose, each
step's approve or send back, publish, amend, withdraw; the memo (HTML and PDF); the diff
between two revisions; the agency's positions and approval chains.

Documents are reached with `access.get_for_read` (404 for what the user may not see); each
service then checks that this user may take this step (403 if not).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agencies import access, notifications, workflow
from agencies.access import AuthenticatedHttpRequest
from agencies.choices import DocumentKind, RequestState
from agencies.forms import ActingForm, ChainForm, NotificationPreferenceForm, PositionForm
from agencies.models import ActingAppointment, ApprovalRequest, Position
from agencies.selectors import memo_view, request_view, revision_diff
from core.pdf.service import pdf_response

if TYPE_CHECKING:
    from agencies.querysets import AgencyScopedQuerySet


def _document(request: HttpRequest, kind: str, pk: int) -> Any:
    try:
        spec = workflow.spec_of_kind(kind)
    except KeyError:
        raise Http404 from None
    queryset = cast("AgencyScopedQuerySet[Any]", spec.model._default_manager.all())
    return access.get_for_read(queryset, request.user, pk=pk)


def _document_for_action(request: HttpRequest, kind: str, pk: int) -> Any:
    """A document for a lifecycle step: 404 unless the user is one of the agency's (or
    audits it), even when the document is public; the service then says whether this user
    may take this step (403 if not)."""
    document = _document(request, kind, pk)
    if not access.can_read_drafts(request.user, document.agency):
        raise Http404
    return document


def _request(request: HttpRequest, pk: int, *, action: bool = False) -> ApprovalRequest:
    """A request whose document the user may read (404 otherwise)."""
    found = ApprovalRequest.objects.select_related("agency", "content_type").filter(pk=pk).first()
    if found is None or found.document is None:
        raise Http404
    if action:
        _document_for_action(request, found.kind, found.object_id)
        return found
    document = _document(request, found.kind, found.object_id)
    # The public reads the memos that were carried out (they are the published record);
    # one still under way or sent back stays with the agency.
    if found.state != RequestState.DONE and not access.can_read_drafts(
        request.user, document.agency
    ):
        raise Http404
    return found


def submit_confirmation(
    request: HttpRequest, document: Any, rows: list[Any], *, note: str, action: str
) -> HttpResponse:
    """Before a document with incomplete parts is proposed: list them and ask to confirm
    (the form posts again with confirm=1). Shared by every view that submits a report."""
    return render(
        request,
        "partials/submit_confirm.html",
        {"document": document, "rows": rows, "note": note, "action": action},
    )


def _back(document: Any) -> HttpResponse:
    return redirect(document.get_absolute_url())


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


@login_required
@require_POST
def document_submit(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    document = _document_for_action(request, kind, pk)
    note = request.POST.get("note", "")
    spec = workflow.spec_of_kind(kind)
    if (incomplete := spec.extra.get("incomplete")) and request.POST.get("confirm") != "1":
        if not access.can_submit(request.user, document.agency):
            access.deny(request.user, document.agency)
        if rows := incomplete(document):
            return submit_confirmation(request, document, rows, note=note, action=request.path)
    try:
        workflow.submit(document, request.user, note)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("เสนอเอกสารตามสายการอนุมัติแล้ว ระหว่างนี้แก้ไขเอกสารไม่ได้"))
    return _back(document)


@login_required
@require_POST
def document_publish(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    document = _document_for_action(request, kind, pk)
    try:
        workflow.publish(document, request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("เผยแพร่แล้ว ฉบับนี้จะไม่เปลี่ยนแปลงอีก (แก้ไขได้โดยเปิดฉบับแก้ไข)"))
    return _back(document)


@login_required
@require_POST
def document_amend(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    document = _document_for_action(request, kind, pk)
    try:
        draft = workflow.document_amend(document=document, user=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return _back(document)
    messages.success(
        request, _("เปิดฉบับแก้ไขแล้ว ประชาชนยังเห็นฉบับที่เผยแพร่อยู่จนกว่าฉบับแก้ไขจะได้รับอนุมัติและเผยแพร่")
    )
    return _back(draft)


@login_required
@require_POST
def document_withdraw(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    document = _document_for_action(request, kind, pk)
    try:
        workflow.document_withdraw_request(
            document=document, user=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("เสนอขอถอนการเผยแพร่ตามสายการอนุมัติแล้ว"))
    return _back(document)


def _int(raw: str | None) -> int:
    """A posted id, or 0 (matches nothing) for anything that is not one."""
    return int(raw) if raw and raw.isascii() and raw.isdigit() else 0


def _step(request: HttpRequest) -> int:
    return _int(request.POST.get("step"))


def _step_action(
    request: AuthenticatedHttpRequest, pk: int, *, action: str, text_field: str, done: str
) -> HttpResponse:
    """Approve or send back the current step (workflow.decide)."""
    approval = _request(request, pk, action=True)
    text = request.POST.get(text_field, "")
    try:
        workflow.decide(approval, request.user, action=action, step=_step(request), text=text)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, done)
    return _back(approval.document)


@login_required
@require_POST
def request_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _step_action(
        request, pk, action="approve", text_field="opinion", done=_("บันทึกความเห็นแล้ว")
    )


@login_required
@require_POST
def request_send_back(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _step_action(
        request, pk, action="send_back", text_field="reason", done=_("ส่งกลับให้ผู้เสนอแก้ไขแล้ว")
    )


def _memo_context(approval: ApprovalRequest) -> dict[str, Any]:
    memo = memo_view(approval)
    return {
        "approval": approval,
        "document": approval.document,
        "agency": approval.agency,
        "digits": approval.agency.digit_style,
        "memo": memo,
        "paragraphs": memo.paragraphs,
        "signatures": memo.signatures,
        "title": memo.subject,
        "chain": request_view(approval),
    }


@require_safe
def request_memo(request: HttpRequest, pk: int) -> HttpResponse:
    """The บันทึกข้อความ of a request: generated from the chain, part of the record."""
    approval = _request(request, pk)
    return render(request, "agencies/memo.html", _memo_context(approval))


@require_safe
def request_memo_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    approval = _request(request, pk)
    context = _memo_context(approval)
    return pdf_response(
        request,
        template_name="agencies/pdf/memo.html",
        context=context,
        title=context["title"],
        author=approval.agency.name,
        filename=f"บันทึกข้อความ {approval.agency.short_name} {approval.memo_number}.pdf",
    )


@require_safe
def document_diff(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """What changed between this revision and another of the same document (?against=pk,
    default: the revision before it that the user may read)."""
    document = _document(request, kind, pk)
    readable = workflow.revisions_of(
        document, public_only=not access.can_read_drafts(request.user, document.agency)
    )
    others = [r for r in readable if r.pk != document.pk]
    against_pk = request.GET.get("against", "")
    if against_pk.isdigit():
        other = next((r for r in others if r.pk == int(against_pk)), None)
        if other is None:
            raise Http404
    else:
        earlier = [r for r in others if r.revision_number < document.revision_number]
        other = earlier[0] if earlier else None
    changes = revision_diff(other, document) if other is not None else []
    return render(
        request,
        "agencies/diff.html",
        {
            "doc": document,
            "other": other,
            "others": others,
            "changes": changes,
            "agency": document.agency,
            "digits": document.agency.digit_style,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agency_chains(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The agency's positions (who holds each) and its chain for each kind of document."""
    agency = access.agency_for_write(
        request.user,
        code,
        check=access.can_manage_chain,
        denied=_("ตำแหน่งและสายอนุมัติของหน่วยงานจัดการได้เฉพาะผู้อนุมัติของหน่วยงานและผู้ดูแลระบบ"),
    )
    positions = Position.objects.filter(agency=agency).select_related("holder")
    # ?position=<pk> (or a POST that names it) edits that position instead of adding one.
    editing = positions.filter(
        pk=_int(request.POST.get("position_id") or request.GET.get("position"))
    ).first()
    position_form = PositionForm(instance=editing, agency=agency)
    acting_form = ActingForm(agency=agency)
    chain_forms = {
        kind: ChainForm(agency=agency, kind=kind, prefix=kind) for kind in DocumentKind.values
    }
    if request.method == "POST":
        if "add_position" in request.POST:
            position_form = PositionForm(request.POST, instance=editing, agency=agency)
            if position_form.is_valid():
                position_form.save()
                messages.success(request, _("แก้ไขตำแหน่งแล้ว") if editing else _("เพิ่มตำแหน่งแล้ว"))
                return redirect("agencies:chains", code=agency.code)
        elif "remove_position" in request.POST and editing is not None:
            try:
                workflow.position_remove(position=editing, user=request.user)
            except ValidationError as exc:
                messages.error(request, _errors(exc))
            else:
                messages.success(request, _("นำตำแหน่งออกแล้ว"))
            return redirect("agencies:chains", code=agency.code)
        elif "remove_acting" in request.POST:
            ActingAppointment.objects.filter(
                position__agency=agency, pk=_int(request.POST.get("acting_id"))
            ).delete()
            messages.success(request, _("ยกเลิกการปฏิบัติหน้าที่แทนแล้ว"))
            return redirect("agencies:chains", code=agency.code)
        elif "add_acting" in request.POST:
            acting_form = ActingForm(request.POST, agency=agency)
            if acting_form.is_valid():
                acting_form.save()
                messages.success(request, _("บันทึกการปฏิบัติหน้าที่แทนแล้ว"))
                return redirect("agencies:chains", code=agency.code)
        else:
            kind = request.POST.get("kind", "")
            if kind in chain_forms:
                form = ChainForm(request.POST, agency=agency, kind=kind, prefix=kind)
                chain_forms[kind] = form
                if form.is_valid():
                    try:
                        form.save(user=request.user)
                    except ValidationError as exc:
                        form.add_error(None, exc)
                    else:
                        messages.success(request, _("บันทึกสายการอนุมัติแล้ว"))
                        return redirect("agencies:chains", code=agency.code)
    return render(
        request,
        "agencies/chains.html",
        {
            "agency": agency,
            "digits": agency.digit_style,
            "position_form": position_form,
            "acting_form": acting_form,
            "acting": ActingAppointment.objects.filter(position__agency=agency).select_related(
                "position", "user"
            ),
            "chain_forms": [(DocumentKind(k).label, k, f) for k, f in chain_forms.items()],
            "positions": positions,
            "editing": editing,
        },
    )


# --- Notifications (the bell) and the user's own settings ----------------------------------

NOTIFICATIONS_PAGE_SIZE = 20
#: How many of the latest notifications the bell's menu shows.
BELL_ITEMS = 5


@login_required
@require_safe
def my_notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's notifications, newest first, paged; `?unread=1` shows the unread only;
    `?menu=1` is the bell's menu (the latest few, loaded when it opens)."""
    unread_only = request.GET.get("unread") == "1"
    rows = notifications.notifications_of(request.user, unread_only=unread_only)
    if request.GET.get("menu") == "1":
        back = request.headers.get("HX-Current-URL", "")
        back = back if url_has_allowed_host_and_scheme(back, {request.get_host()}) else ""
        return render(
            request,
            "agencies/_bell_menu.html",
            {"recent": rows[:BELL_ITEMS], "back": back},
        )
    page = Paginator(rows, NOTIFICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agencies/notifications.html",
        {"page": page, "unread_only": unread_only},
    )


@login_required
@require_safe
def notification_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link: it is marked read, then the document opens (only the
    user's own notification; a link elsewhere than this site goes to the list instead)."""
    row = notifications.notifications_of(request.user).filter(pk=pk).first()
    if row is None:
        raise Http404
    notifications.notification_mark_read(user=request.user, pk=row.pk)
    safe = url_has_allowed_host_and_scheme(row.url, allowed_hosts={request.get_host()})
    return redirect(row.url if row.url and safe else "agencies:notifications")


@login_required
@require_POST
def notifications_mark_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Mark one notification (`pk`) or all of them read; back to the list."""
    pk = request.POST.get("pk", "")
    count = notifications.notification_mark_read(
        user=request.user, pk=int(pk) if pk.isdigit() else None
    )
    if not pk:
        messages.success(request, _("ทำเครื่องหมายว่าอ่านแล้ว %(n)s รายการ") % {"n": count})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("agencies:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def my_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own settings: how they are told (e-mail and in-app, or in-app only)."""
    form = NotificationPreferenceForm(
        request.POST or None,
        initial={"channel": "email" if request.user.notify_by_email else "in_app"},
    )
    if request.method == "POST" and form.is_valid():
        notifications.preference_set(
            user=request.user, by_email=form.cleaned_data["channel"] == "email"
        )
        messages.success(request, _("บันทึกการตั้งค่าการแจ้งเตือนแล้ว"))
        return redirect("agencies:settings")
    status = 400 if request.method == "POST" else 200
    return render(request, "agencies/settings.html", {"form": form}, status=status)
