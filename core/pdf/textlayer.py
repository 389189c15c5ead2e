"""Exact text layer for Thai (and any complex script) in WeasyPrint 70 PDFs.

Why
---
WeasyPrint 70 writes fonts as ``Identity-H`` with an identity ``CIDToGIDMap``:
the character code in the content stream *is* the glyph id, so one glyph can
only carry one Unicode text in the ``ToUnicode`` CMap.  ``draw_first_line()``
gives each glyph the text of its *first* use.  HarfBuzz's Thai shaper splits
SARA AM (U+0E33 ำ) into NIKHAHIT + SARA AA glyphs, so the SARA AA glyph is
first seen either as "า" or as "ำ" and every later use extracts with that
text ("การดำเนินการ" -> "การดาเนินการ").  Upstream: Kozea/WeasyPrint#2841.

Mechanism (see docs/pdf-text-layer.md)
--------------------------------------
* One character per glyph (issue 15): the characters of each group (a spacing
  character and its marks) pair with its glyphs in order, so ท ี ่ carry "ท",
  "ี", "่". pdf.js takes any glyph whose text contains a mark for a zero-width
  diacritic (mozilla/pdf.js#21890), so a base letter must not carry its marks.
  SARA AM, which HarfBuzz draws as NIKHAHIT + SARA AA, is the exception: the
  SARA AA carries "ำ" and the NIKHAHIT is drawn inside it (next point).
* A glyph placed off the pen (a mark's GPOS offset, text rise) is drawn at the
  pen on the baseline as a composite glyph, added to the embedded font, whose
  component is the real glyph at that offset: every extractor sees the
  characters in order, the page looks the same. Marks ending a text box sit
  just before the pen with a tiny advance (pdfplumber order, PDFium spaces).
* Each *(glyph, text)* pair gets its own character code (CID).  The first text
  a glyph is used with keeps the identity code (CID == GID); any other text for
  the same glyph, and every composite, gets a fresh code above the font's glyph
  count.  A ``CIDToGIDMap`` stream maps codes to glyphs and ``/W`` gives them
  their advance.
* Fallback (ligatures of marks, fonts that can't take composites): the issue-7
  rule, each unit's text on a spacing glyph and the text-less glyphs drawn as
  outlines after the text object.

Hook
----
Two module-level functions are replaced (and can be restored with
:func:`remove` or :func:`stock_weasyprint`):

* ``weasyprint.draw.text.draw_first_line``: a copy of WeasyPrint 70's function
  whose glyph loop chooses codes as above (also used by SVG text, which imports
  it from that module at call time);
* ``weasyprint.pdf.build_fonts_dictionary``: a copy of WeasyPrint 70's
  function adding the composite glyphs to the subsetted font and writing
  ``ToUnicode``, ``/W`` and ``CIDToGIDMap`` from those codes.

Both are copies of version 70.0 code, so importing this module with any other
WeasyPrint version raises :class:`WeasyPrintVersionError`.
"""

from __future__ import annotations

import hashlib
import io
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from math import ceil
from typing import Any

import weasyprint

SUPPORTED_WEASYPRINT_VERSION = "70.0"


class WeasyPrintVersionError(ImportError):
    """Raised at import when the installed WeasyPrint isn't the pinned version."""


def check_weasyprint_version(version: str) -> None:
    """Refuse any WeasyPrint but the one whose internals this module copies."""
    if version != SUPPORTED_WEASYPRINT_VERSION:
        raise WeasyPrintVersionError(
            f"core.pdf.textlayer patches WeasyPrint {SUPPORTED_WEASYPRINT_VERSION} "
            f"internals (draw_first_line, build_fonts_dictionary) but WeasyPrint "
            f"{version} is installed. Pin weasyprint=={SUPPORTED_WEASYPRINT_VERSION} "
            f"or port core/pdf/textlayer.py to the new version (and re-run "
            f"tests/test_pdf_textlayer.py)."
        )


check_weasyprint_version(weasyprint.__version__)

# These imports come after the version check on purpose: internals move between
# WeasyPrint versions and the check must give the clear error first.
import pydyf  # noqa: E402
import weasyprint.draw.text as _wp_draw_text  # noqa: E402
import weasyprint.pdf as _wp_pdf  # noqa: E402
from fontTools.pens.basePen import BasePen  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402
from weasyprint.formatting_structure import boxes as _boxes  # noqa: E402
from weasyprint.logger import LOGGER  # noqa: E402
from weasyprint.pdf.fonts import _build_bitmap_font_dictionary  # noqa: E402
from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango  # noqa: E402
from weasyprint.text.line_break import get_last_word_end  # noqa: E402

_STOCK_DRAW_FIRST_LINE = _wp_draw_text.draw_first_line
_STOCK_BUILD_FONTS_DICTIONARY = _wp_pdf.build_fonts_dictionary

MAX_CID = 0xFFFF
SARA_AM = "\u0e33"
_JOINING_CATEGORIES = frozenset(("Mn", "Me", "Cf"))


# --------------------------------------------------------------------------
# Character codes: one per (glyph, text)
# --------------------------------------------------------------------------


class CidMap:
    """Character codes of one font file: one code per (glyph id, text) pair.

    Shared by all ``Font`` objects with the same ``font.hash`` (WeasyPrint
    creates one per font size but they share one PDF resource name, so they
    must share codes too).
    """

    __slots__ = (
        "by_key", "composite_ids", "composites", "gid", "glyph_count", "next_cid",
        "real_gids", "text", "width",
    )  # fmt: skip

    def __init__(self, glyph_count: int):
        self.glyph_count = glyph_count
        self.by_key: dict[tuple[int, str], int] = {}
        self.gid: dict[int, int] = {}  # code -> glyph id (< 0: composite, see below)
        self.text: dict[int, str] = {}  # code -> ToUnicode text ("" = none)
        self.width: dict[int, int] = {}  # code -> advance, 1/1000 em
        self.next_cid = max(glyph_count, 1)
        # Composite glyphs added to the embedded font: ((gid, dx, dy), ...) in font
        # units, the last component being the glyph whose advance the composite has.
        # Until the font is written they are known by placeholder ids -1, -2, ...
        # An advance (font units) replaces the last component's when given.
        self.composites: list[tuple[tuple[tuple[int, int, int], ...], int | None]] = []
        self.composite_ids: dict[tuple, int] = {}
        self.real_gids: dict[int, int] = {}  # placeholder -> glyph id in the font

    def composite(self, components: tuple[tuple[int, int, int], ...], advance=None) -> int:
        """Placeholder glyph id of a composite glyph (created on first use)."""
        key = (components, advance)
        gid = self.composite_ids.get(key)
        if gid is None:
            self.composites.append(key)
            gid = self.composite_ids[key] = -len(self.composites)
        return gid

    def glyph_of(self, code: int) -> int:
        """Glyph id in the written font of a code (after add_composites)."""
        gid = self.gid.get(code, code if code < self.glyph_count else 0)
        return self.real_gids.get(gid, 0) if gid < 0 else gid

    def code(self, gid: int, text: str, width: int) -> int:
        key = (gid, text)
        cid = self.by_key.get(key)
        if cid is not None:
            return cid
        if gid not in self.gid and 0 <= gid < self.glyph_count:
            cid = gid  # identity code still free
        elif self.next_cid <= MAX_CID:
            cid = self.next_cid
            self.next_cid += 1
        else:  # pragma: no cover - needs > 65535 distinct pairs in one font
            LOGGER.warning("Too many (glyph, text) pairs, text layer may be wrong")
            cid = gid
            self.by_key[key] = cid
            return cid
        self.by_key[key] = cid
        self.gid[cid] = gid
        self.text[cid] = text
        self.width[cid] = width
        return cid

    @property
    def remapped(self) -> bool:
        return bool(self.composites) or any(cid != gid for cid, gid in self.gid.items())


def _cid_map(stream, font) -> CidMap:
    cids = getattr(font, "_sujarit_cids", None)
    if cids is None:
        for other in stream._fonts.values():
            if other.hash == font.hash and hasattr(other, "_sujarit_cids"):
                cids = other._sujarit_cids
                break
        else:
            cids = CidMap(font.glyph_count)
        font._sujarit_cids = cids
    return cids


def split_units(text: str) -> list[str]:
    """Split a cluster's text into units: a spacing char plus its marks.

    SARA AM (Lo) is a spacing character, so it starts its own unit even though
    HarfBuzz merges it into the cluster of the preceding consonant.
    """
    units: list[str] = []
    for char in text:
        if units and unicodedata.category(char) in _JOINING_CATEGORIES:
            units[-1] += char
        else:
            units.append(char)
    return units


def assign_texts(text: str, glyphs: list[tuple[int, bool]]) -> list[str]:
    """Distribute a cluster's ``text`` over its glyphs.

    ``glyphs`` lists ``(index, spacing)`` in content-stream order, where
    ``spacing`` is true for glyphs with a positive advance. Returns one text
    per glyph; their concatenation in stream order is always ``text``.
    """
    count = len(glyphs)
    if count == 1:
        return [text]
    texts = [""] * count
    spacing = [position for position, (_, is_spacing) in enumerate(glyphs) if is_spacing]
    units = split_units(text)
    if spacing and len(units) == len(spacing):
        for position, unit in zip(spacing, units, strict=True):
            texts[position] = unit
    else:
        texts[spacing[0] if spacing else 0] = text
    return texts


# Above-base marks that HarfBuzz's Thai/Lao shaper moves the NIKHAHIT of a
# decomposed SARA AM (U+0E33, U+0EB3) in front of (hb-ot-shaper-thai.cc).
_ABOVE_BASE_MARKS = frozenset(
    chr(base + code)
    for base in (0x0E00, 0x0E80)
    for code in (0x31, 0x34, 0x35, 0x36, 0x37, 0x3B, *range(0x47, 0x4F))
)
_SARA_AMS = frozenset(("\u0e33", "\u0eb3"))
TRAILING_STEP = 1  # thousandths of em, see draw_first_line
MERGE = None  # text of a NIKHAHIT drawn inside the following SARA AA's composite


def one_to_one_texts(text: str, glyphs: list[tuple[int, bool]]) -> list[str | None] | None:
    """Each glyph's own character, or None if glyphs and characters don't pair up.

    ``glyphs`` lists ``(index, spacing)`` in content-stream order. Characters
    and glyphs pair in order, except that SARA AM is two glyphs: its NIKHAHIT,
    which the shaper moves in front of the preceding above-base marks, gets
    :data:`MERGE` (drawn with the SARA AA glyph as one composite glyph) and its
    SARA AA carries "ำ". Pairs are accepted only if every combining mark falls
    on a zero-advance glyph and every spacing character on a spacing glyph.
    """
    if len(glyphs) == 1 and len(text) == 1:
        return [text]  # the common case
    expected: list[str | None] = []
    for char in text:
        if char in _SARA_AMS:
            position = len(expected)
            while position and expected[position - 1] in _ABOVE_BASE_MARKS:
                position -= 1
            expected.insert(position, MERGE)
        expected.append(char)
    if len(expected) != len(glyphs):
        # Fonts such as Sarabun ligate the NIKHAHIT with the tone mark after it
        # (one glyph for "ํ้"): that glyph carries the tone mark's text.
        expected = [
            char
            for position, char in enumerate(expected)
            if not (
                char is MERGE
                and position + 1 < len(expected)
                and expected[position + 1] in _ABOVE_BASE_MARKS
            )
        ]
        if len(expected) != len(glyphs):
            return None
    for glyph_text, (_, spacing) in zip(expected, glyphs, strict=True):
        mark = glyph_text is MERGE or unicodedata.category(glyph_text) in _JOINING_CATEGORIES
        if mark == spacing:
            return None
    return expected


# --------------------------------------------------------------------------
# Lines drawn once per PDF: a text box of the same text, text style and spacing
# as one drawn before writes the same operators after its own text matrix.
# --------------------------------------------------------------------------

_drawn = threading.local()
#: The stream operators a line's drawing writes, recorded to be written again.
_RECORDED = frozenset(("set_text_matrix", "set_font_size", "show_text", "set_text_rise"))


@contextmanager
def lines_drawn_once() -> Iterator[None]:
    """Within the block (one PDF written), each different line is shaped and its text
    layer worked out once; later ones replay its operators (see :func:`draw_first_line`).

    The replayed operators are the ones a new drawing would write: the glyph codes, widths
    and composites it registered live in the document's fonts, which the block's PDF keeps,
    and the stream's own state (current font and size) decides what set_font_size writes
    just as it would. Byte for byte the same PDF (tests/test_pdf_speed.py)."""
    previous = getattr(_drawn, "lines", None)
    _drawn.lines = {}
    try:
        yield
    finally:
        _drawn.lines = previous


class _Recorder:
    """A stream that records the operators of one line while writing them."""

    __slots__ = ("_stream", "ops")

    def __init__(self, stream) -> None:
        self._stream = stream
        self.ops: list[tuple[str, tuple]] = []

    def __getattr__(self, name):
        attribute = getattr(self._stream, name)
        if name not in _RECORDED:
            return attribute
        ops = self.ops

        def record(*args):
            ops.append((name, args))
            return attribute(*args)

        return record


def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    """Draw the given ``textbox`` line to the document ``stream`` (once per different line
    inside :func:`lines_drawn_once`)."""
    lines = getattr(_drawn, "lines", None)
    if (
        lines is None
        or text_overflow == "ellipsis"  # drawing changes the layout's text
        or block_ellipsis != "none"
        or type(textbox) is not _boxes.TextBox  # SVG text
    ):
        return _draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
    from core.pdf.linecache import text_style  # (linecache imports this module)

    layout = textbox.pango_layout
    values = matrix.values
    key = (
        textbox.text,
        layout.text,
        layout.justification_spacing,
        text_style(textbox.style),
        values[:4],
    )
    drawn = lines.get(key)
    if drawn is not None:
        ops, emojis = drawn
        for name, args in ops:
            if name == "set_text_matrix":
                args = values
            getattr(stream, name)(*args)
        return list(emojis)
    recorder = _Recorder(stream)
    emojis = _draw_first_line(recorder, textbox, text_overflow, block_ellipsis, matrix)
    if all(isinstance(emoji[0], _OutlineDrawer) for emoji in emojis):  # no images
        lines[key] = (recorder.ops, tuple(emojis))
    return emojis


# --------------------------------------------------------------------------
# _draw_first_line: copy of WeasyPrint 70.0 weasyprint/draw/text.py, with the
# glyph loop choosing (glyph, text) codes. Changes are marked "SUJARIT".
# --------------------------------------------------------------------------


def _draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    """Draw the given ``textbox`` line to the document ``stream``."""
    # Don’t draw lines with only invisible characters.
    # SUJARIT: whitespace-only boxes (the space between two inline elements, as in
    # "<b>a</b> <i>b</i>") are drawn: their space glyphs are invisible but give
    # extractors that split words on gaps (pdfplumber) a real space character.
    if not textbox.text.strip(" ") or not textbox.text.strip():
        if " " not in textbox.text:
            return []

    if textbox.style["font_size"] < 1e-6:  # default float precision used by pydyf
        return []

    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)

    if text_overflow == "ellipsis" or block_ellipsis != "none":
        assert textbox.pango_layout.max_width is not None
        max_width = textbox.pango_layout.max_width
        pango.pango_layout_set_width(textbox.pango_layout.layout, int(max_width * TO_UNITS))
        if text_overflow == "ellipsis":
            pango.pango_layout_set_ellipsize(textbox.pango_layout.layout, pango.PANGO_ELLIPSIZE_END)
        else:
            if block_ellipsis == "auto":
                ellipsis = "…"
            else:
                assert block_ellipsis[0] == "string"
                ellipsis = block_ellipsis[1]

            # Remove last word if hyphenated.
            new_text = textbox.pango_layout.text
            if new_text.endswith(textbox.style["hyphenate_character"]):
                last_word_end = get_last_word_end(
                    new_text[: -len(textbox.style["hyphenate_character"])],
                    textbox.style["lang"],
                )
                if last_word_end:
                    new_text = new_text[:last_word_end]

            textbox.pango_layout.set_text(new_text + ellipsis)

    first_line, index = textbox.pango_layout.get_first_line()

    if block_ellipsis != "none":
        while index:
            last_word_end = get_last_word_end(
                textbox.pango_layout.text[: -len(ellipsis)], textbox.style["lang"]
            )
            if last_word_end is None:
                break
            new_text = textbox.pango_layout.text[:last_word_end]
            textbox.pango_layout.set_text(new_text + ellipsis)
            first_line, index = textbox.pango_layout.get_first_line()

    stream.set_text_matrix(*matrix.values)
    previous_pango_font = None
    string = ""
    x_advance = 0
    emojis = []
    utf8_text = None
    # SUJARIT: exact pen position in thousandths of em (as the TJ string moves it),
    # and whether text-less glyphs can be drawn as outlines (HTML text drawn by
    # draw_text with an unrotated matrix; SVG text keeps them as text-less codes).
    pen = 0
    can_outline = isinstance(textbox, _boxes.TextBox) and tuple(matrix.values[:4]) == (1, 0, 0, -1)
    run = first_line.runs[0]
    while run != ffi.NULL:
        # Get Pango objects.
        glyph_item = run.data
        run = run.next
        glyph_string = glyph_item.glyphs
        glyphs_info = glyph_string.glyphs
        num_glyphs = glyph_string.num_glyphs
        clusters = glyph_string.log_clusters

        pango_font = glyph_item.item.analysis.font
        if pango_font != previous_pango_font:
            # Add font file content and get font size.
            previous_pango_font = pango_font
            font, font_size = stream.add_font(pango_font)

            # Workaround for https://gitlab.gnome.org/GNOME/pango/-/issues/530.
            # This is also needed by raster emoji fonts, see #2800.
            if pango.pango_version() < 14802 or font.png:
                font_size = textbox.style["font_size"]

            # Go through the run glyphs.
            if string:
                stream.show_text(string)
            string = ""
            stream.set_font_size(font.hash, 1 if font.bitmap else font_size)

        # SUJARIT: compute logical widths and the text of each glyph first.
        # The glyph string's fields are read at once from its C arrays (a cffi attribute
        # access per field and glyph cost more than the rest of the loop).
        gids, widths, x_offsets, y_offsets = _glyph_fields(glyphs_info, num_glyphs)
        cluster_list = ffi.unpack(clusters, num_glyphs)
        logical_widths = [0] * num_glyphs
        for i, glyph_id in enumerate(gids):
            if glyph_id == _GLYPH_EMPTY:
                continue
            if glyph_id & _GLYPH_UNKNOWN_FLAG:
                # Missing glyph: drawn as .notdef with Pango's approximate width.
                logical_widths[i] = round(widths[i] * 1000 * FROM_UNITS / font_size)
            elif glyph_id in font.widths:
                logical_widths[i] = font.widths[glyph_id]
            else:
                pango.pango_font_get_glyph_extents(
                    pango_font, glyph_id, stream.ink_rect, stream.logical_rect
                )
                logical_widths[i] = font.widths[glyph_id] = round(
                    stream.logical_rect.width * 1000 * FROM_UNITS / font_size
                )
        utf8_text = utf8_text or textbox.pango_layout.text.encode()
        composable = _composable(font)
        glyph_texts = _glyph_texts(glyph_item, gids, widths, cluster_list, utf8_text, composable)
        cids = None if font.bitmap else _cid_map(stream, font)
        outlines = can_outline and not (font.bitmap or font.svg or font.png or font.colr)
        # SUJARIT: NIKHAHITs waiting for their SARA AA: (glyph id, x, rise) with x
        # in thousandths of em from the line start, as ``pen``.
        merged = []
        # Marks after the last spacing glyph of the line: the next text box starts
        # at the pen give or take float noise, so they are placed before it, one
        # TRAILING_STEP apart and each TRAILING_STEP wide (drawn where they belong):
        # never at or after the next character, always in order.
        trailing_from = num_glyphs
        if run == ffi.NULL:
            trailing_from = 1 + max((k for k, width in enumerate(widths) if width > 0), default=-1)
        behind = None  # how far the TJ pen is behind Pango's, once trailing

        string += "<"
        for i, glyph_id in enumerate(gids):
            width = widths[i]

            # Display zero-width empty glyph.
            if glyph_id == _GLYPH_EMPTY:
                string += f">{-width / font_size}<"
                pen += width / font_size
                continue

            logical_width = logical_widths[i]
            text = glyph_texts[i]
            offset = x_offsets[i] / font_size
            rise = y_offsets[i] / 1000
            kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
            unknown = glyph_id & _GLYPH_UNKNOWN_FLAG

            # SUJARIT: the NIKHAHIT of a SARA AM is drawn inside the composite glyph
            # of the SARA AA that follows; in the TJ string it's only a movement.
            # Pen movements here are Pango's advances, without the truncated
            # kerning of stock WeasyPrint: a mark may not move the next
            # character back by a fraction of a unit (pdfplumber sorts by x).
            if text is MERGE and composable and not unknown:
                merged.append((glyph_id, pen + offset, rise))
                movement = round(width * 1000 * FROM_UNITS / font_size, 3)
                if movement:
                    string += f">{-movement}<"
                pen += movement
                x_advance += (logical_width + offset - kerning) / 1000
                continue

            # SUJARIT: a glyph with its own text placed off the pen (a mark's GPOS
            # offset, text rise) is drawn at the pen as a composite glyph with the
            # offset built in: extractors see every character at the pen on the
            # baseline, in order. Merged NIKHAHITs become components too.
            trailing = i >= trailing_from
            if text and composable and not unknown and (merged or offset or rise or trailing):
                assert cids is not None  # composable fonts are never bitmap fonts
                scale = font.upem / 1000
                rise_scale = font.upem / font_size
                advance = None
                if trailing:
                    if behind is None:
                        behind = TRAILING_STEP * (num_glyphs - trailing_from + 1)
                        string += f">{behind}<"
                        pen -= behind
                    if not logical_width:
                        # PDFium measures a zero-width last character by its ink:
                        # a mark ending a text box gets a tiny advance instead.
                        advance = max(1, round(font.upem * TRAILING_STEP / 1000))
                        logical_width = advance * 1000 / font.upem
                shift = behind if trailing else 0
                components = tuple(
                    (gid, round((x - pen) * scale), round(-dy * rise_scale))
                    for gid, x, dy in merged
                ) + ((glyph_id, round((offset + shift) * scale), round(-rise * rise_scale)),)
                merged = []
                if len(components) == 1 and components[0][1:] == (0, 0):
                    code = cids.code(glyph_id, text, logical_width)
                else:
                    composite = cids.composite(components, advance)
                    code = cids.code(composite, text, logical_width)
                for gid, _, _ in components:
                    font.to_unicode.setdefault(gid, "")
                string += f"{code:04x}"
                movement = round(width * 1000 * FROM_UNITS / font_size, 3)
                if trailing:  # the TJ pen moves by the glyph's advance only
                    behind += movement - logical_width
                    movement = logical_width
                elif round(logical_width - movement, 3):
                    string += f">{round(logical_width - movement, 3)}<"
                pen += movement
                x_advance += (logical_width + offset - kerning) / 1000
                continue

            if text is MERGE:  # no composites in this font: an outline, no text
                text = ""

            # SUJARIT: a glyph carrying no text (a mark whose text is on its base,
            # the NIKHAHIT of SARA AM...) is drawn as an outline after the text
            # object; in the TJ string it's replaced by the same pen movement.
            if not text and outlines and not unknown:
                path = _glyph_path(font, glyph_id)
                if path is not None:
                    scale = font_size / font.upem
                    emojis.append([
                        _OutlineDrawer(path), font, scale, -scale,
                        (pen + offset) / 1000 * font_size / textbox.style["font_size"],
                        rise,
                    ])  # fmt: skip
                movement = offset + logical_width - (int(kerning) if kerning else 0)
                if movement:
                    string += f">{-movement}<"
                pen += movement
                x_advance += (logical_width + offset - kerning) / 1000
                continue

            # Display .notdef and log warning for missing glyphs.
            if unknown:
                codepoint = glyph_id - _GLYPH_UNKNOWN_FLAG
                LOGGER.warning(
                    '.notdef glyph rendered for Unicode string unsupported by fonts: "%s" (U+%04X)',
                    chr(codepoint),
                    codepoint,
                )
                if cids is None:
                    glyph_id = font.get_unused_glyph_id(codepoint)
                    font.widths[glyph_id] = logical_width
                    font.widths.setdefault(0, logical_width)
                else:
                    # SUJARIT: .notdef gets its own code, mapped to glyph 0.
                    font.missing.setdefault(codepoint, 0)
                    glyph_id = 0

            # SUJARIT: choose the character code for (glyph, text).
            if cids is None:
                # Bitmap (Type 3) fonts keep WeasyPrint's one-text-per-glyph map.
                code = glyph_id
                if glyph_id not in font.to_unicode:
                    font.to_unicode[glyph_id] = text
            else:
                code = cids.code(glyph_id, text, logical_width)
                # Keys of font.to_unicode are the glyph ids kept when subsetting.
                font.to_unicode.setdefault(glyph_id, text)

            # Set horizontal and vertical offsets.
            if rise:
                if string[-1] == "<":
                    string = string[:-1]
                else:
                    string += ">"
                if string:
                    stream.show_text(string)
                stream.set_text_rise(-rise)
                string = ""
                if offset:
                    string = f"{-offset}"
                string += f"<{code:02x}>" if font.bitmap else f"<{code:04x}>"
                stream.show_text(string)
                stream.set_text_rise(0)
                string = "<"
            else:
                if offset:
                    string += f">{-offset}<"
                string += f"{code:02x}" if font.bitmap else f"{code:04x}"

            # Set kerning, word spacing, letter spacing.
            if kerning:
                string += f">{int(kerning)}<"
            pen += offset + logical_width - (int(kerning) if kerning else 0)

            # Create list of emojis.
            if font.svg or font.png or font.colr:
                _add_emoji(
                    emojis, stream, textbox, font, font_size, pango_font,
                    glyph_id, logical_width, x_advance, kerning,
                )  # fmt: skip

            x_advance += (logical_width + offset - kerning) / 1000

        # Close the last glyphs list, remove if empty.
        if string[-1] == "<":
            string = string[:-1]
        else:
            string += ">"

    # Draw text.
    stream.show_text(string)

    return emojis


def _composable(font) -> bool:
    """Whether composite glyphs can be added to the font (static glyf TrueType)."""
    composable = getattr(font, "_sujarit_composable", None)
    if composable is None:
        composable = font._sujarit_composable = (
            not (font.bitmap or font.svg or font.png or font.colr)
            and "glyf" in font.tables
            and not {"fvar", "vmtx", "CFF ", "CFF2"} & set(font.tables)
            and font.file_content[:4] in (b"\x00\x01\x00\x00", b"true")
        )
    return composable


def add_composites(font, cids: CidMap) -> None:
    """Append the composite glyphs of ``cids`` to the font file (after subsetting).

    Each gets the advance of its last component, whose text it carries; the
    placeholders of ``cids`` are mapped to the new glyph ids.
    """
    if not cids.composites:
        return
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

    ttfont = TTFont(io.BytesIO(font.file_content))
    order = list(ttfont.getGlyphOrder())
    glyf, hmtx = ttfont["glyf"], ttfont["hmtx"]
    for tag in ttfont.keys():  # decompile every table before the glyph count changes
        if tag != "GlyphOrder":
            ttfont[tag]
    for tag in ("hdmx", "LTSH", "VDMX", "DSIG"):
        if tag in ttfont:
            del ttfont[tag]
    first = len(order)
    names = []
    for number, (components, _) in enumerate(cids.composites):
        glyph = Glyph()
        glyph.numberOfContours = -1
        glyph.components = []
        for gid, dx, dy in components:
            component = GlyphComponent()
            component.glyphName, component.x, component.y = order[gid], dx, dy
            component.flags = 0x4  # ROUND_XY_TO_GRID (offsets, not anchor points)
            glyph.components.append(component)
        name = f"sujarit.composite.{number}"
        glyf.glyphs[name] = glyph
        names.append(name)
        cids.real_gids[-1 - number] = first + number
    order += names
    ttfont.setGlyphOrder(order)
    glyf.glyphOrder = order
    for name, (components, advance) in zip(names, cids.composites, strict=True):
        glyph = glyf[name]
        glyph.recalcBounds(glyf)
        if advance is None:
            advance = hmtx[order[components[-1][0]]][0]
        hmtx[name] = (advance, getattr(glyph, "xMin", 0))
    output = io.BytesIO()
    ttfont.save(output)
    font.file_content = output.getvalue()


def _unit_starts(text: str) -> set[int]:
    """UTF-8 byte offsets in ``text`` where a unit (see split_units) starts."""
    starts: set[int] = set()
    position = 0
    joining = _joining
    for char in text:
        info = joining.get(char)
        if info is None:
            info = joining[char] = (
                unicodedata.category(char) in _JOINING_CATEGORIES,
                len(char.encode()),
            )
        if not (starts and info[0]):
            starts.add(position)
        position += info[1]
    return starts


#: Per character: (combining, UTF-8 length), filled as characters are met (speed).
_joining: dict[str, tuple[bool, int]] = {}


def _glyph_fields(glyphs_info, num_glyphs: int):
    """Glyph ids, widths, x and y offsets (Pango units) of ``num_glyphs`` PangoGlyphInfo."""
    if not num_glyphs:
        return [], [], [], []
    fields = memoryview(ffi.buffer(glyphs_info, num_glyphs * _GLYPH_INFO_SIZE)).cast("i").tolist()
    # PangoGlyphInfo: glyph (guint32), geometry (3 gint32), attr (a guint bit field).
    return fields[0::5], fields[1::5], fields[2::5], fields[3::5]


_GLYPH_INFO_SIZE = ffi.sizeof("PangoGlyphInfo")
# Pango's constants as plain ints (an attribute of the cffi library costs a lookup per glyph).
_GLYPH_EMPTY = int(pango.PANGO_GLYPH_EMPTY)
_GLYPH_UNKNOWN_FLAG = int(pango.PANGO_GLYPH_UNKNOWN_FLAG)
assert _GLYPH_INFO_SIZE == 5 * ffi.sizeof("gint") == 20, "unexpected PangoGlyphInfo layout"


def _glyph_texts(glyph_item, gids, widths, clusters, utf8_text, one_to_one=False):
    """Text carried by each glyph of a Pango glyph item (SUJARIT).

    Pango asks HarfBuzz for per-character clusters, so a Thai mark is usually
    its own cluster. Clusters are merged into groups that start at a unit
    boundary (a spacing character), then each group's text is distributed by
    :func:`assign_texts`.
    """
    num_glyphs = len(gids)
    offset = glyph_item.item.offset
    length = glyph_item.item.length
    starts = sorted({clusters[i] for i in range(num_glyphs)})
    ends = dict(zip(starts, [*starts[1:], length], strict=True))
    rtl = glyph_item.item.analysis.level % 2
    item_text = utf8_text[offset : offset + length]
    unit_starts = None if rtl else _unit_starts(item_text.decode())
    texts: list[str | None] = [""] * num_glyphs
    i = 0
    while i < num_glyphs:
        start = end = clusters[i]
        j = i + 1
        while j < num_glyphs and (
            clusters[j] == start or (unit_starts is not None and clusters[j] not in unit_starts)
        ):
            end = max(end, clusters[j])
            j += 1
        if j == i + 1:  # one glyph (the common case): it carries its cluster's text
            if gids[i] != _GLYPH_EMPTY:
                texts[i] = item_text[start : ends[start]].decode()
            i = j
            continue
        group_text = item_text[min(start, end) : ends[max(start, end)]].decode()
        members = [(k, widths[k] > 0) for k in range(i, j) if gids[k] != _GLYPH_EMPTY]
        if members:
            group_texts: Sequence[str | None] | None
            group_texts = one_to_one_texts(group_text, members) if one_to_one else None
            if group_texts is None:
                group_texts = assign_texts(group_text, members)
            for (k, _), text in zip(members, group_texts, strict=True):
                texts[k] = text
        i = j
    return texts


# --------------------------------------------------------------------------
# Text-less glyphs drawn as outlines (inline paths after the text object)
# --------------------------------------------------------------------------


class _PdfPathPen(BasePen):
    """fontTools pen writing PDF path operators in font units."""

    def __init__(self, glyph_set):
        super().__init__(glyph_set)
        self.ops: list[str] = []

    # Coordinates are rounded to whole font units (1/1000 em or finer: invisible)
    # to keep the content streams small.
    def _moveTo(self, point):
        self.ops.append(f"{round(point[0])} {round(point[1])} m")

    def _lineTo(self, point):
        self.ops.append(f"{round(point[0])} {round(point[1])} l")

    def _curveToOne(self, p1, p2, p3):
        self.ops.append(
            f"{round(p1[0])} {round(p1[1])} {round(p2[0])} {round(p2[1])} "
            f"{round(p3[0])} {round(p3[1])} c"
        )

    def _closePath(self):
        self.ops.append("h")


_OUTLINE_FONTS: dict[bytes, TTFont] = {}  # font file digest -> TTFont (glyph set)
_OUTLINES: dict[tuple[bytes, int], bytes | None] = {}  # (digest, gid) -> path ops


def _glyph_path(font, glyph_id: int) -> bytes | None:
    """PDF path operators (font units, filled with nonzero rule) of a glyph."""
    digest = getattr(font, "_sujarit_digest", None)
    if digest is None:
        digest = font._sujarit_digest = hashlib.md5(
            font.file_content, usedforsecurity=False
        ).digest()
    key = (digest, glyph_id)
    if key in _OUTLINES:
        return _OUTLINES[key]
    ttfont = _OUTLINE_FONTS.get(digest)
    if ttfont is None:
        if len(_OUTLINE_FONTS) >= 32:
            _OUTLINE_FONTS.clear()
        ttfont = _OUTLINE_FONTS[digest] = TTFont(
            io.BytesIO(font.file_content), fontNumber=font.index, lazy=True
        )
    path = None
    try:
        glyph_set = ttfont.getGlyphSet()
        pen = _PdfPathPen(glyph_set)
        glyph_set[ttfont.getGlyphName(glyph_id)].draw(pen)
        if pen.ops:
            path = (" ".join(pen.ops) + " f").encode()
    except Exception as exception:  # pragma: no cover - broken fonts
        LOGGER.debug("No outline for glyph %s: %s", glyph_id, exception)
    if len(_OUTLINES) >= 100_000:
        _OUTLINES.clear()
    _OUTLINES[key] = path
    return path


class _OutlineDrawer:
    """Drawn by WeasyPrint's draw_emojis() after the text object (ET).

    The path is written inline: a Form XObject per glyph would be smaller,
    but pypdf ends the current text line at every ``Do`` operator.
    """

    __slots__ = ("path",)

    def __init__(self, path: bytes):
        self.path = path

    def draw(self, stream, width, height, style):
        stream.stream.append(self.path)


def _add_emoji(emojis, stream, textbox, font, font_size, pango_font, glyph_id,
               logical_width, x_advance, kerning):  # fmt: skip
    """Emoji handling, unchanged from WeasyPrint 70.0 draw_first_line."""
    from io import BytesIO
    from xml.etree import ElementTree

    from PIL import Image
    from weasyprint.images import RasterImage, SVGImage
    from weasyprint.text.fonts import get_hb_object_data

    if font.svg:
        svg_data = get_hb_object_data(font.hb_face, "svg", glyph_id)
        if svg_data:
            tree = ElementTree.fromstring(svg_data)
            if tree.get("id") != f"glyph{glyph_id}":
                defs = ElementTree.Element("defs")
                for child in list(tree):
                    defs.append(child)
                    tree.remove(child)
                tree.append(defs)
                ElementTree.SubElement(tree, "use", attrib={"href": f"#glyph{glyph_id}"})
            if "viewBox" not in tree.attrib:
                tree.attrib["viewBox"] = f"0 0 {font.upem} {font.upem}"
            image = SVGImage(tree, None, None, None)
            emojis.append([image, font, 1, 1, x_advance, 0])
    elif font.png:
        png_data = get_hb_object_data(font.hb_font, "png", glyph_id)
        if png_data:
            pillow_image = Image.open(BytesIO(png_data))
            image_id = f"{font.hash}{glyph_id}"
            image = RasterImage(pillow_image, image_id, png_data)
            d = logical_width / 1000
            a = pillow_image.width / pillow_image.height * d
            pango.pango_font_get_glyph_extents(
                pango_font, glyph_id, stream.ink_rect, stream.logical_rect
            )
            f = -stream.logical_rect.y
            f = f * FROM_UNITS / font_size - font_size
            emojis.append([image, font, a, d, x_advance, f])
    elif font.colr:
        svg_data = get_hb_object_data(font.hb_font, "colr", glyph_id)
        if svg_data:
            tree = ElementTree.fromstring(svg_data)
            image = SVGImage(tree, None, None, None)
            e = x_advance - kerning
            emojis.append([image, font, 1, 1, e, -textbox.baseline])


# --------------------------------------------------------------------------
# build_fonts_dictionary: copy of WeasyPrint 70.0 weasyprint/pdf/fonts.py,
# writing ToUnicode, /W and CIDToGIDMap from the CidMap (SUJARIT).
# --------------------------------------------------------------------------


def build_fonts_dictionary(pdf, fonts, compress, subset, options):
    """Build PDF dictionary for fonts."""
    pdf_fonts = pydyf.Dictionary()
    fonts_by_file_hash: dict[str, list[Any]] = {}
    for font in fonts.values():
        fonts_by_file_hash.setdefault(font.hash, []).append(font)
    font_references_by_file_hash = {}
    for file_hash, file_fonts in fonts_by_file_hash.items():
        # TODO: Find why we can have multiple fonts for one font file.
        font = file_fonts[0]
        if font.bitmap:
            continue

        # Clean font, optimize and handle emojis.
        to_unicode: dict[int, str] = {}
        if subset and not font.used_in_forms:
            for file_font in file_fonts:
                to_unicode = {**to_unicode, **file_font.to_unicode}
        font.clean(to_unicode, options["hinting"])
        # SUJARIT: composite glyphs of marks placed off the pen and of SARA AM.
        for file_font in file_fonts:
            if getattr(file_font, "_sujarit_cids", None) is not None:
                add_composites(font, file_font._sujarit_cids)
                break

        # Include font.
        if font.type == "otf":
            font_extra = pydyf.Dictionary({"Subtype": "/OpenType"})
        else:
            font_extra = pydyf.Dictionary({"Length1": len(font.file_content)})
        font_stream = pydyf.Stream([font.file_content], font_extra, compress=compress)
        pdf.add_object(font_stream)
        font_references_by_file_hash[file_hash] = font_stream.reference

    for font in fonts.values():
        cids = getattr(font, "_sujarit_cids", None)
        if font.bitmap or cids is None:
            if subset and not font.used_in_forms:
                font_widths, to_unicode = font.widths, font.to_unicode
            else:
                font_widths, to_unicode = _full_font_maps(font)
        elif subset and not font.used_in_forms:
            font_widths, to_unicode = dict(cids.width), dict(cids.text)
        else:
            font_widths, to_unicode = _full_font_maps(font)
            font_widths.update(cids.width)
            to_unicode.update(cids.text)

        to_unicode_object = _to_unicode_cmap(to_unicode, compress)
        pdf.add_object(to_unicode_object)
        font_dictionary = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": f"/Type{3 if font.bitmap else 0}",
                "BaseFont": font.name,
                "ToUnicode": to_unicode_object.reference,
            }
        )

        if font.bitmap:
            _build_bitmap_font_dictionary(font_dictionary, pdf, font, font_widths, compress, subset)
        else:
            _build_vector_font_dictionary(
                font_dictionary, pdf, font, font_widths, cids, compress,
                font_references_by_file_hash[font.hash], options["pdf_version"],
            )  # fmt: skip
        pdf.add_object(font_dictionary)
        pdf_fonts[font.hash] = font_dictionary.reference

    return pdf_fonts


def _full_font_maps(font):
    """Widths and Unicode map of every glyph (unsubsetted fonts, PDF forms)."""
    ttfont = TTFont(io.BytesIO(font.file_content), fontNumber=font.index)
    font_widths, to_unicode = {}, {}
    for i, glyph in enumerate(ttfont.getGlyphSet().values()):
        font_widths[i] = glyph.width * 1000 / font.upem
    for letter, key in ttfont.getBestCmap().items():
        glyph_id = ttfont.getGlyphID(key)
        if glyph_id not in to_unicode:
            to_unicode[glyph_id] = chr(letter)
    return font_widths, to_unicode


def _to_unicode_cmap(to_unicode, compress):
    """ToUnicode CMap; codes mapped to "" get an empty destination string."""
    cmap = pydyf.Stream(
        [
            b"/CIDInit /ProcSet findresource begin",
            b"12 dict begin",
            b"begincmap",
            b"/CIDSystemInfo",
            b"<< /Registry (Adobe)",
            b"/Ordering (UCS)",
            b"/Supplement 0",
            b">> def",
            b"/CMapName /Adobe-Identity-UCS def",
            b"/CMapType 2 def",
            b"1 begincodespacerange",
            b"<0000> <ffff>",
            b"endcodespacerange",
        ],
        compress=compress,
    )
    items = sorted(to_unicode.items())
    for i in range(ceil(len(items) / 100)):
        batch = items[i * 100 : (i + 1) * 100]
        cmap.stream.append(f"{len(batch)} beginbfchar".encode())
        for code, text in batch:
            cmap.stream.append(f"<{code:04x}> <{text.encode('utf-16-be').hex()}>".encode())
        cmap.stream.append(b"endbfchar")
    cmap.stream.extend(
        [
            b"endcmap",
            b"CMapName currentdict /CMap defineresource pop",
            b"end",
            b"end",
        ]
    )
    return cmap


def _build_vector_font_dictionary(
    font_dictionary, pdf, font, widths, cids, compress, reference, pdf_version
):
    font_file = f"FontFile{3 if font.type == 'otf' else 2}"
    max_x = max(widths.values()) if widths else 0
    bbox = (0, font.descent, max_x, font.ascent)
    flags = font.flags
    if len(widths) > 1 and len(set(font.widths.values())) == 1:
        flags += 2 ** (1 - 1)  # FixedPitch
    font_descriptor = pydyf.Dictionary(
        {
            "Type": "/FontDescriptor",
            "FontName": font.name,
            "FontFamily": pydyf.String(font.family),
            "Flags": flags,
            "FontBBox": pydyf.Array(bbox),
            "ItalicAngle": font.italic_angle,
            "Ascent": font.ascent,
            "Descent": font.descent,
            "CapHeight": bbox[3],
            "StemV": font.stemv,
            "StemH": font.stemh,
            font_file: reference,
        }
    )
    # SUJARIT: with a code -> glyph map, /W and CIDSet are keyed by code (CID)
    # for TrueType (CIDToGIDMap); CFF fonts use an Encoding CMap code -> CID=GID.
    otf = font.type == "otf"
    remapped = cids is not None and cids.remapped
    if otf and remapped:
        cid_widths = {}
        for code, width in widths.items():
            cid_widths[cids.gid.get(code, code)] = width
        widths = cid_widths
    if str(pdf_version) <= "1.4":  # Cast for bytes and None
        used = sorted(widths)
        padded_width = ceil((used[-1] + 1) / 8)
        bits = ["0"] * padded_width * 8
        for cid in used:
            bits[cid] = "1"
        stream = pydyf.Stream(
            (int("".join(bits), 2).to_bytes(padded_width, "big"),), compress=compress
        )
        pdf.add_object(stream)
        font_descriptor["CIDSet"] = stream.reference
    pdf.add_object(font_descriptor)

    pdf_widths = pydyf.Array()
    for i in sorted(widths):
        if i - 1 not in widths:
            pdf_widths.append(i)
            current_widths = pydyf.Array()
            pdf_widths.append(current_widths)
        current_widths.append(widths[i])

    subfont_dictionary = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": f"/CIDFontType{0 if otf else 2}",
            "BaseFont": font.name,
            "CIDSystemInfo": pydyf.Dictionary(
                {
                    "Registry": pydyf.String("Adobe"),
                    "Ordering": pydyf.String("Identity"),
                    "Supplement": 0,
                }
            ),
            "W": pdf_widths,
            "FontDescriptor": font_descriptor.reference,
        }
    )
    if not otf:
        if remapped:
            last = max(cids.gid)
            glyph_map = bytearray(2 * (last + 1))
            for code in range(last + 1):
                gid = cids.glyph_of(code)
                glyph_map[2 * code : 2 * code + 2] = gid.to_bytes(2, "big")
            gid_stream = pydyf.Stream([bytes(glyph_map)], compress=compress)
            pdf.add_object(gid_stream)
            subfont_dictionary["CIDToGIDMap"] = gid_stream.reference
        else:
            subfont_dictionary["CIDToGIDMap"] = "/Identity"
    pdf.add_object(subfont_dictionary)

    if otf and remapped:
        font_dictionary["Encoding"] = _encoding_cmap(pdf, cids, compress).reference
    else:
        font_dictionary["Encoding"] = "/Identity-H"
    font_dictionary["DescendantFonts"] = pydyf.Array([subfont_dictionary.reference])


def _encoding_cmap(pdf, cids, compress):
    """Encoding CMap code -> CID (= glyph id) for CFF-flavoured fonts."""
    cmap_extra = pydyf.Dictionary(
        {
            "Type": "/CMap",
            "CMapName": "/Sujarit-Encod-0",
            "CIDSystemInfo": pydyf.Dictionary(
                {
                    "Registry": pydyf.String("Adobe"),
                    "Ordering": pydyf.String("Identity"),
                    "Supplement": 0,
                }
            ),
        }
    )
    encoding = pydyf.Stream(
        [
            b"/CIDInit /ProcSet findresource begin",
            b"12 dict begin",
            b"begincmap",
            b"/CIDSystemInfo",
            b"3 dict dup begin",
            b"/Registry (Adobe) def",
            b"/Ordering (Identity) def",
            b"/Supplement 0 def",
            b"end def",
            b"/CMapName /Sujarit-Encod-0 def",
            b"/CMapType 1 def",
            b"1 begincodespacerange",
            b"<0000> <ffff>",
            b"endcodespacerange",
        ],
        cmap_extra,
        compress=compress,
    )
    items = sorted(cids.gid.items())
    for i in range(ceil(len(items) / 100)):
        batch = items[i * 100 : (i + 1) * 100]
        encoding.stream.append(f"{len(batch)} begincidchar".encode())
        for code, gid in batch:
            encoding.stream.append(f"<{code:04x}> {gid}".encode())
        encoding.stream.append(b"endcidchar")
    encoding.stream.extend(
        [
            b"endcmap",
            b"CMapName currentdict /CMap defineresource pop",
            b"end",
            b"end",
        ]
    )
    pdf.add_object(encoding)
    return encoding


# --------------------------------------------------------------------------
# Applying the patch
# --------------------------------------------------------------------------


def apply() -> None:
    """Install the exact text layer into WeasyPrint (idempotent)."""
    _wp_draw_text.draw_first_line = draw_first_line
    _wp_pdf.build_fonts_dictionary = build_fonts_dictionary


def remove() -> None:
    """Restore stock WeasyPrint 70.0 behaviour."""
    _wp_draw_text.draw_first_line = _STOCK_DRAW_FIRST_LINE
    _wp_pdf.build_fonts_dictionary = _STOCK_BUILD_FONTS_DICTIONARY


def is_applied() -> bool:
    return _wp_draw_text.draw_first_line is draw_first_line


@contextmanager
def stock_weasyprint():
    """Temporarily render with stock WeasyPrint (benchmarks, before/after demos)."""
    was_applied = is_applied()
    remove()
    try:
        yield
    finally:
        if was_applied:
            apply()


apply()
