"""The open-data pages: the index, the data dictionary, live downloads and the yearly files."""

from __future__ import annotations

from typing import Any

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe

from agencies.choices import AgencyKind
from core.pagecache import ALL, cache_public_page
from core.thai import to_arabic_digits
from portal import opendata_files
from portal.dashboards import current_fiscal_year
from portal.models import OpenDataFile
from portal.opendata import (
    CONTENT_TYPES,
    DATASETS,
    FORMATS,
    Filters,
    csv_chunks,
    dictionary,
    json_chunks,
    xlsx_file,
)


def _year(raw: str) -> int | None:
    raw = to_arabic_digits(raw or "").strip()
    if raw.isdigit() and 2550 <= int(raw) <= 2700:
        return int(raw)
    return None


def filters_from(request: HttpRequest) -> Filters:
    """The filters of a download from its query string (unknown values are ignored)."""
    get = request.GET
    province = to_arabic_digits(get.get("province", "")).strip()
    kind = get.get("kind", "")
    return Filters(
        fiscal_year=_year(get.get("year", "")),
        agency=get.get("agency", "").strip() or None,
        province=int(province) if province.isdigit() else None,
        kind=kind if kind in AgencyKind.values else None,
    )


def _index_scopes(request: HttpRequest, kwargs: dict[str, Any]) -> list[str]:
    return [ALL, opendata_files.FILES_SCOPE]


@require_safe
@cache_public_page(_index_scopes)
def open_data(request: HttpRequest) -> HttpResponse:
    """The open-data index: every dataset in CSV, XLSX and JSON, the year's files, the API."""
    year = _year(request.GET.get("year", "")) or current_fiscal_year()
    files = {
        (f.dataset, f.fmt): f
        for f in OpenDataFile.objects.filter(fiscal_year=year).order_by("dataset", "fmt")
    }
    datasets = [
        {
            "spec": spec,
            "live": [
                (fmt, reverse("portal:open_data_file", args=[spec.slug, fmt]) + f"?year={year}")
                for fmt in FORMATS
            ],
            "bulk": [
                (
                    fmt,
                    reverse("portal:open_data_bulk", args=[year, spec.slug, fmt]),
                    files.get((spec.slug, fmt)),
                )
                for fmt in FORMATS
            ],
        }
        for spec in DATASETS.values()
    ]
    return render(
        request,
        "portal/open_data.html",
        {
            "fiscal_year": year,
            "years": range(year - 3, year + 2),
            "datasets": datasets,
            "zip": files.get((opendata_files.ALL, "zip")),
            "zip_url": reverse("portal:open_data_bulk", args=[year, opendata_files.ALL, "zip"]),
        },
    )


@require_safe
@cache_public_page()
def data_dictionary(request: HttpRequest) -> HttpResponse:
    """What every column of every dataset means (Thai and English headers, type)."""
    return render(
        request,
        "portal/data_dictionary.html",
        {"datasets": [(spec, dictionary(spec)) for spec in DATASETS.values()]},
    )


@require_safe
def open_data_file(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    """One dataset in one format, narrowed by ?year, ?agency, ?province, ?kind. CSV and JSON
    stream; XLSX of the whole country is the yearly file (built in the background)."""
    spec = DATASETS.get(slug)
    if spec is None or fmt not in FORMATS:
        raise Http404
    filters = filters_from(request)
    filename = spec.filename(fmt, filters)
    if fmt == "xlsx":
        if filters.is_national:
            year = filters.fiscal_year or current_fiscal_year()
            return HttpResponseRedirect(reverse("portal:open_data_bulk", args=[year, slug, "xlsx"]))
        return FileResponse(
            xlsx_file(spec, filters),
            as_attachment=True,
            filename=filename,
            content_type=CONTENT_TYPES["xlsx"],
        )
    chunks = csv_chunks(spec, filters) if fmt == "csv" else json_chunks(spec, filters)
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_safe
def open_data_bulk(request: HttpRequest, year: int, slug: str, fmt: str) -> HttpResponseBase:
    """A yearly file as built by the worker; "กำลังจัดทำ" (and queued) if not built yet."""
    valid = (slug == opendata_files.ALL and fmt == "zip") or (slug in DATASETS and fmt in FORMATS)
    if not valid or not 2550 <= year <= 2700:
        raise Http404
    found = OpenDataFile.objects.filter(fiscal_year=year, dataset=slug, fmt=fmt).first()
    if found is None:
        queued = opendata_files.request_build(year) or opendata_files.is_queued(year)
        waiting = render(
            request,
            "portal/open_data_preparing.html",
            {"fiscal_year": year, "filename": opendata_files.bulk_filename(slug, year, fmt)},
            status=202,
        )
        waiting["Retry-After"] = "60"
        waiting["X-Queued"] = str(int(queued))
        return waiting
    filename = opendata_files.bulk_filename(slug, year, fmt)
    path = opendata_files.local_path(found.name)
    if path is None:  # S3: the storage serves it (a signed, expiring URL)
        return HttpResponseRedirect(opendata_files.default_storage.url(found.name))
    content_type = CONTENT_TYPES.get(fmt, "application/zip")
    response = FileResponse(
        open(path, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )
    response["Last-Modified"] = http_date(found.built_at.timestamp())
    return response
