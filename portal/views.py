"""The portal's front page: find an agency (search, province filter, sorting, paging)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from agencies.access import AuthenticatedHttpRequest
from agencies.models import Agency, Province
from core.pagecache import agency_scope, cache_public_page
from core.thai import to_arabic_digits
from portal import oit, worklist
from portal.dashboards import (
    current_fiscal_year,
    dashboard_charts,
    national_coverage,
    province_agencies,
)
from portal.selectors import agency_overview, agency_search
from reports.exports import table_response

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
        {
            **data,
            "rows": rows,
            "sort": sort,
            "years": range(year - 3, year + 2),
            "charts": dashboard_charts(year),
        },
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
        {
            "province": province,
            "fiscal_year": year,
            "page": page,
            "q": q,
            "missing": missing,
            "charts": dashboard_charts(year, province),
        },
    )


@require_safe
@cache_public_page(lambda request, kwargs: [agency_scope(kwargs["code"])])
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An agency's page: its plans and links to its ITA results, measures and reports."""
    agency = get_object_or_404(Agency.objects.with_place(), code=code)
    return render(request, "portal/agency_detail.html", agency_overview(agency, request.user))


# --- The OIT link sheet (portal/oit.py) ----------------------------------------------------------


def _oit_year(year: int | None) -> int:
    """The ITA year asked for, or the latest one whose OIT list is known; 404 for a year
    without a list."""
    years = oit.oit_years()
    if year is None:
        if not years:
            raise Http404
        return years[0]
    if year not in years:
        raise Http404
    return year


@require_safe
@cache_public_page(lambda request, kwargs: [agency_scope(kwargs["code"])])
def oit_sheet(request: HttpRequest, code: str, year: int | None = None) -> HttpResponse:
    """An agency's OIT links for an ITA year: each item and the stable URL that answers it."""
    agency = get_object_or_404(Agency.objects.with_place(), code=code)
    if year is None:
        return redirect("portal:oit_sheet", code=code, year=_oit_year(None))
    year = _oit_year(year)
    lines = oit.agency_sheet(agency, year)
    return render(
        request,
        "portal/oit_sheet.html",
        {
            "agency": agency,
            "digits": agency.digit_style,
            "year": year,
            "years": oit.oit_years(),
            "lines": [
                (line, request.build_absolute_uri(line.url) if line.url else "") for line in lines
            ],
            "answered": sum(1 for line in lines if line.answered),
            "others": oit.other_items(year),
        },
    )


@require_safe
@cache_public_page(lambda request, kwargs: [agency_scope(kwargs["code"])])
def oit_sheet_export(request: HttpRequest, code: str, year: str, fmt: str) -> HttpResponseBase:
    """The sheet as CSV or XLSX: item, name, document, full URL (or ยังไม่เผยแพร่)."""
    agency = get_object_or_404(Agency, code=code)
    ita_year = _oit_year(int(year))
    lines = oit.agency_sheet(agency, ita_year)
    table = oit.sheet_table(ita_year, lines, request.build_absolute_uri)
    return table_response(table, f"OIT-{ita_year}-{agency.code}", fmt)


@require_safe
@cache_public_page()
def oit_national(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """How many agencies can answer each OIT item, nationally and per province (paged)."""
    if year is None:
        return redirect("portal:oit_national", year=_oit_year(None))
    data = oit.national_counts(_oit_year(year), page=request.GET.get("page"))
    return render(request, "portal/oit_national.html", {**data, "years": oit.oit_years()})


# --- งานของฉัน (the worklist every user lands on after signing in) -------------------------------

WORKLIST_SORTS = {
    "date": (lambda i: (i.date is None, i.date or dt.date.min), False),
    "-date": (lambda i: (i.date is not None, i.date or dt.date.min), True),
    "title": (lambda i: i.title, False),
    "agency": (lambda i: (str(i.agency or ""), i.title), False),
}
WORKLIST_PAGE_SIZE = 20


@login_required
@require_safe
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
