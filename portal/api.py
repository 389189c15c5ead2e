"""The read-only JSON API of the open data (django-ninja), at /api/.

Why django-ninja rather than DRF + drf-spectacular: the API only lists published tables, so
it needs no serializers, viewsets, routers or browsable forms; ninja types each endpoint with
pydantic models built from the same dataset definitions as the downloads (portal/opendata.py)
and derives the OpenAPI schema (/api/openapi.json) and the Swagger docs (/api/docs) from them.
The docs' JavaScript and CSS are served from our own static files ("ninja" in INSTALLED_APPS),
so the strict Content-Security-Policy (script-src 'self') holds: no CDN.

Every endpoint: published rows only (`access.open_data_q` inside each dataset), filters
(fiscal_year, agency, province, kind), pages (page, page_size ≤ 1000) and a rate limit per
address for anonymous clients (settings.API_ANON_RATE, kept in the shared cache).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import NinjaAPI, Query, Schema
from ninja.throttling import AnonRateThrottle
from pydantic import BaseModel, Field, create_model

from agencies.choices import AgencyKind
from portal.dashboards import current_fiscal_year
from portal.opendata import DATASETS, Dataset, Filters

MAX_PAGE_SIZE = 1000


class AnonymousRateThrottle(AnonRateThrottle):
    """ninja's per-address throttle (history in the Django cache, shared by every process
    through Redis), for anonymous clients only; the rate follows settings.API_ANON_RATE."""

    def allow_request(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        self.rate = getattr(settings, "API_ANON_RATE", "120/m")
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


api = NinjaAPI(
    title="Sujarit open data API",
    version="1",
    description=(
        "ข้อมูลที่หน่วยงานเผยแพร่แล้วทั้งหมด (อ่านอย่างเดียว) — every published table of "
        "Sujarit: agencies, plans and their items, measures and results, ITA results, reports. "
        "Filters: fiscal_year (พ.ศ.), agency (code), province (id), kind (agency kind). "
        "The same data as /open-data/ in CSV, XLSX and JSON; columns: /open-data/dictionary/."
    ),
    urls_namespace="api",
    throttle=[AnonymousRateThrottle("120/m")],
)


class DataFilters(Schema):
    fiscal_year: int | None = Field(None, description="ปีงบประมาณ (พ.ศ.) เช่น 2567")
    agency: str | None = Field(None, description="รหัสหน่วยงาน (agency code)")
    province: int | None = Field(None, description="รหัสจังหวัด (province id)")
    kind: AgencyKind | None = Field(None, description="ประเภทหน่วยงาน (agency kind)")
    page: int = Field(1, ge=1, description="หน้า (เริ่มที่ 1)")
    page_size: int = Field(100, ge=1, le=MAX_PAGE_SIZE, description="จำนวนแถวต่อหน้า")


class DatasetInfo(Schema):
    slug: str
    title_th: str
    title_en: str
    description: str
    url: str
    csv: str
    xlsx: str
    json_file: str


def _camel(slug: str) -> str:
    return "".join(part.capitalize() for part in slug.split("-"))


def _row_model(spec: Dataset) -> type[BaseModel]:
    fields: dict[str, Any] = {
        c.key: (c.type | None, Field(None, title=c.en, description=f"{c.th}. {c.description}"))
        for c in spec.columns
    }
    return create_model(f"{_camel(spec.slug)}Row", **fields)


def _page_model(spec: Dataset, row: type[BaseModel]) -> type[BaseModel]:
    return create_model(
        f"{_camel(spec.slug)}Page",
        count=(int, ...),
        page=(int, ...),
        page_size=(int, ...),
        next=(str | None, None),
        previous=(str | None, None),
        results=(list[row], ...),  # type: ignore[valid-type]
    )


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _get(path: str, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`api.get`, answering HEAD too as HTTP asks of every GET resource (link checkers use
    it). The HEAD operation stays out of the OpenAPI schema, whose operation ids are unique."""

    def register(view: Callable[..., Any]) -> Callable[..., Any]:
        api.get(path, **options)(view)
        # The same URL name (one more pattern of the same path and name); no operation id.
        head = {k: v for k, v in options.items() if k != "operation_id"}
        api.api_operation(["HEAD"], path, include_in_schema=False, **head)(view)
        return view

    return register


def _register(spec: Dataset) -> None:
    row = _row_model(spec)
    page_model = _page_model(spec, row)

    def list_rows(request: HttpRequest, filters: Query[DataFilters]) -> dict[str, Any]:
        selection = Filters(
            fiscal_year=filters.fiscal_year,
            agency=filters.agency,
            province=filters.province,
            kind=filters.kind.value if filters.kind else None,
        )
        queryset = spec.queryset(selection)
        count = queryset.count()
        start = (filters.page - 1) * filters.page_size
        objects = list(queryset[start : start + filters.page_size])
        return {
            "count": count,
            "page": filters.page,
            "page_size": filters.page_size,
            "next": _page_url(request, filters.page + 1)
            if start + filters.page_size < count
            else None,
            "previous": _page_url(request, filters.page - 1) if filters.page > 1 else None,
            "results": spec.records(objects),
        }

    _get(
        f"/{spec.slug}/",
        response=page_model,
        summary=f"{spec.en} — {spec.th}",
        description=f"{spec.description}. fiscal_year: {spec.year_note}.",
        operation_id=f"list_{spec.slug.replace('-', '_')}",
        url_name=f"list_{spec.slug.replace('-', '_')}",
        tags=["open data"],
    )(list_rows)


for _spec in DATASETS.values():
    _register(_spec)


@_get("/", response=list[DatasetInfo], summary="Datasets — ชุดข้อมูล", tags=["open data"])
def datasets(request: HttpRequest) -> list[dict[str, Any]]:
    base = request.build_absolute_uri("/")
    year = current_fiscal_year()
    return [
        {
            "slug": spec.slug,
            "title_th": spec.th,
            "title_en": spec.en,
            "description": spec.description,
            "url": f"{base}api/{spec.slug}/",
            "csv": f"{base}open-data/{spec.slug}.csv?year={year}",
            "xlsx": f"{base}open-data/{spec.slug}.xlsx?year={year}",
            "json_file": f"{base}open-data/{spec.slug}.json?year={year}",
        }
        for spec in DATASETS.values()
    ]
