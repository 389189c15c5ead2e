"""An htmx request whose session has ended (idle timeout, logout in another tab) gets a 401
with a re-login prompt instead of the login page pasted into the part of the page it updates.
static/js/app.js shows the prompt, signs in without leaving the page and sends the request
again, so what was typed in the open form is saved."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.template import loader


class HtmxLoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.headers.get("HX-Request") != "true" or response.status_code != 302:
            return response
        login_path = urlsplit(resolve_url(settings.LOGIN_URL)).path
        if urlsplit(response.get("Location", "")).path != login_path:
            return response
        prompt = HttpResponse(
            loader.render_to_string("registration/_relogin.html", request=request), status=401
        )
        # htmx swaps nothing on a 401; app.js shows the prompt (htmx:responseError).
        prompt["HX-Reswap"] = "none"
        return prompt
