"""Copying model rows (for amendments of published documents): a generic helper with no
knowledge of any app."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def copy_row(obj: M, **changes: Any) -> M:
    """A saved copy of `obj` (a new pk) with `changes` applied. Many-to-many relations and
    reverse relations are not copied: the caller copies what belongs to the document."""
    model = type(obj)
    values = {
        f.attname: getattr(obj, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in {"created_at", "updated_at"}
    }
    for name, value in changes.items():
        field = model._meta.get_field(name)
        values.pop(getattr(field, "attname", name), None)
        values[name] = value
    return model._default_manager.create(**values)
