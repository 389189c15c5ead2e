"""A document's text, checked and normalised, with 1-based line numbers kept for warnings."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

from core.html import nesting_depth
from core.importing.base import DocumentRejected
from core.thai import normalize_text

MAX_BYTES = 20 * 1024 * 1024
# Bounds that keep every parser linear and every stored text field small. Real documents
# stay far below them (the seeds: 3,244 lines, cells of at most 1,774 characters, 10 columns,
# markup nested 3 deep); a file over one is refused with the line and what was found.
MAX_LINES = 500_000
MAX_CELL_CHARS = 20_000
MAX_COLUMNS = 60
MAX_NESTING = 100
# A stored text built from many lines (a project sheet's field): kept to this many characters.
MAX_FIELD_CHARS = 50_000
_TAG_RE = re.compile(r"<[^<>]+>")
_INPUT_RE = re.compile(r"<input\b[^<>]*>", re.IGNORECASE)


def strip_markdown(text: str) -> str:
    """Drop markdown emphasis and heading marks, which carry no meaning in these exports."""
    text = re.sub(r"^\s*(?:-\s+)?#{1,6}\s*", "", text)
    text = text.replace("**", "")
    text = re.sub(r"^#{1,6}$", "", text.strip())
    return text.strip()


def cell_text(cell: str) -> str:
    """A cell as plain text: checkboxes become ☑, tags and markdown vanish, spaces squashed."""
    cell = _INPUT_RE.sub(lambda m: "☑" if "checked" in m.group(0) else m.group(0), cell)
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


def check_bounds(raw_lines: list[str]) -> None:
    """Refuse (DocumentRejected, with the line) a text over one of the bounds above."""
    if len(raw_lines) > MAX_LINES:
        raise DocumentRejected(
            f"ไฟล์มี {len(raw_lines):,} บรรทัด เกินที่รับได้ {MAX_LINES:,} บรรทัด "
            f"({len(raw_lines):,} lines, at most {MAX_LINES:,})"
        )
    for no, raw in enumerate(raw_lines, start=1):
        if len(raw) <= MAX_CELL_CHARS and "<" not in raw and raw.count("\t") < MAX_COLUMNS:
            continue
        cells = raw.split("\t")
        if len(cells) > MAX_COLUMNS:
            raise DocumentRejected(
                f"แถวตารางมี {len(cells):,} ช่อง เกิน {MAX_COLUMNS} ช่อง "
                f"({len(cells):,} columns, at most {MAX_COLUMNS})",
                no,
            )
        longest = max(len(c) for c in cells)
        if longest > MAX_CELL_CHARS:
            raise DocumentRejected(
                f"ข้อความในช่องหรือบรรทัดยาว {longest:,} ตัวอักษร เกิน {MAX_CELL_CHARS:,} ตัวอักษร "
                f"(a cell of {longest:,} characters, at most {MAX_CELL_CHARS:,})",
                no,
            )
        if "<" in raw and (depth := nesting_depth(raw)) > MAX_NESTING:
            raise DocumentRejected(
                f"แท็ก HTML ซ้อนกันลึก {depth:,} ชั้น เกิน {MAX_NESTING} ชั้น "
                f"(markup nested {depth:,} deep, at most {MAX_NESTING})",
                no,
            )


def read_source(data: bytes, name: str = "document.txt") -> SourceText:
    """A file as the text the layouts read: a text export as is, Word and Excel files from
    their structure (core/importing/office.py) rendered as a text export would have it."""
    from core.importing import document, office

    if len(data) > MAX_BYTES:
        raise DocumentRejected(f"ไฟล์ใหญ่เกิน {MAX_BYTES // (1024 * 1024)} MB (file too large)")
    kind = office.office_kind(data)
    if kind is None:
        if name.lower().endswith((".docx", ".xlsx")) and data[:2] != b"PK":
            raise DocumentRejected(f"ไฟล์ชื่อ {name} แต่เนื้อไฟล์ไม่ใช่ Word/Excel (not a .docx/.xlsx file)")
        source = SourceText(data, name)
        source.kind = "txt"
        return source
    blocks = office.blocks_from_docx(data) if kind == "docx" else office.blocks_from_xlsx(data)
    text = document.render(blocks)
    if not text.strip():
        raise DocumentRejected(f"ไฟล์ {kind} ไม่มีข้อความ (no text in the file)")
    source = SourceText(text.encode("utf-8"), name)
    source.sha256 = hashlib.sha256(data).hexdigest()
    source.kind = kind
    source.blocks = blocks
    return source


def _thai_legacy_text(data: bytes) -> str | None:
    """The text of a file saved in Windows' Thai code page (cp874, a superset of TIS-620:
    Notepad's "ANSI" on a Thai Windows), or None if it does not read as Thai text there.

    A file that is not UTF-8 is tried once more: every byte must be defined in cp874 and at
    least a fifth of its letters must be Thai, or it is refused as before."""
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    thai = sum(1 for ch in letters if "\u0e00" <= ch <= "\u0e7f")
    return text if letters and thai * 5 >= len(letters) else None


class SourceText:
    """The checked text of one document file."""

    kind: str = "txt"  # txt, docx or xlsx: the file the text came from
    encoding: str = "utf-8"  # or cp874, a Thai Windows text file
    _blocks: list | None = None

    @property
    def blocks(self) -> list:
        """The document as blocks (core/importing/document.py), read from the text if needed."""
        if self._blocks is None:
            from core.importing.document import blocks_from_text

            self._blocks = blocks_from_text(self.text)
        return self._blocks

    @blocks.setter
    def blocks(self, value: list) -> None:
        self._blocks = value

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
            legacy = _thai_legacy_text(data)
            if legacy is None:
                raise DocumentRejected(
                    f"ไฟล์ไม่ใช่ข้อความ UTF-8 ที่ไบต์ {exc.start} "
                    "กรุณาบันทึกไฟล์ใหม่เป็น UTF-8 หรือนำเข้าไฟล์ Word (.docx) แทน (not UTF-8 text)"
                ) from exc
            text, self.encoding = legacy, "cp874"
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
        if controls > 10:
            raise DocumentRejected("ไฟล์ไม่ใช่ข้อความ (binary file)")
        # A few stray control characters (a vertical tab pasted from Word) are dropped, not
        # stored: databases and spreadsheets refuse some of them.
        text = re.sub(r"[\x00-\x08\x0b\x0e-\x1f]", "", text)
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.text = normalize_text(text.replace("\r\n", "\n").replace("\r", "\n"))
        raw_lines = self.text.split("\n")
        check_bounds(raw_lines)
        self.lines = [Line(no, raw) for no, raw in enumerate(raw_lines, start=1)]

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
