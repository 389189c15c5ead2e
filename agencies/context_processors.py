"""The digit style of the signed-in user's agency for the navigation bar (lazy). The bar's
counts (worklist and the bell's unread notifications) come from
`portal.context_processors.navigation_counts`, in one query; the bell's menu is loaded when
it opens (`/my/notifications/?menu=1`)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from agencies import notifications


def my_digits(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"my_digits": SimpleLazyObject(lambda: notifications.digit_style_of(user))}
