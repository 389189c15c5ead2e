"""The measures PDFs: valid A4 files whose text layer holds the Thai text of the page."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from agencies.choices import PublicationStatus
from measures.tests.factories import seed_set, set_with_measure

pytestmark = pytest.mark.django_db

A4_SHORT, A4_LONG = 595, 842


def _pdf(response) -> list[tuple[int, int, str]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    return [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)), p.extract_text())
        for p in reader.pages
    ]


def _squash(text: str) -> str:
    return "".join(text.split())


def test_it_prints_a_set_on_a4_landscape_with_its_thai_text_and_column_order(client):
    measure_set = seed_set("002", "demo-002")
    pages = _pdf(client.get(measure_set.get_stable_url(revision=True, pdf=True)))
    assert {(w, h) for w, h, _ in pages} == {(A4_LONG, A4_SHORT)}
    text = _squash("\n".join(t for _, _, t in pages))
    assert _squash("องค์การบริหารส่วนตำบลเมืองพะไล") in text
    assert _squash("การส่งเสริมการรับรู้") in text
    assert _squash("ต.ค. ๒๕๖๗ - ก.ย. ๒๕๖๘") in text
    # 002's header order: period before responsible units.
    first = _squash(pages[0][2])
    assert first.index("ระยะเวลา") < first.index("ผู้รับผิดชอบ")
    # The header repeats on every page of the table.
    for _w, _h, page_text in pages:
        assert "วิธีดำเนินการ" in page_text


def test_it_puts_the_004_memo_first_on_a_portrait_page(client):
    measure_set = seed_set("004", "demo-004")
    pages = _pdf(client.get(measure_set.get_stable_url(revision=True, pdf=True)))
    assert (pages[0][0], pages[0][1]) == (A4_SHORT, A4_LONG)
    assert (pages[-1][0], pages[-1][1]) == (A4_LONG, A4_SHORT)
    memo_text = _squash(pages[0][2])
    for text in (
        "บันทึกข้อความ",
        "ส่วนราชการ",
        "วันที่๕ตุลาคม๒๕๖๔",
        "เรียน",
        "(ลงชื่อ)",
        "(นางสาวนันทนาธรรมวัง)",
    ):
        assert _squash(text) in memo_text, text


def test_it_renders_the_memo_pdf_and_the_ita_pdf(client):
    measure_set = seed_set("004", "demo-004")
    memo_pages = _pdf(client.get(reverse("measures:memo_pdf", args=[measure_set.memo_id])))
    memo_text = _squash("".join(t for _, _, t in memo_pages))
    assert "ความเห็นของปลัดองค์การบริหารส่วนตำบล" in memo_text
    assert memo_text.count("(ลงชื่อ)") == 5
    ita_pages = _pdf(client.get(reverse("measures:agency_ita_pdf", args=["demo-004"])))
    ita_text = _squash("".join(t for _, _, t in ita_pages))
    assert "๗๔.๓๖(C)" in ita_text  # the chart's label is text, not a picture
    assert "เป้าหมาย๘๕" in ita_text
    assert "ระดับตัวอักษร" in ita_text


def test_it_never_prints_scripts_or_javascript_urls(client, agency_a):
    measure_set, _m = set_with_measure(
        agency_a,
        status=PublicationStatus.PUBLISHED,
        title_html='มาตรการทดสอบ<script>alert("x")</script>',
        steps=['ประกาศ<img src=x onerror="alert(2)">', '<a href="javascript:alert(1)">ลิงก์</a>'],
    )
    text = "".join(
        t for _, _, t in _pdf(client.get(measure_set.get_stable_url(revision=True, pdf=True)))
    )
    assert "มาตรการทดสอบ" in text and "ลิงก์" in text
    for bad in ("alert", "script", "onerror", "javascript"):
        assert bad not in text
