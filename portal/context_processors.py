"""The navigation bar's counts: "งานของฉัน" (what waits for the user's action) and the bell's
unread notifications, both counted in ONE query at most once per request, and only when a
template prints one of them (lazy; anonymous visitors cost no query)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from agencies import notifications
from portal import worklist


def navigation_counts(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"worklist_count": 0, "notifications_unread": 0}

    def counts() -> list[int]:
        cached = getattr(request, "_navigation_counts", None)
        if cached is None:
            cached = worklist.nav_counts(user, notifications.unread(user))
            request._navigation_counts = cached  # type: ignore[attr-defined]
        return cached

    return {
        "worklist_count": SimpleLazyObject(lambda: counts()[0]),
        "notifications_unread": SimpleLazyObject(lambda: counts()[1]),
    }
