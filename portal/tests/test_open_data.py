"""Open data: every dataset in CSV, XLSX and JSON parsed back, drafts never in them, the yearly
files built in the background, the data dictionary and the JSON API (schema, paging, filters,
the anonymous rate limit)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from agencies.choices import PublicationStatus
from measures.models import Indicator, IndicatorScore, ITAResult
from portal.models import OpenDataFile
from portal.opendata import CHUNK_BYTES, DATASETS, _chunked
from reports.models import ReportingRound, ReportRow
from reports.tests.factories import measure_result, measure_set_2567, plan_2566_2570

pytestmark = pytest.mark.django_db

DRAFT_MARK = "ร่างลับไม่เผยแพร่"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _publish_everything(agency, status):
    """A plan, a measure set with a result, an ITA result with a score and a report round
    with rows, all in `status` (draft ones carry DRAFT_MARK in their titles)."""
    mark = DRAFT_MARK if status != PublicationStatus.PUBLISHED else ""
    plan = plan_2566_2570(agency, status=status)
    plan.items.update(title=f"{mark}โครงการ")
    measure_set = measure_set_2567(agency)
    measure_set.status = status
    measure_set.title = f"{mark}มาตรการ"
    measure_set.save()
    measure = measure_set.measures.get(order=1)
    measure.title = f"{mark}มาตรการที่ 1"
    measure.save()
    measure_result(measure, period="m6", summary=f"{mark}ดำเนินการแล้ว")
    result = ITAResult.objects.create(
        agency=agency, fiscal_year=2567, status=status, total=Decimal("88.50")
    )
    IndicatorScore.objects.create(
        result=result, indicator=Indicator.objects.order_by("pk")[0], score=Decimal("91")
    )
    rnd = ReportingRound.objects.create(
        agency=agency,
        fiscal_year=2567,
        kind="h1",
        period_start=dt.date(2023, 10, 1),
        period_end=dt.date(2024, 3, 31),
        due_date=dt.date(2024, 4, 30),
        state=status if status == PublicationStatus.PUBLISHED else "open",
        title=f"{mark}รายงาน",
    )
    year = plan.items.order_by("pk")[0].years.get(year=2567)
    ReportRow.objects.create(
        round=rnd,
        plan_item_year=year,
        status="done",
        done_text=f"{mark}จัดอบรมแล้ว",
        budget_used=Decimal("12500.50"),
    )
    return plan


@pytest.fixture
def world(agency_a, agency_b):
    _publish_everything(agency_a, PublicationStatus.PUBLISHED)
    _publish_everything(agency_b, PublicationStatus.DRAFT)
    return {"a": agency_a, "b": agency_b}


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _parse(fmt: str, data: bytes) -> list[dict]:
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    if fmt == "json":
        return json.loads(data)["rows"]
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = list(book["data"].iter_rows(values_only=True))
    # An empty cell at the end of a row is not written: pad to the header.
    width = len(rows[0])
    return [
        dict(zip(rows[0], (*row, *[None] * (width - len(row))), strict=True)) for row in rows[1:]
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
@pytest.mark.parametrize("slug", list(DATASETS))
def test_every_dataset_parses_back_and_holds_no_draft(client, world, province, slug, fmt):
    response = client.get(f"/open-data/{slug}.{fmt}?year=2567&province={province.pk}")
    assert response.status_code == 200, response
    assert f"{slug}-2567-province-{province.pk}.{fmt}" in response["Content-Disposition"]
    data = _body(response)
    rows = _parse(fmt, data)
    spec = DATASETS[slug]
    assert rows, slug
    assert list(rows[0]) == [c.key for c in spec.columns]
    codes = {str(r.get("agency_code") or r.get("code")) for r in rows}
    assert "A001" in codes
    if slug != "agencies":  # agencies are public; their flags say what they published
        assert "B001" not in codes
    assert DRAFT_MARK.encode() not in data


def test_the_agencies_flags_and_the_money_survive_each_format(client, world, province):
    csv_rows = _parse("csv", _body(client.get("/open-data/agencies.csv?year=2567")))
    flags = {r["code"]: r["plan_published"] for r in csv_rows}
    assert flags == {"A001": "1", "B001": "0"}
    used = _parse("json", _body(client.get("/open-data/report-rows.json?agency=A001")))
    assert used[0]["budget_used"] == 12500.5 and used[0]["status"] == "done"
    book = _parse("xlsx", _body(client.get("/open-data/plan-items.xlsx?agency=A001&year=2567")))
    assert {r["budget"] for r in book} >= {20000, 30000}


def test_csv_goes_out_in_large_chunks_not_a_row_per_chunk():
    chunks = list(_chunked(f"row {i},ข้อความ\r\n" for i in range(20000)))
    assert len(chunks) < 10
    assert all(len(c) >= CHUNK_BYTES for c in chunks[:-1])


def test_a_national_xlsx_is_a_yearly_file_never_built_in_the_request(
    client, world, django_capture_on_commit_callbacks
):
    response = client.get("/open-data/plan-items.xlsx?year=2567")
    assert response.status_code == 302
    bulk = response["Location"]
    assert bulk == "/open-data/2567/plan-items.xlsx"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        waiting = client.get(bulk)
    assert waiting.status_code == 202
    assert "กำลังจัดทำ" in waiting.content.decode()
    assert not OpenDataFile.objects.exists()  # the request only queued the build
    assert len(queued) == 1
    queued[0]()  # the worker (Immediate backend in tests) builds the year
    assert OpenDataFile.objects.filter(fiscal_year=2567).count() == len(DATASETS) * 3 + 1
    rows = _parse("xlsx", b"".join(client.get(bulk).streaming_content))
    assert {r["agency_code"] for r in rows} == {"A001"}
    archive = client.get("/open-data/2567/all.zip")
    assert archive.status_code == 200
    assert archive["Content-Disposition"].endswith('sujarit-open-data-2567.zip"')


def test_a_publish_rebuilds_the_years_files_in_the_background(
    settings, agency_a, django_capture_on_commit_callbacks
):
    from conftest import publish_through_chain

    settings.OPEN_DATA_BUILD_ON_CHANGE = True
    measure_set = measure_set_2567(agency_a)
    measure_set.status = PublicationStatus.DRAFT
    measure_set.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish_through_chain(measure_set)
    built = OpenDataFile.objects.get(fiscal_year=2567, dataset="measure-sets", fmt="json")
    from django.core.files.storage import default_storage

    with default_storage.open(built.name) as handle:
        rows = json.loads(handle.read())["rows"]
    assert [r["set_id"] for r in rows] == [measure_set.pk]


def test_the_open_data_page_links_every_dataset_in_three_formats(client, world):
    body = client.get("/open-data/?year=2567").content.decode()
    for slug in DATASETS:
        for fmt in ("csv", "xlsx", "json"):
            assert f'href="/open-data/{slug}.{fmt}?year=2567"' in body
    assert 'href="/open-data/dictionary/"' in body
    assert 'href="/api/docs"' in body


def test_the_data_dictionary_explains_every_column(client):
    body = client.get("/open-data/dictionary/").content.decode()
    for spec in DATASETS.values():
        assert f'id="{spec.slug}"' in body
        for column in spec.columns:
            assert f"<code>{column.key}</code>" in body
            assert column.th in body


# --- The JSON API ------------------------------------------------------------------------------


def test_the_api_publishes_its_openapi_schema_and_local_docs(client):
    schema = client.get("/api/openapi.json").json()
    for slug in DATASETS:
        assert f"/api/{slug}/" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/plan-items/"]["get"]["parameters"]}
    assert {"fiscal_year", "agency", "province", "kind", "page", "page_size"} <= params
    # Every read answers HEAD too (link checkers), outside the schema: its ids stay unique.
    assert all(list(operations) == ["get"] for operations in schema["paths"].values())
    for url in ["/api/", *(f"/api/{slug}/" for slug in DATASETS)]:
        head = client.head(url)
        assert (head.status_code, head["Content-Type"], head.content) == (
            200,
            "application/json; charset=utf-8",
            b"",
        ), url
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()


def test_the_api_pages_and_filters_published_rows_only(client, world):
    from plans.models import PlanItemYear

    published = PlanItemYear.objects.filter(item__plan__agency=world["a"]).count()
    first = client.get("/api/plan-items/?page_size=2").json()
    assert first["count"] == published == 23  # none of B's draft item-years
    assert len(first["results"]) == 2 and first["previous"] is None
    assert "page=2" in first["next"] and "page_size=2" in first["next"]
    last = client.get("/api/plan-items/?page_size=2&page=12").json()
    assert last["next"] is None and len(last["results"]) == 1 and "page=11" in last["previous"]
    year = client.get("/api/plan-items/?fiscal_year=2567").json()
    assert {r["year"] for r in year["results"]} == {2567}
    assert client.get("/api/plan-items/?agency=B001").json()["count"] == 0
    assert client.get("/api/ita-results/?kind=sao").json()["results"][0]["total"] == 88.5
    assert client.get("/api/ita-results/?kind=pao").json()["count"] == 0
    assert client.get("/api/rounds/?agency=A001").json()["count"] == 1
    assert client.get("/api/plan-items/?page_size=5000").status_code == 422
    listing = client.get("/api/").json()
    assert [d["slug"] for d in listing] == list(DATASETS)


def test_anonymous_api_clients_are_rate_limited(client, settings, alice, client_for):
    settings.API_ANON_RATE = "3/m"
    codes = [client.get("/api/agencies/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    signed_in = client_for(alice)
    assert signed_in.get("/api/agencies/").status_code == 200


@pytest.mark.parametrize("slug", list(DATASETS))
def test_a_dataset_reads_its_rows_in_one_query_whatever_their_number(world, slug):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.opendata import Filters

    spec = DATASETS[slug]
    with CaptureQueriesContext(connection) as queries:
        rows = list(spec.rows(Filters()))
    assert rows
    # One query; measures add one for their results (prefetched per chunk of rows).
    assert len(queries) == (2 if slug == "measures" else 1), [q["sql"] for q in queries]


def test_a_forged_forwarded_for_header_does_not_dodge_the_limit(client, settings):
    settings.API_ANON_RATE = "2/m"
    codes = [
        client.get("/api/plans/", headers={"x-forwarded-for": f"10.0.0.{i}"}).status_code
        for i in range(3)
    ]
    assert codes == [200, 200, 429]
