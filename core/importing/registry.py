"""The layouts the apps register, and how a file's layout is found."""

from __future__ import annotations

from django.utils.module_loading import autodiscover_modules

from core.importing.base import DocumentRejected, Layout
from core.importing.source import SourceText

_LAYOUTS: list[type[Layout]] = []
_discovered = False


def register(cls: type[Layout]) -> type[Layout]:
    """Class decorator: make a layout known to `import_document`."""
    if cls not in _LAYOUTS:
        _LAYOUTS.append(cls)
    return cls


def layouts() -> list[type[Layout]]:
    global _discovered
    if not _discovered:
        autodiscover_modules("importers")
        _discovered = True
    return sorted(_LAYOUTS, key=lambda cls: -cls.priority)


def detect_layout(source: SourceText) -> Layout:
    for cls in layouts():
        layout = cls()
        if layout.detect(source):
            return layout
    hints = [hint for cls in layouts() if (hint := cls().near_miss(source))]
    expected = "; ".join(cls.expects for cls in layouts() if cls.expects)
    found = f": {hints[0]}" if hints else ""
    raise DocumentRejected(
        f"ไม่รู้จักรูปแบบเอกสาร (unknown layout){found} — รูปแบบที่รู้จัก (expected): {expected}"
    )
