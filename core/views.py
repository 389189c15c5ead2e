"""Error pages in the site's layout, in Thai (templates/403.html, 404.html, 500.html,
403_csrf.html). Django's own handlers render 403 and 404; these two are the ones it lets a
project replace: the CSRF failure and the server error."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: usually a form left open so long that its token expired."""
    return HttpResponse(
        loader.render_to_string("403_csrf.html", {"reason": reason}, request=request),
        status=403,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: rendered without a RequestContext, so no context processor touches the
    database or the session that may be what failed (base.html then shows the signed-out menu).
    """
    return HttpResponseServerError(
        loader.render_to_string("500.html", {"request_path": request.path})
    )
