"""Each line of text broken once per render, however often WeasyPrint asks (speed only).

WeasyPrint 70 breaks text into lines with ``split_first_line`` (Pango shapes the text and
finds where the first line ends), and asks again for the same line with the same text and
the same text style again and again:

* for the min-/max-content widths of a box (``weasyprint.layout.preferred``): the text is
  laid out again from every break opportunity to its end, on every page for the running
  head of the page-margin box, for every repeated table cell ("-", ๑ ๒ ๓ ๔);
* for the lines themselves (``weasyprint.layout.inline``): the running head and the page
  number on every page, every ``<br>`` ("\\n"), every space between two inline elements, the
  headings repeated on each project sheet ("๕. วิธีดำเนินการ"), the quarter markers.

Plan 001 asked 17,200 times for 5,300 different lines; the repeats were about a tenth of a
cold render's CPU.

:func:`split_first_line` replaces the name in both modules. It answers from a cache kept on
WeasyPrint's ``LayoutContext`` (one render, freed with it by :mod:`core.pdf.release`), keyed
by the text, the width, the justification spacing, the line-start and minimum flags and the
*text style*: the values of :data:`TEXT_PROPERTIES`, the only properties ``split_first_line``
reads (fonts, language, direction, spacing, white space, wrapping, hyphenation, tab size,
text decoration: found by recording the style's reads, and checked again by
tests/test_pdf_speed.py). Two elements of the same text style (a ๑ in bold in two cells)
share one answer although they have different style objects; the colour, borders and boxes
of an element are not part of it. The context gives the hyphenation dictionaries, the same
for the whole render.

The line height of a style (:func:`strut`, asked for each line box and text box) is kept on
the style object the same way.

The answer's Pango layout has been deactivated by WeasyPrint (a record of its text and
metrics; drawing rebuilds it with the box's own style): each caller gets its own copy, so
drawing, which may change a layout's text (ellipsis), touches no other box's. The widths are
the same floats, so the layout and the PDF are the same byte for byte
(tests/test_pdf_speed.py). :func:`remove` restores WeasyPrint's function. The version pin is
the one of :mod:`core.pdf.textlayer`.
"""

from __future__ import annotations

from core.pdf import textlayer  # noqa: F401  (WeasyPrint version pin)

from weasyprint.layout import inline as _inline  # isort: skip
from weasyprint.layout import preferred as _preferred  # isort: skip
from weasyprint.text.line_break import split_first_line as _stock_split_first_line  # isort: skip
from weasyprint.text.line_break import strut as _stock_strut  # isort: skip

_ATTRIBUTE = "_sujarit_lines"

#: Every style property WeasyPrint 70's split_first_line (and the Pango layout it makes)
#: reads; tests/test_pdf_speed.py records the reads and fails on one missing here.
TEXT_PROPERTIES = (
    "direction",
    "font_family",
    "font_feature_settings",
    "font_kerning",
    "font_language_override",
    "font_size",
    "font_stretch",
    "font_style",
    "font_variant_alternates",
    "font_variant_caps",
    "font_variant_east_asian",
    "font_variant_ligatures",
    "font_variant_numeric",
    "font_variant_position",
    "font_variation_settings",
    "font_weight",
    "hyphenate_character",
    "hyphenate_limit_chars",
    "hyphenate_limit_zone",
    "hyphens",
    "lang",
    "letter_spacing",
    "overflow_wrap",
    "tab_size",
    "text_decoration_line",
    "white_space",
    "word_break",
    "word_spacing",
)


def _hashable(value):
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(_hashable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, _hashable(item)) for key, item in value.items()))
    return value


_TEXT_STYLE = "_sujarit_text_style"


def text_style(style) -> tuple:
    """What of `style` a line's breaking depends on (see TEXT_PROPERTIES), kept on the style
    object: styles are not changed once layout starts (only the box tree's build sets some),
    as for :func:`strut`. The line cache and the text layer's drawn lines both key on it."""
    found = style.__dict__.get(_TEXT_STYLE)
    if found is None:
        found = style.__dict__[_TEXT_STYLE] = tuple(
            _hashable(style[name]) for name in TEXT_PROPERTIES
        )
    return found


def split_first_line(
    text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False
):
    """WeasyPrint's ``split_first_line``, each different question answered once per render."""
    answers = getattr(context, _ATTRIBUTE, None)
    if answers is None:
        answers = {}
        setattr(context, _ATTRIBUTE, answers)
    key = (text, text_style(style), max_width, justification_spacing, is_line_start, minimum)
    answer = answers.get(key)
    if answer is None:
        answer = _stock_split_first_line(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
        answers[key] = (_copy(answer[0]), *answer[1:])
        return answer
    return (_copy(answer[0]), *answer[1:])


def _copy(layout):
    """A copy of a deactivated WeasyPrint layout (its attributes are plain values; the
    generic copy.copy took 2 % of a render)."""
    copied = object.__new__(type(layout))
    copied.__dict__.update(layout.__dict__)
    return copied


_STRUT = "_sujarit_strut"


def strut(style):
    """WeasyPrint's ``strut`` (a style's line height and baseline) once per style object.

    WeasyPrint caches it by a string it builds from 16 properties at each of the 14,000 calls
    of plan 001 (2 % of a render). Styles are not changed once layout starts (only the box
    tree's build sets some), so the answer is kept on the style object itself."""
    found = style.__dict__.get(_STRUT)
    if found is None:
        found = style.__dict__[_STRUT] = _stock_strut(style)
    return found


def apply() -> None:
    _inline.split_first_line = split_first_line
    _preferred.split_first_line = split_first_line
    _inline.strut = strut


def remove() -> None:
    _inline.split_first_line = _stock_split_first_line
    _preferred.split_first_line = _stock_split_first_line
    _inline.strut = _stock_strut


def is_applied() -> bool:
    return (
        _inline.split_first_line is split_first_line
        and _preferred.split_first_line is split_first_line
        and _inline.strut is strut
    )


apply()
