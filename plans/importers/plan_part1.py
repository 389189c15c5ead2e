"""Part 1 (บทนำ): the risk assessment table, the texts, and the targets table."""

from __future__ import annotations

import re

from core.importing.base import WarningLog
from core.importing.source import Line, SourceText
from plans.choices import RiskLevel
from plans.importers.plan_data import DocumentInfo, Part1, RiskData, TargetData
from plans.importers.plan_document import section_text, text_of

SECTIONS = {
    "rationale": "หลักการและเหตุผล",
    "objectives": "วัตถุประสงค์",
    "targets": "เป้าหมาย",
    "benefits": "ประโยชน์",
    "risks": "การประเมินความเสี่ยง",
}
_HEADING_RE = re.compile(r"^\d+\s*\.\s*(\S.*)$")
_INLINE_LIST_RE = re.compile(r"(?<!\s)\s+(?=(?:[๐-๙]|\d){1,2}\.\s)")
RISK_COLUMNS = [
    ("number", ("ลำดับ",)),
    ("step", ("ขั้นตอน",)),
    ("risks", ("ประเด็น",)),
    ("level", ("risk", "ระดับ", "คะแนน")),
    ("controls", ("มาตรการ", "ควบคุม")),
]
_YEAR_RE = re.compile(r"(25\d\d)")


def _headings(lines: list[Line]) -> dict[str, int]:
    found: dict[str, int] = {}
    for line in lines:
        if line.is_table_row:
            continue
        m = _HEADING_RE.match(text_of(line.text))
        if not m or len(m.group(1)) > 60:
            continue
        for name, word in SECTIONS.items():
            if m.group(1).startswith(word):
                found.setdefault(name, line.no)
    return found


def _section(source: SourceText, heads: dict[str, int], name: str, end: int) -> str:
    start = heads.get(name)
    if start is None:
        return ""
    stop = min([no for no in heads.values() if no > start] + [end + 1])
    lines = [ln for ln in source.lines[start : stop - 1] if not ln.is_table_row]
    if not lines:
        return ""
    return section_text(source, lines[0].no, lines[-1].no) if lines else ""


def _inline_list(text: str) -> str:
    return _INLINE_LIST_RE.sub("\n", text).strip()


def risk_level(text: str) -> str:
    """The highest level a Risk Score cell names ("สูง ปานกลาง" is high)."""
    for word, level in (
        ("สูง", RiskLevel.HIGH),
        ("ปานกลาง", RiskLevel.MEDIUM),
        ("ต่ำ", RiskLevel.LOW),
    ):
        if word in text:
            return level
    return ""


def _table_rows(lines: list[Line], header: Line) -> list[Line]:
    """The rows under a header, across blank lines, up to the next paragraph."""
    rows = []
    for line in lines[lines.index(header) + 1 :]:
        if line.is_blank:
            continue
        if not line.is_table_row:
            break
        if all(set(c) <= set("-: ") for c in line.cells):
            continue  # a markdown separator row
        rows.append(line)
    return rows


def _risks(lines: list[Line], log: WarningLog) -> list[RiskData]:
    header = next(
        (ln for ln in lines if ln.is_table_row and any("ความเสี่ยง" in c for c in ln.cells)), None
    )
    if header is None:
        log.add(None, "ไม่พบตารางการประเมินความเสี่ยงการทุจริตในส่วนที่ 1")
        return []
    cols: dict[str, int] = {}
    for i, heading in enumerate(header.cells):
        for name, words in RISK_COLUMNS:
            if name not in cols and any(w in heading.lower() for w in words):
                cols[name] = i
                break
    out = []
    for row in _table_rows(lines, header):

        def cell(name: str, row: Line = row) -> str:
            i = cols.get(name)
            return row.cells[i] if i is not None and i < len(row.cells) else ""

        level_text = cell("level")
        level = risk_level(level_text)
        if not level:
            log.add(row.no, f'ระดับความเสี่ยง "{level_text}" ไม่ใช่ สูง/ปานกลาง/ต่ำ')
        out.append(
            RiskData(
                line=row.no,
                step=cell("step"),
                risks=_inline_list(cell("risks")),
                level=level,
                level_text=level_text,
                controls=_inline_list(cell("controls")),
            )
        )
    return out


def _targets(lines: list[Line], log: WarningLog) -> list[TargetData]:
    header = next(
        (
            ln
            for ln in lines
            if ln.is_table_row
            and "เป้าหมาย" in ln.cells[0]
            and any(_YEAR_RE.search(text_of(c)) for c in ln.cells[1:])
        ),
        None,
    )
    if header is None:
        log.add(None, "ไม่พบตารางค่าเป้าหมายรายปีในส่วนที่ 1")
        return []
    years = {
        i: m.group(1)
        for i, c in enumerate(header.cells)
        if i and (m := _YEAR_RE.search(text_of(c)))
    }
    return [
        TargetData(
            line=row.no,
            label=row.cells[0],
            values={y: row.cells[i] for i, y in years.items() if i < len(row.cells)},
        )
        for row in _table_rows(lines, header)
        if row.cells[0]
    ]


def parse_part1(source: SourceText, info: DocumentInfo, log: WarningLog) -> Part1:
    if info.part1 is None:
        log.add(None, "ไม่พบส่วนที่ 1 (บทนำ)")
        return Part1()
    start, end = info.part1
    lines = source.lines[start - 1 : end]
    heads = _headings(lines)
    return Part1(
        rationale=_section(source, heads, "rationale", end),
        objectives=_section(source, heads, "objectives", end),
        benefits=_section(source, heads, "benefits", end),
        risks=_risks(lines, log),
        targets=_targets(lines, log),
    )
