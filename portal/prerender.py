"""Published documents' PDFs are ready before anyone asks (issue 15: "always ready").

When a plan, measure set or report is published, its public PDF is asked for once, as an
anonymous visitor would ask, right after the publishing transaction commits: a large document
is queued for the background worker, a small one rendered at once, and both land in the PDF
cache that the public's first request then hits. The same view builds it, so the cached bytes
are exactly what a visitor would get.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import RequestFactory
from django.urls import resolve

from agencies import workflow
from agencies.choices import DocumentKind

logger = logging.getLogger(__name__)


def prerender(document: Any) -> None:
    """Ask for `document`'s public PDF once (after commit), so it is cached or queued."""
    if not getattr(settings, "PDF_PRERENDER_ON_PUBLISH", True):
        return
    # The address the public asks (its old address by row only redirects there).
    url = document.get_stable_url(revision=True, pdf=True)

    def ask() -> None:
        request = RequestFactory().get(url)
        request.user = AnonymousUser()
        match = resolve(url)
        try:
            match.func(request, *match.args, **match.kwargs)
        except Exception:  # a failed pre-render must never undo or hide a publication
            logger.exception("pre-render of %s failed", url)

    transaction.on_commit(ask)


def register_prerender() -> None:
    for kind in (DocumentKind.PLAN, DocumentKind.MEASURES, DocumentKind.REPORT):
        workflow.after_publish(kind, prerender)
