"""The speed-ups of the PDF render change nothing in the PDF (issue 15, cold render target).

Timings are printed by bench/bench_pdf_cold_cached.py; here only what must hold: the shared
Pango contexts lay out exactly as WeasyPrint's own setup, the garbage collector's thresholds
come back after a render, and pydyf's cached page references follow added pages.
"""

from __future__ import annotations

import gc
import io

import pikepdf
import pydyf

from core.pdf import pangocache, render

HTML = """
<h1>แผนปฏิบัติการป้องกันการทุจริต</h1>
<p style="text-align: justify">ผู้รับผิดชอบ ส่วนราชการ น้ำ ข้อบัญญัติ ฎีกา ฤดู ปี่ ที่ ๑๒๓ การดำเนินการ
<b>ตัวหนา</b> <i>ตัวเอียง</i> English text, 2566–2570.</p>
<table><tr><th>มิติ</th><th>งบประมาณ</th></tr>
<tr><td>การสร้างวัฒนธรรมสุจริต</td><td style="font-size: 9pt">๑๐,๐๐๐ บาท</td></tr></table>
<p lang="en" dir="rtl" style="font-variant: small-caps; text-decoration: underline">mixed</p>
"""


def _pages(data: bytes) -> list[bytes]:
    pdf = pikepdf.open(io.BytesIO(data))
    return [page.obj.Contents.read_bytes() for page in pdf.pages]


def test_shared_pango_contexts_lay_out_as_weasyprint_does():
    ours = render.render_pdf(HTML, title="t", parallel=False)
    pangocache.remove()
    try:
        stock = render.render_pdf(HTML, title="t", parallel=False)
    finally:
        pangocache.apply()
    assert _pages(ours) == _pages(stock)
    assert len(_pages(ours)) == 1


def test_render_restores_the_garbage_collector_thresholds():
    before = gc.get_threshold()
    seen = []
    with render.relaxed_gc():
        seen.append(gc.get_threshold())
        with render.relaxed_gc():  # a nested (or concurrent) render keeps them
            seen.append(gc.get_threshold())
        seen.append(gc.get_threshold())
    assert seen == [render.RENDER_GC_THRESHOLDS] * 3
    assert gc.get_threshold() == before
    render.render_pdf("<p>ทดสอบ</p>", title="t")
    assert gc.get_threshold() == before


def test_page_references_follow_added_pages():
    pdf = pydyf.PDF()
    first = pydyf.Dictionary({"Type": "/Page"})
    pdf.add_page(first)
    assert pdf.page_references == (f"{first.number} 0 R".encode(),)
    second = pydyf.Dictionary({"Type": "/Page"})
    pdf.add_page(second)
    assert pdf.page_references == (
        f"{first.number} 0 R".encode(),
        f"{second.number} 0 R".encode(),
    )
