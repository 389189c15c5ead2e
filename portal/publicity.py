"""What follows a publication or a withdrawal on the public side: the cached pages of the
agency and of the whole country change at once (core/pagecache.py versions), and the yearly
open-data files of the document's fiscal years are rebuilt in the background."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from agencies import workflow
from agencies.choices import DocumentKind
from agencies.models import Agency
from core import pagecache
from portal import opendata_files


def public_change(document: Any) -> None:
    """workflow hook (inside the publishing/withdrawing transaction): after it commits, the
    pages that show `document` get new versions; its years' files are queued."""
    code = document.agency.code
    transaction.on_commit(lambda: pagecache.bump(pagecache.ALL, pagecache.agency_scope(code)))
    opendata_files.rebuild_after_change(document)


def agency_saved(sender: Any, instance: Agency, **kwargs: Any) -> None:
    """An agency's name or place changed (admin): its pages and the lists show it."""
    code = instance.code
    transaction.on_commit(lambda: pagecache.bump(pagecache.ALL, pagecache.agency_scope(code)))


def register_public_changes() -> None:
    post_save.connect(agency_saved, sender=Agency, dispatch_uid="portal.publicity.agency")
    for kind in DocumentKind.values:
        workflow.after_publish(kind, public_change)
        workflow.after_withdraw(kind, public_change)
