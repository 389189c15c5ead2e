"""Render a large document on every core: its parts in parallel processes, joined exactly.

A template marks where its document may be cut with ``<!--pdf-part-->`` before blocks that
start a new page (plans/pdf/plan.html: the parts and every project sheet). Everything before
the first mark is the *front* (cover, foreword, สารบัญ); the rest is cut into one *chunk* per
worker, of about equal layout cost (:func:`cost`: characters and elements). Then

1. each chunk is laid out by WeasyPrint in a forked process (fork: the parent's fonts and
   stylesheets are ready, nothing is imported again). Once its pages are made, and before
   their page-margin boxes are, the worker reports its page count and the page of every
   anchor the front links to, and waits;
2. the parent lays out the front meanwhile (the same way, to count its pages), then sends
   each worker the number of its first page and the document's page count: the margin
   boxes ("หน้า ๑๒ / ๑๒๕") are made with those numbers, exactly as in one render;
3. the workers draw and write their PDFs. Once the first is done, the parent lays out the
   front again on the core it left, with the page numbers of the สารบัญ written in
   (``target-counter()`` cannot see other processes' pages);
4. :class:`Joiner` appends the chunks' pages to the front's file (pikepdf) in order, each as
   soon as it is there, with their bookmarks, named destinations and structure trees (tags
   renumbered), keeping the front's catalog: language, metadata (PDF/A and PDF/UA
   identification), output intent.

Each chunk has its own font subsets, so the Thai text layer of every page is the one a single
render makes (tests/test_pdf_parallel.py compares them page by page). Anything unexpected
(a worker dies, a page count changes between the two front layouts) returns None and the
caller renders the document in one process.
"""

from __future__ import annotations

import gc
import io
import logging
import multiprocessing
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

logger = logging.getLogger(__name__)

MARK = "<!--pdf-part-->"
#: Below this much HTML one process is as fast (forking and joining cost about 0.3 s).
MIN_HTML_BYTES = 60 * 1024
#: A worker that sends nothing for this long is given up (the caller renders serially).
WORKER_TIMEOUT_S = 300

_RUNNING_HEAD = re.compile(r'<div class="running-head">.*?</div>', re.DOTALL)
_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body>", re.IGNORECASE)
#: A rule whose content holds a page number of a link target (the สารบัญ).
#: Each rule starts right after a brace or at the start of a style sheet: without that
#: anchor the selector's lazy group was tried from every character of the front (0.2-0.3 s).
_TARGET_RULE = re.compile(
    r"(?:^|(?<=[{}]))([^{}]*?)(::?(?:after|before))\s*\{\s*content:\s*([^;{}]*?)"
    r"target-counter\(\s*attr\(href\)\s*,\s*page\s*(?:,\s*([\w-]+)\s*)?\)([^;{}]*);"
)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
_HREF = re.compile(r'href="#([^"]+)"')
#: Chunks after the first page of the document keep the running head on their first page.
#: (Extra stylesheets are of the user origin: !important to win over the document's rules.)
_CHUNK_CSS = "@page :first { @top-right { content: element(runninghead) !important; } }"


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def worth_it(document: str) -> bool:
    return (
        cores() > 1
        and len(document) >= MIN_HTML_BYTES
        and document.count(MARK) >= 2
        and "fork" in multiprocessing.get_all_start_methods()
    )


@dataclass
class Split:
    front: str  # a full HTML document: everything before the first mark
    chunks: list[str]  # full HTML documents, one per worker
    wanted: set[str]  # anchors the front links to


#: What an element costs to lay out, in characters of HTML (see cost()).
ELEMENT_COST = 56


def cost(html: str) -> int:
    """About how long `html` takes to lay out, in characters: each element (its style
    cascade, its box, its line and table layout) costs as much as ELEMENT_COST characters.

    Fitted on plan 001's parts laid out alone (about 4.5 µs a character and 250 µs an
    element): its part 2 (the summary and items tables, 3 700 elements in 58 000 characters)
    takes 15 times as long as a project sheet of 4 400 characters with 96 elements. Counting
    characters alone put part 2 and its neighbours in a chunk that took 1.5 times as long to
    lay out as the other, and every worker waits for the slowest one's page count before
    numbering its pages."""
    return len(html) + ELEMENT_COST * html.count("<")


def split(document: str, n: int) -> Split | None:
    """The front and `n` (at most) chunks of about equal cost (see cost()); None if not
    splittable."""
    body = _BODY_OPEN.search(document)
    close = _BODY_CLOSE.search(document)
    if body is None or close is None or MARK not in document:
        return None
    head_end = body.end()
    running = _RUNNING_HEAD.match(document, head_end) or _RUNNING_HEAD.match(
        document, head_end + len(document[head_end:]) - len(document[head_end:].lstrip())
    )
    prefix = document[: running.end()] if running else document[:head_end]
    suffix = document[close.start() :]
    inner = document[len(prefix) : close.start()]
    pieces = inner.split(MARK)
    front_html, segments = pieces[0], pieces[1:]
    if not segments:
        return None
    n = max(1, min(n, len(segments)))
    costs = [cost(s) for s in segments]
    total = sum(costs)
    chunks: list[list[str]] = [[]]
    size = 0
    for index, segment in enumerate(segments):
        remaining = len(segments) - index
        # A chunk ends where its cost is nearest to its share: before this segment if
        # more than half of it would pass the share.
        if (
            chunks[-1]
            and len(chunks) < n
            and (size + costs[index] / 2 >= total * len(chunks) / n or remaining <= n - len(chunks))
        ):
            chunks.append([])
        chunks[-1].append(segment)
        size += costs[index]
    wanted = set(_HREF.findall(front_html))
    return Split(
        front=prefix + front_html + suffix,
        chunks=[prefix + "".join(chunk) + suffix for chunk in chunks],
        wanted=wanted,
    )


# ---------------------------------------------------------------- page numbers of a part

_numbering = threading.local()


def _install_layout_hook() -> None:
    """Wrap weasyprint.layout.layout_fixed_boxes, called once the pages are made and just
    before each page's margin boxes: the moment to set the page counters of a part."""
    import weasyprint.layout as wl

    if getattr(wl.layout_fixed_boxes, "_sujarit_part_hook", False):
        return
    stock = wl.layout_fixed_boxes

    def layout_fixed_boxes(context, pages, containing_page):
        hook = getattr(_numbering, "hook", None)
        if hook is not None and getattr(_numbering, "context", None) is not context:
            if not pages and containing_page is not None:
                _numbering.first = containing_page
            else:
                _numbering.context = context
                all_pages = [_numbering.first, *pages]
                first, total = hook(all_pages)
                for index in range(len(all_pages)):
                    counters = context.page_maker[index + 1][3][1]
                    counters["page"] = [first + index]
                    counters["pages"] = [total]
        return stock(context, pages, containing_page)

    # A marker on the replacement function: mypy has no function attributes (setattr).
    setattr(layout_fixed_boxes, "_sujarit_part_hook", True)  # noqa: B010
    wl.layout_fixed_boxes = layout_fixed_boxes


def _anchor_pages(pages, wanted: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    if not wanted:
        return found
    for index, page in enumerate(pages):
        for box in page.descendants():
            element = box.element
            if element is not None and box.element_tag and element.get("id") in wanted:
                found.setdefault(element.get("id"), index)
        if len(found) == len(wanted):
            break
    return found


def _laid_out(document: str, *, landscape: bool, extra_css: str, hook):
    from core.pdf.render import render_document

    _install_layout_hook()
    _numbering.hook, _numbering.context, _numbering.first = hook, None, None
    try:
        return render_document(document, landscape=landscape, extra_css=extra_css)
    finally:
        _numbering.hook = _numbering.context = _numbering.first = None


def _worker(conn, document, index, wanted, landscape, meta) -> None:
    """In a forked process: lay out one chunk, report, wait for its numbers, write."""
    from core.pdf import render

    # The parent's objects are never garbage here: the collector leaves them alone (no walk
    # over the whole Django process, no copy-on-write of its pages).
    gc.freeze()
    try:

        def hook(pages):
            conn.send(("pages", len(pages), _anchor_pages(pages, wanted)))
            return conn.recv()

        laid_out = _laid_out(document, landscape=landscape, extra_css=_CHUNK_CSS, hook=hook)
        render._tag_ids.prefix = f"p{index}-"
        conn.send(("pdf", render.write_document(laid_out, **meta), _bookmarks(laid_out)))
    except BaseException as exc:
        conn.send(("error", repr(exc)))
    finally:
        conn.close()


def _bookmarks(document) -> list:
    """Per page: its height and bookmarks (level, label, point, state), to rebuild the
    outline of the joined file as WeasyPrint builds it for one document."""
    return [(page.height, list(page.bookmarks)) for page in document.pages]


def _digits(number: int, style: str | None) -> str:
    from core import thai

    return thai.digits(number, "thai" if style == "thai" else "arabic")


def _toc_css(front: str, pages: dict[str, int]) -> str:
    """Rules that write the page numbers of anchors found in other parts into the front."""
    rules = []
    found = [rule for css in _STYLE.findall(front) for rule in _TARGET_RULE.findall(css)]
    for selector, pseudo, before, style, after in found:
        selector = selector.strip()
        for anchor, page in pages.items():
            value = f'"{_digits(page, style)}"'
            rules.append(
                f'{selector}[href="#{anchor}"]{pseudo} {{ content: {before}{value}{after} !important; }}'
            )
    return "\n".join(rules)


class _Meta(TypedDict):
    """The keyword arguments of render.write_document."""

    title: str
    author: str
    lang: str
    pdf_variant: str | None


def render_parallel(
    document: str,
    *,
    title: str,
    author: str,
    lang: str,
    landscape: bool,
    pdf_variant: str | None,
    workers: int | None = None,
) -> bytes | None:
    """The PDF of `document` rendered on `workers` processes (default: every core)."""
    from core.pdf import render

    parts = split(document, workers or cores())
    if parts is None or len(parts.chunks) < 2:
        return None
    meta: _Meta = {"title": title, "author": author, "lang": lang, "pdf_variant": pdf_variant}
    render._renderer.setup()  # fonts and stylesheets ready before forking
    context = multiprocessing.get_context("fork")
    processes, conns = [], []
    try:
        for index, chunk in enumerate(parts.chunks, start=1):
            parent_conn, child_conn = context.Pipe()
            process = context.Process(
                target=_worker,
                args=(child_conn, chunk, index, parts.wanted, landscape, meta),
                daemon=True,
            )
            process.start()
            child_conn.close()
            processes.append(process)
            conns.append(parent_conn)

        # The front's length, laid out with placeholder anchors (its links must resolve).
        outside = sorted(a for a in parts.wanted if f'id="{a}"' not in parts.front)
        placeholders = "".join(f'<span id="{a}"></span>' for a in outside)
        front_doc = _with_body_end(parts.front, placeholders)
        counted = {}

        def count_front(pages):
            counted["pages"] = len(pages)
            return 1, len(pages)

        _laid_out(front_doc, landscape=landscape, extra_css="", hook=count_front)
        front_pages = counted["pages"]

        counts: list[int] = []
        anchors: dict[str, int] = {}
        for conn in conns:
            kind, *payload = _receive(conn)
            if kind != "pages":
                raise RuntimeError(f"worker: {payload}")
            counts.append(payload[0])
            for name, page in payload[1].items():  # the first of equal anchors, as in one render
                anchors.setdefault(name, sum(counts[:-1]) + page)
        total = front_pages + sum(counts)
        first = front_pages + 1
        for conn, count in zip(conns, counts, strict=True):
            conn.send((first, total))
            first += count

        # The front again, its สารบัญ numbers written in, its pages numbered of `total`: once
        # the first worker is done, on the core it leaves (until then both cores lay out
        # and draw the chunks). The files are joined in order as they come.
        absolute = {name: front_pages + 1 + page for name, page in anchors.items()}
        waiting = dict(zip(conns, range(len(conns)), strict=True))
        done: dict[int, list] = {}
        joiner: Joiner | None = None
        bookmarks: list = []
        appended = 0
        while waiting:
            for conn in _ready(list(waiting)):
                kind, *payload = conn.recv()
                if kind != "pdf":
                    raise RuntimeError(f"worker: {payload}")
                done[waiting.pop(conn)] = payload
            if joiner is None:
                front_final = _laid_out(
                    front_doc,
                    landscape=landscape,
                    extra_css=_toc_css(parts.front, absolute),
                    hook=lambda pages: (1, total),
                )
                if len(front_final.pages) != front_pages:
                    raise RuntimeError("the front changed length with its page numbers")
                joiner = Joiner(render.write_document(front_final, **meta), placeholders=outside)
                bookmarks += _bookmarks(front_final)
            while appended in done:
                pdf, chunk_bookmarks = done.pop(appended)
                joiner.append(pdf)
                bookmarks += chunk_bookmarks
                appended += 1
        assert joiner is not None and appended == len(conns)
        return joiner.finish(bookmarks)
    except Exception:
        logger.exception("Parallel PDF render failed; rendering in one process")
        return None
    finally:
        for conn in conns:
            conn.close()
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()


def _receive(conn):
    return _ready([conn])[0].recv()


def _ready(conns: list) -> list:
    """The workers' connections with a message waiting (at least one)."""
    from multiprocessing.connection import wait

    ready = wait(conns, timeout=WORKER_TIMEOUT_S)
    if not ready:
        raise TimeoutError("PDF worker sent nothing")
    return ready


def _with_body_end(document: str, html: str) -> str:
    close = _BODY_CLOSE.search(document)
    assert close is not None, "the front or a chunk of split(), which end with </body>"
    return document[: close.start()] + html + document[close.start() :]


# ---------------------------------------------------------------- joining the files


def join_pdfs(
    parts: list[bytes], *, bookmarks: list | None = None, placeholders: Sequence[str] = ()
) -> bytes:
    """One PDF: the first file with the pages, named destinations and structure trees of the
    others appended. Of equal destination names the first wins, as in one render, except
    the first file's `placeholders`. `bookmarks` (per page of the joined file, see
    _bookmarks) replaces the parts' outlines by one tree."""
    joiner = Joiner(parts[0], placeholders=placeholders, outlines=bookmarks is None)
    for data in parts[1:]:
        joiner.append(data)
    return joiner.finish(bookmarks)


class Joiner:
    """join_pdfs one file at a time: the first, then each other in order as it is ready,
    then finish() writes the whole."""

    def __init__(self, first: bytes, *, placeholders: Sequence[str] = (), outlines=False):
        import pikepdf

        self.out = pikepdf.open(io.BytesIO(first))
        self.tree = self.out.Root.get("/StructTreeRoot")
        self.next_key = _next_key(self.tree) if self.tree is not None else 0
        self.dests = _dests(self.out.Root)
        self.replaceable = set(placeholders)
        self.outlines = outlines  # append each file's outline (no bookmarks at finish)

    def append(self, data: bytes) -> None:
        import pikepdf

        out, tree = self.out, self.tree
        src = pikepdf.open(io.BytesIO(data))
        offset = len(out.pages)
        # Structure elements point up to their part's /Document: cut there before copying.
        src_tree = src.Root.get("/StructTreeRoot")
        kids = []
        if tree is not None and src_tree is not None:
            document = src_tree.K[0] if isinstance(src_tree.K, pikepdf.Array) else src_tree.K
            kids = list(document.K) if isinstance(document.K, pikepdf.Array) else [document.K]
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary) and "/P" in kid:
                    del kid["/P"]
        out.pages.extend(src.pages)
        if tree is not None and src_tree is not None:
            base = self.next_key
            for page in out.pages[offset:]:
                if "/StructParents" in page.obj:
                    page.obj.StructParents = int(page.obj.StructParents) + base
                for annot in page.obj.get("/Annots", []):
                    if "/StructParent" in annot:
                        annot.StructParent = int(annot.StructParent) + base
            nums = tree.ParentTree.Nums
            # The whole number tree in one copy (one copy_foreign per value was the most
            # expensive part of the join).
            src_nums = out.copy_foreign(src.make_indirect(src_tree.ParentTree.Nums))
            for i in range(0, len(src_nums), 2):
                key = int(src_nums[i]) + base
                nums.append(key)
                nums.append(src_nums[i + 1])
                self.next_key = max(self.next_key, key + 1)
            top = tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K
            for kid in kids:
                copied = out.copy_foreign(kid)
                copied.P = top
                top.K.append(copied)
            if "/ParentTreeNextKey" in tree:
                tree.ParentTreeNextKey = self.next_key
        if self.outlines:
            _append_outlines(out, src)
        for name, dest in _dests(src.Root).items():
            if name not in self.dests or name in self.replaceable:
                self.dests[name] = _copy(out, dest)
                self.replaceable.discard(name)

    def finish(self, bookmarks: list | None = None) -> bytes:
        import pikepdf

        out, root = self.out, self.out.Root
        if bookmarks is not None:
            _set_outlines(out, bookmarks)
        if self.dests:
            names = pikepdf.Array()
            for name in sorted(self.dests):
                names.append(pikepdf.String(name))
                names.append(self.dests[name])
            if "/Names" not in root:
                root.Names = pikepdf.Dictionary()
            root.Names.Dests = out.make_indirect(pikepdf.Dictionary(Names=names))
        buffer = io.BytesIO()
        # The structure tree's thousands of small objects go into compressed object streams,
        # as WeasyPrint writes them: saved one by one they would triple the file's size.
        out.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return buffer.getvalue()


def _copy(out, obj):
    """`obj` of another file in `out` (copy_foreign wants indirect objects: copy a direct
    array or dictionary item by item; the same object is copied once per source file)."""
    import pikepdf

    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return out.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(out, item) for item in obj])
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(out, value) for key, value in obj.items()})
    return obj


def _next_key(tree) -> int:
    nums = tree.ParentTree.get("/Nums", [])
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    return max(keys, default=-1) + 1


def _dests(root) -> dict:
    if "/Names" not in root or "/Dests" not in root.Names:
        return {}
    names = root.Names.Dests.get("/Names", [])
    return {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}


def _set_outlines(out, pages: list) -> None:
    """The outline of the whole file, built by WeasyPrint's own algorithm (levels that skip
    a depth, closed entries) from every page's bookmarks."""
    from types import SimpleNamespace

    import pikepdf
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    scale = 0.75  # write_pdf's zoom 1: CSS px to PDF points
    tree: list = []
    skipped: list = []
    last_by_depth = [tree]
    previous = 0
    for number, (height, marks) in enumerate(pages):
        matrix = Matrix(a=scale, d=-scale, f=height * scale)
        page = SimpleNamespace(bookmarks=marks, height=height)
        previous = make_page_bookmark_tree(page, skipped, last_by_depth, previous, number, matrix)
    if "/Outlines" in out.Root:
        del out.Root["/Outlines"]
    if not tree:
        return
    page_objs = [page.obj for page in out.pages]

    def build(items, parent):
        made: list[pikepdf.Object] = []
        count = len(items)
        for label, (number, x, y), children, state in items:
            item = out.make_indirect(
                pikepdf.Dictionary(
                    Title=pikepdf.String(label),
                    Dest=pikepdf.Array([page_objs[number], pikepdf.Name.XYZ, x, y, 0]),
                    Parent=parent,
                )
            )
            kids, kids_count = build(children, item)
            item.Count = -kids_count if state == "closed" else kids_count
            if state != "closed":
                count += kids_count
            if kids:
                item.First, item.Last = kids[0], kids[-1]
            if made:
                item.Prev = made[-1]
                made[-1].Next = item
            made.append(item)
        return made, count

    outlines = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    made, count = build(tree, outlines)
    outlines.First, outlines.Last, outlines.Count = made[0], made[-1], count
    out.Root.Outlines = outlines


def _append_outlines(out, src) -> None:
    import pikepdf

    if "/Outlines" not in src.Root or "/First" not in src.Root.Outlines:
        return
    items = []
    item = src.Root.Outlines.First
    while True:
        items.append(item)
        if "/Next" not in item:
            break
        item = item.Next
    for item in items:  # cut the links to the part's outline root before copying
        for key in ("/Parent", "/Prev", "/Next"):
            if key in item:
                del item[key]
    copied = [out.copy_foreign(item) for item in items]
    if "/Outlines" not in out.Root:
        out.Root.Outlines = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    outlines = out.Root.Outlines
    previous = outlines.get("/Last")
    for item in copied:
        item.Parent = outlines
        if previous is not None:
            previous.Next = item
            item.Prev = previous
        else:
            outlines.First = item
        previous = item
    outlines.Last = previous
    outlines.Count = int(outlines.get("/Count", 0)) + int(src.Root.Outlines.get("/Count", 0))
