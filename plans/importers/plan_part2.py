"""Part 2: the printed project table (มิติ | ภารกิจตามมิติ | โครงการ | ปี … | หมายเหตุ).

Used only as a cross-check of the annex: in real plans it merges several projects into one
cell with one set of amounts, shifts columns, mislabels year columns and prints totals that
do not add up. It is read as printed; plan_checks compares it with the annex rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from core.importing.base import WarningLog
from core.importing.source import Line, SourceText
from core.thai import NoBudget, parse_amount
from plans.importers.plan_data import DocumentInfo
from plans.importers.plan_document import text_of

_DIM_RE = re.compile(r"^(\d)\s*\.\s+\S")
_SUB_RE = re.compile(r"^(\d)\s*\.\s*(\d{1,2})\s+\S")
_COUNT_RE = re.compile(r"จำนวน\s*(\d+)\s*โครงการ")
_ITEM_MARK_RE = re.compile(r"(?:^|\s)(\d+(?:\.\d+)?)\)\s*")
_YEAR_RE = re.compile(r"(25\d\d)")
# "ปี 66", "พ.ศ. 66", "ปีงบประมาณ 66": a two-digit Buddhist year in a header.
_SHORT_YEAR_RE = re.compile(r"(?:ปี(?:งบประมาณ)?|พ\.\s*ศ\.?)\s*(\d\d)(?!\d)")
# "มิติที่ 1 …", "มิติ 1": the dimension written with its word, in any of the first columns.
_DIM_WORD_RE = re.compile(r"^มิติ\s*(?:ที่)?\s*(\d)(?!\d)")
# Words of the header row, which a table repeats after a page break.
_HEADER_WORDS = ("มิติ", "ภารกิจตามมิติ", "ภารกิจ", "โครงการ/กิจกรรม/มาตรการ", "โครงการ/กิจกรรม")
# A page number or running footer printed inside the table: "- 5 -", "หน้า 5", "5".
_PAGE_RE = re.compile(r"^(?:-\s*\d+\s*-|หน้า\s*\d+|\d+|\(?ต่อ\)?|ต่อหน้า.*)$")


def header_year(cell: str) -> int | None:
    """The year a header cell names: "ปี 2566", "ปี ๒๕๖๖", "ปี ๖๖" (-> 2566), or None."""
    text = text_of(cell)
    if m := _YEAR_RE.search(text):
        return int(m.group(1))
    if m := _SHORT_YEAR_RE.search(text):
        return 2500 + int(m.group(1))
    return None


def is_header_row(line: Line) -> bool:
    """A header row (the first one, or one repeated after a page break): header words and
    year labels, no amounts."""
    cells = [text_of(c) for c in line.cells]
    words = sum(1 for c in cells[:3] if c in _HEADER_WORDS or c.startswith(_HEADER_WORDS[3:]))
    years = sum(1 for c in cells[3:] if header_year(c) is not None)
    return words >= 2 or (years >= 2 and not any(c.startswith("รวม") for c in cells[:3]))


def is_page_break_row(line: Line) -> bool:
    """A row holding only a page number or "(ต่อ)": printed by the page break, not data."""
    filled = [text_of(c) for c in line.cells if c.strip()]
    return len(filled) == 1 and bool(_PAGE_RE.match(filled[0]))


@dataclass
class Part2Item:
    line: int
    number: str
    name: str
    dimension: int | None


@dataclass
class Part2Row:
    line: int
    items: list[Part2Item] = field(default_factory=list)
    amounts: dict[int, Decimal] = field(default_factory=dict)
    total_of: int | None = None  # the dimension a total row sums; 0 for the grand total
    count: int | None = None


@dataclass
class Part2:
    line: int
    rows: list[Part2Row] = field(default_factory=list)
    intro_count: tuple[int, int] | None = None  # (line, count) of "รวมจำนวน N โครงการ"
    skipped: list[int] = field(default_factory=list)  # repeated headers, page numbers

    @property
    def totals(self) -> list[Part2Row]:
        return [r for r in self.rows if r.total_of is not None]

    @property
    def items(self) -> list[Part2Item]:
        return [it for r in self.rows for it in r.items]


def _year_columns(header: list[Line], years: list[int], log: WarningLog) -> dict[int, int]:
    """{column: year}: the first N year-labelled columns are the plan's N years, in order."""
    labelled: dict[int, tuple[int, int]] = {}
    for line in header:
        for i, cell in enumerate(line.cells):
            year = header_year(cell)
            if year is not None and i not in labelled:
                labelled[i] = (year, line.no)
    columns = sorted(labelled)
    mapping = dict(zip(columns, years, strict=False))
    for col, year in mapping.items():
        printed, line_no = labelled[col]
        if printed != year:
            log.add(
                line_no,
                f"หัวตารางส่วนที่ 2 คอลัมน์ที่ {col + 1} พิมพ์ปี {printed} "
                f"(ตามลำดับคอลัมน์คือปี {year}; ใช้ปี {year})",
            )
    for col in columns[len(years) :]:
        printed, line_no = labelled[col]
        log.add(
            line_no,
            f"หัวตารางส่วนที่ 2 มีคอลัมน์ปี {printed} เกินจำนวนปีของแผน (คอลัมน์ที่ {col + 1} ไม่นำมาตรวจสอบ)",
        )
    return mapping


def _amounts(line: Line, columns: dict[int, int], log: WarningLog) -> dict[int, Decimal]:
    out: dict[int, Decimal] = {}
    for col, year in columns.items():
        cell = line.cells[col] if col < len(line.cells) else ""
        try:
            value = parse_amount(cell)
        except ValueError:
            log.add(line.no, f'ส่วนที่ 2 จำนวนเงินปี {year} "{cell}" ไม่ใช่ตัวเลข (ไม่นำมาตรวจสอบ)')
            continue
        if value is not None:
            out[year] = Decimal(0) if isinstance(value, NoBudget) else value
    return out


def split_items(cell: str, line_no: int, dimension: int | None) -> list[Part2Item]:
    """The projects in one cell: "๓) … ๔) … ๕) …" (numbers may be dotted: "๓.๕)")."""
    text = _COUNT_RE.sub(" ", cell).strip()
    arabic = text_of(text)
    marks = list(_ITEM_MARK_RE.finditer(arabic))
    items = []
    if not marks and text:
        return [Part2Item(line_no, "", text, dimension)]
    lead = text[: marks[0].start()].strip() if marks else ""
    if lead:
        items.append(Part2Item(line_no, "", lead, dimension))
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        name = text[m.end() : end].strip()
        if name:
            items.append(Part2Item(line_no, m.group(1), name, dimension))
    return items


class _Reader:
    def __init__(self, columns: dict[int, int], log: WarningLog) -> None:
        self.columns = columns
        self.log = log
        self.dimension: int | None = None

    def row(self, line: Line) -> Part2Row:
        cells = [*line.cells[:3], "", "", ""][:3]
        arabic = [text_of(c) for c in cells]
        row = Part2Row(line=line.no, amounts=_amounts(line, self.columns, self.log))
        if any(c.startswith("รวม") for c in arabic):
            row.total_of = 0 if any(c.startswith("รวมทั้งสิ้น") for c in arabic) else self.dimension
            m = _COUNT_RE.search(" ".join(arabic))
            row.count = int(m.group(1)) if m else None
        item_cells = []
        for i, cell in enumerate(arabic):
            if not cell or cell.startswith("รวม"):
                continue
            if m := _SUB_RE.match(cell):
                self._sub(line, i, int(m.group(1)))
            elif m := _DIM_RE.match(cell) or _DIM_WORD_RE.match(cell):
                self.dimension = int(m.group(1))
            else:
                item_cells.append(cells[i])
        for cell in item_cells:
            row.items += split_items(cell, line.no, self.dimension)
        return row

    def _sub(self, line: Line, column: int, dim: int) -> None:
        if column == 0:
            self.log.add(line.no, "ส่วนที่ 2 ภารกิจตามมิติอยู่ในคอลัมน์มิติ (ตารางเลื่อน)")
        self.dimension = dim


def parse_part2(source: SourceText, info: DocumentInfo, log: WarningLog) -> Part2 | None:
    if info.part2 is None:
        log.add(None, "ไม่พบส่วนที่ 2 (ตารางโครงการ): ไม่ได้ตรวจสอบยอดรวมที่พิมพ์")
        return None
    start, end = info.part2
    lines = source.lines[start - 1 : end]
    part = Part2(line=start)
    for line in lines:
        if not line.is_table_row and (m := _COUNT_RE.search(text_of(line.text))):
            part.intro_count = part.intro_count or (line.no, int(m.group(1)))
    table = [ln for ln in lines if ln.is_table_row]
    if not table:
        log.add(start, "ส่วนที่ 2 ไม่มีตารางโครงการ")
        return part
    header = [table[0]] + [ln for ln in table[1:3] if not any(ln.cells[:3])]
    columns = _year_columns(header, info.years, log)
    reader = _Reader(columns, log)
    body = table[len(header) :]
    for ln in body:
        if is_page_break_row(ln) or is_header_row(ln):
            part.skipped.append(ln.no)
    skipped = set(part.skipped)
    part.rows = [reader.row(ln) for ln in body if any(ln.cells) and ln.no not in skipped]
    return part
