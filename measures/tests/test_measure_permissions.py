"""Who may edit: only the agency's own staff. Another agency's user gets a 404 on every edit
URL, anonymous users are sent to the login page, and the agency's auditor gets a 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agencies.choices import PublicationStatus
from measures.tests.factories import set_with_measure

pytestmark = pytest.mark.django_db


def _edit_urls(measure_set, measure) -> list[tuple[str, str]]:
    """Every edit URL of the app as (method, url)."""
    code = measure_set.agency.code
    return [
        ("get", reverse("measures:set_create", args=[code])),
        ("post", reverse("measures:set_create", args=[code])),
        ("get", reverse("measures:ita_edit", args=[code])),
        ("post", reverse("measures:ita_edit", args=[code])),
        ("post", reverse("agencies:submit", args=["measures", measure_set.pk])),
        ("get", reverse("measures:measure_add", args=[measure_set.pk])),
        ("post", reverse("measures:measure_add", args=[measure_set.pk])),
        ("post", reverse("measures:steps_editor", args=[measure_set.pk])),
        ("get", reverse("measures:measure_edit", args=[measure.pk])),
        ("post", reverse("measures:measure_edit", args=[measure.pk])),
        ("get", reverse("measures:measure_results", args=[measure.pk])),
        ("post", reverse("measures:measure_results", args=[measure.pk])),
    ]


@pytest.fixture(params=[PublicationStatus.DRAFT, PublicationStatus.PUBLISHED])
def objects(request, agency_a):
    return set_with_measure(agency_a, status=request.param)


def test_it_answers_404_to_another_agencys_user_on_every_edit_url(client_for, charlie, objects):
    client = client_for(charlie)
    for method, url in _edit_urls(*objects):
        assert getattr(client, method)(url).status_code == 404, (method, url)


def test_it_sends_anonymous_users_to_the_login_page(client, objects):
    for method, url in _edit_urls(*objects):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("login") + "?next="), url


def test_it_answers_403_to_the_agencys_auditor(client_for, dave, objects):
    client = client_for(dave)
    for method, url in _edit_urls(*objects):
        assert getattr(client, method)(url).status_code == 403, (method, url)
    # The auditor still reads the draft.
    assert client.get(objects[0].get_absolute_url()).status_code == 200


@pytest.mark.parametrize("persona", ["alice", "bob", "root"])
def test_it_opens_every_edit_form_of_a_draft_to_the_agencys_staff(
    request, client_for, agency_a, persona
):
    client = client_for(request.getfixturevalue(persona))
    for method, url in _edit_urls(*set_with_measure(agency_a)):
        if method == "get":
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["alice", "bob", "root"])
def test_a_published_set_is_frozen_even_for_its_staff(request, client_for, agency_a, persona):
    # Published means frozen: its measures' forms answer 403 to everyone; a change goes
    # through an amendment (a new draft revision) and the agency's chain.
    measure_set, measure = set_with_measure(agency_a, status=PublicationStatus.PUBLISHED)
    client = client_for(request.getfixturevalue(persona))
    for name, pk in (("measure_add", measure_set.pk), ("measure_edit", measure.pk)):
        assert client.get(reverse(f"measures:{name}", args=[pk])).status_code == 403, name
    page = client.get(measure_set.get_absolute_url()).content.decode()
    assert reverse("measures:measure_edit", args=[measure.pk]) not in page
    assert "เปิดฉบับแก้ไข" in page


def test_it_hides_another_agencys_draft_page_and_pdf(client_for, charlie, agency_a):
    measure_set, _m = set_with_measure(agency_a)
    client = client_for(charlie)
    assert client.get(measure_set.get_absolute_url()).status_code == 404
    assert client.get(measure_set.get_pdf_url()).status_code == 404


def test_it_shows_edit_links_only_to_the_agencys_staff(client_for, alice, dave, agency_a):
    measure_set, measure = set_with_measure(agency_a)
    edit_url = reverse("measures:measure_edit", args=[measure.pk])
    assert edit_url in client_for(alice).get(measure_set.get_absolute_url()).content.decode()
    assert edit_url not in client_for(dave).get(measure_set.get_absolute_url()).content.decode()
    assert client_for(None).get(measure_set.get_absolute_url()).status_code == 404
