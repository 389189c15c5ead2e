"""The portal's front page: find an agency (search, province filter, sorting, paging)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from agencies.access import AuthenticatedHttpRequest
from agencies.models import Agency, Province
from core.pagecache import agency_scope, cache_public_page
from core.thai import to_arabic_digits
from portal import worklist
from portal.dashboards import (
    current_fiscal_year,
    national_coverage,
    province_agencies,
)
from portal.selectors import agency_overview, agency_search

SORTS = {"name": "name", "province": "province__name", "-plans": "-published_plans"}


@cache_public_page()
def home(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    province = request.GET.get("province", "")
    sort = request.GET.get("sort", "province")
    agencies = agency_search(
        q, province=int(province) if province.isdigit() else None, order=SORTS.get(sort)
    )
    page = Paginator(agencies, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/home.html",
        {
            "page": page,
            "q": q,
            "province": province,
            "sort": sort,
            "provinces": Province.objects.all(),
        },
    )


# --- Public dashboards and open data ------------------------------------------------------------


def _fiscal_year_param(request: HttpRequest) -> int:

    raw = to_arabic_digits(request.GET.get("year", "")).strip()
    if raw.isdigit() and 2550 <= int(raw) <= 2700:
        return int(raw)
    return current_fiscal_year()


@cache_public_page()
def dashboard_national(request: HttpRequest) -> HttpResponse:
    """Who has published what this fiscal year, per province and for the whole country."""

    year = _fiscal_year_param(request)
    data = national_coverage(year)
    sort = request.GET.get("sort", "name")
    keys = {
        "name": lambda r: r.name,
        "-plans": lambda r: -r.plan_share,
        "-measures": lambda r: -r.measures_share,
        "-ita": lambda r: -(r.ita_average or 0),
    }
    rows = sorted(data["rows"], key=keys.get(sort, keys["name"]))
    return render(
        request,
        "portal/dashboard_national.html",
        {**data, "rows": rows, "sort": sort, "years": range(year - 3, year + 2)},
    )


@cache_public_page()
def dashboard_province(request: HttpRequest, pk: int) -> HttpResponse:
    """The agencies of one province: what each has published, with paging and search."""

    province = get_object_or_404(Province, pk=pk)
    year = _fiscal_year_param(request)
    agencies = province_agencies(province, year)
    q = request.GET.get("q", "").strip()
    if q:
        agencies = agencies.filter(Q(name__icontains=q) | Q(district__icontains=q))
    missing = request.GET.get("missing", "")
    if missing in {"plan", "measures"}:
        agencies = agencies.filter(**{f"has_{missing}": False})
    page = Paginator(agencies, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/dashboard_province.html",
        {"province": province, "fiscal_year": year, "page": page, "q": q, "missing": missing},
    )


@require_GET
@cache_public_page(lambda request, kwargs: [agency_scope(kwargs["code"])])
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An agency's page: its plans and links to its ITA results, measures and reports."""
    agency = get_object_or_404(Agency.objects.with_place(), code=code)
    return render(request, "portal/agency_detail.html", agency_overview(agency, request.user))


# --- งานของฉัน (the worklist every user lands on after signing in) -------------------------------

WORKLIST_SORTS = {
    "date": (lambda i: (i.date is None, i.date or dt.date.min), False),
    "-date": (lambda i: (i.date is not None, i.date or dt.date.min), True),
    "title": (lambda i: i.title, False),
    "agency": (lambda i: (str(i.agency or ""), i.title), False),
}
WORKLIST_PAGE_SIZE = 20


@login_required
@require_GET
def my_worklist(request: AuthenticatedHttpRequest) -> HttpResponse:
    """งานของฉัน: sections per role, each paged (`p_<section>`), sorted and filtered alike."""
    kind = request.GET.get("kind", "")
    agency = request.GET.get("agency", "")
    sort = request.GET.get("sort", "date")
    key, reverse_order = WORKLIST_SORTS.get(sort, WORKLIST_SORTS["date"])
    sections = worklist.worklist(request.user)
    kinds: dict[str, str] = {}
    agencies: dict[int, Agency] = {}
    shown = []
    for section in sections:
        for item in section.items:
            kinds[item.kind] = str(worklist.KIND_LABELS.get(item.kind, item.kind))
            if item.agency is not None:
                agencies[item.agency.pk] = item.agency
        items = [
            i
            for i in section.items
            if (not kind or i.kind == kind)
            and (not agency.isdigit() or (i.agency is not None and i.agency.pk == int(agency)))
        ]
        items.sort(key=key, reverse=reverse_order)
        page = Paginator(items, WORKLIST_PAGE_SIZE).get_page(request.GET.get(f"p_{section.key}"))
        query = request.GET.copy()
        query.pop(f"p_{section.key}", None)
        shown.append((section, page, len(items), query.urlencode()))
    return render(
        request,
        "portal/worklist.html",
        {
            "sections": shown,
            "kind": kind,
            "agency": agency,
            "sort": sort,
            "kinds": sorted(kinds.items()),
            "agencies": sorted(agencies.values(), key=str),
            "provinces": Province.objects.filter(
                pk__in=worklist.audited_province_ids(request.user)
            ),
            "audited": worklist.audited_agencies(request.user),
        },
    )
