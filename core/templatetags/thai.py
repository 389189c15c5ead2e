"""All Thai formatting of the templates: digits, money, Buddhist-era years and dates.

Loaded as a builtin (settings.TEMPLATES), so every template can write
``{{ amount|money:digits }}`` where ``digits`` is the agency's style ("thai" or "arabic");
without the argument Thai digits are used, as in official documents.
"""

from __future__ import annotations

import datetime as dt

from django import template

from core import thai

register = template.Library()


@register.filter
def digits(value: object, style: str = thai.DIGITS_THAI) -> str:
    """The value with its digits in the given style."""
    return thai.digits(value, style)


@register.filter
def money(value: object, style: str = thai.DIGITS_THAI) -> str:
    """Baht with thousands separators; "-" for no budget; empty for unknown."""
    return thai.format_money(value, style)


@register.filter
def number(value: object, style: str = thai.DIGITS_THAI) -> str:
    return thai.format_number(value, style)


@register.filter
def score(value: object, style: str = thai.DIGITS_THAI) -> str:
    """A score with two decimals (ITA scores: ๗๔.๓๖)."""
    if value is None or value == "":
        return ""
    return thai.format_number(value, style, places=2)


@register.filter
def signed_score(value: object, style: str = thai.DIGITS_THAI) -> str:
    """A change of score with its sign (+๒๓.๒๙, -๑.๐๐)."""
    if value is None or value == "":
        return ""
    sign = "+" if value >= 0 else "-"  # type: ignore[operator]
    return sign + thai.format_number(abs(value), style, places=2)  # type: ignore[arg-type]


@register.filter
def be_year(value: object, style: str = thai.DIGITS_THAI) -> str:
    """A Buddhist-era year (an int already in B.E., or a date)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        value = thai.ce_to_be(value.year)
    return thai.digits(value, style)


@register.filter
def thai_date(value: dt.date | None, style: str = thai.DIGITS_THAI) -> str:
    """ "๕ ตุลาคม ๒๕๖๔"."""
    return thai.format_date(value, style)


@register.filter
def thai_datetime(value: dt.datetime | None, style: str = thai.DIGITS_THAI) -> str:
    """ "๕ ตุลาคม ๒๕๖๔ เวลา ๑๔.๓๐ น." (Bangkok time)."""
    return thai.format_datetime(value, style)


@register.filter
def thai_date_short(value: dt.date | None, style: str = thai.DIGITS_THAI) -> str:
    """ "๕ ต.ค. ๖๔"."""
    return thai.format_date(value, style, short=True)


@register.filter
def percent(value: object, style: str = thai.DIGITS_THAI) -> str:
    if value is None or value == "":
        return ""
    return thai.format_number(value, style, places=0) + "%"


@register.filter
def get_item(mapping: object, key: object) -> object:
    """``{{ row|get_item:year }}``: a dict lookup with a variable key."""
    try:
        return mapping[key]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def without_gloss(value: object) -> str:
    """An import message without its English gloss ("ไฟล์ว่าง (empty file)" → "ไฟล์ว่าง")."""
    from core.importing.base import without_gloss as strip

    return strip("" if value is None else str(value))
