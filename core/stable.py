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


def revision_patterns(
    route: str, view: Callable[..., Any], name: str, *, pdf: bool = True
) -> list[URLPattern]:
    """The stable addresses of one kind of document; the view takes ``revision`` (None for
    the revision in force) and ``pdf``."""
    patterns = [
        path(route, view, name=name),
        path(f"{route}r<int:revision>/", view, name=f"{name}_revision"),
    ]
    if pdf:
        patterns += [
            path(f"{route}pdf/", view, {"pdf": True}, name=f"{name}_pdf"),
            path(f"{route}r<int:revision>/pdf/", view, {"pdf": True}, name=f"{name}_revision_pdf"),
        ]
    return patterns
