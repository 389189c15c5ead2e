"""Running one import: detect the layout, parse, save, all-or-nothing."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.importing.base import DocumentRejected, ImportResult, WarningLog
from core.importing.registry import detect_layout
from core.importing.source import read_source


def document_import(
    *,
    data: bytes,
    filename: str,
    agency_code: str | None = None,
    submit: bool = False,
    dry_run: bool = False,
    user: Any,  # an agencies.access.Actor: core imports no app, so it cannot name it
) -> ImportResult:
    """Import one document file as `user` (a person, or the apps' explicit system actor).

    Raises DocumentRejected (nothing written) if it can't be read."""
    source = read_source(data, filename)
    layout = detect_layout(source)
    parsed = layout.parse(source)
    try:
        with transaction.atomic():
            result = layout.save(
                parsed, source=source, agency_code=agency_code, submit=submit, user=user
            )
            if dry_run:
                result.dry_run = True
                transaction.set_rollback(True)
    except DocumentRejected as exc:
        # Refused while saving: the warnings the parse gathered still explain the file.
        log = getattr(parsed, "log", None) or getattr(parsed, "warnings", None)
        if isinstance(log, WarningLog) and not exc.warnings:
            exc.warnings = log.as_list()
        raise
    return result
