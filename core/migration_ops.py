"""Migration operations that only touch PostgreSQL (the demo's SQLite file skips them).

The index still exists in the migration state on every database, so `makemigrations` stays
quiet; only the SQL is skipped where the database cannot run it (GIN, pg_trgm operators).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


class AddIndexOnPostgres(migrations.AddIndex):
    """AddIndex whose SQL runs on PostgreSQL only (e.g. a GinIndex with gin_trgm_ops)."""

    def database_forwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, *args)

    def database_backwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, *args)
