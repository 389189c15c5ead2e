"""Each layout's memory back as soon as its PDF is written (memory and a pause, not speed).

WeasyPrint 70's ``LayoutContext`` keeps ``partial(get_image_from_uri, context=self)``: a
reference cycle. Everything the layout holds (the computed style of every element, the
parsed HTML, the tables and text widths it cached: 264,000 objects for plan 001) outlives
the render until Python's cyclic collector walks it. That is a full collection of about
0.5 s of CPU, paid by whatever request next sets it off, and meanwhile the memory stays
taken: a process that rendered plan 001 five times in a row grew from 284 to 464 MB.

:func:`released` wraps a render. The contexts WeasyPrint makes during it are recorded and,
when it ends, their attributes are dropped, which breaks the cycle; reference counting then
frees the layout at once (about 0.03 s), and 26,000 objects (one in ten) are left to the
collector. It must be the end of the whole render, PDF written: an SVG image keeps the
context and draws with it. A render inside another (the front of a parallel render) leaves
its contexts to the outer one. The version pin is the one of :mod:`core.pdf.textlayer`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from core.pdf import textlayer  # noqa: F401  (WeasyPrint version pin)

from weasyprint.document import Document as _Document  # isort: skip

#: The contexts made so far by the render running in this thread (None: no render).
_made: ContextVar[list[Any] | None] = ContextVar("sujarit_layout_contexts", default=None)
_stock_build = _Document._build_layout_context.__func__


def _build_layout_context(cls, *args, **kwargs):
    context = _stock_build(cls, *args, **kwargs)
    made = _made.get()
    if made is not None:
        made.append(context)
    return context


_Document._build_layout_context = classmethod(_build_layout_context)


@contextmanager
def released() -> Iterator[None]:
    """Free the layouts made in the block when it ends (see the module's docstring)."""
    if _made.get() is not None:  # the outer render frees them
        yield
        return
    made: list[Any] = []
    token = _made.set(made)
    try:
        yield
    finally:
        _made.reset(token)
        for context in made:
            context.__dict__.clear()
