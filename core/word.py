"""Writing a document as Word (.docx) in the layout of its PDF, with python-docx.

The apps build their Word files (plans/word.py, measures/word.py, reports/word.py) from the
same selector contexts that feed their page and PDF, through this small writer: headings,
paragraphs, tables whose header rows repeat on every page, group rows merged across the
table, landscape sections where the PDF is landscape, Sarabun for Thai and Latin text
alike, and digits in the agency's style (core.thai). An agency keeps these in its binder and
edits them in Word; python-docx is the well-kept library Django projects use for this (and
the one the importer reads .docx with).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from core.html import html_to_text
from core.thai import DIGITS_THAI, digits, format_money, format_number

FONT = "Sarabun"
BODY_PT = 14
TABLE_PT = 12
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Cell:
    """A table cell: its text (paragraphs split at newlines), bold, centred, spanning
    `span` columns."""

    text: str = ""
    bold: bool = False
    center: bool = False
    right: bool = False
    span: int = 1


CellLike = Cell | str


def html_text(html: str) -> str:
    """A cleaned HTML field as the text a Word cell shows (links kept as their addresses)."""
    return html_to_text(html or "").strip()


class WordDocument:
    """One .docx being written. `digit_style` is the agency's (core.thai.DIGITS_*)."""

    def __init__(self, *, digit_style: str = DIGITS_THAI, landscape: bool = False) -> None:
        import docx
        from docx.shared import Mm

        self.digit_style = digit_style
        self.doc = docx.Document()
        self._set_font(self.doc.styles["Normal"], BODY_PT)
        for level in range(1, 4):
            style = self.doc.styles[f"Heading {level}"]
            self._set_font(style, {1: 18, 2: 16, 3: 15}[level])
            style.font.color.rgb = None
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))
        if landscape:
            self._orient(section, landscape=True)

    # -- text -----------------------------------------------------------------------------------

    def d(self, value: object) -> str:
        """`value` with its digits in the agency's style."""
        return digits(value, self.digit_style)

    def money(self, value: object) -> str:
        return format_money(value, self.digit_style)

    def number(self, value: object) -> str:
        return format_number(value, self.digit_style)

    def heading(self, text: str, level: int = 1, *, center: bool = False) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph = self.doc.add_heading(self.d(text), level=level)
        for run in paragraph.runs:
            self._run_font(run)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def paragraph(
        self,
        text: str,
        *,
        bold: bool = False,
        center: bool = False,
        size: int | None = None,
        indent: bool = False,
    ) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(self.d(text))
        run.bold = bold or None
        self._run_font(run, size)
        if size:
            run.font.size = Pt(size)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if indent:
            paragraph.paragraph_format.first_line_indent = Cm(1.25)

    def paragraphs(self, text: str, *, indent: bool = True) -> None:
        """Each non-empty line of `text` as a paragraph; "-" when there is none."""
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        for line in lines or ["-"]:
            self.paragraph(line, indent=indent)

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def section(self, *, landscape: bool) -> None:
        """Start a new section on a new page, landscape or portrait."""
        from docx.enum.section import WD_SECTION

        self._orient(self.doc.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)

    # -- tables ---------------------------------------------------------------------------------

    def table(
        self,
        header: Sequence[Sequence[Any]],
        rows: Sequence[Sequence[Any]],
        *,
        widths: Sequence[float] = (),
    ) -> None:
        """A bordered table: `header` rows (bold, centred, repeated on every page), then
        `rows`. A cell with span>1 is merged across that many columns; `widths` in percent of
        the text width."""
        from docx.shared import Emu

        width = max(sum(self._cell(c).span for c in row) for row in [*header, *rows])
        table = self.doc.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        starts: dict[tuple[int, int], Cell] = {}
        for k, row in enumerate([*header, *rows]):
            is_header = k < len(header)
            cells = table.add_row().cells
            col = 0
            for raw in row:
                cell = self._cell(raw)
                starts[(k, col)] = cell
                if is_header:
                    cell = Cell(cell.text, bold=True, center=True, span=cell.span)
                target = cells[col]
                if cell.span > 1:
                    target = target.merge(cells[min(col + cell.span, width) - 1])
                self._fill(target, cell)
                col += cell.span
            if is_header:
                self._repeat_header(table.rows[k])
        # A header cell over an empty one below it spans both rows (rowspan="2" in the PDF).
        if len(header) == 2:
            for col in range(width):
                top, below = starts.get((0, col)), starts.get((1, col))
                if top and top.text and top.span == 1 and below is not None and not below.text:
                    table.cell(0, col).merge(table.cell(1, col))
        if widths:
            section = self.doc.sections[-1]
            text_width = int(section.page_width or 0) - int(section.left_margin or 0)
            text_width -= int(section.right_margin or 0)
            total = sum(widths)
            for i, column in enumerate(table.columns):
                if i < len(widths):
                    share = Emu(int(text_width * widths[i] / total))
                    for cell in column.cells:
                        cell.width = share
        self.doc.add_paragraph()

    # -- output ---------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    # -- helpers --------------------------------------------------------------------------------

    @staticmethod
    def _cell(raw: Any) -> Cell:
        """A Cell, or any value (str, number) as a plain cell."""
        return raw if isinstance(raw, Cell) else Cell(str(raw or ""))

    def _fill(self, target, cell: Cell) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        if not cell.text:
            return
        lines = self.d(cell.text).split("\n")
        for i, line in enumerate(lines):
            paragraph = target.paragraphs[0] if i == 0 else target.add_paragraph()
            if cell.center:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif cell.right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(line)
            run.bold = cell.bold or None
            self._run_font(run)
            run.font.size = Pt(TABLE_PT)

    @staticmethod
    def _repeat_header(row) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        tr_pr = row._tr.get_or_add_trPr()
        element = OxmlElement("w:tblHeader")
        element.set(qn("w:val"), "true")
        tr_pr.append(element)

    @staticmethod
    def _orient(section, *, landscape: bool) -> None:
        from docx.enum.section import WD_ORIENT

        short, long = sorted([section.page_width, section.page_height])
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = long, short
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = short, long

    @staticmethod
    def _fonts(element) -> None:
        """Sarabun for every script (Thai is a complex script: w:cs)."""
        from docx.oxml.ns import qn

        r_pr = element.get_or_add_rPr()
        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = r_pr.makeelement(qn("w:rFonts"), {})
            r_pr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)

    def _set_font(self, style, size: int) -> None:
        from docx.oxml.ns import qn
        from docx.shared import Pt

        style.font.name = FONT
        style.font.size = Pt(size)
        self._fonts(style.element)
        r_pr = style.element.get_or_add_rPr()
        size_cs = r_pr.find(qn("w:szCs"))
        if size_cs is None:
            size_cs = r_pr.makeelement(qn("w:szCs"), {})
            r_pr.append(size_cs)
        size_cs.set(qn("w:val"), str(size * 2))

    def _run_font(self, run, size: int | None = None) -> None:
        run.font.name = FONT
        self._fonts(run._r)


def docx_response(data: bytes, filename: str) -> HttpResponse:
    """A .docx download; `filename` may be Thai (RFC 6266 filename*)."""
    response = HttpResponse(data, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
