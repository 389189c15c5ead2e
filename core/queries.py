"""Query helpers that know no app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import QuerySet


def count_many(querysets: Sequence[QuerySet], *, using: str = "default") -> list[int]:
    """The row count of each queryset, in ONE query (``SELECT (SELECT COUNT(*) …), …``):
    the navigation bar's several badges cost one round trip instead of one each."""
    if not querysets:
        return []
    parts: list[str] = []
    params: list[Any] = []
    for qs in querysets:
        sql, qs_params = qs.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")
        params.extend(qs_params)
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return [int(n) for n in row]
