"""Issue 12: evidence readers and headers, the submit confirmation, the auditor's verdict kept."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import publish_through_chain
from reports.choices import RoundKind, RoundState, RowStatus
from reports.models import ReportRow
from reports.services import evidence_add, round_open, round_submit
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def h1(agency_a, alice):
    publish_through_chain(plan_2566_2570(agency_a, status="draft"))
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    row = rnd.rows.order_by("order")[0]
    evidence_add(row=row, user=alice, file=SimpleUploadedFile("photo.png", PNG, "image/png"))
    evidence_add(row=row, user=alice, url="https://example.go.th/news/1", title="ข่าว")
    return rnd


def _file(rnd):
    return (
        ReportRow.objects.get(pk=rnd.rows.order_by("order")[0].pk).evidence.exclude(file="").get()
    )


def test_evidence_of_an_unpublished_report_is_404_for_the_public_and_200_for_its_auditor(
    h1, client_for, dave, bob, alice
):
    round_submit(round=h1, user=alice)
    url = reverse("reports:evidence_file", args=[_file(h1).pk])
    assert client_for(None).get(url).status_code == 404
    for reader in (dave, bob):
        response = client_for(reader).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert response["Content-Disposition"].startswith("inline")
        assert "no-store" in response["Cache-Control"]


def test_readers_see_the_evidence_links_and_thumbnails_on_the_round_page(h1, client_for, dave):
    page = client_for(dave).get(h1.get_absolute_url()).content.decode()
    file_url = reverse("reports:evidence_file", args=[_file(h1).pk])
    assert f'<img src="{file_url}" width="48" height="48" loading="lazy"' in page
    assert 'href="https://example.go.th/news/1"' in page


def test_the_public_opens_evidence_once_the_report_is_published(h1, client, alice):
    publish_through_chain(h1, submitter=alice)
    h1.refresh_from_db()
    assert h1.state == RoundState.PUBLISHED
    url = reverse("reports:evidence_file", args=[_file(h1).pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert url in client.get(h1.get_stable_url(revision=True)).content.decode()


def test_submit_first_lists_incomplete_rows_then_submits_on_confirmation(h1, client_for, alice):
    client = client_for(alice)
    for url in (
        reverse("reports:round_submit", args=[h1.pk]),
        reverse("agencies:submit", args=["report", h1.pk]),
    ):
        response = client.post(url, {"note": "ด่วน"})
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="incomplete-rows"' in html
        assert "ยังไม่ระบุสถานะ" in html and "ยังไม่มีผลการดำเนินการ" in html
        assert "ยังไม่มีหลักฐาน" in html  # the second row has none
        assert 'name="confirm" value="1"' in html and 'value="ด่วน"' in html
        h1.refresh_from_db()
        assert h1.state == RoundState.OPEN
    response = client.post(reverse("agencies:submit", args=["report", h1.pk]), {"confirm": "1"})
    assert response.status_code == 302
    h1.refresh_from_db()
    assert h1.state == RoundState.SUBMITTED


def test_a_complete_round_is_submitted_without_the_confirmation(h1, client_for, alice):
    for row in h1.rows.all():
        row.status = RowStatus.DONE
        row.done_text = "จัดอบรมแล้ว"
        row.save()
        if not row.evidence.exists():
            evidence_add(row=row, user=alice, url="https://example.go.th/x")
    response = client_for(alice).post(reverse("reports:round_submit", args=[h1.pk]))
    assert response.status_code == 302
    h1.refresh_from_db()
    assert h1.state == RoundState.SUBMITTED


def test_the_confirmation_is_no_door_for_others(h1, client_for, dave, charlie):
    url = reverse("reports:round_submit", args=[h1.pk])
    assert client_for(dave).post(url).status_code == 403
    assert client_for(charlie).post(url).status_code == 404


def test_a_verdict_refused_for_a_missing_comment_keeps_the_chosen_verdict(
    h1, client_for, alice, dave
):
    round_submit(round=h1, user=alice)
    response = client_for(dave).post(
        reverse("reports:round_audit", args=[h1.pk]), {"verdict": "audit_fail", "comment": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<option value="audit_fail" selected>' in html
    assert '<option value="audit_pass" selected>' not in html
    assert not h1.review_steps.exists()


def test_a_pdf_evidence_opens_inline_with_a_strict_policy(h1, client_for, alice, dave):
    row = h1.rows.order_by("order")[1]
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    evidence = evidence_add(
        row=row, user=alice, file=SimpleUploadedFile("memo.pdf", pdf, "application/pdf")
    )
    response = client_for(dave).get(reverse("reports:evidence_file", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert response["X-Content-Type-Options"] == "nosniff"
