"""Optimistic concurrency for everything two people may edit at once (measures, report rows).

An editable model carries a `version` integer. A form sends back the version it was opened
at; the service writes only if the stored version is still that one, and otherwise raises
ConcurrentEditError with the values now stored, so the page can show them next to what the
user typed. Nothing is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _


class ConcurrentEditError(Exception):
    """Someone else saved the object after the version the editor started from.

    `current` holds the stored values (with "version", "updated_by" and "updated_at"), and
    `version` the stored version to start again from.
    """

    def __init__(
        self, *, current: dict[str, Any], version: int, message: str | None = None
    ) -> None:
        self.current = {**current, "version": version}
        self.version = version
        super().__init__(message or _("มีผู้อื่นแก้ไขข้อมูลนี้ไปแล้ว กรุณาตรวจสอบข้อมูลล่าสุดก่อนบันทึกอีกครั้ง"))


def snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` now stored on `obj`, plus who changed it last and when."""
    values = {name: getattr(obj, name) for name in fields}
    values["updated_by"] = str(obj.updated_by) if obj.updated_by_id else ""
    values["updated_at"] = obj.updated_at
    return values
