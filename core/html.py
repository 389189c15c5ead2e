"""Cleaning the HTML fragments that documents carry in their cells.

Every fragment goes through nh3 (Ammonia), a maintained sanitiser, never regular expressions.
Only text structure and links survive; scripts, event handlers and javascript: URLs never do.

html5ever (under nh3) takes quadratic time on deeply nested elements (1 MB of nested `<div>`
took minutes), so `limit_nesting` first drops, in one linear pass, every tag deeper than
MAX_DEPTH: the text is kept, only the excess structure goes.
"""

from __future__ import annotations

import html as std_html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "u", "a", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
MAX_DEPTH = 32

# A tag: "<", an optional "/", a name, then anything up to the next ">" that is not a "<".
# `[^<>]*` stops at the next "<", so scanning is linear even when ">" never comes.
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^<>]*)>")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}


def nesting_depth(fragment: str) -> int:
    """The deepest nesting of (non-void) elements in a fragment, counted in one pass."""
    depth = deepest = 0
    for m in _TAG_RE.finditer(fragment or ""):
        closing, name, rest = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or rest.endswith("/"):
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def limit_nesting(fragment: str, max_depth: int = MAX_DEPTH) -> str:
    """The fragment without the tags nested deeper than `max_depth` (their text is kept)."""
    if "<" not in fragment:
        return fragment
    out: list[str] = []
    pos = depth = 0
    for m in _TAG_RE.finditer(fragment):
        closing, name, rest = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or rest.endswith("/"):
            continue
        if closing:
            keep = depth <= max_depth
            depth = max(0, depth - 1)
        else:
            depth += 1
            keep = depth <= max_depth
        if not keep:
            out.append(fragment[pos : m.start()])
            out.append(" ")
            pos = m.end()
    if not out:
        return fragment
    out.append(fragment[pos:])
    return "".join(out)


def clean_html(fragment: str) -> str:
    """Safe markup for a cell: paragraphs, emphasis, lists and http(s) links only."""
    return nh3.clean(
        limit_nesting(fragment or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


_BREAK_RE = re.compile(r"</p>|<br\s*/?>|</li>")
_ANY_TAG_RE = re.compile(r"<[^<>]*>")


def html_to_text(fragment: str) -> str:
    """The plain text of a fragment: paragraphs become line breaks, tags vanish."""
    cleaned = nh3.clean(limit_nesting(fragment or ""), tags={"p", "br", "li"}, attributes={})
    cleaned = _BREAK_RE.sub("\n", cleaned)
    cleaned = _ANY_TAG_RE.sub("", cleaned)  # only the allowed p/br/li tags can remain here
    text = std_html.unescape(cleaned)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
