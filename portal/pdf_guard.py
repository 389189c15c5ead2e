"""A PDF link stays good only while its document may be read: the guard that the signed
job tokens of core.pdf ask (registered in PortalConfig.ready). A withdrawn plan's old link
answers 404 at once, not when its token expires."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.http import Http404, HttpRequest
from django.urls import Resolver404, resolve

from measures.choices import MeasureSetKind
from measures.models import MeasureSet, Memo
from measures.selectors import measure_set_at
from plans.models import Plan, PlanItem
from plans.selectors import plan_at
from reports.models import ReportingRound
from reports.selectors import round_at

#: The document PDF views, by URL name, and the model their `pk` names.
DOCUMENT_PDFS = {
    "plans:plan_pdf": Plan,
    "plans:item_pdf": PlanItem,
    "measures:set_pdf": MeasureSet,
    "measures:memo_pdf": Memo,
    "reports:round_pdf": ReportingRound,
}


def _plan(user: Any, kw: dict[str, Any]) -> object:
    return plan_at(
        user,
        code=kw["code"],
        first_year=kw["first"],
        last_year=kw["last"],
        revision=kw.get("revision"),
    )


def _set(kind: str) -> Callable[[Any, dict[str, Any]], object]:
    def find(user: Any, kw: dict[str, Any]) -> object:
        return measure_set_at(
            user, code=kw["code"], fiscal_year=kw["year"], kind=kind, revision=kw.get("revision")
        )

    return find


def _round(user: Any, kw: dict[str, Any]) -> object:
    return round_at(
        user,
        code=kw["code"],
        fiscal_year=kw["year"],
        period=kw["period"],
        revision=kw.get("revision"),
    )


#: The stable PDF addresses (core.stable.revision_patterns), by URL name: what finds their
#: document (404 once it is no longer public). The public's PDF links are these now.
STABLE_PDFS: dict[str, Callable[[Any, dict[str, Any]], object]] = {
    f"{prefix}{suffix}": find
    for prefix, find in (
        ("plans:stable", _plan),
        ("measures:set_stable", _set(MeasureSetKind.MEASURES)),
        ("measures:results_stable", _set(MeasureSetKind.REPORT)),
        ("reports:stable", _round),
    )
    for suffix in ("_pdf", "_revision_pdf")
}


def document_still_readable(request: HttpRequest, origin: str) -> bool:
    """False when the PDF behind a token belongs to a document the user may no longer read."""
    try:
        match = resolve(urlsplit(origin).path)
    except Resolver404:
        return False
    find = STABLE_PDFS.get(match.view_name)
    if find is not None:
        try:
            find(request.user, match.kwargs)
        except Http404:
            return False
        return True
    model = DOCUMENT_PDFS.get(match.view_name)
    if model is None:
        return True  # agency-wide PDFs show only what is public at the time of asking
    manager = model._default_manager
    return bool(manager.visible_to(request.user).filter(pk=match.kwargs.get("pk")).exists())  # type: ignore[attr-defined]
