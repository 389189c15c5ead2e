"""The record of an imported file (`SourceDocument`): every importer writes it the same way."""

from __future__ import annotations

from typing import Any

from agencies import access
from agencies.access import Actor
from agencies.models import Agency, SourceDocument


def source_record(
    *,
    agency: Agency,
    document_type: str,
    layout: str,
    source: Any,
    user: Actor,
    warnings: list[dict[str, Any]] | None = None,
) -> SourceDocument:
    """Keep what was imported (file name and hash, layout, kind), who imported it and, where
    the importer knows them already, its warnings."""
    extra = {} if warnings is None else {"warnings": warnings}
    return SourceDocument.objects.create(
        agency=agency,
        document_type=document_type,
        layout=layout,
        filename=source.name,
        sha256=source.sha256,
        imported_by=access.user_or_none(user),
        **extra,
    )
