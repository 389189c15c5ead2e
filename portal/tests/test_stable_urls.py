"""Every published revision answers at a readable address that never changes (issue 16 item 2):
/a/<code>/plan/2566-2570/ shows the revision in force, …/r<N>/ that revision for good."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies import workflow
from agencies.choices import PublicationStatus
from conftest import publish_through_chain
from measures.choices import MeasureSetKind
from measures.models import ITAResult, MeasureSet
from plans.models import Plan
from plans.services import plan_update
from reports.choices import RoundKind
from reports.models import ReportingRound
from reports.services import round_open
from reports.tests.factories import measure_set_2567, plan_2566_2570

pytestmark = pytest.mark.django_db


def _body(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_a_url_given_out_keeps_answering_after_an_amendment(client, agency_a, alice):
    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    current = "/a/A001/plan/2566-2570/"
    assert plan.get_stable_url() == current
    assert plan.get_stable_url(revision=True) == current + "r1/"
    assert plan.get_stable_url(revision=True, pdf=True) == current + "r1/pdf/"
    assert "ฉบับแก้ไขใหม่" not in _body(client, current)

    amendment = workflow.document_amend(document=plan, user=alice)
    plan_update(plan=amendment, user=alice, version=amendment.version, title="แผนฉบับแก้ไขใหม่")
    # The draft amendment is nobody's business but the agency's: r2 is not public yet.
    assert client.get(current + "r2/").status_code == 404
    assert "ฉบับแก้ไขใหม่" not in _body(client, current)

    publish_through_chain(amendment)
    assert "แผนฉบับแก้ไขใหม่" in _body(client, current)
    assert "แผนฉบับแก้ไขใหม่" in _body(client, current + "r2/")
    # The address first given out still shows the first text, as it did.
    assert "แผนฉบับแก้ไขใหม่" not in _body(client, current + "r1/")
    # The old address by row now leads the public to that row's revision, for good.
    old = client.get(plan.get_absolute_url())
    assert (old.status_code, old["Location"]) == (301, current + "r1/")
    assert "แผนฉบับแก้ไขใหม่" not in _body(client, old["Location"])
    assert client.get(current + "r1/pdf/").status_code in (200, 202)


def test_drafts_and_unknown_documents_have_no_stable_url(client_for, agency_a, alice):
    plan_2566_2570(agency_a, status=PublicationStatus.DRAFT)
    for user in (None, alice):  # not even the agency's own staff: a draft is no address
        client = client_for(user)
        assert client.get("/a/A001/plan/2566-2570/").status_code == 404
        assert client.get("/a/A001/plan/2566-2570/r1/").status_code == 404
        assert client.get("/a/NOPE/plan/2566-2570/").status_code == 404
        assert client.get("/a/A001/reports/2567/9-month/").status_code == 404


def test_measures_ita_and_reports_have_stable_urls(client, agency_a, alice, bob):
    measures = measure_set_2567(agency_a)
    assert measures.get_stable_url() == "/a/A001/measures/2567/"
    assert "มาตรการที่ 1" in _body(client, "/a/A001/measures/2567/")
    assert client.get("/a/A001/measures/2567/results/").status_code == 404

    report = MeasureSet.objects.create(
        agency=agency_a,
        fiscal_year=2567,
        kind=MeasureSetKind.REPORT,
        status=PublicationStatus.PUBLISHED,
        title="รายงานการดำเนินการตามมาตรการ",
    )
    assert report.get_stable_url() == "/a/A001/measures/2567/results/"
    assert "รายงานการดำเนินการตามมาตรการ" in _body(client, report.get_stable_url())

    ita = ITAResult.objects.create(
        agency=agency_a, fiscal_year=2566, status=PublicationStatus.PUBLISHED, total=80
    )
    assert ita.get_stable_url() == "/a/A001/ita/2566/"
    assert client.get("/a/A001/ita/2566/").status_code == 200
    assert client.get("/a/A001/ita/2566/r1/").status_code == 200

    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    assert client.get("/a/A001/reports/2567/6-month/").status_code == 404  # still open
    publish_through_chain(rnd, submitter=alice, approver=bob)
    assert rnd.get_stable_url() == "/a/A001/reports/2567/6-month/"
    assert rnd.get_stable_url(pdf=True) == "/a/A001/reports/2567/6-month/pdf/"
    assert "รอบ ๖ เดือน" in _body(
        client, "/a/A001/reports/2567/6-month/r1/"
    )  # agency A: Thai digits
    assert client.get("/a/A001/reports/2567/6-month/pdf/").status_code in (200, 202)


def test_a_published_page_shows_its_permanent_links(client, agency_a):
    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    body = _body(client, plan.get_stable_url())
    assert 'href="/a/A001/plan/2566-2570/"' in body
    assert 'data-copy="http://testserver/a/A001/plan/2566-2570/r1/"' in body


def test_old_addresses_send_the_public_to_the_stable_ones(client_for, agency_a, alice, bob):
    """Item 2: "old URLs redirect". Every kind's address by row (page and PDF) answers an
    anonymous visitor of a public revision with a permanent redirect to that revision's stable
    address, query string kept; the agency's people keep working at the row's address, and a
    draft gives the public nothing (no redirect that would reveal its address)."""
    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    measures = measure_set_2567(agency_a)
    ita = ITAResult.objects.create(
        agency=agency_a, fiscal_year=2566, status=PublicationStatus.PUBLISHED, total=80
    )
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    publish_through_chain(rnd, submitter=alice, approver=bob)
    expected = {
        f"/plans/{plan.pk}/?dimension=2": "/a/A001/plan/2566-2570/r1/?dimension=2",
        f"/plans/{plan.pk}/pdf/": "/a/A001/plan/2566-2570/r1/pdf/",
        f"/measures/{measures.pk}/": "/a/A001/measures/2567/r1/",
        f"/measures/{measures.pk}/pdf/": "/a/A001/measures/2567/r1/pdf/",
        f"/ita/{ita.pk}/": "/a/A001/ita/2566/r1/",
        f"/reports/{rnd.pk}/": "/a/A001/reports/2567/6-month/r1/",
        f"/reports/{rnd.pk}/pdf/": "/a/A001/reports/2567/6-month/r1/pdf/",
    }
    public = client_for(None)
    for old, new in expected.items():
        response = public.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
        assert public.get(new).status_code in (200, 202), new
    staff = client_for(alice)
    assert staff.get(f"/plans/{plan.pk}/").status_code == 200
    assert staff.get(f"/reports/{rnd.pk}/").status_code == 200

    draft = workflow.document_amend(document=plan, user=alice)
    assert staff.get(f"/plans/{draft.pk}/").status_code == 200
    assert client_for(None).get(f"/plans/{draft.pk}/").status_code == 404


def test_a_page_cached_at_an_old_address_never_skips_the_redirect(settings, client, agency_a):
    """A release before the redirect cached the public's page at /plans/<pk>/; the page cache's
    middleware answers hits before the view, so it must not take the old address for a cached
    page (core.stable.old_address drops the mark @wraps copied from the view)."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache
    from django.test import RequestFactory

    from core.pagecache import local_pages
    from plans import views

    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    local_pages.clear()
    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    old = plan.get_absolute_url()
    request = RequestFactory().get(old)
    request.user = AnonymousUser()
    assert views.plan_detail(request, pk=plan.pk)["X-Page-Cache"] == "miss"  # now cached
    try:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (
            301,
            plan.get_stable_url(revision=True),
        )
    finally:
        cache.clear()
        local_pages.clear()


def test_a_pdf_link_given_at_a_stable_address_stops_once_withdrawn(agency_a, alice, bob):
    """The PDF job tokens' guard (portal.pdf_guard) knew only the PDF views by row: a token
    asked at a stable PDF address, where the public asks now, kept serving after withdrawal."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from portal.pdf_guard import document_still_readable

    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    measures = measure_set_2567(agency_a)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    publish_through_chain(rnd, submitter=alice, approver=bob)
    rows = [plan, measures, rnd]
    origins = [
        url
        for row in rows
        for url in (row.get_stable_url(pdf=True), row.get_stable_url(revision=True, pdf=True))
    ]
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert [document_still_readable(request, origin) for origin in origins] == [True] * 6
    Plan.objects.filter(pk=plan.pk).update(status=PublicationStatus.WITHDRAWN)
    MeasureSet.objects.filter(pk=measures.pk).update(status=PublicationStatus.WITHDRAWN)
    ReportingRound.objects.filter(pk=rnd.pk).update(state=PublicationStatus.WITHDRAWN)
    assert [document_still_readable(request, origin) for origin in origins] == [False] * 6


def test_the_download_buttons_of_a_public_revision_give_its_stable_pdf_address(
    client_for, agency_a, alice, bob
):
    """No redirect on the way to a public PDF: the button gives the revision's own address.
    A draft's button stays at the row's (only its agency can open it)."""
    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    measures = measure_set_2567(agency_a)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    publish_through_chain(rnd, submitter=alice, approver=bob)
    public = client_for(None)
    for page, pdf in (
        (plan.get_stable_url(), "/a/A001/plan/2566-2570/r1/pdf/"),
        (measures.get_stable_url(), "/a/A001/measures/2567/r1/pdf/"),
        (rnd.get_stable_url(), "/a/A001/reports/2567/6-month/r1/pdf/"),
    ):
        assert f'href="{pdf}"' in _body(public, page), page
    draft = workflow.document_amend(document=plan, user=alice)
    assert f'href="/plans/{draft.pk}/pdf/"' in _body(client_for(alice), f"/plans/{draft.pk}/")


def test_a_link_checker_may_ask_with_head(settings, client, agency_a, alice, bob):
    """The OIT sheet's links are checked, often by tools that ask with HEAD: every public
    address answers HEAD as it answers GET (same status, type and redirect; no body), old
    addresses included, and a cached page answers HEAD from the cache without the database."""
    from django.core.cache import cache

    from core.pagecache import local_pages

    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    local_pages.clear()
    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    publish_through_chain(rnd, submitter=alice, approver=bob)
    urls = [
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/pdf/",
        plan.get_stable_url(),
        plan.get_stable_url(revision=True),
        plan.get_stable_url(revision=True, pdf=True),
        rnd.get_stable_url(revision=True),
        "/a/A001/oit/",
        "/a/A001/oit/2566/",
        "/agencies/A001/",
        "/dashboard/",
        "/open-data/agencies.csv?year=2567",
    ]
    try:
        for url in urls:
            got = client.get(url)
            head = client.head(url)
            assert head.status_code == got.status_code != 405, (url, head.status_code)
            assert head.get("Location") == got.get("Location"), url
            assert head.get("Content-Type") == got.get("Content-Type"), url
            assert b"".join(head) == b"", url
        with CaptureQueriesContext(connection) as queries:
            hit = client.head(plan.get_stable_url())
        assert (hit.status_code, hit["X-Page-Cache"], len(queries)) == (200, "hit", 0)
    finally:
        cache.clear()
        local_pages.clear()
