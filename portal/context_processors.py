"""The navigation bar's "งานของฉัน" count, computed at most once per request and only when a
template actually prints it (the badge is lazy; anonymous visitors cost no query)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from portal import worklist


def worklist_count(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"worklist_count": 0}

    def count() -> int:
        cached = getattr(request, "_worklist_count", None)
        if cached is None:
            cached = worklist.badge_count(user)
            request._worklist_count = cached  # type: ignore[attr-defined]
        return cached

    return {"worklist_count": SimpleLazyObject(count)}
