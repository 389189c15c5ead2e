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

Hits are answered by PublicPageCacheMiddleware, placed right after WhiteNoise: for an
anonymous GET (no session cookie, no Authorization header) it resolves the path and, if the
view carries `page_cache` (set by the decorator), computes the same key and answers 304 or the
stored page before the session, CSRF, auth, OTP, audit, messages and axes middleware run. It
adds the headers the middleware after it would have added (Content-Language, Vary,
Content-Length, X-Frame-Options, Content-Security-Policy), through those middleware's own
code. A miss goes down the normal stack, where the decorator renders and stores the page.
The decorator must be the outermost one apart from method filters (require_safe): anything
wrapped around it is skipped on a hit.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import lru_cache, wraps
from typing import Any, TypeVar

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_request

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
    """A request whose page may come from the cache, before anyone is signed in or not."""
    return (
        getattr(settings, "PAGE_CACHE_ENABLED", True)
        and request.method in ("GET", "HEAD")
        and "messages" not in request.COOKIES
    )


def _language(request: HttpRequest) -> str:
    """The language LocaleMiddleware activates for this request (no language prefix in the
    URLs): the same before it (the middleware) and after it (the decorator)."""
    return get_language_from_request(request, check_path=False)


def _page_digest(
    request: HttpRequest, scopes: Scopes | None, kwargs: dict[str, Any], cache: BaseCache
) -> str:
    """The page's key and ETag: its URL, language and the current versions of its scopes."""
    names = [ALL] if scopes is None else list(scopes(request, kwargs))
    current = versions(names, cache=cache)
    source = "|".join(
        [
            # The host too: some pages print full links (the OIT sheet's).
            request.build_absolute_uri(),
            _language(request),
            *(f"{s}={current[s]}" for s in names),
        ]
    )
    return hashlib.sha256(source.encode()).hexdigest()[:32]


class _LocalPages:
    """The pages this process served last, by digest, up to PAGE_CACHE_LOCAL_BYTES of content,
    each for at most PAGE_CACHE_LOCAL_SECONDS.

    Never outdated by a publish: a digest names one version of its scopes, and the versions
    are read from the shared cache on every request. It only saves fetching (and unpickling)
    the page from the shared cache again; the short life bounds what depends on the clock."""

    def __init__(self) -> None:
        self._pages: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._expires: dict[str, float] = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, digest: str) -> dict[str, Any] | None:
        with self._lock:
            page = self._pages.get(digest)
            if page is None:
                return None
            if self._expires[digest] < time.monotonic():
                self._drop(digest)
                return None
            self._pages.move_to_end(digest)
            return page

    def _drop(self, digest: str) -> None:
        page = self._pages.pop(digest)
        del self._expires[digest]
        self._bytes -= len(page["content"])

    def put(self, digest: str, page: dict[str, Any]) -> None:
        limit = getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 16 * 1024 * 1024)
        size = len(page["content"])
        if size > limit // 4:
            return
        with self._lock:
            if digest in self._pages:
                return
            self._pages[digest] = page
            self._expires[digest] = time.monotonic() + getattr(
                settings, "PAGE_CACHE_LOCAL_SECONDS", 60
            )
            self._bytes += size
            while self._bytes > limit:
                self._drop(next(iter(self._pages)))

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._expires.clear()
            self._bytes = 0


local_pages = _LocalPages()


def _from_cache(request: HttpRequest, digest: str, cache: BaseCache) -> HttpResponse | None:
    """304 if the client has this version, else the stored page, else None (render it)."""
    etag = f'"{digest}"'
    if _etag_matches(request, etag):
        return _finish(HttpResponseNotModified(), etag, "not-modified")
    stored = local_pages.get(digest)
    if stored is None:
        stored = cache.get(f"page:{digest}")
        if stored is None:
            return None
        local_pages.put(digest, stored)
    kept = HttpResponse(stored["content"], status=stored["status"])
    for name, value in stored["headers"].items():
        kept[name] = value
    return _finish(kept, etag, "hit")


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
            # A cached view called by another (a stable address showing the row's page): the
            # outer one keeps the page, under its own key and scopes.
            if getattr(request, "_page_cache_outer", False):
                return view(request, *args, **kwargs)
            if not _cacheable(request) or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            request._page_cache_outer = True  # type: ignore[attr-defined]
            cache = _cache()
            digest = _page_digest(request, scopes, kwargs, cache)
            cached = _from_cache(request, digest, cache)
            if cached is not None:
                return cached
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponse) and response.status_code == 200:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                page = {
                    "content": response.content,
                    "status": response.status_code,
                    "headers": {h: response[h] for h in _KEPT_HEADERS if h in response},
                }
                cache.set(
                    f"page:{digest}",
                    page,
                    timeout
                    if timeout is not None
                    else getattr(settings, "PAGE_CACHE_SECONDS", 3600),
                )
                local_pages.put(digest, page)
                return _finish(response, etag=f'"{digest}"', state="miss")
            return response

        # Read by PublicPageCacheMiddleware (functools.wraps copies it to outer wrappers).
        wrapped.page_cache = (scopes, timeout)  # type: ignore[attr-defined]
        return wrapped

    return decorator


@lru_cache(maxsize=8192)
def _page_view(urlconf: str, path: str) -> tuple[Any, dict[str, Any]] | None:
    """The `page_cache` settings and URL kwargs of the view `path` resolves to, or None when
    it is not a cached page. Kept per process (resolving walks ~100 patterns, half the cost of
    a hit), keyed on the URLconf too so that a test's override_settings(ROOT_URLCONF) is seen."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    config = getattr(match.func, "page_cache", None)
    return None if config is None else (config, match.kwargs)


class PublicPageCacheMiddleware:
    """Answers cache hits of @cache_public_page views for anonymous GETs before the session,
    CSRF, auth, OTP, audit, messages and axes middleware (placed right after WhiteNoise)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        # The headers the middleware below this one add to a page, by their own code.
        # Both set their header on the response they are given.
        self._below: list[Callable[[HttpRequest, HttpResponse], HttpResponseBase]] = [
            XFrameOptionsMiddleware(get_response).process_response,
            CSPMiddleware(get_response).process_response,
        ]
        self._below_headers: dict[str, str] | None = None

    def _headers_below(self, request: HttpRequest) -> dict[str, str]:
        """What those middleware add to a replayed page: the same for every hit (no view ran,
        so no nonce and no per-view policy), hence made once per process by their own code
        (building the policy string was a quarter of a hit)."""
        if self._below_headers is None:
            probe = HttpResponse()
            before = set(probe.headers)
            for process_response in self._below:
                process_response(request, probe)
            self._below_headers = {k: v for k, v in probe.headers.items() if k not in before}
        return self._below_headers

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        hit = self._hit(request)
        return hit if hit is not None else self.get_response(request)

    def _hit(self, request: HttpRequest) -> HttpResponseBase | None:
        # GET and HEAD (a link checker's request; the server sends HEAD no body).
        if (
            not _cacheable(request)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "Authorization" in request.headers
        ):
            return None
        view = _page_view(settings.ROOT_URLCONF, request.path_info)
        if view is None:
            return None
        (scopes, _timeout), kwargs = view
        cache = _cache()
        response = _from_cache(request, _page_digest(request, scopes, kwargs, cache), cache)
        if response is None:
            return None
        for name, value in self._headers_below(request).items():
            response.headers.setdefault(name, value)
        # LocaleMiddleware's and CommonMiddleware's part (no language prefix in the URLs).
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", _language(request))
        if not response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        return response
