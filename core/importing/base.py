"""The parts every document layout shares: rejection, warnings, results and the Layout API."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from core.importing.source import SourceText


MAX_WARNINGS = 1000

#: The English gloss a refusal or warning may end with for the logs and the command line,
#: "ไฟล์ว่าง (empty file)": one parenthesis at the end, printable ASCII only, with a space and a
#: lower-case word (so "(A001)", "(ITA 2567)" or "(ไม่เกิน 5 MB)" are never taken for one).
_GLOSS = re.compile(r"\s*\((?=[^()]*\s)(?=[^()]*[a-z]{3})[\x20-\x7e]+\)$")
_THAI = re.compile("[\u0e00-\u0e7f]")


def without_gloss(message: str) -> str:
    """`message` as the browser shows it: its Thai, without the English gloss at its end."""
    shorter = _GLOSS.sub("", message)
    return shorter if _THAI.search(shorter) else message


class DocumentRejected(Exception):
    """The file cannot be imported at all; nothing is written. The message is one line."""

    def __init__(
        self, reason: str, line: int | None = None, warnings: list[dict[str, Any]] | None = None
    ) -> None:
        self.reason = reason
        self.line = line
        self.warnings = warnings or []
        super().__init__(f"บรรทัด {line}: {reason}" if line else reason)

    def as_dict(self) -> dict[str, Any]:
        """What `import_document --json` prints for a refusal."""
        return {"error": str(self), "line": self.line, "warnings": self.warnings}


@dataclass(frozen=True)
class ImportWarning:
    line: int | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message}


@dataclass
class WarningLog:
    """Warnings collected while parsing: every row not placed, every figure that disagrees."""

    items: list[ImportWarning] = field(default_factory=list)
    dropped: int = 0

    def add(self, line: int | None, message: str) -> None:
        # A hostile file can produce a warning per line: keep the first MAX_WARNINGS, count
        # the rest, and say so once (the last item).
        if len(self.items) < MAX_WARNINGS:
            self.items.append(ImportWarning(line, message))
            return
        self.dropped += 1
        more = ImportWarning(
            None, f"และคำเตือนอื่นอีก {self.dropped:,} รายการ ({self.dropped:,} more warnings)"
        )
        if len(self.items) == MAX_WARNINGS:
            self.items.append(more)
        else:
            self.items[-1] = more

    def as_list(self) -> list[dict[str, Any]]:
        return [w.as_dict() for w in sorted(self.items, key=lambda w: w.line or 0)]

    def __len__(self) -> int:
        return len(self.items)


@dataclass
class ImportResult:
    """What an import did, as printed by `import_document --json`."""

    document_type: str
    agency: dict[str, Any]
    url: str = ""
    pdf_url: str = ""
    warnings: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "document_type": self.document_type,
            "agency": self.agency,
            **self.extra,
            "warnings": self.warnings,
            "url": self.url,
            "pdf_url": self.pdf_url,
        }
        if self.dry_run:
            data["dry_run"] = True
        return data


def agency_summary(agency: Any) -> dict[str, Any]:
    """The agency as every kind's JSON gives it: code, name, district, province."""
    province = getattr(agency, "province", None)
    return {
        "code": agency.code,
        "name": agency.name,
        "district": getattr(agency, "district", "") or "",
        "province": getattr(province, "name", "") or "",
    }


class Layout:
    """One document layout. Subclasses live in an app's `importers` package and register.

    `detect` looks at the text only; `parse` builds plain data (no database) and may raise
    DocumentRejected; `save` writes it (called inside a transaction) and returns the result.
    """

    name: ClassVar[str] = ""
    document_type: ClassVar[str] = ""
    # Higher runs first: a specific layout before a generic one.
    priority: ClassVar[int] = 0

    # One line for a refusal: what a document of this layout must contain.
    expects: ClassVar[str] = ""

    def detect(self, source: SourceText) -> bool:
        raise NotImplementedError

    def near_miss(self, source: SourceText) -> str:
        """When no layout detects a file: what of this layout was found and what is missing
        ("" if nothing looks like it)."""
        return ""

    def parse(self, source: SourceText) -> Any:
        raise NotImplementedError

    def save(
        self,
        parsed: Any,
        *,
        source: SourceText,
        agency_code: str | None,
        submit: bool,
        user: Any,  # an agencies.access.Actor: core imports no app, so it cannot name it
    ) -> ImportResult:
        raise NotImplementedError
