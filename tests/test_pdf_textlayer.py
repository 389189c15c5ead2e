"""The exact Thai text layer of core.pdf (issues 7 and 15).

Every Thai string must come back exactly from pdftotext (default and -raw),
pypdf, pdfplumber, PDFium (pypdfium2) and pdf.js (tools/pdfjs, run by node), and
pdf.js's Ctrl-F must find every word as often as in the source.

Whitespace normalisation (the only one applied): every run of whitespace
(spaces, newlines, form feeds) becomes one space and the ends are stripped, on
both sides of the comparison. Nothing else is loosened: a space inserted
inside a Thai word, a dropped or reordered mark, or a wrong vowel fails.

No database is needed: these tests never use the ``db`` fixture.
"""

from __future__ import annotations

import difflib
import html
import importlib.util
import io
import json
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import cast

import pytest
from pypdf.generic import DictionaryObject, StreamObject

import core.pdf.textlayer as textlayer
from core.pdf import render_pdf
from core.pdf.render import STATIC_DIR, StaticFileFetcher

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "data" / "seeds"

TRICKY = [
    "การดำเนินการ ประจำปีงบประมาณ ที่ผู้น้ำฤดูฤๅษี ๑๒๓",
    "ที่ ผู้ กั้น น้ำ ปี่ ญี่ปุ่น",
    "น้ำท่วม ท่าน้ำ ลำน้ำ ค่ำคืน กำลังดำเนินการ",
    "ฤดูฝน ฤทธิ์ ฤๅษี ฦๅ พฤษภาคม อังกฤษ",
    "พ.ศ. ๒๕๖๗ งบประมาณ ๑,๒๓๔,๕๖๗.๘๙ บาท (ร้อยละ ๙๘.๕)",
    "ITA 2567: มาตรการส่งเสริมคุณธรรม (MOIT 1-22) ผ่าน 100%",
    "เจ้าหน้าที่ ผู้บริหาร ปลัดองค์การบริหารส่วนตำบล",
    "สำนักงาน ๆ ฯลฯ ก็ ไม่ได้ ใช่ไหม",
    "ครั้งที่ ๑/๒๕๖๗ ณ ห้องประชุม อบต. กระจาย",
    "กรรมการ ข้าราชการ ตำแหน่ง ทั้งนี้ นั้น ซึ่ง",
]


def normalise(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------
# Extractors
# --------------------------------------------------------------------------


def pdftotext_lines(pdf: bytes, *options: str) -> list[str]:
    # Not skipped when missing: scripts/install.sh --browser installs poppler-utils.
    assert shutil.which("pdftotext"), "pdftotext missing: run scripts/install.sh --browser"
    result = subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode().splitlines()


def pdftotext_raw_lines(pdf: bytes) -> list[str]:
    return pdftotext_lines(pdf, "-raw")


def pypdf_lines(pdf: bytes) -> list[str]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [line for page in reader.pages for line in page.extract_text().splitlines()]


def pdfplumber_lines(pdf: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [line for page in document.pages for line in page.extract_text().splitlines()]


def pdfium_lines(pdf: bytes) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [
            line for page in document for line in page.get_textpage().get_text_range().splitlines()
        ]
    finally:
        document.close()


PDFJS_DIR = ROOT / "tools" / "pdfjs"


def pdfjs_run(documents: list[dict]) -> list[dict]:
    """Run tools/pdfjs/extract.mjs once for several documents.

    Each document is ``{"pdf": bytes}`` or ``{"lines": [...]}``, with optional
    ``"queries"``; returns ``[{"pages": [...], "counts": {...}}]``. Node and
    pdfjs-dist are required (scripts/install.sh --browser): never skipped.
    """
    node = shutil.which("node")
    assert node, "node missing: install Node.js 20 and run scripts/install.sh --browser"
    assert (PDFJS_DIR / "node_modules" / "pdfjs-dist").is_dir(), (
        "pdfjs-dist missing: run scripts/install.sh --browser (npm ci in tools/pdfjs)"
    )
    with tempfile.TemporaryDirectory(prefix="pdfjs-") as tmp:
        request = []
        for number, document in enumerate(documents):
            entry = {key: value for key, value in document.items() if key != "pdf"}
            if "pdf" in document:
                path = Path(tmp) / f"{number}.pdf"
                path.write_bytes(document["pdf"])
                entry["pdf"] = str(path)
            request.append(entry)
        result = subprocess.run(
            [node, str(PDFJS_DIR / "extract.mjs")],
            input=json.dumps({"documents": request}).encode(),
            capture_output=True,
            check=True,
            cwd=PDFJS_DIR,
        )
    return json.loads(result.stdout)


def pdfjs_page_lines(pages: list[str]) -> list[str]:
    return [line for page in pages for line in page.splitlines()]


def pdfjs_lines(pdf: bytes) -> list[str]:
    return pdfjs_page_lines(pdfjs_run([{"pdf": pdf}])[0]["pages"])


# pdftotext's default mode rebuilds paragraphs: it joins a line ending in "-"
# with the next one and, with Sarabun at small sizes, drops the spaces around
# "-" ("1 - 5" -> "1-5"), for stock WeasyPrint as well. The line-by-line corpus
# test therefore uses -raw (content stream order, no layout heuristics); the
# round trips of short strings use both modes.
EXTRACTORS = {
    "pdftotext": pdftotext_lines,
    "pdftotext-raw": pdftotext_raw_lines,
    "pypdf": pypdf_lines,
    "pdfplumber": pdfplumber_lines,
    "pdfium": pdfium_lines,
    "pdfjs": pdfjs_lines,
}


def extracted(pdf: bytes, extractor: str) -> list[str]:
    """Non-empty, whitespace-normalised lines."""
    return [line for line in map(normalise, EXTRACTORS[extractor](pdf)) if line]


def exact_share(expected: list[str], got: list[str]) -> tuple[int, list[str]]:
    """Number of expected lines found exactly, in order; and a diff of the rest."""
    matcher = difflib.SequenceMatcher(a=expected, b=got, autojunk=False)
    exact = sum(block.size for block in matcher.get_matching_blocks())
    diff = [
        line
        for line in difflib.unified_diff(expected, got, "expected", "extracted", n=0, lineterm="")
        if not line.startswith(("---", "+++", "@@"))
    ]
    return exact, diff


# --------------------------------------------------------------------------
# Version pin
# --------------------------------------------------------------------------


def test_weasyprint_version_is_pinned():
    import weasyprint

    assert weasyprint.__version__ == textlayer.SUPPORTED_WEASYPRINT_VERSION == "70.0"
    textlayer.check_weasyprint_version("70.0")
    with pytest.raises(textlayer.WeasyPrintVersionError, match="70.0"):
        textlayer.check_weasyprint_version("71.0")


def test_import_refuses_other_weasyprint_version(monkeypatch):
    """Importing the module with another WeasyPrint raises a clear error."""
    import weasyprint

    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    spec = importlib.util.spec_from_file_location(
        "core.pdf._textlayer_version_probe", Path(textlayer.__file__)
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # The probe module defines its own exception class: match by name and base.
    with pytest.raises(ImportError) as error:
        spec.loader.exec_module(module)
    assert type(error.value).__name__ == "WeasyPrintVersionError"
    assert "71.0 is installed" in str(error.value)
    assert textlayer.is_applied()  # the failed import patched nothing


# --------------------------------------------------------------------------
# Round trips
# --------------------------------------------------------------------------


def _tricky_html() -> tuple[str, list[str]]:
    blocks, expected = [], []
    for text in TRICKY:
        escaped = html.escape(text)
        blocks.append(f"<p>{escaped}</p>")
        blocks.append(f"<p><b>{escaped}</b></p>")
        blocks.append(f"<p><i>{escaped}</i></p>")
        expected += [text, text, text]
    rows = "".join(f"<tr><td>{html.escape(text)}</td></tr>" for text in TRICKY)
    blocks.append(f'<table style="font-size:8pt">{rows}</table>')
    expected += TRICKY
    style = "<style>p{margin:0 0 4pt}td{border:1px solid #999;padding:2pt 6pt}</style>"
    return style + "".join(blocks), expected


@pytest.fixture(scope="module")
def tricky_pdf() -> tuple[bytes, list[str]]:
    document, expected = _tricky_html()
    return render_pdf(document, title="ทดสอบ", author="Sujarit"), expected


@pytest.mark.parametrize("extractor", list(EXTRACTORS))
def test_tricky_strings_round_trip(tricky_pdf, extractor):
    pdf, expected = tricky_pdf
    got = extracted(pdf, extractor)
    assert got == expected


@pytest.mark.parametrize("extractor", list(EXTRACTORS))
def test_stock_weasyprint_is_wrong(extractor):
    """The bug the module fixes is still there without it (guards the test itself)."""
    text = TRICKY[0]
    with textlayer.stock_weasyprint():
        pdf = render_pdf(f"<p>{text}</p>", title="stock")
    assert textlayer.is_applied()
    assert normalise(" ".join(extracted(pdf, extractor))) != text


def test_one_to_one_texts():
    """Characters pair with glyphs in order; SARA AM's NIKHAHIT is merged."""
    one_to_one = textlayer.one_to_one_texts
    merge = textlayer.MERGE
    assert one_to_one("ที่", [(0, True), (1, False), (2, False)]) == ["ท", "ี", "่"]
    # น้ำ shaped as น ํ ้ า (NIKHAHIT moved before the tone mark)...
    assert one_to_one("น้ำ", [(0, True), (1, False), (2, False), (3, True)]) == [
        "น", merge, "้", "ำ",
    ]  # fmt: skip
    # ...or with NIKHAHIT and tone mark ligated into one glyph (Sarabun).
    assert one_to_one("น้ำ", [(0, True), (1, False), (2, True)]) == ["น", "้", "ำ"]
    assert one_to_one("ทำ", [(0, True), (1, False), (2, True)]) == ["ท", merge, "ำ"]
    # A mark on a spacing glyph, or a ligature: no pairing (fallback).
    assert one_to_one("ที", [(0, True), (1, True)]) is None
    assert one_to_one("ฤๅ", [(0, True)]) is None


def test_marks_are_glyphs_and_size_stays_close_to_stock():
    """Marks are drawn as glyphs (no outlines in the page content) and the PDF stays
    within 1.5x of stock WeasyPrint's size (issue 15)."""
    import pypdf

    document = "".join(f"<p>{html.escape(text)}</p>" for text in TRICKY * 20)
    ours = render_pdf(document, title="size")
    with textlayer.stock_weasyprint():
        stock = render_pdf(document, title="size")
    contents = pypdf.PdfReader(io.BytesIO(ours)).pages[0].get_contents()
    assert contents is not None
    content = contents.get_data()
    assert b"Tj" in content or b"TJ" in content
    assert not re.search(rb"-?\d+ -?\d+ c\b", content)  # outlined glyphs are Bézier paths
    assert len(ours) <= 1.5 * len(stock), (len(ours), len(stock))
    for extractor in EXTRACTORS:
        assert normalise(" ".join(extracted(ours, extractor))) == " ".join(TRICKY * 20), extractor


def test_fonts_without_composites_fall_back_to_outlines(monkeypatch):
    """CFF, variable or colour fonts can't take composite glyphs: marks' text goes
    on their base letter and the marks are outlines (issue 7), still exact for the
    extractors that don't misread a base carrying marks (pdf.js does)."""
    monkeypatch.setattr(textlayer, "_composable", lambda font: False)
    document, expected = _tricky_html()
    pdf = render_pdf(document, title="fallback")
    import pypdf

    contents = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert contents is not None
    content = contents.get_data()
    assert re.search(rb"-?\d+ -?\d+ c\b", content)  # outlined marks
    for extractor in ("pdftotext", "pdftotext-raw", "pypdf", "pdfplumber", "pdfium"):
        assert extracted(pdf, extractor) == expected, extractor


def test_sara_am_before_sara_aa():
    """ำ first, then า: stock WeasyPrint turns every later า into ำ."""
    text = "ทำ การ ตาม ประจำ มา"
    pdf = render_pdf(f"<p>{text}</p>", title="x")
    for extractor in EXTRACTORS:
        assert extracted(pdf, extractor) == [text], extractor


@pytest.mark.parametrize("extractor", list(EXTRACTORS))
def test_table_cells(extractor):
    """A two-column table: pypdf puts each cell on its own line, pdfplumber and
    pdftotext keep a row on one line, so the whole table text is compared."""
    rows = "".join(
        f"<tr><td>{html.escape(a)}</td><td><b>{html.escape(b)}</b></td></tr>"
        for a, b in zip(TRICKY[0::2], TRICKY[1::2], strict=True)
    )
    pdf = render_pdf(
        f'<table style="font-size:8pt;white-space:nowrap">{rows}</table>'
        "<style>td{padding:1pt 6pt}</style>",
        title="table",
    )
    assert normalise(" ".join(extracted(pdf, extractor))) == " ".join(TRICKY)


@pytest.mark.parametrize("extractor", list(EXTRACTORS))
def test_spaces_between_inline_elements(extractor):
    text = "<b>ประจำปี</b> <i>งบประมาณ</i> <span>ที่ผู้น้ำ</span> <b>ฤดู</b>"
    pdf = render_pdf(f"<p>{text}</p>", title="inline")
    assert extracted(pdf, extractor) == ["ประจำปี งบประมาณ ที่ผู้น้ำ ฤดู"]


# Thai words separated by spaces; each word is nowrap so lines break at spaces only.
JUSTIFY_WORDS = (
    "องค์การบริหารส่วนตำบล ได้ดำเนินการ ตามมาตรการ ส่งเสริมคุณธรรม และความโปร่งใส "
    "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ โดยมีผู้เข้าร่วม ๑๒๓ คน ที่ผู้บริหาร กำหนดไว้ "
    "เพื่อป้องกัน การทุจริต ในหน่วยงาน ซึ่งจะนำไป สู่การปฏิบัติ ที่ดี ต่อไป"
).split()


@pytest.mark.parametrize("extractor", list(EXTRACTORS))
def test_justified_text(extractor):
    words = " ".join(f'<span style="white-space:nowrap">{w}</span>' for w in JUSTIFY_WORDS)
    document = (
        f'<p style="width:62mm;text-align:justify;font-size:11pt">{words}</p>'
        f'<p style="width:62mm;text-align:justify;font-size:11pt"><b>{words}</b></p>'
    )
    pdf = render_pdf(document, title="justify")
    source = " ".join(JUSTIFY_WORDS)
    got = normalise(" ".join(extracted(pdf, extractor)))
    assert got == f"{source} {source}"


@pytest.mark.parametrize("extractor", list(EXTRACTORS))
def test_justified_thai_without_spaces(extractor):
    """A justified Thai run with no spaces: no space may appear inside it."""
    text = "".join(JUSTIFY_WORDS[:12])
    pdf = render_pdf(
        f'<p lang="th" style="width:50mm;text-align:justify">{text}</p>', title="justify"
    )
    lines = extracted(pdf, extractor)
    assert len(lines) > 1  # it wraps
    assert "".join(lines) == text  # wraps are the only breaks, no inner spaces


def test_pdf_a_3u_keeps_exact_text(tricky_pdf):
    document, expected = _tricky_html()
    pdf = render_pdf(document, title="PDF/A", author="Sujarit", pdf_variant="pdf/a-3u")
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    xmp = cast(StreamObject, reader.root_object["/Metadata"]).get_data()
    assert re.search(rb"pdfaid:part(>|=\")3", xmp)
    assert re.search(rb"pdfaid:conformance(>|=\")U", xmp)
    for extractor in EXTRACTORS:
        assert extracted(pdf, extractor) == expected, extractor


def test_metadata_and_variant_validation():
    import pypdf

    pdf = render_pdf("<p>สวัสดี</p>", title="รายงาน", author="อบต. กระจาย", lang="th")
    info = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None
    assert info.title == "รายงาน"
    assert info.author == "อบต. กระจาย"
    assert pypdf.PdfReader(io.BytesIO(pdf)).root_object["/Lang"] == "th"
    with pytest.raises(ValueError):
        render_pdf("<p>x</p>", title="x", pdf_variant="pdf/x-4")


def test_landscape():
    import pypdf

    page = pypdf.PdfReader(io.BytesIO(render_pdf("<p>x</p>", title="x", landscape=True))).pages[0]
    assert page.mediabox.width > page.mediabox.height


# --------------------------------------------------------------------------
# Static files only
# --------------------------------------------------------------------------


def test_static_fetcher_serves_static_files_only(tmp_path):
    fetcher = StaticFileFetcher()
    response = fetcher.fetch("https://sujarit.invalid/static/css/fonts.css")
    assert b"Sarabun" in response.read()
    assert (
        fetcher.resolve("https://sujarit.invalid/static/fonts/Sarabun-Bold.ttf")
        == (STATIC_DIR / "fonts" / "Sarabun-Bold.ttf").resolve()
    )
    for url in (
        "https://sujarit.invalid/static/../config/settings.py",
        "https://sujarit.invalid/static/%2e%2e/config/settings.py",
        "https://sujarit.invalid/static/css/../../manage.py",
        "https://sujarit.invalid/static/",
        "https://sujarit.invalid/etc/passwd",
        "https://example.com/static/css/fonts.css",
        "http://sujarit.invalid/static/css/fonts.css",
        "file:///etc/passwd",
        "ftp://sujarit.invalid/static/css/fonts.css",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_static_urls_resolve_in_documents():
    """/static/ stylesheets apply; external URLs are never fetched."""
    document = (
        '<link rel="stylesheet" href="/static/css/fonts.css">'
        '<p style="font-family: Sarabun; font-weight: bold">ตัวหนา</p>'
        '<img src="http://127.0.0.1:9/never.png">'
    )
    started = time.monotonic()
    pdf = render_pdf(document, title="x")
    assert time.monotonic() - started < 10
    assert extracted(pdf, "pypdf") == ["ตัวหนา"]


def test_fonts_are_sarabun_only():
    import pypdf

    pdf = render_pdf("<p>ทดสอบ <b>ตัวหนา</b> <i>เอียง</i> <b><i>ทั้งสอง</i></b> Latin</p>", title="x")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    resources = cast(DictionaryObject, reader.pages[0]["/Resources"])
    names = {
        str(font.get_object()["/BaseFont"])
        for font in cast(DictionaryObject, resources["/Font"]).values()
    }
    assert names and all("Sarabun" in name for name in names), names


# --------------------------------------------------------------------------
# Seed corpus
# --------------------------------------------------------------------------

CORPUS_EXTRACTORS = ("pdftotext-raw", "pypdf", "pdfplumber", "pdfium")  # and pdf.js
# Words searched with pdf.js's find controller (Ctrl-F) in every seed that has them,
# besides each seed's most frequent Thai words (issue 15: 14 of 63, 0 of 5 found).
SEARCH_WORDS = (
    "ผู้รับผิดชอบ", "ปัญหา", "ส่วนราชการ", "วันที่", "ตุลาคม", "ที่", "ปี่", "น้ำ",
    "ผู้ใหญ่", "ข้อบัญญัติ", "ฎีกา", "ดำเนินการ", "ประจำปี", "ฤดู", "๒๕๖๗",
)  # fmt: skip
SEARCHES_PER_SEED = 300
# The one thing pdf.js can't read back: a combining mark with no base letter, right
# after a space (a typo in seed 001: "ผู้ ข อ ร ับ บ ริ ก า ร"). pdf.js treats every
# mark as zero-width and re-creates the skipped space from the gap to the next
# letter, after the mark: "ร ั บ". Those lines are compared with that space
# added, and counted in the output; nothing else is loosened.
_BASELESS_MARK = re.compile(r"(?<=\s)([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+)(?=\S)")
_THAI = re.compile(r"[\u0e01-\u0e5b]")
CHUNK = 100  # characters per rendered line (see _chunks)


def _plain_lines(path: Path) -> list[list[str]]:
    """Text lines of a seed (their cells): HTML tags removed, entities decoded, ** dropped."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        text = html.unescape(re.sub(r"<[^>]*>", " ", raw)).replace("**", "")
        cells = [normalise(cell) for cell in text.split("\t")]
        cells = [cell for cell in cells if cell]
        if cells:
            lines.append(cells)
    return lines


def _chunks(text: str) -> list[str]:
    """Split a long line at spaces into pieces of at most CHUNK characters.

    A run longer than CHUNK without a space is cut before a spacing character
    (never before a mark, SARA AM or LAKKHANGYAO), so every piece shapes as in
    the source. Pieces are rendered nowrap, one per line.
    """
    pieces, current = [], ""
    for word in text.split(" "):
        while len(word) > CHUNK:
            cut = CHUNK
            while cut > 1 and (
                word[cut] in "\u0e33\u0e45"
                or re.match(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", word[cut])
            ):
                cut -= 1
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:cut])
            word = word[cut:]
        if current and len(current) + 1 + len(word) > CHUNK:
            pieces.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        pieces.append(current)
    return pieces


def _seed_document(lines: list[list[str]]) -> tuple[str, list[str]]:
    """One block per rendered line; rows with tabs become table cells.

    Cells are stacked (one per table row): side by side, pypdf would put each
    cell on its own line and pdfplumber the whole row on one.
    """
    blocks, expected = [], []
    for cells in lines:
        if len(cells) == 1:
            for piece in _chunks(cells[0]):
                blocks.append(f'<div class="l">{html.escape(piece)}</div>')
                expected.append(piece)
        else:  # tab-separated row: one cell per table row, long cells in pieces
            rows = []
            for cell in cells:
                for piece in _chunks(cell):
                    rows.append(f"<tr><td>{html.escape(piece)}</td></tr>")
                    expected.append(piece)
            blocks.append(f"<table>{''.join(rows)}</table>")
    style = (
        "<style>@page{size:A3 landscape;margin:12mm}"
        "body{font-size:9pt;line-height:1.6}"
        ".l,td{white-space:nowrap}"
        "table{border-collapse:collapse;margin:0}td{border:0.5pt solid #888;padding:0 3pt}"
        "</style>"
    )
    return style + "".join(blocks), expected


def test_seed_corpus_round_trip():
    """Every seed's Thai text, line by line, through all three extractors.

    Covers every non-empty line of every seed (100% of the seed characters;
    about 90 s on two cores, most of it 001's ~5,000 lines). Lines
    are split at spaces into pieces of <= 100 characters, each its own nowrap
    block (or table cell for tab-separated rows) on A3 landscape at 9 pt, so
    each piece is exactly one PDF line. Run with ``pytest -s`` for the shares.
    """
    seeds = sorted(SEEDS_DIR.glob("*.txt"))
    assert len(seeds) >= 4, f"seed files missing from {SEEDS_DIR}"
    failures: list[str] = []
    total_chars = covered_chars = 0
    pdfjs_documents: list[dict] = []
    pdfjs_expected: list[tuple[str, list[str]]] = []
    for seed in seeds:
        lines = _plain_lines(seed)
        total_chars += sum(len(c) for cells in lines for c in cells)
        covered_chars += sum(len(c) for cells in lines for c in cells)
        document, expected = _seed_document(lines)
        pdf = render_pdf(document, title=seed.stem)
        for extractor in CORPUS_EXTRACTORS:
            _check_lines(seed.name, extractor, expected, extracted(pdf, extractor), failures)
        queries = _search_words(expected)
        pdfjs_documents += [
            {"pdf": pdf, "queries": queries},
            {"lines": expected, "queries": queries},
        ]
        pdfjs_expected.append((seed.name, expected))
    # pdf.js: one node process for every seed; each PDF's Ctrl-F counts must equal
    # the counts of the same find controller over the source lines.
    answers = pdfjs_run(pdfjs_documents)
    for number, (name, expected) in enumerate(pdfjs_expected):
        ours, source = answers[2 * number], answers[2 * number + 1]
        got = [line for line in map(normalise, pdfjs_page_lines(ours["pages"])) if line]
        baseless = [line for line in expected if _BASELESS_MARK.search(line)]
        if baseless:
            print(f"{name} pdfjs         {len(baseless)} line(s) with a mark after a space")
        expected = [_BASELESS_MARK.sub(r"\1 ", line) for line in expected]
        _check_lines(name, "pdfjs", expected, got, failures)
        wrong = {
            word: (count, source["counts"][word])
            for word, count in ours["counts"].items()
            if count != source["counts"][word]
        }
        found = sum(ours["counts"].values())
        print(
            f"{name} pdfjs find    {len(ours['counts']) - len(wrong)}/{len(ours['counts'])} "
            f"words with the source's count ({found} matches)"
        )
        if wrong:
            failures.append(
                f"{name} pdfjs find (found, in source): {dict(list(wrong.items())[:20])}"
            )
    print(f"corpus coverage: {100 * covered_chars / total_chars:.0f}% of seed characters")
    assert not failures, "\n\n".join(failures)


def _check_lines(name: str, extractor: str, expected, got, failures: list[str]) -> None:
    exact, diff = exact_share(expected, got)
    share = 100 * exact / len(expected)
    words = [word for line in expected for word in line.split(" ")]
    got_words = [word for line in got for word in line.split(" ")]
    exact_words, _ = exact_share(words, got_words)
    print(
        f"{name} {extractor:13} {exact}/{len(expected)} lines exact ({share:.1f}%), "
        f"{exact_words}/{len(words)} words ({100 * exact_words / len(words):.1f}%)"
    )
    if exact != len(expected):
        failures.append(f"{name} {extractor}: " + "\n".join(diff[:10]))


def _search_words(lines: list[str]) -> list[str]:
    """The seed's most frequent Thai words (>= 2 characters) and SEARCH_WORDS it has."""
    text = "\n".join(lines)
    counts = Counter(
        word.strip("()[]\"'“”‘’,.:;!?")
        for line in lines
        for word in line.split(" ")
        if _THAI.search(word)
    )
    frequent = [word for word, _ in counts.most_common() if len(word) >= 2]
    fixed = [word for word in SEARCH_WORDS if word in text]
    return list(dict.fromkeys(fixed + frequent[:SEARCHES_PER_SEED]))
