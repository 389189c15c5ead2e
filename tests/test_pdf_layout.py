"""No text of any demo PDF overlaps other text or runs over a table border, on any page.

The demo documents are the seeds imported by ``manage.py demo_setup``; every PDF the portal
makes of them (plan, items, measure sets, memo, ITA, reports) is rendered as the site
administrator sees it and checked page by page with pdfplumber's character boxes
(core.pdf.layoutcheck). scripts/demo_pdfs.py writes the same files for looking at them.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from agencies.models import User
from core.pdf.layoutcheck import layout_problems
from core.pdf.render import render_pdf
from portal.demo_docs import demo_pdf_urls

pytestmark = pytest.mark.django_db


def _bytes(response) -> bytes:
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_checker_finds_overlapping_text_and_text_over_a_border():
    html = (
        '<p style="position: absolute; top: 0">ข้อความซ้อนทับกันในหน้าเดียว</p>'
        '<p style="position: absolute; top: 2pt; left: 10pt">ข้อความซ้อนทับกันในหน้าเดียว</p>'
        '<table style="position: absolute; top: 200pt; table-layout: fixed; width: 60pt;'
        ' border-collapse: collapse"><tr><td style="border: 1pt solid #000; width: 30pt;'
        ' white-space: nowrap">ปีงบประมาณปีงบประมาณ</td><td style="border: 1pt solid #000">'
        "x</td></tr></table>"
    )
    kinds = {p.kind for p in layout_problems(render_pdf(html, title="t"))}
    assert kinds == {"overlap", "crosses-rule"}


def test_the_checker_passes_plain_thai_paragraphs_and_tables():
    html = "<p>องค์การบริหารส่วนตำบลกระจาย ได้จัดทำแผนปฏิบัติการป้องกันการทุจริต</p>" * 30 + (
        '<table style="border-collapse: collapse"><tr>'
        + '<td style="border: 1pt solid #000">ผู้รับผิดชอบ ทุกกองงาน</td>' * 4
        + "</tr></table>"
    )
    assert layout_problems(render_pdf(html, title="t")) == []


def test_no_demo_pdf_has_overlapping_text_or_text_over_a_border(client):
    call_command("demo_setup", stdout=io.StringIO(), stderr=io.StringIO())
    client.force_login(User.objects.get(username="admin"))
    checked, problems = [], []
    for name, url in demo_pdf_urls():
        data = _bytes(client.get(url))
        checked.append((name, len(PdfReader(io.BytesIO(data)).pages)))
        problems += [f"{name} {problem}" for problem in layout_problems(data)]
    names = {name.split("-")[0] for name, _ in checked}
    assert {"plan", "item", "set", "memo", "ita", "reports", "round"} <= names, checked
    assert sum(pages for _, pages in checked) > 150, checked
    assert problems == []
