"""Who may open which report URL: the permission matrix for every route of the reports app.

anonymous: published only, redirected to the login page on edits; alice (staff of A): reads
and edits A's open round; charlie (staff of B): 404 on A's drafts and on every edit of A's
rounds, even published ones; dave (auditor of A): reads A's drafts, 403 on edits.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import moved_for_good
from core.thai import fiscal_year_of
from reports.calendar import bangkok_today
from reports.choices import RoundKind, RoundState
from reports.models import Evidence
from reports.services import evidence_add, round_open
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN, MISSING = 200, 302, 403, 404


@pytest.fixture
def draft(agency_a, alice):
    plan_2566_2570(agency_a)
    return round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)


@pytest.fixture
def evidence(draft, alice) -> Evidence:
    row = draft.rows.order_by("order").first()
    png = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32, "image/png")
    return evidence_add(row=row, user=alice, file=png)


def _read_urls(rnd, evidence):
    row = rnd.rows.order_by("order").first()
    code = rnd.agency.code
    return [
        reverse("reports:round_detail", args=[rnd.pk]),
        reverse("reports:round_pdf", args=[rnd.pk]),
        reverse("reports:round_export", kwargs={"pk": rnd.pk, "table": "rows", "fmt": "csv"}),
        reverse("reports:round_export", kwargs={"pk": rnd.pk, "table": "summary", "fmt": "xlsx"}),
        reverse("reports:row_show", args=[row.pk]),
        reverse("reports:evidence_file", args=[evidence.pk]),
    ], [
        reverse("reports:agency_reports", args=[code]),
        reverse("reports:agency_reports_pdf", args=[code]),
        reverse("reports:agency_reports_export", kwargs={"code": code, "fmt": "csv"}),
    ]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, MISSING), ("alice", OK), ("charlie", MISSING), ("dave", OK), ("bob", OK)],
)
def test_it_shows_drafts_only_to_the_agency_and_its_auditors(
    request, client_for, draft, evidence, persona, expected
):
    client = client_for(request.getfixturevalue(persona) if persona else None)
    round_urls, agency_urls = _read_urls(draft, evidence)
    for url in round_urls:
        assert client.get(url).status_code == expected, url
    # The agency's calendar page is public; it lists only what the user may see.
    for url in agency_urls:
        assert client.get(url).status_code == OK, url
    listed = draft.get_absolute_url() in client.get(agency_urls[0]).content.decode()
    assert listed == (expected == OK)


def _edits(rnd, evidence):
    row = rnd.rows.order_by("order").first()
    this_year = fiscal_year_of(bangkok_today())
    post = {"status": "in_progress", "version": row.version}
    return [
        ("get", reverse("reports:row_edit", args=[row.pk]), {}),
        ("post", reverse("reports:row_edit", args=[row.pk]), post),
        ("post", reverse("reports:row_evidence_add", args=[row.pk]), {"url": "https://a.th/x"}),
        ("post", reverse("reports:evidence_delete", args=[evidence.pk]), {}),
        (
            "post",
            reverse("reports:agency_round_open", args=[rnd.agency.code]),
            {"fiscal_year": this_year, "kind": "q1"},
        ),
    ]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, LOGIN), ("charlie", MISSING), ("dave", FORBIDDEN)],
)
def test_it_refuses_edits_to_outsiders_and_read_only_roles(
    request, client_for, draft, evidence, persona, expected
):
    client = client_for(request.getfixturevalue(persona) if persona else None)
    for method, url, data in _edits(draft, evidence):
        response = getattr(client, method)(url, data)
        assert response.status_code == expected, (method, url)
        if expected == LOGIN:
            assert response["Location"].startswith(reverse("login"))
    draft.refresh_from_db()
    assert draft.rows.filter(version=1).count() == draft.rows.count()
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_it_lets_the_agency_staff_edit(client_for, alice, draft, evidence):
    client = client_for(alice)
    codes = [
        getattr(client, m)(url, data, HTTP_HX_REQUEST="true").status_code
        for m, url, data in _edits(draft, evidence)
    ]
    assert codes == [OK, OK, OK, OK, LOGIN]  # the last one redirects to the new round


@pytest.mark.parametrize(
    ("persona", "step", "expected"),
    [
        (None, "round_submit", LOGIN),
        ("charlie", "round_submit", MISSING),
        ("dave", "round_submit", FORBIDDEN),
        ("dave", "round_approve", FORBIDDEN),
        ("alice", "round_approve", FORBIDDEN),
        ("alice", "round_return", FORBIDDEN),
        ("bob", "round_audit", FORBIDDEN),
        ("charlie", "round_publish", MISSING),
        ("dave", "round_publish", FORBIDDEN),
    ],
)
def test_it_allows_each_workflow_step_only_to_its_role(
    request, client_for, draft, persona, step, expected
):
    client = client_for(request.getfixturevalue(persona) if persona else None)
    data = {"reason": "แก้ไข", "verdict": "audit_pass", "comment": "-"}
    response = client.post(reverse(f"reports:{step}", args=[draft.pk]), data)
    assert response.status_code == expected
    draft.refresh_from_db()
    assert draft.state == RoundState.OPEN


def test_it_refuses_edits_of_a_published_round(client_for, alice, charlie, draft, evidence):
    draft.state = RoundState.PUBLISHED
    draft.save()
    row = draft.rows.order_by("order").first()
    url = reverse("reports:row_edit", args=[row.pk])
    public = client_for(None)
    stable = draft.get_stable_url(revision=True)
    assert moved_for_good(public, draft.get_absolute_url(), stable).status_code == OK
    assert client_for(charlie).get(draft.get_absolute_url()).status_code == OK
    assert client_for(charlie).get(url).status_code == MISSING  # another agency's
    assert client_for(alice).get(url).status_code == FORBIDDEN  # no longer open
    page = client_for(alice).get(draft.get_absolute_url()).content.decode()
    assert "แก้ไข</a>" not in page


def test_it_hides_another_agencys_draft_from_alice(client_for, alice, agency_b, charlie):
    other = round_open(agency=agency_b, fiscal_year=2567, kind=RoundKind.Q1, user=charlie)
    assert client_for(alice).get(other.get_absolute_url()).status_code == MISSING
    assert client_for(alice).get(other.get_pdf_url()).status_code == MISSING
