"""Pages of the plans app (placeholder views; the plan pages are being built)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from plans.models import Agency, Plan, PlanItem


def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.with_place(), code=code)
    plans = Plan.objects.visible_to(request.user).filter(agency=agency)
    return render(request, "plans/agency_detail.html", {"agency": agency, "plans": plans})


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    return render(request, "plans/plan_detail.html", {"plan": plan})


def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    return HttpResponse(status=501)


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PlanItem.objects.visible_to(request.user), pk=pk)
    return render(request, "plans/item_detail.html", {"item": item})
