"""Filters that set Thai text for print: title lines, forewords and their signatures.

``{% load pdf_layout %}`` in the PDF templates.
"""

from __future__ import annotations

import re

from django import template

register = template.Library()

#: A cover title breaks before these words (the way the printed documents set them), never
#: inside a word group such as "เพื่อยกระดับ".
_TITLE_BREAKS = re.compile(r"(?<=\S)(?=เพื่อ|ของ(?:องค์การ|เทศบาล))")
#: Lines at the end of a foreword this short are its signature (name, agency, date).
SIGNATURE_MAX_CHARS = 45


@register.filter
def title_lines(title: str) -> list[str]:
    """The title split where a printed cover breaks it: before "เพื่อ…" and "ของ…"."""
    return [part.strip() for part in _TITLE_BREAKS.split(str(title or "")) if part.strip()]


@register.filter
def foreword_parts(text: str) -> dict[str, list[str]]:
    """{"paragraphs": [...], "signature": [...]}: the foreword's text and its signature lines.

    The signature is the run of short lines at the end (at most four), e.g. the agency's name
    and the date, which a printed foreword sets on the right under the text.
    """
    lines = [line.strip() for line in str(text or "").splitlines() if line.strip()]
    signature: list[str] = []
    while (
        lines
        and len(signature) < 4
        and len(lines) > 1
        and len(lines[-1]) <= SIGNATURE_MAX_CHARS
        and not lines[-1].endswith((":", "ดังนี้"))
    ):
        signature.insert(0, lines.pop())
    return {"paragraphs": lines, "signature": signature}
