"""Per-year rows from part 2, for a plan printed without the e-PlanNACC annex.

Part 2 is trusted only when it is whole: one project per row, an amount for every year, a
total row for every dimension and a grand total, all agreeing with the rows. Anything less
(merged cells, totals that do not add up, a file cut short) rejects the file: importing a
damaged table would import half a plan.
"""

from __future__ import annotations

from decimal import Decimal

from core.importing.base import DocumentRejected, WarningLog
from core.importing.source import SourceText
from plans.importers.plan_data import Annex, AnnexRow, AnnexTotal, AnnexYear, DocumentInfo
from plans.importers.plan_part2 import Part2, Part2Row, parse_part2

NO_ANNEX = "ไม่พบตารางโครงการรายปี (e-PlanNACC) ในภาคผนวก"


def _reject(reason: str, line: int | None = None) -> DocumentRejected:
    return DocumentRejected(f"{NO_ANNEX} และ{reason} (เอกสารอาจถูกตัดหรือไม่ครบ)", line)


def _check_row(row: Part2Row, years: list[int]) -> None:
    if len(row.items) > 1:
        raise _reject(f"ตารางส่วนที่ 2 รวม {len(row.items)} โครงการไว้ในแถวเดียว", row.line)
    if set(row.amounts) != set(years):
        raise _reject("ตารางส่วนที่ 2 ไม่ระบุงบประมาณครบทุกปี", row.line)
    if row.items[0].dimension is None:
        raise _reject("ตารางส่วนที่ 2 มีโครงการก่อนมิติแรก", row.line)


def _rows(part2: Part2, year: int) -> list[AnnexRow]:
    out = []
    for row in part2.rows:
        if row.total_of is None and row.items:
            item = row.items[0]
            assert item.dimension is not None  # _check_row refused an item before a dimension
            out.append(
                AnnexRow(
                    line=row.line,
                    year=year,
                    number=item.number,
                    name=item.name,
                    dimension=item.dimension,
                    budget=row.amounts[year],
                    quarters=(False, False, False, False),
                )
            )
    return out


def _check_totals(part2: Part2, annex: Annex) -> None:
    totals = {row.total_of: row for row in part2.totals}
    if 0 not in totals:
        raise _reject("ตารางส่วนที่ 2 ไม่มีแถวรวมทั้งสิ้น", part2.line)
    for block in annex.years:
        for dim, row in totals.items():
            rows = [r for r in block.rows if dim in (0, r.dimension)]
            budget = sum((r.amount for r in rows), Decimal(0))
            if (row.count is not None and row.count != len(rows)) or row.amounts.get(
                block.year, budget
            ) != budget:
                raise _reject(
                    f"ยอดรวมที่พิมพ์ในตารางส่วนที่ 2 ไม่ตรงกับรายการ (พ.ศ. {block.year})", row.line
                )
    dims = {r.dimension for block in annex.years for r in block.rows}
    missing = sorted(dims - set(totals))
    if missing:
        raise _reject(f"ตารางส่วนที่ 2 ไม่มีแถวรวมของมิติ {missing[0]}", part2.line)


def annex_from_part2(source: SourceText, info: DocumentInfo, log: WarningLog) -> Annex:
    """The plan's rows read from a whole part-2 table. Raises DocumentRejected otherwise."""
    part2 = parse_part2(source, info, WarningLog())  # its own warnings come with the checks
    items = [row for row in (part2.rows if part2 else []) if row.total_of is None and row.items]
    if part2 is None or not items:
        raise _reject("ไม่มีรายการโครงการในตารางส่วนที่ 2")
    for row in items:
        _check_row(row, info.years)
    grand = next((r for r in part2.totals if r.total_of == 0), None)
    annex = Annex(
        years=[
            AnnexYear(
                year=year,
                line=part2.line,
                rows=_rows(part2, year),
                total=AnnexTotal(grand.line, grand.amounts.get(year), [None] * 4)
                if grand
                else None,
            )
            for year in info.years
        ],
        line=part2.line,
    )
    _check_totals(part2, annex)
    log.add(
        part2.line,
        f"{NO_ANNEX}: นำเข้ารายการจากตารางส่วนที่ 2 (ไม่ทราบไตรมาสที่ดำเนินการ)",
    )
    return annex
