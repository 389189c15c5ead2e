"""A document's text, checked and normalised, with 1-based line numbers kept for warnings."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

from core.importing.base import DocumentRejected
from core.thai import normalize_text

MAX_BYTES = 20 * 1024 * 1024
_TAG_RE = re.compile(r"<[^>]+>")


def strip_markdown(text: str) -> str:
    """Drop markdown emphasis and heading marks, which carry no meaning in these exports."""
    text = re.sub(r"^\s*(?:-\s+)?#{1,6}\s*", "", text)
    text = text.replace("**", "")
    text = re.sub(r"^#{1,6}$", "", text.strip())
    return text.strip()


def cell_text(cell: str) -> str:
    """A cell as plain text: checkboxes become ☑, tags and markdown vanish, spaces squashed."""
    cell = re.sub(r"<input[^>]*checked[^>]*>", "☑", cell)
    cell = _TAG_RE.sub(" ", cell)
    cell = (
        cell.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    )
    return re.sub(r"\s+", " ", strip_markdown(cell)).strip()


@dataclass(frozen=True)
class Line:
    no: int
    raw: str

    @cached_property
    def cells(self) -> list[str]:
        """The tab-separated cells as plain text (a line without tabs is one cell)."""
        return [cell_text(c) for c in self.raw.split("\t")]

    @cached_property
    def raw_cells(self) -> list[str]:
        return self.raw.split("\t")

    @cached_property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)

    @property
    def is_table_row(self) -> bool:
        return "\t" in self.raw

    @property
    def is_blank(self) -> bool:
        return not self.text


class SourceText:
    """The checked text of one document file."""

    def __init__(self, data: bytes, name: str = "document.txt") -> None:
        self.name = name
        if not data or not data.strip():
            raise DocumentRejected("ไฟล์ว่าง (empty file)")
        if len(data) > MAX_BYTES:
            raise DocumentRejected(f"ไฟล์ใหญ่เกิน {MAX_BYTES // (1024 * 1024)} MB (file too large)")
        if b"\x00" in data:
            line = data.count(b"\n", 0, data.index(b"\x00")) + 1
            raise DocumentRejected("ไฟล์ไม่ใช่ข้อความ มีอักขระ NUL (binary file)", line)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DocumentRejected(
                f"ไฟล์ไม่ใช่ข้อความ UTF-8 ที่ไบต์ {exc.start} (not UTF-8 text)"
            ) from exc
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
        if controls > 10:
            raise DocumentRejected("ไฟล์ไม่ใช่ข้อความ (binary file)")
        # A few stray control characters (a vertical tab pasted from Word) are dropped, not
        # stored: databases and spreadsheets refuse some of them.
        text = re.sub(r"[\x00-\x08\x0b\x0e-\x1f]", "", text)
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.text = normalize_text(text.replace("\r\n", "\n").replace("\r", "\n"))
        self.lines = [Line(no, raw) for no, raw in enumerate(self.text.split("\n"), start=1)]

    def line(self, no: int) -> Line:
        return self.lines[no - 1]

    def find(
        self, pattern: str | re.Pattern[str], start: int = 1, end: int | None = None
    ) -> int | None:
        """The number of the first line at or after `start` whose text matches `pattern`."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        for line in self.lines[start - 1 : end]:
            if rx.search(line.text):
                return line.no
        return None

    def find_all(self, pattern: str | re.Pattern[str]) -> list[int]:
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        return [line.no for line in self.lines if rx.search(line.text)]

    def head(self, n_lines: int = 60) -> str:
        return "\n".join(line.text for line in self.lines[:n_lines])
