"""Shared Pango contexts and font descriptions for WeasyPrint's text layouts (speed only).

WeasyPrint 70 makes a new ``PangoContext`` (plus its base direction and language) and a new
``PangoFontDescription`` for every text layout it creates: line breaking creates one per
line tried, about 24 000 for plan 001, and that setup was a tenth of a cold render. A context
is only read by the layouts made from it (WeasyPrint never changes one after its setup), and
``pango_layout_set_font_description()`` copies the description, so both are shared here:
one context per (font configuration, direction, language), one description per font
(family, style, stretch, weight, size, variant, variations). The layouts and so the PDF are
the same byte for byte (tests/test_pdf_textlayer.py, tests/test_pdf_parallel.py).

``weasyprint.text.line_break.Layout.setup`` is replaced by :func:`setup`, a copy of version
70.0's with the two caches (changes marked ``SUJARIT``); :func:`remove` restores it.
The version pin is the one of :mod:`core.pdf.textlayer`.
"""

from __future__ import annotations

from core.pdf import textlayer  # noqa: F401  (WeasyPrint version pin)

from weasyprint.text import line_break as _line_break  # isort: skip
from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION  # isort: skip
from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango  # isort: skip
from weasyprint.text.ffi import unicode_to_char_p  # isort: skip
from weasyprint.text.fonts import font_features, get_font_description  # isort: skip

_STOCK_SETUP = _line_break.Layout.setup


def _caches(font_config) -> tuple[dict, dict]:
    caches = getattr(font_config, "_sujarit_pango", None)
    if caches is None:
        caches = font_config._sujarit_pango = ({}, {})
    return caches


def _font_key(style):
    variations = style["font_variation_settings"]
    return (
        tuple(style["font_family"]),
        style["font_style"],
        style["font_stretch"],
        style["font_weight"],
        style["font_size"],
        style["font_variant_caps"],
        variations if variations == "normal" else tuple(map(tuple, variations)),
    )


def setup(self, style):
    """``Layout.setup`` of WeasyPrint 70.0 with a shared context and font description."""
    self.style = style
    self.first_line_direction = 0

    # SUJARIT: one context per (font configuration, direction, language).
    contexts, descriptions = _caches(style.font_config)
    if style["font_language_override"] != "normal":
        lang = LST_TO_ISO.get(
            style["font_language_override"].lower(), style["font_language_override"]
        )
    elif style["lang"]:
        lang = style["lang"]
    else:
        lang = None
    context_key = (style["direction"], lang)
    cached = contexts.get(context_key)
    if cached is None:
        font_map = style.font_config.font_map
        pango_context = ffi.gc(
            pango.pango_font_map_create_context(font_map), gobject.g_object_unref
        )
        pango.pango_context_set_round_glyph_positions(pango_context, False)
        pango.pango_context_set_base_dir(pango_context, PANGO_DIRECTION[style["direction"]])
        language = None
        if lang is not None:
            lang_p, lang_bytes = unicode_to_char_p(lang)
            if lang_bytes:
                language = pango.pango_language_from_string(lang_p)
                pango.pango_context_set_language(pango_context, language)
        if language is None:
            language = pango.pango_language_get_default()
        cached = contexts[context_key] = (pango_context, language)
    pango_context, self.language = cached

    assert not isinstance(style["font_family"], str), "font_family should be a list"
    # SUJARIT: one font description per font (Pango copies it into each layout).
    font_key = _font_key(style)
    font_description = descriptions.get(font_key)
    if font_description is None:
        font_description = descriptions[font_key] = get_font_description(style)
    self.layout = ffi.gc(pango.pango_layout_new(pango_context), gobject.g_object_unref)
    pango.pango_layout_set_auto_dir(self.layout, False)
    pango.pango_layout_set_font_description(self.layout, font_description)

    text_decoration = style["text_decoration_line"]
    if text_decoration != "none":
        metrics = ffi.gc(
            pango.pango_context_get_metrics(pango_context, font_description, self.language),
            pango.pango_font_metrics_unref,
        )
        self.ascent = FROM_UNITS * (pango.pango_font_metrics_get_ascent(metrics))
        self.underline_position = FROM_UNITS * (
            pango.pango_font_metrics_get_underline_position(metrics)
        )
        self.strikethrough_position = FROM_UNITS * (
            pango.pango_font_metrics_get_strikethrough_position(metrics)
        )
        self.underline_thickness = FROM_UNITS * (
            pango.pango_font_metrics_get_underline_thickness(metrics)
        )
        self.strikethrough_thickness = FROM_UNITS * (
            pango.pango_font_metrics_get_strikethrough_thickness(metrics)
        )
    else:
        self.ascent = None
        self.underline_position = None
        self.strikethrough_position = None

    features = font_features(
        style["font_kerning"],
        style["font_variant_ligatures"],
        style["font_variant_position"],
        style["font_variant_caps"],
        style["font_variant_numeric"],
        style["font_variant_alternates"],
        style["font_variant_east_asian"],
        style["font_feature_settings"],
    )
    if features:
        features = ",".join(f"{key} {value}" for key, value in features.items()).encode()
        # In the meantime, keep a cache to avoid leaking too many of them.
        attr = style.font_config.font_features.setdefault(
            features, pango.pango_attr_font_features_new(features)
        )
        attr_list = pango.pango_attr_list_new()
        pango.pango_attr_list_insert(attr_list, attr)
        pango.pango_layout_set_attributes(self.layout, attr_list)


def apply() -> None:
    _line_break.Layout.setup = setup


def remove() -> None:
    _line_break.Layout.setup = _STOCK_SETUP


apply()
