"""Text widths of WeasyPrint's min-/max-content measures computed once per render (speed only).

To find the min-content width of a box (the width of its widest unbreakable piece), WeasyPrint
70 lays its text out again from every break opportunity to the end
(``weasyprint.layout.preferred.inline_line_widths``): one Pango layout per piece, each of the
whole remaining text. The same measures are asked for again and again with the same text and
the same style: the running head in the page-margin box of every page (its min- and
max-content widths are measured on each of the 125 pages of plan 001), the repeated cells
of the plans' tables ("-", the quarter markers ๑ ๒ ๓ ๔...). Measured once, they were 60 % of
those calls (plan 001: 9 600 calls, 3 100 different).

:func:`split_first_line` replaces the name ``split_first_line`` in
``weasyprint.layout.preferred`` only, whose one use (``inline_line_widths``) keeps the
resume index and the width of the result and drops the rest (the Pango layout, its length,
height and baseline). It returns WeasyPrint's own result the first time and the same two
numbers for every later call with the same text, style object, width, justification
spacing, line start and minimum flag, within one layout (the cache lives on WeasyPrint's
``LayoutContext``; the style is kept alive by the cache, so its id cannot be reused).
``split_first_line`` reads nothing else: the style's properties, the context's hyphenation
dictionaries (themselves a cache) and Pango.

The widths are the same floats, so the layout and the PDF are the same byte for byte
(tests/test_pdf_speed.py). :func:`remove` restores WeasyPrint's function. The version pin
is the one of :mod:`core.pdf.textlayer`.
"""

from __future__ import annotations

from core.pdf import textlayer  # noqa: F401  (WeasyPrint version pin)

from weasyprint.layout import preferred as _preferred  # isort: skip
from weasyprint.text.line_break import split_first_line as _stock_split_first_line  # isort: skip

_ATTRIBUTE = "_sujarit_split_first_line"


def split_first_line(
    text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False
):
    """``split_first_line`` for ``inline_line_widths``: only the resume index and width
    (third and fourth items) are meaningful, the others are None when answered from the
    cache."""
    cache = getattr(context, _ATTRIBUTE, None)
    if cache is None:
        cache = {}
        setattr(context, _ATTRIBUTE, cache)
    key = (text, id(style), max_width, justification_spacing, is_line_start, minimum)
    found = cache.get(key)
    if found is not None:
        return None, None, found[1], found[2], None, None
    result = _stock_split_first_line(
        text, style, context, max_width, justification_spacing, is_line_start, minimum
    )
    cache[key] = (style, result[2], result[3])
    return result


def apply() -> None:
    _preferred.split_first_line = split_first_line


def remove() -> None:
    _preferred.split_first_line = _stock_split_first_line


def is_applied() -> bool:
    return _preferred.split_first_line is split_first_line


apply()
