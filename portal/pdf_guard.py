"""A PDF link stays good only while its document may be read: the guard that the signed
job tokens of core.pdf ask (registered in PortalConfig.ready). A withdrawn plan's old link
answers 404 at once, not when its token expires."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.urls import Resolver404, resolve

from measures.models import MeasureSet, Memo
from plans.models import Plan, PlanItem
from reports.models import ReportingRound

#: The document PDF views, by URL name, and the model their `pk` names.
DOCUMENT_PDFS = {
    "plans:plan_pdf": Plan,
    "plans:item_pdf": PlanItem,
    "measures:set_pdf": MeasureSet,
    "measures:memo_pdf": Memo,
    "reports:round_pdf": ReportingRound,
}


def document_still_readable(request: HttpRequest, origin: str) -> bool:
    """False when the PDF behind a token belongs to a document the user may no longer read."""
    try:
        match = resolve(urlsplit(origin).path)
    except Resolver404:
        return False
    model = DOCUMENT_PDFS.get(match.view_name)
    if model is None:
        return True  # agency-wide PDFs show only what is public at the time of asking
    manager = model._default_manager
    return bool(manager.visible_to(request.user).filter(pk=match.kwargs.get("pk")).exists())  # type: ignore[attr-defined]
