"""Warm a web process before it serves.

gunicorn calls :func:`warm` in the master after loading the app (``preload_app``): every
template compiled, the translations loaded, the URL resolver built, the cache and session
modules imported, so every worker it forks, including those it recycles after
``max_requests``, has them in memory. Then each worker, before it accepts its first
connection, answers a few requests to itself (:func:`warm_worker`, ``WARMUP_URLS``) to open
its database and Redis connections and import whatever else a request needs. Without this
the first requests of each worker cost up to a second or more on a busy machine.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import time
from importlib import import_module
from pathlib import Path

logger = logging.getLogger(__name__)


def warm() -> None:
    from django.conf import settings
    from django.db import connections
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation
    from django.utils.module_loading import import_string

    started = time.perf_counter()
    resolver = get_resolver()
    resolver.reverse_dict  # noqa: B018 (builds the reverse lookup tables)
    for pattern in resolver.url_patterns:
        getattr(pattern, "url_patterns", None)  # imports every app's views
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")
    count = 0
    roots = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    for root in roots:
        for path in sorted(root.rglob("*.html")):
            try:
                get_template(str(path.relative_to(root)))
                count += 1
            except (TemplateDoesNotExist, TemplateSyntaxError):
                logger.warning("warm-up: cannot compile %s", path)
    for backend in settings.CACHES.values():
        import_string(backend["BACKEND"])
        if client := backend.get("OPTIONS", {}).get("CLIENT_CLASS"):
            import_string(client)
    import_module(settings.SESSION_ENGINE)
    # Nothing opened here may be shared with the forked workers.
    connections.close_all()
    logger.info("warmed up in %.2f s: %d templates", time.perf_counter() - started, count)


def warm_worker(application) -> None:
    """Answer WARMUP_URLS (comma-separated paths; default the home page and the national
    dashboard) through the WSGI application, in this worker, before it serves anyone."""
    from django.conf import settings

    urls = [u for u in os.environ.get("WARMUP_URLS", "/,/dashboard/").split(",") if u]
    host = next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost")
    started = time.perf_counter()
    for url in urls:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": url,
            "QUERY_STRING": "",
            "SERVER_NAME": host.lstrip("."),
            "SERVER_PORT": "80",
            "HTTP_HOST": host.lstrip("."),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        try:
            body = application(environ, lambda status, headers, exc_info=None: None)
            for _chunk in body:
                pass
            if hasattr(body, "close"):
                body.close()
        except Exception:  # a warm-up never stops a worker from serving
            logger.exception("warm-up request %s failed", url)
    logger.debug("worker warmed up in %.2f s", time.perf_counter() - started)
