"""Cross-checks: figures the plan prints (the annex's total rows, part 2's totals and rows, the
foreword's counts) against the rows it lists. Every disagreement is a warning naming both
figures and the line; nothing printed is ever used as data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from core.importing.base import WarningLog
from core.importing.source import SourceText
from core.thai import format_number
from plans.importers.plan_data import Annex, ParsedPlan
from plans.importers.plan_document import text_of
from plans.importers.plan_names import NameIndex
from plans.importers.plan_part2 import Part2, Part2Row, parse_part2

Figure = tuple[int | None, Decimal | None]  # (projects, baht)
_STATED_RE = re.compile(r"จำนวน\s*(\d+)\s*โครงการ")
_YEAR_RUN_RE = re.compile(r"(?:\s|พ\.\s*ศ\.|และ|,|[-–]|\d{4})+$")
_YEAR_RUN_MAX = 200
_RANGE_RE = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})|(\d{4})")
_DIM_LINE_RE = re.compile(r"^มิติที่\s*(\d)")
MAX_LISTED = 5


def check_all(source: SourceText, plan: ParsedPlan, log: WarningLog) -> None:
    computed = Computed(plan.annex)
    check_annex_totals(plan.annex, log)
    part2 = parse_part2(source, plan.info, log)
    if part2 is not None:
        check_part2(part2, plan, computed, log)
    if plan.info.foreword:
        check_foreword(source, plan.info.foreword, computed, plan.info.years, log)


class Computed:
    """Counts and budgets of the annex rows: per (dimension, year); dimension 0 is all."""

    def __init__(self, annex: Annex) -> None:
        self.count: dict[tuple[int, int], int] = defaultdict(int)
        self.budget: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        for block in annex.years:
            for row in block.rows:
                for dim in (0, row.dimension):
                    self.count[(dim, block.year)] += 1
                    self.budget[(dim, block.year)] += row.amount

    def figure(self, dim: int, year: int) -> Figure:
        return self.count[(dim, year)], self.budget[(dim, year)]


def money(value: Decimal) -> str:
    return format_number(value, "arabic")


def describe(figure: Figure) -> str:
    count, amount = figure
    parts = []
    if count is not None:
        parts.append(f"{count} โครงการ")
    if amount is not None:
        parts.append(f"{money(amount)} บาท")
    return " / ".join(parts) or "-"


def describe_by_year(values: Mapping[int, Figure], all_years: list[int]) -> str:
    """ "6 โครงการ / 70,000 บาท (พ.ศ. 2566, 2567), 5 โครงการ / 70,000 บาท (พ.ศ. 2568)"."""
    groups: dict[Figure, list[int]] = defaultdict(list)
    for year, figure in sorted(values.items()):
        groups[figure].append(year)
    if len(groups) == 1 and list(groups.values())[0] == all_years:
        return describe(next(iter(groups)))
    return ", ".join(
        f"{describe(f)} (พ.ศ. {', '.join(map(str, years))})" for f, years in groups.items()
    )


# --- the annex's own totals -------------------------------------------------------------------


def check_annex_totals(annex: Annex, log: WarningLog) -> None:
    for block in annex.years:
        total = block.total
        if total is None:
            continue
        rows_budget = sum((r.amount for r in block.rows), Decimal(0))
        if total.budget is not None and total.budget != rows_budget:
            log.add(
                total.line,
                f"ภาคผนวก พ.ศ. {block.year} พิมพ์รวมทั้งสิ้น {money(total.budget)} บาท "
                f"แต่รายการรวมกันได้ {money(rows_budget)} บาท",
            )
        for q, printed in enumerate(total.quarters):
            ticked = sum(1 for r in block.rows if r.quarters[q])
            if printed is not None and printed != ticked:
                log.add(
                    total.line,
                    f"ภาคผนวก พ.ศ. {block.year} พิมพ์จำนวนโครงการไตรมาส {q + 1} = {printed} "
                    f"แต่รายการที่เลือกไตรมาสนี้มี {ticked} โครงการ",
                )


# --- part 2 -----------------------------------------------------------------------------------


def check_part2(part2: Part2, plan: ParsedPlan, computed: Computed, log: WarningLog) -> None:
    years = plan.info.years
    if part2.intro_count:
        line, count = part2.intro_count
        _check_count(line, "ส่วนที่ 2 ระบุรวมจำนวน", 0, count, computed, years, log)
    seen_totals = set()
    for row in part2.totals:
        seen_totals.add(row.total_of)
        _check_total(row, computed, years, log)
    for dim in sorted({d for d, _ in computed.count if d} - seen_totals):
        log.add(part2.line, f"ส่วนที่ 2 ไม่มีแถวรวมของมิติ {dim}")
    _check_part2_items(part2, plan, log)


def _check_count(line, label, dim, count, computed, years, log) -> None:
    actual = {
        y: (computed.count[(dim, y)], None) for y in years if computed.count[(dim, y)] != count
    }
    if actual:
        log.add(line, f"{label} {count} โครงการ แต่รายการจริง = {describe_by_year(actual, years)}")


def _total_label(row: Part2Row) -> str:
    return "ทั้งสิ้น" if row.total_of == 0 else f"มิติ {row.total_of}"


def _check_total(row: Part2Row, computed: Computed, years: list[int], log: WarningLog) -> None:
    if row.total_of is None:
        log.add(row.line, "ส่วนที่ 2 มีแถวรวมก่อนมิติแรก (ไม่รู้ว่ารวมของมิติใด)")
        return
    printed: dict[int, Figure] = {}
    actual: dict[int, Figure] = {}
    for year in years:
        count, budget = computed.figure(row.total_of, year)
        p_count, p_budget = row.count, row.amounts.get(year)
        if (p_count is not None and p_count != count) or (
            p_budget is not None and p_budget != budget
        ):
            printed[year] = (p_count, p_budget)
            actual[year] = (
                count if p_count is not None else None,
                budget if p_budget is not None else None,
            )
    if printed:
        log.add(
            row.line,
            f"ส่วนที่ 2 พิมพ์รวม{_total_label(row)} = {describe_by_year(printed, years)} "
            f"แต่รายการจริง = {describe_by_year(actual, years)}",
        )


def _check_part2_items(part2: Part2, plan: ParsedPlan, log: WarningLog) -> None:
    items = plan.items
    index = NameIndex([(it.title, it.dimension) for it in items], place=plan.info.place)
    aliases = NameIndex(
        [(r.name, it.dimension) for it in items for r in it.years.values()], place=plan.info.place
    )
    owner = [i for i, it in enumerate(items) for _ in it.years.values()]
    matched: dict[int, list[int]] = defaultdict(list)  # row line -> item indexes
    found: set[int] = set()
    for p2 in part2.items:
        m = index.match(p2.name, p2.dimension)
        target = m.index if m else None
        if m is None or m.how == "fuzzy":
            alias = aliases.match(p2.name, p2.dimension)
            if alias and (m is None or alias.how != "fuzzy"):
                target = owner[alias.index]
        label = f"{p2.number}) " if p2.number else ""
        if target is None:
            log.add(
                p2.line,
                f'ส่วนที่ 2 รายการ "{label}{p2.name}" ไม่ตรงกับโครงการใดในตารางรายปี (ภาคผนวก)',
            )
            continue
        found.add(target)
        matched[p2.line].append(target)
        if p2.dimension is not None and items[target].dimension != p2.dimension:
            log.add(
                p2.line,
                f'ส่วนที่ 2 จัด "{label}{p2.name}" ไว้ในมิติ {p2.dimension} '
                f"แต่ตารางรายปีจัดไว้ในมิติ {items[target].dimension}",
            )
    _check_row_amounts(part2, plan, matched, log)
    missing = [it for i, it in enumerate(items) if i not in found]
    if missing:
        names = "; ".join(it.title for it in missing[:MAX_LISTED])
        more = f" และอีก {len(missing) - MAX_LISTED} รายการ" if len(missing) > MAX_LISTED else ""
        log.add(
            part2.line,
            f"ส่วนที่ 2 ไม่มีรายการ {len(missing)} จาก {len(items)} โครงการในตารางรายปี: {names}{more}",
        )


def _check_row_amounts(part2: Part2, plan: ParsedPlan, matched, log: WarningLog) -> None:
    """A row's printed amounts against the annex budgets of the projects it lists."""
    years = plan.info.years
    for row in part2.rows:
        if row.total_of is not None or not row.items or not row.amounts:
            continue
        if len(matched.get(row.line, [])) != len(row.items):
            continue  # a project of the row is unknown: its budget cannot be compared
        targets = [plan.items[i] for i in matched[row.line]]
        printed, actual = {}, {}
        for year, amount in row.amounts.items():
            budget = sum((it.years[year].amount for it in targets if year in it.years), Decimal(0))
            if amount != budget:
                printed[year], actual[year] = (None, amount), (None, budget)
        if printed:
            what = f"{len(targets)} รายการในแถวนี้" if len(targets) > 1 else f'"{targets[0].title}"'
            log.add(
                row.line,
                f"ส่วนที่ 2 พิมพ์งบประมาณของ {what} = {describe_by_year(printed, years)} "
                f"แต่ตารางรายปี = {describe_by_year(actual, years)}",
            )


# --- the foreword's prose counts --------------------------------------------------------------


def stated_counts(text: str) -> list[tuple[list[int], int]]:
    """ "พ.ศ. ๒๕๖๖ - ๒๕๖๗ และ พ.ศ. ๒๕๗๐ จำนวน ๖ โครงการ" -> [([2566, 2567, 2570], 6)].

    The years are the run of year expressions just before each "จำนวน N โครงการ"; a count
    with no years before it is for every year ([]).
    """
    out = []
    pos = 0
    for m in _STATED_RE.finditer(text):
        segment = text[pos : m.start()]
        pos = m.end()
        # Only the tail can hold the run: searching a long segment for "…+$" is quadratic.
        run = _YEAR_RUN_RE.search(segment[-_YEAR_RUN_MAX:])
        years: list[int] = []
        for r in _RANGE_RE.finditer(run.group(0) if run else ""):
            if r.group(3):
                years.append(int(r.group(3)))
            else:
                years += range(int(r.group(1)), int(r.group(2)) + 1)
        out.append((years, int(m.group(1))))
    return out


def check_foreword(source, bounds, computed: Computed, years: list[int], log: WarningLog) -> None:
    start, end = bounds
    for line in source.lines[start - 1 : end]:
        text = text_of(line.text)
        statements = stated_counts(text)
        if not statements:
            continue
        dim_m = _DIM_LINE_RE.match(text)
        dim = int(dim_m.group(1)) if dim_m else 0
        _check_statements(line.no, dim, statements, computed, years, log)


def _check_statements(line_no, dim, statements, computed, years, log) -> None:
    label = f"มิติ {dim}" if dim else "รวม"
    said: dict[int, list[int]] = defaultdict(list)
    for stated_years, count in statements:
        for year in stated_years or years:
            said[year].append(count)
    wrong: dict[int, Figure] = {}
    actual: dict[int, Figure] = {}
    for year in years:
        real = computed.count[(dim, year)]
        counts = said.get(year)
        if not counts:
            log.add(
                line_no,
                f"คำนำไม่ได้ระบุจำนวนโครงการ{label} ของ พ.ศ. {year} (รายการจริง {real} โครงการ)",
            )
        elif len(set(counts)) > 1:
            listed = " และ ".join(str(c) for c in counts)
            log.add(
                line_no,
                f"คำนำระบุจำนวนโครงการ{label} พ.ศ. {year} ซ้ำสองแบบ: {listed} โครงการ "
                f"(รายการจริง {real} โครงการ)",
            )
        elif counts[0] != real:
            wrong[year], actual[year] = (counts[0], None), (real, None)
    if wrong:
        log.add(
            line_no,
            f"คำนำระบุจำนวนโครงการ{label} = {describe_by_year(wrong, years)} "
            f"แต่รายการจริง = {describe_by_year(actual, years)}",
        )
