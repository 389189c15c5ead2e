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
import weasyprint.layout.inline
import weasyprint.layout.preferred

from core.pdf import linecache, pangocache, render, textlayer

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


#: Several pages with a running head in a margin box (its min- and max-content widths are
#: measured on every page) and an auto-layout table of repeated and varied cells.
PAGES_HTML = (
    "<style>@page { size: A5; @top-right { content: element(head); } "
    "@bottom-center { content: counter(page) ' / ' counter(pages); } }"
    " .head { position: running(head); font-size: 9pt; }</style>"
    '<div class="head">แผนปฏิบัติการป้องกันการทุจริต เพื่อยกระดับคุณธรรมและความโปร่งใส ๒๕๖๖</div>'
    "<table><tr><th>ลำดับ</th><th>โครงการ/กิจกรรม/มาตรการ</th><th>ปี ๒๕๖๖<br>งบประมาณ</th></tr>"
    + "".join(
        f"<tr><td>{i}</td><td>โครงการส่งเสริมคุณธรรม{'และความโปร่งใส' * (i % 4)} ที่ {i}</td>"
        f"<td>{'-' if i % 3 else f'{i * 1000:,}'}<br><b>๑</b> ๒ ๓ ๔</td></tr>"
        for i in range(1, 80)
    )
    + "</table>"
)


def test_lines_broken_once_lay_out_as_weasyprint_does(monkeypatch):
    calls = []
    stock = linecache._stock_split_first_line

    def counting(*args, **kwargs):
        calls.append(args[0])
        return stock(*args, **kwargs)

    monkeypatch.setattr(linecache, "_stock_split_first_line", counting)
    ours = render.render_pdf(PAGES_HTML, title="t", parallel=False)
    cached = list(calls)
    linecache.remove()
    try:
        # Not monkeypatch: its undoing would put back the stock function after apply().
        weasyprint.layout.preferred.split_first_line = counting
        weasyprint.layout.inline.split_first_line = counting
        calls.clear()
        stock_pdf = render.render_pdf(PAGES_HTML, title="t", parallel=False)
    finally:
        linecache.apply()
    assert linecache.is_applied()
    assert len(_pages(ours)) >= 3
    assert _pages(ours) == _pages(stock_pdf)
    # The running head is broken once, not on every page.
    pages = len(_pages(ours))
    head = [text for text in calls if text.startswith("แผนปฏิบัติการ")]
    cached_head = [text for text in cached if text.startswith("แผนปฏิบัติการ")]
    assert len(head) >= pages * 2
    assert len(cached_head) * pages <= len(head)
    # The quarter markers of every row: once per text style (bold ๑, regular ๒ ๓ ๔), not
    # once per cell.
    assert calls.count("๑") >= 79
    assert 1 <= cached.count("๑") <= 4
    assert len(cached) < len(calls) / 2


#: Text in the styles split_first_line knows: hyphenation, spacing, tabs, wrapping,
#: decoration, variants, another direction and language.
STYLED_HTML = (
    '<p lang="en" style="hyphens: auto; width: 8em">extraordinarily incomprehensible '
    "antidisestablishmentarianism</p>"
    '<p style="letter-spacing: 2px; word-spacing: 3px; overflow-wrap: anywhere; tab-size: 4;'
    ' white-space: pre-wrap; width: 10em">a\tb ' + "ก" * 60 + " soft&shy;hyphen</p>"
    '<p dir="rtl" lang="en" style="font-variant: small-caps; text-decoration: underline;'
    " font-feature-settings: 'liga' 0; word-break: break-all\">mixed text ๑๒๓</p>"
)


def test_a_line_is_keyed_by_every_style_property_it_reads(monkeypatch):
    """TEXT_PROPERTIES holds every property WeasyPrint's split_first_line reads: a property
    missing there would let two different lines share one answer."""
    import weasyprint.css

    read: set[str] = set()
    recording = [False]
    stock = linecache._stock_split_first_line

    def getitem(self, key):
        if recording[0]:
            read.add(key)
        return dict.__getitem__(self, key) if key in self else self.__missing__(key)

    def split(*args, **kwargs):
        recording[0] = True
        try:
            return stock(*args, **kwargs)
        finally:
            recording[0] = False

    for cls in (weasyprint.css.ComputedStyle, weasyprint.css.AnonymousStyle):
        monkeypatch.setattr(cls, "__getitem__", getitem, raising=False)
    monkeypatch.setattr(linecache, "_stock_split_first_line", split)
    render.render_pdf(HTML + PAGES_HTML + STYLED_HTML, title="t", parallel=False)
    assert {"font_size", "lang", "hyphens", "letter_spacing", "tab_size"} <= read
    assert read <= set(linecache.TEXT_PROPERTIES), read - set(linecache.TEXT_PROPERTIES)


def test_lines_of_other_text_styles_are_not_shared():
    ours = render.render_pdf(STYLED_HTML + HTML, title="t", parallel=False)
    linecache.remove()
    try:
        stock = render.render_pdf(STYLED_HTML + HTML, title="t", parallel=False)
    finally:
        linecache.apply()
    assert _pages(ours) == _pages(stock)


def test_lines_drawn_once_write_what_drawing_each_writes(monkeypatch):
    """A line drawn again (the running head, ๑ ๒ ๓ ๔ of every row, a heading) replays the
    operators of its first drawing after its own text matrix: the same pages, byte for byte,
    as drawing every line, with the text layer's codes and composites (SARA AM, marks)."""
    import contextlib

    shaped = []
    stock = textlayer._draw_first_line

    def counting(stream, textbox, *args):
        shaped.append(textbox.text)
        return stock(stream, textbox, *args)

    monkeypatch.setattr(textlayer, "_draw_first_line", counting)
    html = PAGES_HTML + HTML + STYLED_HTML
    ours = render.render_pdf(html, title="t", parallel=False)
    drawn_once = list(shaped)
    monkeypatch.setattr(textlayer, "lines_drawn_once", contextlib.nullcontext)
    shaped.clear()
    every = render.render_pdf(html, title="t", parallel=False)
    assert _pages(ours) == _pages(every)
    assert len(_pages(ours)) >= 3
    assert shaped.count("๑") >= 79  # every row's marker drawn
    assert drawn_once.count("๑") <= 2  # once in bold (and once more at most)
    assert len(drawn_once) < len(shaped) / 2


def test_the_line_cache_stays_applied():
    # Applied on import; no test (in any order) leaves it removed.
    assert linecache.is_applied()


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


def test_a_render_frees_its_layout_without_the_garbage_collector(monkeypatch):
    """WeasyPrint's layout context is a reference cycle (core.pdf.release): once the PDF is
    written, the styles of every element it holds go at once, not at the next full collection
    (an SVG image still holds the context itself, emptied)."""
    import weakref

    from weasyprint.document import Document

    made: list[weakref.ref] = []
    build = Document._build_layout_context

    def spy(*args, **kwargs):
        context = build(*args, **kwargs)
        made.append(weakref.ref(context.style_for))
        return context

    svg = (
        "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='40' height='20'>"
        "<rect width='40' height='20' fill='%23123456'/></svg>"
    )
    monkeypatch.setattr(Document, "_build_layout_context", spy)
    gc.collect()
    gc.disable()  # only reference counting may free them
    try:
        data = render.render_pdf(HTML + f'<img src="{svg}" alt="แผนภูมิ">', title="t")
        alive = [ref() is not None for ref in made]
    finally:
        gc.enable()
    assert made and alive == [False] * len(made)
    # The SVG image, drawn after layout with its context, is in the PDF (its #123456 fill).
    assert any(b"0.070588 0.203922 0.337255 rg" in page for page in _pages(data))


def test_freed_stack_chunks_are_kept_and_reused():
    """The C helper is built here (make test installs a compiler and Python's headers) and
    installed by core.pdf.render: a recursion deeper than one 16 KiB frame-stack chunk leaves
    its chunks kept instead of unmapped, and deep recursions still compute right."""
    from core import stackchunks

    assert stackchunks.install()  # built, installed (again: idempotent)

    def depth(n: int) -> int:
        return 0 if n == 0 else 1 + depth(n - 1)

    assert [depth(600) for _ in range(50)] == [600] * 50
    kept = stackchunks.kept()
    assert kept >= 1
    assert [depth(900) for _ in range(50)] == [900] * 50  # reuses the kept ones
    assert 1 <= stackchunks.kept() <= 64
    render.render_pdf("<p>ผู้รับผิดชอบ</p>", title="t")  # and a render runs on it
