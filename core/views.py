"""The portal's front page: find an agency (search, province filter, sorting, paging)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plans.choices import PublicationStatus
from plans.models import Agency, Province

SORTS = {"name": "name", "province": "province__name", "-plans": "-published_plans"}


def home(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    province = request.GET.get("province", "")
    sort = request.GET.get("sort", "province")
    agencies = Agency.objects.with_place().annotate(
        published_plans=Count("plans", filter=Q(plans__status=PublicationStatus.PUBLISHED))
    )
    if q:
        agencies = agencies.filter(
            Q(name__icontains=q) | Q(short_name__icontains=q) | Q(district__icontains=q) | Q(code=q)
        )
    if province.isdigit():
        agencies = agencies.filter(province_id=int(province))
    agencies = agencies.order_by(SORTS.get(sort, "province__name"), "name")
    page = Paginator(agencies, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "core/home.html",
        {
            "page": page,
            "q": q,
            "province": province,
            "sort": sort,
            "provinces": Province.objects.all(),
        },
    )
