"""Word (.docx) and Excel (.xlsx) files as blocks (core/importing/document.py).

Word: the body's paragraphs and tables in order; a run's bold, a hyperlink's address, the
paragraphs inside each cell; a merged cell (horizontal span or vertical continuation) is
read once, at its first grid position, and is empty elsewhere, as in the text exports.
Excel: each worksheet's rows; a row with at most one filled cell outside a table is a
paragraph, other rows are table rows; a cell's lines are its paragraphs, its font's bold is
theirs; merged ranges are read at their top-left cell.

Both are zip files: the uncompressed size is checked before anything is parsed.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from core.importing.base import DocumentRejected
from core.importing.document import Block, Paragraph, Run, Table

MAX_UNZIPPED = 100 * 1024 * 1024
MAX_TABLE_NESTING = 5
MAX_XLSX_ROWS = 100_000
MAX_XLSX_COLUMNS = 60


def office_kind(data: bytes) -> str | None:
    """ "docx", "xlsx" or None (not a zip of either), from the file's contents."""
    if not data.startswith(b"PK"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            size = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile:
        return None
    kind = (
        "docx" if "word/document.xml" in names else "xlsx" if "xl/workbook.xml" in names else None
    )
    if kind and size > MAX_UNZIPPED:
        raise DocumentRejected(
            f"ไฟล์ {kind} เมื่อคลายบีบอัดใหญ่ {size // (1024 * 1024)} MB เกิน "
            f"{MAX_UNZIPPED // (1024 * 1024)} MB (unzipped size over the limit)"
        )
    return kind


# --- Word -------------------------------------------------------------------------------------
#
# Styles are looked up once (python-docx searches the style list on every `.style`, which
# took seconds per MB), and table rows are read from their XML: each <w:tc> with its grid
# span and vertical merge, in one pass.


def _style_bold(document: Any) -> dict[str | None, bool]:
    out: dict[str | None, bool] = {}
    for style in document.styles:
        font = getattr(style, "font", None)
        if font is not None and font.bold is not None:
            out[style.style_id] = bool(font.bold)
    return out


def _runs(paragraph: Any, bold_of: dict[str | None, bool]) -> list[Run]:
    from docx.text.hyperlink import Hyperlink

    style_bold = bold_of.get(paragraph._p.style, False)
    runs: list[Run] = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            inner = item.runs
            bold = all(_bold(r, style_bold, bold_of) for r in inner) if inner else style_bold
            runs.append(Run(item.text, bold, item.url or item.address))
        else:
            runs.append(Run(item.text, _bold(item, style_bold, bold_of)))
    return [r for r in runs if r.text or r.href]


def _bold(run: Any, style_bold: bool, bold_of: dict[str | None, bool]) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    run_style = run._r.style
    if run_style in bold_of:
        return bold_of[run_style]
    return style_bold


def _cell_paragraphs(cell: Any, depth: int, bold_of: dict[str | None, bool]) -> list[Paragraph]:
    """A cell's paragraphs, with those of tables nested in it (up to MAX_TABLE_NESTING)."""
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    out: list[Paragraph] = []
    for item in cell.iter_inner_content():
        if isinstance(item, DocxParagraph):
            out.append(Paragraph(_runs(item, bold_of)))
        elif isinstance(item, DocxTable):
            if depth >= MAX_TABLE_NESTING:
                raise DocumentRejected(
                    f"ตารางซ้อนในตารางเกิน {MAX_TABLE_NESTING} ชั้น "
                    f"(tables nested more than {MAX_TABLE_NESTING} deep)"
                )
            for row in _table_rows(item, depth + 1, bold_of):
                for paragraphs in row:
                    out.extend(paragraphs)
    return out


def _table_rows(table: Any, depth: int, bold_of: dict[str | None, bool]) -> list:
    """Rows of cells by grid column; a merged cell's later positions (the rest of a
    horizontal span, a vertical continuation) are empty."""
    from docx.table import _Cell

    rows = []
    for tr in table._tbl.tr_lst:
        cells: list[list[Paragraph]] = [[] for _ in range(tr.grid_before)]
        for tc in tr.tc_lst:
            span = max(1, tc.grid_span)
            if tc.vMerge == "continue":
                cells.append([])
            else:
                cells.append(_cell_paragraphs(_Cell(tc, table), depth, bold_of))
            cells.extend([] for _ in range(span - 1))
        cells.extend([] for _ in range(tr.grid_after))
        rows.append(cells)
    return rows


def blocks_from_docx(data: bytes) -> list[Block]:
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a damaged file
        raise DocumentRejected(
            f"อ่านไฟล์ Word ไม่ได้ (unreadable .docx: {exc.__class__.__name__})"
        ) from None
    bold_of = _style_bold(document)
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxParagraph):
            blocks.append(Paragraph(_runs(item, bold_of)))
        elif isinstance(item, DocxTable):
            rows = _table_rows(item, 1, bold_of)
            width = max((len(r) for r in rows), default=0)
            for r in rows:
                r.extend([] for _ in range(width - len(r)))
            blocks.append(Table(rows=rows))
    return blocks


# --- Excel ------------------------------------------------------------------------------------


def blocks_from_xlsx(data: bytes) -> list[Block]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a damaged file
        raise DocumentRejected(
            f"อ่านไฟล์ Excel ไม่ได้ (unreadable .xlsx: {exc.__class__.__name__})"
        ) from None
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        if sheet.max_row > MAX_XLSX_ROWS or sheet.max_column > MAX_XLSX_COLUMNS:
            raise DocumentRejected(
                f"แผ่นงาน “{sheet.title}” มี {sheet.max_row:,} แถว {sheet.max_column:,} คอลัมน์ "
                f"เกิน {MAX_XLSX_ROWS:,} แถว / {MAX_XLSX_COLUMNS} คอลัมน์ (sheet too large)"
            )
        table: Table | None = None
        for row in sheet.iter_rows():
            cells = [_xlsx_cell(c) for c in row]
            while cells and not cells[-1]:
                cells.pop()
            filled = [c for c in cells if c]
            if not filled:
                table = None
                blocks.append(Paragraph([]))
                continue
            if table is None and len(filled) == 1 and cells[0]:
                first = cells[0]
                lines = "\n".join(p.text for p in first)
                blocks.append(Paragraph([Run(lines, first[0].bold, first[0].runs[0].href)]))
                continue
            if table is None:
                table = Table()
                blocks.append(table)
            table.rows.append(cells)
    for block in blocks:
        if isinstance(block, Table):
            width = max(len(r) for r in block.rows)
            for r in block.rows:
                r.extend([] for _ in range(width - len(r)))
    return blocks


def _xlsx_cell(cell: Any) -> list[Paragraph]:
    value = getattr(cell, "value", None)  # a MergedCell (not top-left) has no value
    if value is None or str(value).strip() == "":
        return []
    bold = bool(cell.font is not None and cell.font.b)
    href = cell.hyperlink.target if cell.hyperlink is not None and cell.hyperlink.target else ""
    return [Paragraph([Run(line, bold, href)]) for line in str(value).split("\n") if line.strip()]
