"""Evidence is checked by its content, limited in size, and saved all or nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError
from django.test import override_settings

from reports.choices import RoundKind
from reports.models import Evidence
from reports.services import evidence_add, round_open
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120


@pytest.fixture
def row(agency_a, alice):
    plan_2566_2570(agency_a)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    return rnd.rows.order_by("order").first()


def _files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_it_stores_a_pdf_under_the_agency_and_round(row, alice):
    upload = SimpleUploadedFile("รายงานการประชุม.pdf", PDF, content_type="application/pdf")
    evidence = evidence_add(row=row, user=alice, file=upload, title="รายงานการประชุม")

    assert evidence.original_name == "รายงานการประชุม.pdf"
    assert (evidence.size, evidence.content_type) == (len(PDF), "application/pdf")
    assert len(evidence.sha256) == 64
    assert evidence.file.name is not None
    assert evidence.file.name.startswith(f"evidence/A001/{row.round_id}/")
    assert evidence.file.name.endswith(".pdf")
    stored = Path(settings.MEDIA_ROOT) / evidence.file.name
    assert stored.read_bytes() == PDF
    assert evidence.uploaded_by == alice


def test_it_names_images_by_what_they_are_not_what_they_are_called(row, alice):
    png = evidence_add(row=row, user=alice, file=SimpleUploadedFile("photo.pdf", PNG))
    jpeg = evidence_add(row=row, user=alice, file=SimpleUploadedFile("photo", JPEG))
    assert png.file.name is not None and jpeg.file.name is not None
    assert (png.content_type, png.file.name[-4:]) == ("image/png", ".png")
    assert (jpeg.content_type, jpeg.file.name[-4:]) == ("image/jpeg", ".jpg")


def test_it_refuses_a_program_renamed_to_pdf(row, alice):
    before = _files_under(Path(settings.MEDIA_ROOT))
    with pytest.raises(ValidationError) as caught:
        evidence_add(row=row, user=alice, file=SimpleUploadedFile("report.pdf", EXE))
    assert caught.value.code == "executable"
    with pytest.raises(ValidationError) as caught:
        evidence_add(row=row, user=alice, file=SimpleUploadedFile("notes.pdf", b"hello world"))
    assert caught.value.code == "bad_type"
    assert Evidence.objects.count() == 0
    assert _files_under(Path(settings.MEDIA_ROOT)) == before


@override_settings(EVIDENCE_MAX_BYTES=1024)
def test_it_refuses_a_file_over_the_size_limit(row, alice):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    with pytest.raises(ValidationError) as caught:
        evidence_add(row=row, user=alice, file=big)
    assert caught.value.code == "too_large"
    assert "1 KB" in caught.value.messages[0]  # the message states the configured limit
    assert Evidence.objects.count() == 0


def test_it_leaves_no_file_when_the_database_write_fails(row, alice):
    root = Path(settings.MEDIA_ROOT)
    before = _files_under(root)
    # A title longer than its column makes PostgreSQL refuse the INSERT after the file is
    # written: the file must be removed again.
    with pytest.raises(DataError):
        evidence_add(row=row, user=alice, file=SimpleUploadedFile("a.pdf", PDF), title="ก" * 400)
    assert Evidence.objects.count() == 0
    assert _files_under(root) == before


def test_it_leaves_no_row_when_the_file_cannot_be_written(row, alice, tmp_path):
    blocked = tmp_path / "media"
    blocked.write_text("a file where the media directory should be")
    with override_settings(MEDIA_ROOT=str(blocked)):
        with pytest.raises(OSError):
            evidence_add(row=row, user=alice, file=SimpleUploadedFile("a.pdf", PDF))
    assert Evidence.objects.count() == 0
    assert blocked.is_file()


def test_a_link_needs_http(row, alice):
    evidence = evidence_add(row=row, user=alice, url="https://www.krajay.go.th/ita/o13")
    assert evidence.is_link and evidence.url.endswith("/o13")
    with pytest.raises(ValidationError):
        evidence_add(row=row, user=alice, url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        evidence_add(row=row, user=alice)  # neither a file nor a link


def test_outsiders_cannot_attach(row, charlie):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        evidence_add(row=row, user=charlie, file=SimpleUploadedFile("a.pdf", PDF))
    assert not os.path.exists(Path(settings.MEDIA_ROOT) / "evidence" / "A001" / str(row.round_id))


def test_it_shows_only_the_field_error_for_an_empty_file(client_for, row, alice):
    from django.urls import reverse

    response = client_for(alice).post(
        reverse("reports:row_evidence_add", args=[row.pk]),
        {"file": SimpleUploadedFile("empty.pdf", b""), "url": "", "title": "ว่าง"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "ไฟล์ที่ส่งว่างเปล่า" in html
    assert "กรุณาเลือกไฟล์หรือระบุลิงก์อย่างใดอย่างหนึ่ง" not in html
    assert 'value="ว่าง"' in html  # what was typed is kept
    assert not Evidence.objects.filter(row=row).exists()


def test_it_still_asks_for_a_file_or_a_link_when_both_are_missing(client_for, row, alice):
    from django.urls import reverse

    response = client_for(alice).post(
        reverse("reports:row_evidence_add", args=[row.pk]),
        {"url": "", "title": ""},
        HTTP_HX_REQUEST="true",
    )
    assert "กรุณาเลือกไฟล์หรือระบุลิงก์อย่างใดอย่างหนึ่ง" in response.content.decode()
