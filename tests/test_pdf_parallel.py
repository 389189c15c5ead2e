"""A large plan rendered on several processes (core.pdf.parallel) is the file one process
makes: the same pages with the same text (page numbers "หน้า ๗ / N" and the สารบัญ's numbers
included), the same bookmarks at the same levels and pages, working สารบัญ links, and a
tagged file that still passes the PDF/UA checker."""

from __future__ import annotations

import io
import subprocess
from decimal import Decimal

import pikepdf
import pytest
from django.template.loader import render_to_string
from pdfua import validate
from pypdf import PdfReader

from agencies.models import User
from core.pdf import parallel
from core.pdf.render import ARCHIVAL_ACCESSIBLE, render_pdf
from plans.selectors import plan_detail_context
from plans.tests.factories import item_create, plan_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_html(agency_a):
    plan = plan_create(agency_a)
    for i in range(12):
        item_create(
            plan,
            dimension=str(1 + i % 4),
            title=f"โครงการส่งเสริมคุณธรรมและความโปร่งใสที่ {i + 1}",
            budgets={2566: Decimal(10000 * (i + 1))},
            with_sheet=True,
        )
    admin = User.objects.create_superuser("root-parallel", "", "x")
    context = {**plan_detail_context(plan, admin, with_sheets=True), "title": plan.title}
    return render_to_string("plans/pdf/plan.html", context)


def _page_texts(data: bytes, tmp_path, name: str) -> list[str]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out.split("\f")


def _outline(data: bytes) -> list[tuple[int, str, int | None]]:
    reader = PdfReader(io.BytesIO(data))
    found: list[tuple[int, str, int | None]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def test_it_cuts_the_plan_into_a_front_and_chunks_of_about_equal_size(plan_html):
    parts = parallel.split(plan_html, 3)
    assert parts is not None
    assert len(parts.chunks) == 3
    assert "สารบัญ" in parts.front and "part-3" in parts.wanted
    sizes = [len(chunk) for chunk in parts.chunks]
    assert max(sizes) < 2.5 * min(sizes), sizes
    for chunk in parts.chunks:  # every chunk is a whole document with the running head
        assert chunk.startswith("<!doctype html>") and 'class="running-head"' in chunk


def test_it_cuts_by_layout_cost_where_a_table_weighs_more_than_its_characters():
    table = "<table>" + "<tr><td>๑</td><td>-</td><td>๒</td></tr>" * 20 + "</table>"
    text = "<p>" + "ข้อความของแผนงาน " * 300 + "</p>"
    assert len(table) < len(text) / 5 and parallel.cost(table) > 1.5 * parallel.cost(text)
    document = (
        '<!doctype html><html><body><div class="running-head">หัว</div><p>ปก</p>'
        + "".join(f"{parallel.MARK}<section>{part}</section>" for part in [table] + [text] * 6)
        + "</body></html>"
    )
    parts = parallel.split(document, 2)
    assert parts is not None and len(parts.chunks) == 2
    costs = [parallel.cost(chunk) for chunk in parts.chunks]
    assert max(costs) < 1.3 * min(costs), costs
    # The table's chunk takes two text parts (by characters alone it took three).
    assert parts.chunks[0].count("ข้อความของแผนงาน") == 300 * 2


def test_a_parallel_render_is_the_serial_render(plan_html, tmp_path):
    title, author, variant = "แผนทดสอบ", "อบต.", ARCHIVAL_ACCESSIBLE
    serial = render_pdf(plan_html, title=title, author=author, pdf_variant=variant, parallel=False)
    joined = parallel.render_parallel(
        plan_html,
        title=title,
        author=author,
        lang="th",
        landscape=False,
        pdf_variant=variant,
        workers=3,
    )
    assert joined is not None, "the parallel render fell back to one process"

    serial_pages = _page_texts(serial, tmp_path, "serial")
    joined_pages = _page_texts(joined, tmp_path, "joined")
    assert len(joined_pages) == len(serial_pages) > 10
    for number, (one, other) in enumerate(zip(serial_pages, joined_pages, strict=True), 1):
        assert one == other, f"page {number} differs"
    assert "สารบัญ" in joined_pages[2] or "สารบัญ" in joined_pages[1]

    outline = _outline(joined)
    assert outline == _outline(serial)
    assert [title for depth, title, _ in outline if depth == 0][-1].startswith("ส่วนที่ ๓")
    assert any(depth == 2 for depth, _, _ in outline)  # part -> dimension -> item

    with pikepdf.open(io.BytesIO(joined)) as pdf:
        dests = pdf.Root.Names.Dests.Names
        names = {str(dests[i]) for i in range(0, len(dests), 2)}
        assert {"part-1", "part-2", "part-3"} <= names
        assert str(pdf.Root.Lang) == "th"
    path = tmp_path / "joined.pdf"
    report = validate(str(path))
    assert [f.rule_id + " " + f.message for f in report.findings] == []


def test_render_pdf_falls_back_to_one_process_when_a_document_has_no_parts(tmp_path):
    html = "<p>ข้อความ</p>" * 10
    assert (
        parallel.render_parallel(
            html, title="t", author="", lang="th", landscape=False, pdf_variant=None, workers=2
        )
        is None
    )
    assert render_pdf(html, title="t", parallel=True).startswith(b"%PDF")
