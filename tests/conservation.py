"""Conservation of a document's table cells: every fragment lands in what was stored.

After an import, every non-empty fragment (paragraph) of every data cell of the document's
tables must be found in a stored text field of the import or in one of its warnings. Both
sides are normalised first: markup to text (links as their address), `**` dropped, Thai
digits to Arabic, decomposed sara am rebuilt, thousands commas dropped, every space removed,
a leading list number ("๑.", "1)", "-") dropped. Header rows (recognised by the layouts'
own header rules) are not data.

This checks "lands somewhere", not "lands exactly once": a plan repeats a project's name in
every year of the annex and in its sheets, which are all one stored item.
"""

from __future__ import annotations

import re

from django.apps import apps
from django.db import models

from core.html import html_to_text
from core.importing.document import Table
from core.importing.source import SourceText
from core.thai import normalize_text, to_arabic_digits
from reports.services import links_inline

APPS = {"plans", "measures", "reports"}
_MARK_RE = re.compile(r"^(?:\(?\d{1,3}(?:\.\d{1,2})*\s*[.)]|[-•*☐☑])\s*")
# Where a paragraph is cut into stored pieces: inline list numbers ("… 2. …"), " - " between
# an ITA issue and a measure's title, an indicator's number before its name.
_PIECE_RE = re.compile(r"(?:^|\s)\d{1,2}\s*[.)](?=\s*\D)|\s[-–]\s|ตัวชี้วัดที่\s*\d{1,2}")
_PLAIN_RE = re.compile(r"^[\d\s,.\-–()☐☑✓✔√%/:]*$")


def norm(text: str) -> str:
    text = normalize_text(str(text))
    if "<" in text or "&" in text:
        text = html_to_text(links_inline(text))
    text = to_arabic_digits(text.replace("**", "")).replace("https://", "").replace("http://", "")
    text = _MARK_RE.sub("", text.strip())
    return re.sub(r"[\s,]+", "", text)


def pieces(text: str) -> list[str]:
    """A paragraph's pieces, normalised (see _PIECE_RE)."""
    text = to_arabic_digits(normalize_text(text))
    return [n for part in _PIECE_RE.split(text) if (n := norm(part))]


def haystack(warnings: list[dict]) -> str:
    """Every text stored by the import's apps, and every warning, normalised and joined."""
    parts: list[str] = [norm(w["message"]) for w in warnings]
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        # A status word in a cell is stored as the field's choice: its label counts as stored.
        by_name = {f.name: f for f in model._meta.concrete_fields}
        labels = {
            i: dict(by_name[name].choices or ())
            for i, name in enumerate(fields)
            if by_name[name].choices
        }
        for row in model._default_manager.values_list(*fields):
            parts.extend(norm(v) for v in row if v)
            parts.extend(norm(str(labels[i].get(row[i], ""))) for i in labels if row[i])
    return "\n".join(parts)


def fragments(source: SourceText, is_header) -> list[tuple[int, str]]:
    """(line, fragment) for every paragraph of every data cell of the document's tables."""
    out = []
    for block in source.blocks:
        if not isinstance(block, Table):
            continue
        for offset, row in enumerate(block.rows):
            line_no = block.line_no + offset
            if is_header(source.line(line_no)):
                continue
            for cell in row:
                for paragraph in cell:
                    for text in pieces(paragraph.text):
                        if not _PLAIN_RE.match(text):
                            out.append((line_no, text))
    return out


def lost(source: SourceText, warnings: list[dict], is_header) -> list[tuple[int, str]]:
    hay = haystack(warnings)
    return [(no, frag) for no, frag in fragments(source, is_header) if frag not in hay]
