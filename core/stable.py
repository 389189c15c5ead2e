"""URL patterns of a document's stable public address (e.g. /a/<code>/plan/2566-2570/).

Every app names its documents its own way (years, kinds); this only spells out the four
addresses each gets, so they read alike everywhere:

- ``<route>``               the revision in force
- ``<route>r<N>/``          revision N, for good (what the OIT sheet and citations give out)
- ``<route>pdf/`` and ``<route>r<N>/pdf/``  the same as PDF (when the document has one)

and how the old addresses by row (/plans/<pk>/) lead there (:func:`old_patterns`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.http.response import HttpResponseBase
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


def old_address(
    view: Callable[..., Any], stable_address: Callable[[int], str | None]
) -> Callable[..., Any]:
    """`view` at its old address (/plans/<pk>/ …): an anonymous visitor of a public revision is
    sent for good (301) to the revision's stable address, query string kept; everyone else
    (the agency's people, drafts) gets the view as before. `stable_address(pk)` gives that
    address, or None while the row is not public.

    Used in the URLconf only: the stable views call `view` itself, never this wrapper. The
    mapping never changes once given (a revision keeps its number), so browsers may keep it.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponseBase:
        if request.method in ("GET", "HEAD") and not request.user.is_authenticated:
            address = stable_address(pk)
            if address:
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(address + (f"?{query}" if query else ""))
        return view(request, pk=pk, **kwargs)

    # @wraps copies the view's attributes, @cache_public_page's mark included: with it,
    # PublicPageCacheMiddleware would answer the old address from a page cached there (by a
    # release before this one) before the redirect is reached. The public's pages are cached
    # at their stable addresses now.
    wrapper.__dict__.pop("page_cache", None)
    return wrapper


def old_patterns(
    route: str,
    address: Callable[..., str | None],
    page: tuple[Callable[..., Any], str],
    pdf: tuple[Callable[..., Any], str] | None = None,
) -> list[URLPattern]:
    """The old addresses by row of one kind of document, ``<route>`` and ``<route>pdf/``
    (e.g. /plans/<int:pk>/), each an :func:`old_address`: `page` and `pdf` are (view, URL
    name); `address(pk, pdf=…)` gives the row's stable address or None."""
    view, name = page
    patterns = [path(route, old_address(view, partial(address, pdf=False)), name=name)]
    if pdf is not None:
        view, name = pdf
        patterns.append(
            path(f"{route}pdf/", old_address(view, partial(address, pdf=True)), name=name)
        )
    return patterns
