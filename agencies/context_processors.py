"""The navigation bar's bell: the signed-in user's unread count, counted at most once per
request and only when a template prints it (lazy; anonymous visitors cost no query). The
bell's menu is loaded when it opens (`/my/notifications/?menu=1`)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from agencies import notifications


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notifications_unread": 0}

    def count() -> int:
        cached = getattr(request, "_notifications_unread", None)
        if cached is None:
            cached = notifications.unread_count(user)
            request._notifications_unread = cached  # type: ignore[attr-defined]
        return cached

    return {
        "notifications_unread": SimpleLazyObject(count),
        "my_digits": SimpleLazyObject(lambda: notifications.digit_style_of(user)),
    }
