"""The e-PlanNACC printouts in the annex: one project table per plan year.

Each year is printed in page chunks, each under a title ("แผนปฏิบัติการป้องกันการทุจริต พ.ศ.
2566 ของ …") and a repeated header (ลำดับ | รายการโครงการ | มิติ | งบประมาณ | ไตรมาส 1–4 |
หมายเหตุ), and ends with a total row (รวมทั้งสิ้น) whose label may sit in any column. These
tables are the only complete per-year lists, so an annex that is missing or cut is a reason
to reject the file rather than import part of a plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from core.importing.base import DocumentRejected, WarningLog
from core.importing.source import Line, SourceText
from core.thai import NoBudget, parse_amount, parse_number
from plans.importers.plan_data import Annex, AnnexRow, AnnexTotal, AnnexYear, DocumentInfo
from plans.importers.plan_document import PLAN_TITLE, text_of

_TITLE_YEAR_RE = re.compile(PLAN_TITLE + r".{0,200}?พ\.\s*ศ\.\s*(\d{4})(?!\s*[-–—]\s*\d)")
_YEAR_ONLY_RE = re.compile(r"^พ\.\s*ศ\.\s*(\d{4})$")
_LEGEND_RE = re.compile(r"^มิติ(?:ที่)?\s*(\d)\s+(\S.*)$")
TICKS = {"☑", "✓", "✔", "√", "☒", "■"}
BLANK_TICKS = {"", "☐", "□", "-"}


@dataclass
class Columns:
    """Where the fields are in this chunk's header."""

    number: int
    name: int
    dimension: int
    budget: int
    quarters: tuple[int, int, int, int]
    note: int | None

    @property
    def width(self) -> int:
        return max(self.quarters) + 1


def _columns(line: Line) -> Columns | None:
    cells = line.cells
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        if "ลำดับ" in cell:
            found.setdefault("number", i)
        elif "รายการ" in cell or "โครงการ" in cell:
            found.setdefault("name", i)
        elif cell == "มิติ":
            found.setdefault("dimension", i)
        elif "งบประมาณ" in cell:
            found.setdefault("budget", i)
        elif "ไตรมาส" in cell:
            found.setdefault("quarters", i)
        elif "หมายเหตุ" in cell:
            found.setdefault("note", i)
    if not {"number", "name", "dimension", "budget", "quarters"} <= found.keys():
        return None
    q = found["quarters"]
    return Columns(
        number=found["number"],
        name=found["name"],
        dimension=found["dimension"],
        budget=found["budget"],
        quarters=(q, q + 1, q + 2, q + 3),
        note=found.get("note"),
    )


def _cell(line: Line, index: int | None) -> str:
    if index is None or index >= len(line.cells):
        return ""
    return line.cells[index]


def _is_subheader(line: Line) -> bool:
    return all(text_of(c) in {"", "1", "2", "3", "4"} for c in line.cells)


def _tick(line: Line, index: int, log: WarningLog) -> bool:
    cell = _cell(line, index)
    if cell in TICKS:
        return True
    if cell not in BLANK_TICKS:
        log.add(line.no, f'ช่องไตรมาสมีข้อความ "{cell}" ซึ่งไม่ใช่เครื่องหมายถูก (ถือว่าไม่ได้เลือก)')
    return False


def _budget(line: Line, cols: Columns, log: WarningLog):
    cell = _cell(line, cols.budget)
    try:
        value = parse_amount(cell)
    except ValueError:
        raise DocumentRejected(
            f'งบประมาณ "{cell}" ไม่ใช่ตัวเลข (budget is not a number)', line.no
        ) from None
    if value is None:
        log.add(line.no, "แถวนี้ไม่ระบุงบประมาณ (นำเข้าโดยไม่มีจำนวนเงิน)")
    elif isinstance(value, Decimal) and value < 0:
        raise DocumentRejected(f'งบประมาณ "{cell}" ติดลบ (negative budget)', line.no)
    return value


def _row(line: Line, cols: Columns, year: int, log: WarningLog) -> AnnexRow:
    if len(line.cells) < cols.width:
        raise DocumentRejected(
            f"แถวมี {len(line.cells)} ช่อง น้อยกว่าหัวตาราง ({cols.width} ช่อง) เอกสารอาจถูกตัด",
            line.no,
        )
    name = _cell(line, cols.name)
    if not name:
        raise DocumentRejected("แถวไม่มีชื่อโครงการ", line.no)
    dim_text = text_of(_cell(line, cols.dimension))
    if not dim_text.isdigit():
        raise DocumentRejected(f'มิติ "{dim_text}" ไม่ใช่ตัวเลข', line.no)
    return AnnexRow(
        line=line.no,
        year=year,
        number=text_of(_cell(line, cols.number)),
        name=name,
        dimension=int(dim_text),
        budget=_budget(line, cols, log),
        # Four columns in, four ticks out (mypy cannot count a generator's items).
        quarters=cast(
            "tuple[bool, bool, bool, bool]", tuple(_tick(line, q, log) for q in cols.quarters)
        ),
        note=_cell(line, cols.note),
    )


def _total(line: Line, cols: Columns) -> AnnexTotal:
    def number(index: int) -> int | None:
        try:
            return int(parse_number(_cell(line, index)))
        except ValueError:
            return None

    try:
        budget = parse_amount(_cell(line, cols.budget))
    except ValueError:
        raise DocumentRejected(f'ยอดรวม "{_cell(line, cols.budget)}" ไม่ใช่ตัวเลข', line.no) from None
    if isinstance(budget, NoBudget):
        budget = Decimal(0)
    return AnnexTotal(line=line.no, budget=budget, quarters=[number(q) for q in cols.quarters])


class _Walker:
    """Reads the annex line by line, keeping the current year and header."""

    def __init__(self, info: DocumentInfo, log: WarningLog) -> None:
        self.info = info
        self.log = log
        self.years: dict[int, AnnexYear] = {}
        self.legend: dict[int, str] = {}
        self.year: int | None = None
        self.cols: Columns | None = None
        self.after_title = False

    def feed(self, line: Line) -> None:
        text = text_of(line.text)
        if not line.is_table_row:
            self._text_line(line, text)
        elif self.year is not None:
            self._table_line(line)

    def _text_line(self, line: Line, text: str) -> None:
        if not text:
            return
        m = _TITLE_YEAR_RE.search(text)
        m = m or (_YEAR_ONLY_RE.match(text) if self.after_title else None)
        if m:
            self._set_year(int(m.group(1)), line.no)
        self.after_title = text == PLAN_TITLE
        legend = _LEGEND_RE.match(text)
        if legend:
            self.legend.setdefault(int(legend.group(1)), legend.group(2).strip())

    def _set_year(self, year: int, line_no: int) -> None:
        if year != self.year:
            self.cols = None
        self.year = year
        self.years.setdefault(year, AnnexYear(year=year, line=line_no))

    def _table_line(self, line: Line) -> None:
        cols = _columns(line)
        if cols:
            self.cols = cols
            return
        if self.cols is None or not any(line.cells) or _is_subheader(line):
            return
        assert self.year is not None  # feed() passes table lines on only once a year is known
        block = self.years[self.year]
        if any(c.startswith("รวม") for c in line.cells):
            if block.total is not None:
                self.log.add(line.no, f"ตาราง พ.ศ. {block.year} มีแถวรวมซ้ำ (ใช้แถวแรก)")
            else:
                block.total = _total(line, self.cols)
            return
        if text_of(_cell(line, self.cols.number)).isdigit():
            if block.total is not None:
                self.log.add(line.no, f"มีรายการต่อจากแถวรวมของตาราง พ.ศ. {block.year}")
            block.rows.append(_row(line, self.cols, block.year, self.log))
            return
        raise DocumentRejected(
            f"อ่านแถวในตารางโครงการ พ.ศ. {block.year} ไม่ได้: ไม่มีลำดับที่เป็นตัวเลข", line.no
        )


def _check_numbers(block: AnnexYear, log: WarningLog) -> None:
    seen: dict[str, int] = {}
    for row in block.rows:
        if row.number in seen:
            log.add(
                row.line,
                f"ลำดับ {row.number} ของตาราง พ.ศ. {block.year} ซ้ำกับบรรทัด {seen[row.number]}",
            )
        seen.setdefault(row.number, row.line)
    numbers = sorted(int(n) for n in seen)
    expected = list(range(1, len(numbers) + 1))
    if numbers != expected and block.rows:
        log.add(block.line, f"ลำดับในตาราง พ.ศ. {block.year} ไม่ต่อเนื่อง 1–{len(block.rows)}")


def _validate(annex: Annex, info: DocumentInfo, last_line: int) -> None:
    found = {block.year for block in annex.years}
    missing = [y for y in info.years if y not in found]
    if missing:
        raise DocumentRejected(
            "ไม่พบตารางโครงการของปี "
            + ", ".join(str(y) for y in missing)
            + " ในภาคผนวก (เอกสารอาจถูกตัด)",
            last_line,
        )
    extra = sorted(found - set(info.years))
    if extra:
        raise DocumentRejected(
            f"ภาคผนวกมีตารางของปี {', '.join(map(str, extra))} ซึ่งอยู่นอกช่วงปีของแผน "
            f"{info.first_year}–{info.last_year}"
        )
    for block in annex.years:
        if not block.rows:
            raise DocumentRejected(f"ตารางโครงการ พ.ศ. {block.year} ไม่มีรายการ", block.line)
        if block.total is None:
            raise DocumentRejected(
                f"ตารางโครงการ พ.ศ. {block.year} ไม่มีแถวรวมทั้งสิ้น (เอกสารอาจถูกตัด)",
                block.rows[-1].line,
            )


def parse_annex(source: SourceText, info: DocumentInfo, log: WarningLog) -> Annex | None:
    """The per-year tables, or None if there are none.

    Raises DocumentRejected if a year is missing, cut or unreadable.
    """
    start = info.annex_start or (info.part3[1] if info.part3 else 1)
    walker = _Walker(info, log)
    for line in source.lines[start - 1 :]:
        walker.feed(line)
    years = [block for block in walker.years.values() if block.rows or block.total]
    if not years:
        return None
    annex = Annex(years=sorted(years, key=lambda b: b.year), legend=walker.legend, line=start)
    _validate(annex, info, len(source.lines))
    for block in annex.years:
        _check_numbers(block, log)
    return annex
