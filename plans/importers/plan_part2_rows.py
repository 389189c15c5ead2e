"""Per-year rows from part 2, for a plan printed without the e-PlanNACC annex.

Every project the table lists is kept. A local flaw never refuses the file: a printed total
that does not add up is a cross-check warning (plan_checks), a year without an amount is a
warning (the project is not in that year), a cell holding several projects with one set of
amounts keeps every project without a budget (never inventing a split) and says so, a
project before the first dimension is named in a warning. Repeated headers and page numbers
are skipped (plan_part2). The file is refused only when part 2 holds no project at all, or
when most of its projects share a row with others, so that their budgets cannot be read.
"""

from __future__ import annotations

from core.importing.base import DocumentRejected, WarningLog
from core.importing.source import SourceText
from core.thai import NO_BUDGET
from plans.importers.plan_data import Annex, AnnexRow, AnnexTotal, AnnexYear, DocumentInfo
from plans.importers.plan_part2 import Part2Row, parse_part2

NO_ANNEX = "ไม่พบตารางโครงการรายปี (e-PlanNACC) ในภาคผนวก"
EXPECTED = (
    "expected: an e-PlanNACC annex, or a part-2 table มิติ | ภารกิจตามมิติ | โครงการ | ปี… "
    "with one project per row and an amount per year"
)


def _reject(found: str, line: int | None = None) -> DocumentRejected:
    return DocumentRejected(f"{NO_ANNEX} และ{found} ({EXPECTED})", line)


def _amounts_text(row: Part2Row) -> str:
    return ", ".join(
        f"{year}: {'ไม่ใช้งบประมาณ' if amount == 0 else f'{amount:,.2f}'}"
        for year, amount in sorted(row.amounts.items())
    )


def _rows(rows: list[Part2Row], years: list[int], log: WarningLog) -> dict[int, list[AnnexRow]]:
    per_year: dict[int, list[AnnexRow]] = {year: [] for year in years}
    for row in rows:
        shared = len(row.items) > 1
        if shared:
            names = " / ".join(
                f"{it.number}) {it.name}" if it.number else it.name for it in row.items
            )
            log.add(
                row.line,
                f"ตารางส่วนที่ 2 รวม {len(row.items)} โครงการไว้ในแถวเดียว ({names}) "
                f"ใช้งบประมาณที่พิมพ์ร่วมกัน ({_amounts_text(row) or 'ไม่มี'}): "
                "นำเข้าทุกโครงการโดยไม่ระบุงบประมาณ",
            )
        for item in row.items:
            if item.dimension is None:
                log.add(row.line, f"ตารางส่วนที่ 2 โครงการ “{item.name}” อยู่ก่อนมิติแรก: ไม่ได้นำเข้า")
                continue
            missing = [year for year in years if year not in row.amounts]
            if missing and not shared:
                log.add(
                    row.line,
                    f"ตารางส่วนที่ 2 โครงการ “{item.name}” ไม่ระบุงบประมาณปี "
                    f"{', '.join(map(str, missing))}: ไม่นำเข้าในปีนั้น",
                )
            for year in years:
                if year not in row.amounts and not shared:
                    continue
                amount = None if shared else row.amounts[year]
                per_year[year].append(
                    AnnexRow(
                        line=row.line,
                        year=year,
                        number=item.number,
                        name=item.name,
                        dimension=item.dimension,
                        budget=NO_BUDGET if amount == 0 and amount is not None else amount,
                        quarters=(False, False, False, False),
                    )
                )
    return per_year


def annex_from_part2(source: SourceText, info: DocumentInfo, log: WarningLog) -> Annex:
    """The plan's rows read from part 2. Raises DocumentRejected when it holds none."""
    part2 = parse_part2(source, info, WarningLog())  # its own warnings come with the checks
    if part2 is None:
        raise _reject("ไม่พบส่วนที่ 2 (found: no part 2 heading)")
    item_rows = [row for row in part2.rows if row.total_of is None and row.items]
    if not item_rows:
        raise _reject("ไม่มีรายการโครงการในตารางส่วนที่ 2 (found: no project rows)", part2.line)
    merged = [row for row in item_rows if len(row.items) > 1]
    shared = sum(len(row.items) for row in merged)
    total = sum(len(row.items) for row in item_rows)
    if shared * 2 > total:
        raise _reject(
            f"ตารางส่วนที่ 2 มี {shared} จาก {total} โครงการที่พิมพ์รวมกันหลายโครงการในแถวเดียว "
            f"จึงแยกงบประมาณรายโครงการไม่ได้ (found: {shared} of {total} projects sharing a row)",
            merged[0].line,
        )
    per_year = _rows(item_rows, info.years, log)
    grand = next((r for r in part2.totals if r.total_of == 0), None)
    annex = Annex(
        years=[
            AnnexYear(
                year=year,
                line=part2.line,
                rows=per_year[year],
                total=AnnexTotal(grand.line, grand.amounts.get(year), [None] * 4)
                if grand
                else None,
            )
            for year in info.years
        ],
        line=part2.line,
    )
    log.add(
        part2.line,
        f"{NO_ANNEX}: นำเข้ารายการจากตารางส่วนที่ 2 (ไม่ทราบไตรมาสที่ดำเนินการ)",
    )
    return annex
