"""Pages of the plans app: the agency page, the plan and item pages, their PDFs and the CSV.

Every object is reached through a scoped queryset (`visible_to(user)`), so another agency's
draft is a 404 on every route. The HTML page, its PDF and the CSV share one selector.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.exports import csv_response
from core.pdf.service import pdf_response
from plans.models import Agency
from plans.selectors import (
    ItemFilters,
    agency_overview,
    item_detail_context,
    item_detail_queryset,
    plan_detail_context,
    plan_detail_queryset,
    plan_fingerprint,
    plan_items_csv_rows,
)


@require_GET
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.with_place(), code=code)
    return render(request, "plans/agency_detail.html", agency_overview(agency, request.user))


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(plan_detail_queryset(request.user), pk=pk)
    filters = ItemFilters.from_query(request.GET, plan)
    context = plan_detail_context(plan, request.user, filters=filters)
    return render(request, "plans/plan_detail.html", context)


@require_GET
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole plan as an A4 document: part 1, the summary, the items, every sheet."""
    plan = get_object_or_404(plan_detail_queryset(request.user), pk=pk)
    title = _plan_title(plan)

    def context() -> dict:
        return {**plan_detail_context(plan, request.user, with_sheets=True), "title": title}

    return pdf_response(
        request,
        template_name="plans/pdf/plan.html",
        context=context,
        title=title,
        author=plan.agency.name,
        filename=f"{title}.pdf",
        fingerprint=plan_fingerprint(plan),
    )


@require_GET
def plan_items_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The items table (with the page's filters) as CSV; UTF-8 with BOM so Excel reads Thai."""
    plan = get_object_or_404(plan_detail_queryset(request.user), pk=pk)
    filters = ItemFilters.from_query(request.GET, plan)
    return csv_response(
        f"{_plan_title(plan)} รายการโครงการ.csv", plan_items_csv_rows(plan, filters)
    )


@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_item_queryset(request), pk=pk)
    return render(request, "plans/item_detail.html", item_detail_context(item, request.user))


@require_GET
def item_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_item_queryset(request), pk=pk)
    title = f"{item.title[:80]} – {item.plan.agency.short_name}"
    context = item_detail_context(item, request.user)
    context["title"] = title
    return pdf_response(
        request,
        template_name="plans/pdf/item.html",
        context=context,
        title=title,
        author=item.plan.agency.name,
        filename=f"โครงการ {item.pk} {item.plan.agency.short_name}.pdf",
    )


def _item_queryset(request: HttpRequest):
    return item_detail_queryset(request.user).prefetch_related("years")


def _plan_title(plan) -> str:
    return f"{plan.title} {plan.agency.short_name} พ.ศ. {plan.first_year}-{plan.last_year}"
