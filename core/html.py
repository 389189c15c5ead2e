"""Cleaning the HTML fragments that documents carry in their cells.

Every fragment goes through nh3 (Ammonia), a maintained sanitiser, never regular expressions.
Only text structure and links survive; scripts, event handlers and javascript: URLs never do.
"""

from __future__ import annotations

import html as std_html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "u", "a", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(fragment: str) -> str:
    """Safe markup for a cell: paragraphs, emphasis, lists and http(s) links only."""
    return nh3.clean(
        fragment or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def html_to_text(fragment: str) -> str:
    """The plain text of a fragment: paragraphs become line breaks, tags vanish."""
    cleaned = nh3.clean(fragment or "", tags={"p", "br", "li"}, attributes={})
    cleaned = re.sub(r"</p>\s*|<br\s*/?>|</li>\s*", "\n", cleaned)
    cleaned = re.sub(r"<[^>]+>", "", cleaned)  # only the allowed p/br/li tags can remain here
    text = std_html.unescape(cleaned)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
