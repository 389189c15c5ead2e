"""Optimistic concurrency: the one scheme for everything two people may edit at once.

Every editable model (plans and their items, measures, measure results, ITA results, report
rows) carries a `version` integer (PositiveIntegerField, default 1). A form sends back the
version it was opened at as a hidden field; the service claims the next version with one
conditional UPDATE (`version_claim`: UPDATE ... SET version = version + 1 WHERE pk = %s AND
version = %s) and writes only if that matched, and otherwise raises ConcurrentEditError with
the values now stored, so the page can show them next to what the user typed (the shared
partial templates/partials/conflict.html). Nothing is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import F, Model
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
    values["updated_by"] = str(obj.updated_by) if getattr(obj, "updated_by_id", None) else ""
    values["updated_at"] = getattr(obj, "updated_at", None)
    return values


def version_claim(
    model: type[Model],
    *,
    pk: Any,
    version: int | None,
    stale: Callable[[Any], ConcurrentEditError],
) -> int:
    """Move the stored version of `model` row `pk` from `version` to `version + 1`, or raise.

    One conditional UPDATE, so two saves racing each other cannot both succeed; call it inside
    the service's transaction before writing the other fields (the UPDATE holds the row lock
    until the commit). A missing or different version raises `stale(stored object)`, which
    builds the ConcurrentEditError with the stored values. Returns the new version.
    """
    manager = model._default_manager
    if version is not None:
        if manager.filter(pk=pk, version=version).update(version=F("version") + 1):
            return version + 1
    raise stale(manager.get(pk=pk))


def conflict_row(name: str, label: Any, theirs: Any, yours: Any) -> dict[str, Any] | None:
    """One line of the conflict table, or None when both sides say the same (spaces aside)."""
    theirs_list = [str(v) for v in theirs] if isinstance(theirs, list | tuple) else [theirs]
    yours_list = [str(v) for v in yours] if isinstance(yours, list | tuple) else [yours]
    theirs_list = ["" if v is None else str(v) for v in theirs_list]
    yours_list = ["" if v is None else str(v) for v in yours_list]
    if [" ".join(v.split()) for v in theirs_list] == [" ".join(v.split()) for v in yours_list]:
        return None
    return {"name": name, "label": label, "theirs": theirs_list, "yours": yours_list}


def conflict_view(
    exc: ConcurrentEditError,
    rows: Iterable[dict[str, Any] | None],
    *,
    message: str | None = None,
    id_suffix: str = "",
) -> dict[str, Any]:
    """The context of templates/partials/conflict.html for a refused save."""
    return {
        "message": message or str(exc),
        "rows": [row for row in rows if row],
        "updated_by": exc.current.get("updated_by", ""),
        "updated_at": exc.current.get("updated_at"),
        "id_suffix": id_suffix,
    }


def rebind_at_version(form_class: Any, data: Any, version: int, **kwargs: Any) -> Any:
    """After a conflict: the form again with what the user typed, but carrying the stored
    `version`, so that saving it once more (having seen the other change) is not refused
    again. Validated, so its fields show as typed."""
    post = data.copy()
    post["version"] = str(version)
    form = form_class(post, **kwargs)
    form.is_valid()
    return form
