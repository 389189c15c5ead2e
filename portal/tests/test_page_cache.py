"""Public pages at national scale: whole-page cache with ETag/304, invalidated exactly by a
publish or withdrawal (also across two cache clients), query counts that do not grow with
the data, and index plans (no sequential scan) for the home search."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from agencies import workflow
from agencies.access import SYSTEM
from agencies.choices import PublicationStatus
from agencies.models import Agency, Province, User
from conftest import publish_through_chain
from core.pagecache import local_pages
from measures.models import ITAResult, MeasureSet
from plans.models import DimensionEdition, Plan, PlanItem, PlanItemYear
from plans.tests.factories import plan_create
from portal.selectors import agency_search
from reports.models import ReportingRound

pytestmark = pytest.mark.django_db

REDIS_DB3 = "redis://127.0.0.1:6379/3"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    local_pages.clear()
    yield
    cache.clear()
    local_pages.clear()


def _get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_a_page_is_served_from_the_cache_and_answers_304_to_its_etag(client, agency_a):
    first, _ = _get(client, "/agencies/A001/")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    etag = first["ETag"]
    again, queries = _get(client, "/agencies/A001/")
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert queries == 0
    not_modified, queries = _get(client, "/agencies/A001/", if_none_match=etag)
    assert not_modified.status_code == 304 and not_modified["ETag"] == etag
    assert queries == 0
    assert "Cookie" in again["Vary"]


def test_signed_in_users_are_never_served_a_cached_page(client_for, alice, agency_a):
    client = client_for(alice)
    response = client.get("/agencies/A001/")
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert "ETag" not in response


def test_a_publish_shows_at_once_and_a_withdrawal_removes_it(
    client, agency_a, django_capture_on_commit_callbacks
):
    plan = plan_create(agency_a, status=PublicationStatus.DRAFT, title="แผนฉบับใหม่ล่าสุด")
    before, _ = _get(client, "/agencies/A001/")
    home_before, _ = _get(client, "/")
    dashboard_before = client.get("/dashboard/?year=2567").context["total"].plans
    assert "แผนฉบับใหม่ล่าสุด" not in before.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publish_through_chain(plan)
    after, _ = _get(client, "/agencies/A001/")
    assert after["X-Page-Cache"] == "miss" and after["ETag"] != before["ETag"]
    assert "แผนฉบับใหม่ล่าสุด" in after.content.decode()
    assert _get(client, "/")[0]["ETag"] != home_before["ETag"]
    assert client.get("/dashboard/?year=2567").context["total"].plans == dashboard_before + 1

    approver = User.objects.get(username="chain-admin")
    with django_capture_on_commit_callbacks(execute=True):
        request = workflow.document_withdraw_request(
            document=Plan.objects.get(pk=plan.pk), user=SYSTEM, reason="ข้อมูลผิด"
        )
        while request.state == "in_review":
            workflow.decide(
                request, approver, action="approve", step=request.current_step, text="เห็นชอบ"
            )
            request.refresh_from_db()
    withdrawn, _ = _get(client, "/agencies/A001/")
    assert withdrawn["X-Page-Cache"] == "miss"
    assert "แผนฉบับใหม่ล่าสุด" not in withdrawn.content.decode()


def test_a_publish_elsewhere_keeps_an_agency_page_cached(
    client, agency_a, agency_b, django_capture_on_commit_callbacks
):
    _get(client, "/agencies/A001/")
    plan = plan_create(agency_b, status=PublicationStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        publish_through_chain(plan)
    assert _get(client, "/agencies/A001/")[0]["X-Page-Cache"] == "hit"
    assert _get(client, "/")[0]["X-Page-Cache"] == "miss"


def test_two_cache_clients_agree_right_after_a_publish(
    client, settings, agency_a, django_capture_on_commit_callbacks
):
    """Two web servers = two Redis clients of one Redis: a publish handled by server B is seen
    by server A's next request (the version lives in Redis, not in a process)."""
    redis = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_DB3,
        "KEY_PREFIX": "sujarit-test",
    }
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "server_a": dict(redis),
        "server_b": dict(redis),
    }
    assert caches["server_a"] is not caches["server_b"]
    caches["server_a"].clear()
    plan = plan_create(agency_a, status=PublicationStatus.DRAFT, title="แผนที่สองเครื่องเห็นตรงกัน")
    settings.PAGE_CACHE_ALIAS = "server_a"
    assert _get(client, "/agencies/A001/")[0]["X-Page-Cache"] == "miss"
    assert _get(client, "/agencies/A001/")[0]["X-Page-Cache"] == "hit"
    settings.PAGE_CACHE_ALIAS = "server_b"
    with django_capture_on_commit_callbacks(execute=True):
        publish_through_chain(plan)
    settings.PAGE_CACHE_ALIAS = "server_a"
    seen, _ = _get(client, "/agencies/A001/")
    assert seen["X-Page-Cache"] == "miss"
    assert "แผนที่สองเครื่องเห็นตรงกัน" in seen.content.decode()
    caches["server_a"].clear()


# --- National scale: query counts and index plans ------------------------------------------------


def _grow(n: int, province: Province, edition: DimensionEdition) -> None:
    """`n` more agencies, each with a published plan of three items over five years, a
    published ITA result, measure set and 6-month report."""
    start = Agency.objects.count()
    agencies = Agency.objects.bulk_create(
        Agency(
            code=f"X{start + i:05d}",
            kind="sao",
            name=f"องค์การบริหารส่วนตำบลทดสอบ{start + i}",
            short_name=f"อบต.ทดสอบ{start + i}",
            district="เมือง",
            province=province,
        )
        for i in range(n)
    )
    dimension = edition.dimensions.filter(parent__isnull=True).order_by("sort_key")[0]
    published = PublicationStatus.PUBLISHED
    plans = Plan.objects.bulk_create(
        Plan(
            agency=a,
            edition=edition,
            title="แผน",
            first_year=2566,
            last_year=2570,
            status=published,
        )
        for a in agencies
    )
    items = PlanItem.objects.bulk_create(
        PlanItem(plan=p, kind="project", title=f"โครงการ {k}", dimension=dimension, order=k)
        for p in plans
        for k in range(3)
    )
    PlanItemYear.objects.bulk_create(
        PlanItemYear(item=item, year=y, budget=Decimal(1000))
        for item in items
        for y in range(2566, 2571)
    )
    ITAResult.objects.bulk_create(
        ITAResult(agency=a, fiscal_year=2566, status=published, total=Decimal(80)) for a in agencies
    )
    MeasureSet.objects.bulk_create(
        MeasureSet(agency=a, fiscal_year=2567, status=published, title="มาตรการ") for a in agencies
    )
    ReportingRound.objects.bulk_create(
        ReportingRound(
            agency=a,
            fiscal_year=2567,
            kind="h1",
            period_start=dt.date(2023, 10, 1),
            period_end=dt.date(2024, 3, 31),
            due_date=dt.date(2024, 4, 30),
            state=published,
        )
        for a in agencies
    )


def _public_urls(province: Province) -> list[str]:
    first_plan = Plan.objects.order_by("pk")[0]
    return [
        "/",
        "/?q=ตำบลทดสอบ",
        "/agencies/X00000/",
        "/dashboard/?year=2567",
        f"/dashboard/provinces/{province.pk}/?year=2567",
        first_plan.get_stable_url(revision=True),  # where /plans/<pk>/ sends the public
        "/open-data/?year=2567",
        "/open-data/dictionary/",
        "/api/plan-items/?fiscal_year=2567&page_size=50",
        "/api/agencies/?fiscal_year=2567",
    ]


def test_public_pages_need_the_same_queries_with_ten_times_the_data(
    client, settings, province, edition
):
    settings.PAGE_CACHE_ENABLED = False  # count what a page costs when it is rendered

    def counts() -> dict[str, int]:
        result = {}
        for url in _public_urls(province):
            cache.clear()
            response, queries = _get(client, url)
            assert response.status_code == 200, url
            result[url] = queries
        return result

    _grow(3, province, edition)
    small = counts()
    _grow(27, province, edition)
    assert counts() == small


def _plan_text(sql: str, params: tuple, *, plain_index_scans: bool = True) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        # With sequential scans priced out, a plan still shows one only where no index helps.
        cursor.execute("SET LOCAL enable_seqscan = off")
        if not plain_index_scans:
            cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_home_search_uses_indexes_not_sequential_scans(province, edition):
    _grow(30, province, edition)
    Agency.objects.bulk_create(
        Agency(
            code=f"Y{i:05d}",
            kind="sao",
            name=f"องค์การบริหารส่วนตำบลบ้าน{i:05d}",
            short_name=f"อบต.บ้าน{i:05d}",
            district=f"อำเภอที่{i % 90}",
            province=province,
        )
        for i in range(3000)
    )
    Agency.objects.create(
        code="Z00001",
        kind="sao",
        name="องค์การบริหารส่วนตำบลหนองบัวแดง",
        short_name="อบต.หนองบัวแดง",
        district="ภูเขียว",
        province=province,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for q in ("หนองบัวแดง", "บัวแดง", "Z00001"):
        found = list(agency_search(q).values_list("code", flat=True))
        assert found == ["Z00001"], q
        sql, params = agency_search(q).query.sql_with_params()
        # Every table of the search has an index path (plans: by agency, for the page only).
        plan = _plan_text(sql, params)
        assert "Seq Scan" not in plan, plan
        # On 3,000 rows the planner may still walk a whole b-tree by cost; without that
        # option the search goes through the trigram indexes (a BitmapOr), never a scan.
        plan = _plan_text(sql, params, plain_index_scans=False)
        assert "Seq Scan" not in plan, plan
        if q != "Z00001":
            assert "agency_name_trgm" in plan and "agency_short_name_trgm" in plan, plan


# --- Hits answered by the middleware, before the session and everything after it --------------

_SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
)


def _headers(response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k != "X-Page-Cache"}


@pytest.mark.parametrize(
    "url", ["/", "/agencies/A001/", "/dashboard/?year=2567", "/open-data/dictionary/"]
)
def test_a_hit_from_the_middleware_carries_the_same_headers_as_a_miss(client, agency_a, url):
    miss, _ = _get(client, url)
    assert miss.status_code == 200 and miss["X-Page-Cache"] == "miss"
    hit, queries = _get(client, url)
    assert hit["X-Page-Cache"] == "hit" and hit.content == miss.content
    assert queries == 0
    for name in _SECURITY_HEADERS:
        assert hit[name] == miss[name], name
    # Every header alike (the same Vary: Cookie, Accept-Language), and no cookie set.
    assert _headers(hit) == _headers(miss)
    assert not hit.cookies and not miss.cookies
    assert "Cookie" in hit["Vary"]


def test_a_hit_never_reaches_the_session_or_the_user(client, agency_a, monkeypatch):
    _get(client, "/agencies/A001/")

    def no_session(*args, **kwargs):
        raise AssertionError("a cache hit touched the session middleware")

    monkeypatch.setattr(
        "django.contrib.sessions.middleware.SessionMiddleware.process_request", no_session
    )
    # The middleware stack is built once per handler: a new client builds it again.
    from django.test import Client

    hit, queries = _get(Client(), "/agencies/A001/")
    assert hit["X-Page-Cache"] == "hit" and queries == 0
    assert not hit.cookies


def test_the_304_comes_from_the_middleware_with_the_security_headers(client, agency_a):
    miss, _ = _get(client, "/agencies/A001/")
    not_modified, queries = _get(client, "/agencies/A001/", if_none_match=miss["ETag"])
    assert not_modified.status_code == 304 and queries == 0
    assert not_modified["X-Page-Cache"] == "not-modified"
    assert not_modified["ETag"] == miss["ETag"]
    for name in _SECURITY_HEADERS:
        assert not_modified[name] == miss[name], name
    assert not not_modified.content


def test_a_session_cookie_bypasses_the_middleware(client_for, client, alice, agency_a):
    miss, _ = _get(client, "/agencies/A001/")
    assert _get(client, "/agencies/A001/")[0]["X-Page-Cache"] == "hit"
    signed_in = client_for(alice)
    response, queries = _get(signed_in, "/agencies/A001/")
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert queries > 0
    # Even with the page's current ETag, a signed-in user gets the page, never a 304.
    response = signed_in.get("/agencies/A001/", headers={"if_none_match": miss["ETag"]})
    assert response.status_code == 200 and "X-Page-Cache" not in response


def test_a_hit_needs_the_page_cache_on(client, settings, agency_a):
    _get(client, "/agencies/A001/")
    settings.PAGE_CACHE_ENABLED = False
    response, queries = _get(client, "/agencies/A001/")
    assert "X-Page-Cache" not in response and queries > 0


def test_a_publish_is_seen_through_the_middleware(
    client, agency_a, django_capture_on_commit_callbacks
):
    plan = plan_create(agency_a, status=PublicationStatus.DRAFT, title="แผนที่เห็นผ่านตัวกลาง")
    before, _ = _get(client, "/agencies/A001/")
    assert _get(client, "/agencies/A001/")[0]["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        publish_through_chain(plan)
    stale, _ = _get(client, "/agencies/A001/", if_none_match=before["ETag"])
    assert stale.status_code == 200 and stale["X-Page-Cache"] == "miss"
    assert "แผนที่เห็นผ่านตัวกลาง" in stale.content.decode()


def test_the_language_is_part_of_the_key_in_both_paths(client, agency_a):
    thai, _ = _get(client, "/agencies/A001/")
    english, _ = _get(client, "/agencies/A001/", accept_language="en")
    assert english["X-Page-Cache"] == "miss" and english["ETag"] != thai["ETag"]
    hit, queries = _get(client, "/agencies/A001/", accept_language="en")
    assert hit["X-Page-Cache"] == "hit" and queries == 0
    assert _headers(hit) == _headers(english) and hit["Content-Language"] == "en"
    assert _get(client, "/agencies/A001/")[0]["ETag"] == thai["ETag"]


def test_the_process_keeps_the_pages_it_served_but_never_an_outdated_one(
    client, settings, agency_a, django_capture_on_commit_callbacks
):
    plan = plan_create(agency_a, status=PublicationStatus.DRAFT, title="แผนที่ไม่ค้างในเครื่อง")
    miss, _ = _get(client, "/agencies/A001/")
    # The shared copy evicted: this process still has the page of this version.
    cache.delete(f"page:{miss['ETag'].strip(chr(34))}")
    hit, queries = _get(client, "/agencies/A001/")
    assert hit["X-Page-Cache"] == "hit" and queries == 0 and hit.content == miss.content
    with django_capture_on_commit_callbacks(execute=True):
        publish_through_chain(plan)
    after, _ = _get(client, "/agencies/A001/")
    assert after["X-Page-Cache"] == "miss" and "แผนที่ไม่ค้างในเครื่อง" in after.content.decode()
    settings.PAGE_CACHE_LOCAL_SECONDS = -1  # expired at once: the shared copy again
    local_pages.clear()
    _get(client, "/agencies/A001/")
    cache.delete(f"page:{after['ETag'].strip(chr(34))}")
    assert _get(client, "/agencies/A001/")[0]["X-Page-Cache"] == "miss"
    settings.PAGE_CACHE_LOCAL_SECONDS = 60
    settings.PAGE_CACHE_LOCAL_BYTES = 0  # off: every hit comes from the shared cache
    local_pages.clear()
    assert _get(client, "/agencies/A001/")[0]["X-Page-Cache"] == "hit"
    cache.delete(f"page:{after['ETag'].strip(chr(34))}")
    assert _get(client, "/agencies/A001/")[0]["X-Page-Cache"] == "miss"


def test_a_stable_address_is_a_cached_page_until_the_agency_publishes(
    client, alice, agency_a, agency_b, django_capture_on_commit_callbacks
):
    """The addresses the OIT sheet gives out (/a/<code>/plan/…/) are answered by the middleware
    like every public page, kept until the agency publishes (an amendment here), and not
    disturbed by another agency's publishing."""
    from plans.services import plan_update

    plan = plan_create(agency_a, status=PublicationStatus.DRAFT, title="แผนฉบับแรก")
    with django_capture_on_commit_callbacks(execute=True):
        publish_through_chain(plan)
    url = "/a/A001/plan/2566-2570/"
    first, _ = _get(client, url)
    assert first["X-Page-Cache"] == "miss" and "แผนฉบับแรก" in first.content.decode()
    hit, queries = _get(client, url)
    assert hit["X-Page-Cache"] == "hit" and hit.content == first.content and queries == 0
    assert _get(client, url, if_none_match=first["ETag"])[0].status_code == 304

    with django_capture_on_commit_callbacks(execute=True):
        publish_through_chain(plan_create(agency_b, status=PublicationStatus.DRAFT))
    assert _get(client, url)[0]["X-Page-Cache"] == "hit"

    amendment = workflow.document_amend(document=Plan.objects.get(pk=plan.pk), user=alice)
    plan_update(plan=amendment, user=alice, version=amendment.version, title="แผนฉบับแก้ไข")
    with django_capture_on_commit_callbacks(execute=True):
        publish_through_chain(amendment)
    after, _ = _get(client, url)
    assert after["X-Page-Cache"] == "miss" and after["ETag"] != first["ETag"]
    assert "แผนฉบับแก้ไข" in after.content.decode()
    # The first revision's own address still shows the first text.
    assert "แผนฉบับแก้ไข" not in _get(client, url + "r1/")[0].content.decode()
