"""The pages of a background PDF render: progress (polled by htmx), the file, a retry.

Every URL carries a signed token (see :mod:`core.pdf.service`): a forged, expired or
someone else's token is a 404, so these pages never reveal another agency's drafts.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from core.pdf.cache import JobState
from core.pdf.service import (
    PdfTicket,
    pdf_file_response,
    pdf_job_retry,
    pdf_status_context,
    pdf_token_load,
)


def _ticket(request: HttpRequest, token: str) -> PdfTicket:
    ticket = pdf_token_load(request, token)
    if ticket is None:
        raise Http404("ไม่พบงานจัดทำไฟล์ PDF นี้ หรือลิงก์หมดอายุแล้ว")
    return ticket


@never_cache
@require_safe
def pdf_status(request: HttpRequest, token: str) -> HttpResponse:
    """The job's state: the whole page, or (for htmx polls) just the status box."""
    ticket = _ticket(request, token)
    context = pdf_status_context(ticket, token)
    if request.headers.get("HX-Request"):
        response = render(request, "core/_pdf_status.html", context)
        if context["state"] == JobState.READY:
            # The person asked for the file: open it as soon as it exists.
            response["HX-Redirect"] = context["file_url"]
        return response
    status = 500 if context["state"] == JobState.FAILED else 200
    return render(request, "core/pdf_pending.html", context, status=status)


@require_safe
def pdf_file(request: HttpRequest, token: str) -> HttpResponseBase:
    """The finished PDF (inline, with its Thai filename), or back to the progress page."""
    ticket = _ticket(request, token)
    response = pdf_file_response(request, key=ticket.key, filename=ticket.filename)
    if response is None:
        return redirect("core:pdf_status", token=token)
    return response


@require_POST
def pdf_retry(request: HttpRequest, token: str) -> HttpResponse:
    """Forget a failed render and ask the page that wanted the PDF for it again."""
    ticket = _ticket(request, token)
    pdf_job_retry(key=ticket.key)
    # The origin comes from our own signed token, so it is a path on this site.
    return redirect(ticket.origin)
