"""Who sees a plan: published plans are public; a draft only for its agency's own users, its
auditor and site admins; everyone else gets a 404 on every route (page, item, PDF, CSV)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agencies.choices import PublicationStatus
from plans.tests.factories import plan_with_items

pytestmark = pytest.mark.django_db


def _routes(plan) -> list[str]:
    item = plan.items.order_by("order").first()
    return [
        plan.get_absolute_url(),
        reverse("plans:plan_items_csv", args=[plan.pk]),
        item.get_absolute_url(),
        # The PDFs last: the pages above must not have been the only thing checked.
        plan.get_pdf_url(),
        reverse("plans:item_pdf", args=[item.pk]),
    ]


@pytest.fixture
def draft(agency_a):
    return plan_with_items(agency_a, 2, status=PublicationStatus.DRAFT)


@pytest.mark.parametrize("persona", [None, "charlie"])
def test_it_hides_a_draft_from_anonymous_users_and_other_agencies(
    request, client_for, draft, persona
):
    client = client_for(request.getfixturevalue(persona) if persona else None)
    for url in _routes(draft):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("persona", ["alice", "bob", "dave", "root"])
def test_it_shows_a_draft_to_its_agency_its_auditor_and_admins(request, client_for, draft, persona):
    client = client_for(request.getfixturevalue(persona))
    for url in _routes(draft):
        assert client.get(url).status_code == 200, url
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "ยังไม่เผยแพร่" in html  # the draft badge


@pytest.mark.parametrize("persona", [None, "charlie", "alice"])
def test_it_shows_a_published_plan_to_everyone(request, client_for, agency_a, persona):
    plan = plan_with_items(agency_a, 2)
    client = client_for(request.getfixturevalue(persona) if persona else None)
    # The public is sent from the old addresses by row to the stable ones (core.stable).
    moved = {
        plan.get_absolute_url(): plan.get_stable_url(revision=True),
        plan.get_pdf_url(): plan.get_stable_url(revision=True, pdf=True),
    }
    for url in _routes(plan):
        response = client.get(url)
        if persona is None and url in moved:
            assert (response.status_code, response["Location"]) == (301, moved[url]), url
            response = client.get(moved[url])
        assert response.status_code == 200, url


def test_it_lists_a_draft_on_the_agency_page_only_for_its_own_users(
    client_for, draft, alice, charlie, agency_a
):
    url = reverse("portal:agency_detail", args=[agency_a.code])
    assert draft.get_absolute_url() in client_for(alice).get(url).content.decode()
    assert draft.get_absolute_url() not in client_for(charlie).get(url).content.decode()
    assert draft.get_absolute_url() not in client_for(None).get(url).content.decode()


@pytest.mark.parametrize(
    ("persona", "sees"),
    [(None, False), ("charlie", False), ("alice", True), ("dave", True), ("root", True)],
)
def test_it_shows_import_warnings_only_to_the_agencys_users(
    request, client_for, agency_a, persona, sees
):
    plan = plan_with_items(agency_a, 2)  # published: everyone reads the page itself
    client = client_for(request.getfixturevalue(persona) if persona else None)
    html = client.get(plan.get_stable_url(revision=True)).content.decode()
    assert ("ยอดรวมที่พิมพ์ไว้ไม่ตรงกับผลรวมของแถว" in html) is sees
    assert ("คำเตือนจากการนำเข้า" in html) is sees
