"""URL patterns of a document's stable public address (e.g. /a/<code>/plan/2566-2570/).

Every app names its documents its own way (years, kinds); this only spells out the four
addresses each gets, so they read alike everywhere:

- ``<route>``               the revision in force
- ``<route>r<N>/``          revision N, for good (what the OIT sheet and citations give out)
- ``<route>pdf/`` and ``<route>r<N>/pdf/``  the same as PDF (when the document has one)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, path

from core.pagecache import agency_scope, cache_public_page


def revision_patterns(
    route: str, view: Callable[..., Any], name: str, *, pdf: bool = True
) -> list[URLPattern]:
    """The stable addresses of one kind of document; the view takes ``revision`` (None for
    the revision in force) and ``pdf``, and the route ``code`` (the agency's), which scopes the
    page cache."""
    # The pages (not the PDFs, which have their own cache) are public pages like any other:
    # kept whole for anonymous visitors until the agency publishes or withdraws something.
    page = cache_public_page(lambda request, kwargs: [agency_scope(kwargs["code"])])(view)
    patterns = [
        path(route, page, name=name),
        path(f"{route}r<int:revision>/", page, name=f"{name}_revision"),
    ]
    if pdf:
        patterns += [
            path(f"{route}pdf/", view, {"pdf": True}, name=f"{name}_pdf"),
            path(f"{route}r<int:revision>/pdf/", view, {"pdf": True}, name=f"{name}_revision_pdf"),
        ]
    return patterns
