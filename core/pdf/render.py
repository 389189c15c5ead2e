"""HTML -> PDF rendering with WeasyPrint, Sarabun fonts and an exact Thai text layer.

``render_pdf()`` is the one entry point. It

* serves ``/static/...`` URLs from the project's ``static/`` directory on disk
  (never over HTTP; path traversal and every other scheme are refused, except
  ``data:`` URLs, which need no I/O);
* always adds ``static/css/fonts.css`` (Sarabun from ``static/fonts/`` only)
  and a default ``font-family: Sarabun``;
* applies :mod:`core.pdf.textlayer` so that Thai extracts exactly;
* tags the PDF (``pdf_variant="pdf/a-3u+ua-1"``, the portal's default, or ``"pdf/ua-1"``):
  headings, tables with header cells, lists and links in a structure tree, the language,
  the title shown in the window title bar, and links whose alternative text is the link's
  own text (see :func:`_link_alt_text`);
* reuses one ``FontConfiguration`` and the parsed base stylesheets per thread:
  building a Fontconfig configuration and registering the @font-face files
  is the largest fixed cost of a WeasyPrint render.
"""

from __future__ import annotations

import gc
import html as html_lib
import mimetypes
import re
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from core import stackchunks
from core.pdf import (
    linecache,  # noqa: F401  (each line of text broken once per render, applied on import)
    pangocache,  # noqa: F401  (shared Pango contexts, applied on import)
    release,
    textlayer,  # version pin + text layer patch, applied on import
)

from weasyprint import CSS, HTML  # isort: skip
from weasyprint.text.fonts import FontConfiguration  # isort: skip
from weasyprint.pdf.metadata import NS as _XMP_NS  # isort: skip
from weasyprint.pdf.metadata import DocumentMetadata  # isort: skip
import weasyprint.pdf as _wp_pdf  # isort: skip
import pydyf  # isort: skip
from weasyprint.urls import URLFetcher, URLFetcherResponse  # isort: skip

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
STATIC_DIR = PROJECT_ROOT / "static"
STATIC_PREFIX = "/static/"
#: Pseudo origin of the documents: ``.invalid`` never resolves, and the fetcher
#: maps it to ``STATIC_DIR`` instead of doing any network access.
BASE_URL = "https://sujarit.invalid/"
FONTS_CSS_URL = BASE_URL + "static/css/fonts.css"
#: ``pdf/a-3u+ua-1``: PDF/A-3u (archival) and PDF/UA-1 (tagged, accessible) in one file.
#: WeasyPrint writes one identification schema per variant; both standards build on PDF 1.7
#: and can coexist, so the file is written as PDF/A-3u with tags and its XMP also names
#: PDF/UA-1 (pdfuaid:part). ``pdf/ua-1`` alone is WeasyPrint's own variant.
PDF_VARIANTS = (None, "pdf/a-3u", "pdf/ua-1", "pdf/a-3u+ua-1")
ARCHIVAL_ACCESSIBLE = "pdf/a-3u+ua-1"

_BASE_CSS = """
html { font-family: Sarabun, sans-serif; }
"""
_LANDSCAPE_CSS = "@page { size: A4 landscape; }"


class StaticFileFetcher(URLFetcher):
    """Serve ``https://sujarit.invalid/static/...`` (and ``/static/...``) from disk.

    Anything else (other hosts, schemes, paths outside ``static/``) raises
    ``ValueError``; WeasyPrint then logs a warning and skips the resource.
    """

    def __init__(self, static_dir: Path = STATIC_DIR, **kwargs):
        super().__init__(allowed_protocols=("https", "data"), **kwargs)
        self.static_dir = Path(static_dir).resolve()

    def resolve(self, url: str) -> Path:
        """Return the file for ``url`` or raise ``ValueError``."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "https" or parts.netloc.lower() != urlsplit(BASE_URL).netloc:
            raise ValueError(f"Refusing to fetch {url!r}: only /static/ files are served")
        path = unquote(parts.path)
        if not path.startswith(STATIC_PREFIX) or "\\" in path or "\x00" in path:
            raise ValueError(f"Refusing to fetch {url!r}: not under /static/")
        relative = path[len(STATIC_PREFIX) :]
        if any(part in ("..", "") for part in relative.split("/")[:-1]) or not relative:
            raise ValueError(f"Refusing to fetch {url!r}: bad path")
        target = (self.static_dir / relative).resolve()
        if not target.is_relative_to(self.static_dir) or not target.is_file():
            raise ValueError(f"Refusing to fetch {url!r}: no such static file")
        return target

    def fetch(self, url, headers=None):
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        target = self.resolve(url)
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix.lower() == ".css":
            content_type = "text/css"
        return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": content_type})


class _Renderer(threading.local):
    """Per-thread cache: font configuration, fetcher and parsed base stylesheets."""

    def __init__(self):
        self.font_config: FontConfiguration | None = None

    def setup(self):
        if self.font_config is None:
            self.fetcher = StaticFileFetcher()
            self.font_config = FontConfiguration()
            self.stylesheets = [
                CSS(url=FONTS_CSS_URL, url_fetcher=self.fetcher, font_config=self.font_config),
                CSS(string=_BASE_CSS, font_config=self.font_config),
            ]
            self.landscape = CSS(string=_LANDSCAPE_CSS, font_config=self.font_config)
        return self


class _ArchivalAccessibleMetadata(DocumentMetadata):
    """Document metadata whose XMP names PDF/UA-1 beside the PDF/A identification."""

    def generate_rdf_metadata(self, variant, version, conformance):
        from xml.etree.ElementTree import SubElement, fromstring, tostring

        rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))
        description = SubElement(rdf, f"{{{_XMP_NS['rdf']}}}Description")
        description.attrib[f"{{{_XMP_NS['rdf']}}}about"] = ""
        description.attrib[f"{{{_XMP_NS['pdfuaid']}}}part"] = "1"
        return tostring(rdf, encoding="utf-8")


def _link_alt_text(box) -> str:
    """A link's alternative text: its ``aria-label`` or ``title``, else its own words."""
    element = getattr(box, "element", None)
    if element is None:
        return ""
    for attribute in ("aria-label", "title"):
        if element.get(attribute):
            return " ".join(element.get(attribute).split())
    return " ".join("".join(element.itertext()).split())


_stock_add_links = _wp_pdf.add_links


def _add_links(links_and_anchors, matrix, pdf, page, names, tags):
    """WeasyPrint's add_links; a tagged PDF's links get their text as /Contents (PDF/UA
    wants an alternative text; WeasyPrint 70 puts the bare URL or anchor name there)."""
    _stock_add_links(links_and_anchors, matrix, pdf, page, names, tags)
    if tags is None:
        return
    import pydyf

    for _type, target, _rect, box in links_and_anchors[0]:
        annotation = getattr(box, "link_annotation", None)
        if annotation is not None:
            alt = _link_alt_text(box)
            if alt and alt != target:
                annotation["Contents"] = pydyf.String(
                    f"{alt} ({target})" if "://" in target else alt
                )


_stock_add_tags = _wp_pdf.add_tags
#: Set by core.pdf.parallel in a worker: prefix of the tagged header cells' IDs.
_tag_ids = threading.local()
_SCOPES = {"row": "/Row", "both": "/Both"}


def _add_tags(pdf, document, pdf_version, page_streams):
    """WeasyPrint's structure tree; header cells also get their /Scope (Column unless the
    HTML says scope="row"), which checkers read to associate headers with data cells."""
    _stock_add_tags(pdf, document, pdf_version, page_streams)
    prefix = getattr(_tag_ids, "prefix", "")
    if prefix:  # one part of a parallel render: header cell IDs unique in the joined file
        import pydyf

        for obj in pdf.objects:
            if isinstance(obj, dict) and obj.get("Type") == "/StructElem":
                if "ID" in obj:
                    obj["ID"] = pydyf.String(prefix + obj["ID"].string)
                headers = obj.get("A", {}).get("Headers") if "A" in obj else None
                if headers:
                    obj["A"]["Headers"] = pydyf.Array(
                        pydyf.String(prefix + h.string) for h in headers
                    )
    for page in document.pages:
        for box in page._page_box.descendants():
            mark = getattr(box, "mark", None)
            if mark is not None and box.element_tag == "th" and "A" in mark:
                mark["A"]["Scope"] = _SCOPES.get(box.element.get("scope", ""), "/Column")


# pydyf serialises every object twice when it writes a file identifier (PDF/A): once to
# write it, once more to hash the file, compressing each stream again at zlib's slowest level.
# While a file is written nothing changes, so each object's bytes are kept for the second
# pass, and streams are compressed at level 6 (2 % larger, about twice as fast).
_pydyf_memo = threading.local()


def _memoized(stock):
    def data(self):
        if not getattr(_pydyf_memo, "on", False):
            return stock.fget(self)
        try:
            return self.__dict__["_sujarit_data"]
        except KeyError:
            value = self.__dict__["_sujarit_data"] = stock.fget(self)
            return value

    return property(data)


for _cls in (pydyf.Dictionary, pydyf.Stream, pydyf.Array):
    _cls.data = _memoized(_cls.__dict__["data"])
_stock_pdf_write = pydyf.PDF.write


def _pdf_write(self, *args, **kwargs):
    _pydyf_memo.on = True
    try:
        return _stock_pdf_write(self, *args, **kwargs)
    finally:
        _pydyf_memo.on = False


class _Zlib6:
    """pydyf's zlib, compressing streams at level 6 instead of 9."""

    compress = staticmethod(zlib.compress)

    @staticmethod
    def compressobj(level=9, *args, **kwargs):
        return zlib.compressobj(6, *args, **kwargs)


def _page_references(self):
    """pydyf's ``PDF.page_references``, built once per page count instead of at every call:
    WeasyPrint's tagging asks for it for every structure element (O(pages x elements))."""
    kids = self.pages["Kids"]
    cached = self.__dict__.get("_sujarit_page_references")
    if cached is None or cached[0] != len(kids):
        cached = self.__dict__["_sujarit_page_references"] = (
            len(kids),
            tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]),
        )
    return cached[1]


pydyf.PDF.page_references = property(_page_references)
pydyf.PDF.write = _pdf_write
pydyf.zlib = _Zlib6
_wp_pdf.add_links = _add_links
_wp_pdf.add_tags = _add_tags
_renderer = _Renderer()
# WeasyPrint's layout recursion crosses CPython's frame-stack chunk edges 47,000 times a plan.
stackchunks.install()
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)


def _as_document(html: str, title: str, lang: str) -> str:
    """Wrap a fragment in a full document; give ``<html>`` a ``lang`` if missing."""
    match = _HTML_TAG.search(html, 0, 4096)
    if match is None:
        return (
            f'<!doctype html><html lang="{html_lib.escape(lang)}"><head>'
            f'<meta charset="utf-8"><title>{html_lib.escape(title)}</title></head>'
            f"<body>{html}</body></html>"
        )
    if re.search(r"\blang\s*=", match.group(0), re.IGNORECASE):
        return html
    tag = match.group(0)
    return html.replace(tag, f'{tag[:-1]} lang="{html_lib.escape(lang)}">', 1)


#: Garbage collector thresholds while a PDF renders. WeasyPrint allocates millions of
#: short-lived objects (boxes, styles, glyph strings) that reference counting frees, yet with
#: Python's default thresholds (700, 10, 10) they set off about 900 collections per plan,
#: each walking the young objects, and several full ones walking the whole process (Django,
#: the parsed document): 10-15 % of a render's CPU. Thresholds of (50 000, 20, 100) left a
#: dozen young collections, still 0.26-0.43 s of a plan's 5-6 CPU-s, and each of them found
#: little: what a render leaves in reference cycles is its layout context, which
#: core.pdf.release breaks once the PDF is written. So a render runs with automatic collection
#: off (a threshold of 0), for 5 MB more peak memory on plan 001 (258 -> 263 MB); the previous
#: thresholds come back when the last render ends (bench figures in docs/pdf-layout.md).
RENDER_GC_THRESHOLDS = (0, 0, 0)
_gc_lock = threading.Lock()
_gc_state: dict = {"renders": 0, "saved": None}


@contextmanager
def relaxed_gc() -> Iterator[None]:
    """Run the block with RENDER_GC_THRESHOLDS (nested and concurrent renders share them)."""
    with _gc_lock:
        if _gc_state["renders"] == 0:
            _gc_state["saved"] = gc.get_threshold()
            gc.set_threshold(*RENDER_GC_THRESHOLDS)
        _gc_state["renders"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_state["renders"] -= 1
            if _gc_state["renders"] == 0:
                gc.set_threshold(*_gc_state["saved"])


def render_pdf(
    html: str,
    *,
    title: str,
    author: str = "",
    lang: str = "th",
    landscape: bool = False,
    pdf_variant: str | None = None,
    parallel: bool | None = None,
) -> bytes:
    """Render ``html`` (a document or a fragment) to PDF bytes.

    ``/static/...`` URLs resolve to files in ``static/``. ``landscape`` forces
    A4 landscape pages. ``pdf_variant`` is one of ``PDF_VARIANTS``; the tagged ones
    (``"pdf/ua-1"``, ``"pdf/a-3u+ua-1"``) add the structure tree for screen readers.

    A large document marked in parts (``<!--pdf-part-->``) renders on every core
    (:mod:`core.pdf.parallel`) unless ``parallel`` is False; ``None`` decides by size.
    """
    if pdf_variant not in PDF_VARIANTS:
        raise ValueError(f"Unsupported pdf_variant {pdf_variant!r}, use one of {PDF_VARIANTS}")
    with relaxed_gc(), release.released():
        return _render_pdf(
            _as_document(html, title, lang),
            title=title,
            author=author,
            lang=lang,
            landscape=landscape,
            pdf_variant=pdf_variant,
            parallel=parallel,
        )


def _render_pdf(
    document: str,
    *,
    title: str,
    author: str,
    lang: str,
    landscape: bool,
    pdf_variant: str | None,
    parallel: bool | None,
) -> bytes:
    if parallel is not False:
        from core.pdf import parallel as pdf_parallel

        if parallel or pdf_parallel.worth_it(document):
            data = pdf_parallel.render_parallel(
                document,
                title=title,
                author=author,
                lang=lang,
                landscape=landscape,
                pdf_variant=pdf_variant,
            )
            if data is not None:
                return data
    return write_document(
        render_document(document, landscape=landscape),
        title=title,
        author=author,
        lang=lang,
        pdf_variant=pdf_variant,
    )


def render_document(document: str, *, landscape: bool = False, extra_css: str = ""):
    """Lay out a full HTML ``document`` (a WeasyPrint Document)."""
    renderer = _renderer.setup()
    stylesheets = list(renderer.stylesheets)
    if landscape:
        stylesheets.append(renderer.landscape)
    if extra_css:
        stylesheets.append(CSS(string=extra_css, font_config=renderer.font_config))
    return HTML(string=document, base_url=BASE_URL, url_fetcher=renderer.fetcher).render(
        stylesheets=stylesheets, font_config=renderer.font_config
    )


def write_document(document, *, title: str, author: str, lang: str, pdf_variant: str | None):
    """The PDF bytes of a laid out Document, with its metadata and variant."""
    document.metadata.title = title
    document.metadata.authors = [author] if author else []
    document.metadata.lang = lang
    with textlayer.lines_drawn_once():
        if pdf_variant == ARCHIVAL_ACCESSIBLE:
            document.metadata.__class__ = _ArchivalAccessibleMetadata
            return document.write_pdf(pdf_variant="pdf/a-3u", pdf_tags=True)
        return document.write_pdf(pdf_variant=pdf_variant)
