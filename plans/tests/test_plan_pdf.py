"""The plan and item PDFs: valid files, an exact Thai text layer, A4 pages, repeated headers,
page numbers in the agency's digits, and Thai lines broken only between words."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.pdf.render import render_pdf
from plans.tests.factories import item_create, plan_create, plan_with_items

pytestmark = pytest.mark.django_db

A4_SHORT, A4_LONG = 595, 842  # points


def _pdf(response) -> bytes:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data.startswith(b"%PDF")
    return data


def _pages(data: bytes) -> list[tuple[float, float, str]]:
    reader = PdfReader(io.BytesIO(data))
    return [
        (float(page.mediabox.width), float(page.mediabox.height), page.extract_text())
        for page in reader.pages
    ]


def test_it_renders_the_whole_plan_as_a_pdf_with_thai_text(client, agency_a):
    plan = plan_create(agency_a)
    item_create(plan, dimension="1", budgets={2566: Decimal(110000)}, with_sheet=True)
    item_create(plan, dimension="3", subdimension="3.2", title="โครงการจัดเวทีประชาคม")
    pages = _pages(_pdf(client.get(plan.get_stable_url(revision=True, pdf=True))))
    text = "\n".join(t for _, _, t in pages)
    assert "แผนปฏิบัติการป้องกันการทุจริต" in text
    assert "องค์การบริหารส่วนตำบลกระจาย" in text
    assert "การประเมินความเสี่ยงการทุจริต" in text  # part 1
    assert "การสร้างวัฒนธรรมสุจริต" in text  # summary and items
    assert "๑๑๐,๐๐๐" in text
    assert "โครงการจัดเวทีประชาคม" in text
    assert "รายละเอียดโครงการ" in text and "พนักงานส่วนตำบล 50 คน" in text  # part 3 sheet
    assert f"หน้า ๑ / {len(pages)}".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) in text


def test_it_prints_part_2_on_a4_landscape_and_the_rest_on_a4_portrait(client, agency_a):
    plan = plan_with_items(agency_a, 3)
    pages = _pages(_pdf(client.get(plan.get_stable_url(revision=True, pdf=True))))
    sizes = {(round(w), round(h)) for w, h, _ in pages}
    assert sizes == {(A4_SHORT, A4_LONG), (A4_LONG, A4_SHORT)}
    landscape = [t for w, h, t in pages if w > h]
    assert any("สรุปจำนวนโครงการ" in t for t in landscape)
    assert round(pages[0][0]) == A4_SHORT  # the cover is portrait


def test_it_repeats_the_items_table_header_on_every_page(client, agency_a):
    plan = plan_with_items(agency_a, 40)
    pages = _pages(_pdf(client.get(plan.get_stable_url(revision=True, pdf=True))))
    item_pages = [t for w, h, t in pages if w > h and "โครงการทดสอบที่" in t]
    assert len(item_pages) >= 3
    for text in item_pages:
        assert "ประเภท" in text and "ปี ๒๕๖๖" in text


def test_it_numbers_pages_in_the_agencys_arabic_digits(client, agency_b):
    plan = plan_with_items(agency_b, 2)
    pages = _pages(_pdf(client.get(plan.get_stable_url(revision=True, pdf=True))))
    assert f"หน้า 2 / {len(pages)}" in pages[1][2]


def test_it_renders_an_item_pdf(client, agency_a):
    plan = plan_with_items(agency_a, 3)
    item = plan.items.order_by("order")[0]
    pages = _pages(_pdf(client.get(reverse("plans:item_pdf", args=[item.pk]))))
    text = "\n".join(t for _, _, t in pages)
    assert item.title in text
    assert "หลักการและเหตุผล" in text and "๒๐,๐๐๐" in text


# Words that libthai's dictionary keeps whole; the paragraph is written without spaces, as Thai
# is, so every line break the renderer chooses must fall between two of them.
WORDS = (
    "องค์การ บริหาร ส่วน ตำบล ได้ ตระหนัก ถึง ความ สำคัญ ของ การ ป้องกัน และ ปราบปราม การ "
    "ทุจริต และ ประพฤติ มิชอบ ใน ภาครัฐ จึง ได้ จัดทำ แผน ปฏิบัติ การ เพื่อ ใช้ เป็น แนวทาง "
    "ใน การ ดำเนินงาน ให้ เป็นไป อย่าง มี ประสิทธิภาพ โปร่งใส ตรวจสอบ ได้"
).split() * 3


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_it_breaks_long_thai_lines_only_between_words():
    text = "".join(WORDS)
    html = f'<div style="width: 60mm; font-size: 14pt">{text}</div>'
    data = render_pdf(html, title="ทดสอบการตัดคำ")
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    assert len(lines) > 10  # it did wrap
    assert "".join(lines) == text  # nothing lost, nothing hyphenated
    boundaries, pos = set(), 0
    for word in WORDS:
        pos += len(word)
        boundaries.add(pos)
    pos = 0
    for line in lines[:-1]:
        pos += len(line)
        assert pos in boundaries, f"line broken inside a word: …{line[-8:]}"
