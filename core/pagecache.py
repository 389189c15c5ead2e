"""Whole public pages cached for anonymous visitors, with ETag/304 (conditional GET).

A page is stored under a key made of its URL, its language and the *versions* of the scopes
it shows ("all" for pages that show every agency, "agency:<code>" for one agency's pages).
A version is a counter in the shared cache (Redis in production), bumped exactly when
something of that scope is published or withdrawn (portal/apps.py registers the bump with
agencies.workflow's after_publish / after_withdraw hooks, run after the commit). A bump
changes every key and ETag of the scope at once, on every web process and machine that
shares the cache: nothing has to be deleted, old entries simply expire.

The ETag is computed from the key alone, before the page is looked up or rendered: a client
that sends `If-None-Match` with the current ETag gets 304 with no database query at all.
Signed-in users, non-GET requests and requests carrying flash messages are never cached.
A version that the cache lost (eviction, restart) comes back as a new random value, never
as an old one, so a lost counter cannot bring an outdated page back.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

#: The scope of pages that show data of every agency (home, dashboards, open data).
ALL = "all"

Scopes = Callable[[HttpRequest, dict[str, Any]], Iterable[str]]

#: Headers a cached page is replayed with (cookies are never stored nor replayed).
R = TypeVar("R", bound=HttpResponseBase)
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")


def _cache() -> BaseCache:
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def agency_scope(code: str) -> str:
    return f"agency:{code}"


def _version_key(scope: str) -> str:
    return f"pagever:{scope}"


def _fresh_version() -> int:
    return secrets.randbits(48)


def versions(scopes: Iterable[str], *, cache: BaseCache | None = None) -> dict[str, int]:
    """The current version of each scope (one round trip to the cache)."""
    cache = cache or _cache()
    scopes = list(scopes)
    found = cache.get_many([_version_key(s) for s in scopes])
    result: dict[str, int] = {}
    for scope in scopes:
        key = _version_key(scope)
        value = found.get(key)
        if value is None:
            cache.add(key, _fresh_version(), None)
            value = cache.get(key)
        result[scope] = int(value)
    return result


def version(scope: str = ALL) -> int:
    """The current version of one scope: part of the keys of caches that follow publishing
    (the national dashboard's figures)."""
    return versions([scope])[scope]


def bump(*scopes: str, cache: BaseCache | None = None) -> None:
    """Something shown on the pages of `scopes` was published or withdrawn: their pages and
    ETags change now, on every process sharing the cache."""
    cache = cache or _cache()
    for scope in scopes:
        key = _version_key(scope)
        try:
            cache.incr(key)
        except ValueError:  # never asked for yet, or lost: any new value will do
            cache.set(key, _fresh_version(), None)


def _cacheable(request: HttpRequest) -> bool:
    return (
        getattr(settings, "PAGE_CACHE_ENABLED", True)
        and request.method in ("GET", "HEAD")
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _etag_matches(request: HttpRequest, etag: str) -> bool:
    sent = request.headers.get("If-None-Match", "")
    return any(tag.strip().removeprefix("W/") == etag for tag in sent.split(","))


def _finish(response: R, etag: str, state: str) -> R:
    response["ETag"] = etag
    # Browsers keep the page and ask again each time: 304 while nothing was published.
    response["Cache-Control"] = "no-cache"
    response["X-Page-Cache"] = state
    patch_vary_headers(response, ("Cookie",))
    return response


def cache_public_page(
    scopes: Scopes | None = None, *, timeout: int | None = None
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Cache a public view's whole response for anonymous visitors, keyed on the versions of
    `scopes(request, view_kwargs)` (default: the "all" scope), with ETag/304."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            cache = _cache()
            names = [ALL] if scopes is None else list(scopes(request, kwargs))
            current = versions(names, cache=cache)
            source = "|".join(
                [
                    # The host too: some pages print full links (the OIT sheet's).
                    request.build_absolute_uri(),
                    get_language() or "",
                    *(f"{s}={current[s]}" for s in names),
                ]
            )
            digest = hashlib.sha256(source.encode()).hexdigest()[:32]
            etag = f'"{digest}"'
            if _etag_matches(request, etag):
                return _finish(HttpResponseNotModified(), etag, "not-modified")
            stored = cache.get(f"page:{digest}")
            if stored is not None:
                kept = HttpResponse(stored["content"], status=stored["status"])
                for name, value in stored["headers"].items():
                    kept[name] = value
                return _finish(kept, etag, "hit")
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponse) and response.status_code == 200:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                cache.set(
                    f"page:{digest}",
                    {
                        "content": response.content,
                        "status": response.status_code,
                        "headers": {h: response[h] for h in _KEPT_HEADERS if h in response},
                    },
                    timeout
                    if timeout is not None
                    else getattr(settings, "PAGE_CACHE_SECONDS", 3600),
                )
                return _finish(response, etag, "miss")
            return response

        return wrapped

    return decorator
