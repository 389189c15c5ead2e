"""The 12-month report on the plan's projects (รายงานผลการดำเนินงานตามแผนฯ รอบ ๑๒ เดือน).

One table, one row per project/activity/measure of the plan's year (tests/fixtures/
annual_projects_2567.txt and its variants in reports/tests/test_annual_projects.py):

    ลำดับ | โครงการ/กิจกรรม/มาตรการ | งบประมาณที่ตั้งไว้ | งบประมาณที่ใช้ไป | ผลการดำเนินการ | สถานะ | หมายเหตุ

Columns are known by what they mean (a synonym vocabulary per role, `header_roles`), in any
order, with or without the number column; the status is one column of words or sub-columns
(ดำเนินการแล้ว | อยู่ระหว่างดำเนินการ | ยังไม่ดำเนินการ …) marked with ✓ or holding the result;
a two-row header (งบประมาณ over ที่ตั้งไว้ | ที่ใช้ไป, merged in Word) is read as one.

What real files do, and what the parser does:
- a row holding several items as paragraphs (๑. … ๒. …): each paragraph of the other
  columns goes to the item of the same position when the counts agree, else the row is one
  item and a warning says so; a bold paragraph in the item cell (มิติที่ ๒ …) is a heading;
- a heading row (มิติที่ ๑ …, a merged cell across the table) and a total row (รวม …) are not
  items; the printed total is checked against the sum and warns when it differs;
- a page break repeats the header (skipped) and may spill a cell's tail into a row whose
  item cell is empty: its texts are joined to the previous item;
- a row whose item is not in the plan of that year is a warning with its line and every
  text of the row (matching is done by reports.services.round_import_plan_items).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from agencies.access import Actor
from agencies.choices import DocumentType
from agencies.names import agency_resolve
from agencies.sources import source_record
from core.importing.base import DocumentRejected, ImportResult, Layout, WarningLog
from core.importing.names import AGENCY_RE, PLACE_RE, place_word
from core.importing.registry import register
from core.importing.source import Line, SourceText, cell_text
from core.thai import expand_be_year, parse_amount, squash_spaces, to_arabic_digits
from reports.choices import RoundKind, RowStatus
from reports.services import status_from_text

NUMBER = "number"
ITEM = "item"
BUDGET_SET = "budget_set"
BUDGET_USED = "budget_used"
RESULT = "result"
STATUS = "status"
NOTE = "note"
RESPONSIBLE = "responsible"

# Header text (spaces, line breaks and markup removed, Arabic digits) -> role. Tried in
# order: "งบประมาณที่ใช้ไป" must win over "งบประมาณ", "สถานะการดำเนินการ" over "ผลการดำเนิน".
_ROLE_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:ลำดับ(?:ที่)?|ที่|ข้อ|no\.?)$", re.IGNORECASE), NUMBER),
    (re.compile(r"สถานะ|สภาพการดำเนิน"), STATUS),
    (re.compile(r"ใช้(?:ไป|จริง)?|เบิกจ่าย|จ่ายจริง|ใช้จ่าย"), BUDGET_USED),
    (re.compile(r"งบประมาณ|ที่ตั้งไว้|ตามแผน|ตามข้อบัญญัติ|ที่ได้รับ(?:อนุมัติ)?|วงเงิน"), BUDGET_SET),
    (re.compile(r"^(?:ชื่อ)?(?:โครงการ|กิจกรรม|มาตรการ|รายการ|แผนงาน)"), ITEM),
    (re.compile(r"ผลการดำเนิน|ผลการปฏิบัติ|สรุปผล|ผลลัพธ์|ผลการใช้จ่าย"), RESULT),
    (re.compile(r"หมายเหตุ|ปัญหา|อุปสรรค|ข้อเสนอแนะ"), NOTE),
    (re.compile(r"ผู้รับผิดชอบ|หน่วยงานรับผิดชอบ|กองที่รับผิดชอบ"), RESPONSIBLE),
]
# A status sub-column's heading, or a status cell's words. Negative forms first.
_STATUS_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"ยังไม่(?:ได้)?(?:ดำเนิน|เริ่ม)|ไม่ได้ดำเนิน"), RowStatus.NOT_STARTED),
    (re.compile(r"อยู่ระหว่าง|กำลังดำเนิน"), RowStatus.IN_PROGRESS),
    (re.compile(r"เลื่อน|ปีถัดไป|ปีงบประมาณหน้า"), RowStatus.DEFERRED),
    (re.compile(r"ยกเลิก|ไม่ดำเนินการ"), RowStatus.CANCELLED),
    (re.compile(r"ดำเนินการแล้ว|แล้วเสร็จ|เสร็จสิ้น|เรียบร้อย|ดำเนินการเสร็จ|^เสร็จ$"), RowStatus.DONE),
]
_MARKS = {"✓", "✔", "☑", "/", "x", "X", "✗", "√", "1", "•", "*"}

_TWELVE_RE = re.compile(r"12\s*เดือน|ประจำปีงบประมาณ[^\n]{0,40}สิ้นปี|รอบ\s*ปี")
_YEAR_RE = re.compile(r"ปีงบประมาณ\s*(?:พ\.\s*ศ\.?)?\s*(\d{4}|\d{2})(?!\d)")
_HEADING_RE = re.compile(r"^(?:มิติที่|ยุทธศาสตร์ที่|ด้านที่|แผนงาน)\s*\d|^มิติ\s*\d")
_TOTAL_RE = re.compile(r"^(?:รวม|ยอดรวม|รวมทั้งสิ้น|รวมทั้งหมด)")
_ITEM_NUMBER_RE = re.compile(r"^\(?(\d{1,3}(?:\.\d{1,2})*)\s*[.)]?\s*(?=\D)")
MAX_TITLE = 2000


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", to_arabic_digits(text)).replace("**", "")


def header_role(cell: str) -> str | None:
    compact = _compact(cell)
    if not compact or len(compact) > 80:
        return None
    return next((role for rx, role in _ROLE_RULES if rx.search(compact)), None)


def status_word(text: str) -> str | None:
    compact = _compact(text)
    return next((s for rx, s in _STATUS_RULES if rx.search(compact)), None)


def _is_status_heading(cell: str) -> bool:
    compact = _compact(cell)
    return bool(compact) and len(compact) <= 30 and status_word(compact) is not None


@dataclass
class Columns:
    roles: dict[int, str] = field(default_factory=dict)
    statuses: dict[int, str] = field(default_factory=dict)

    def at(self, role: str) -> list[int]:
        return [i for i, r in self.roles.items() if r == role]


def columns_of(cells: list[str], sub: list[str] | None = None) -> Columns | None:
    """The columns of a header row (and the sub-header row under it), or None if the row is
    not this table's header: it needs an item column, a budget column and a result/status."""
    cols = Columns()
    top = ""
    width = max(len(cells), len(sub or []))
    for i in range(width):
        cell = cells[i] if i < len(cells) else ""
        below = sub[i] if sub and i < len(sub) else ""
        if cell:
            top = cell
        elif not below:
            continue
        if below and _is_status_heading(below) and (not cell or header_role(top) == STATUS):
            cols.statuses[i] = status_word(below) or RowStatus.DONE
            continue
        role = header_role((top if not cell else cell) + below)
        if role is None and not cell:
            role = header_role(below)
        if role is None and _is_status_heading(cell):
            cols.statuses[i] = status_word(cell) or RowStatus.DONE
            continue
        if role is not None:
            if role in cols.roles.values() and role not in (NOTE, RESULT):
                continue  # a second "งบประมาณ…": keep the first of each role
            cols.roles[i] = role
    roles = set(cols.roles.values())
    if ITEM not in roles or not ({BUDGET_SET, BUDGET_USED} & roles):
        return None
    if not ({RESULT, STATUS} & roles or cols.statuses):
        return None
    return cols


def _is_sub_header(cells: list[str]) -> bool:
    shown = [c for c in cells if c]
    return bool(shown) and all(header_role(c) or _is_status_heading(c) for c in shown)


@dataclass
class ParsedItem:
    line: int
    number: str
    title: str
    budget_set: Decimal | None = None
    budget_used: Decimal | None = None
    status: str = ""
    result: str = ""
    note: str = ""


@dataclass
class ParsedAnnual:
    fiscal_year: int
    agency_name: str
    district: str
    province: str
    title: str
    items: list[ParsedItem]
    prepared_by_name: str = ""
    prepared_by_position: str = ""
    warnings: WarningLog = field(default_factory=WarningLog)


def _paragraphs(raw: str) -> list[tuple[str, bool]]:
    """A raw cell's paragraphs as (plain text, bold)."""
    from core.importing.document import cell_paragraphs

    out = []
    for para in cell_paragraphs(raw):
        text = cell_text(para.text.replace("\n", " ")) if para.text else ""
        if text:
            out.append((text, para.bold))
    return out


class AnnualParser:
    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.log = WarningLog()
        self.items: list[ParsedItem] = []
        self.columns: Columns | None = None
        self.total_printed: tuple[int, Decimal] | None = None

    def _amount(self, text: str, line: int, what: str) -> Decimal | None:
        if not text:
            return None
        try:
            value = parse_amount(text)
        except (ValueError, ArithmeticError):
            self.log.add(line, f"อ่าน{what}ไม่ได้ เก็บไว้ในหมายเหตุ: “{text}”")
            return None
        return value if isinstance(value, Decimal) else None

    def parse(self) -> ParsedAnnual:
        src = self.source
        head = to_arabic_digits(src.head(40))
        m = _YEAR_RE.search(head)
        if not m:
            raise DocumentRejected("ไม่พบปีงบประมาณของรายงาน (ปีงบประมาณ พ.ศ. ...)")
        year = expand_be_year(int(m.group(1)))
        agency = AGENCY_RE.search(src.head(40))
        if not agency:
            raise DocumentRejected("ไม่พบชื่อหน่วยงาน (องค์การบริหารส่วนตำบล/เทศบาล ...)")
        place = PLACE_RE.search(src.head(40))
        title = ""
        for line in src.lines[:10]:
            if line.text and not line.is_table_row:
                title = line.text
                break
        lines = src.lines
        i = 0
        prepared: list[str] = []
        after_table = False
        while i < len(lines):
            line = lines[i]
            i += 1
            if not line.is_table_row:
                if after_table and line.text:
                    prepared.append(line.text)
                continue
            cells = line.cells
            if all(not c.strip("- ") for c in cells):
                continue
            nxt = lines[i].cells if i < len(lines) and lines[i].is_table_row else None
            cols = columns_of(cells, nxt if nxt and _is_sub_header(nxt) else None)
            if cols is not None:
                if nxt and _is_sub_header(nxt):
                    i += 1
                self.columns = cols
                after_table = True
                continue
            if cols is None and self.columns is not None and _is_sub_header(cells):
                continue  # a repeated sub-header alone
            if self.columns is None:
                self.log.add(
                    line.no, f"แถวตารางก่อนหัวตาราง ข้ามไป: “{' | '.join(c for c in cells if c)}”"
                )
                continue
            self._row(line)
        if self.columns is None:
            raise DocumentRejected(
                "ไม่พบตารางผลการดำเนินงานโครงการ (ต้องมีคอลัมน์ โครงการ/กิจกรรม, งบประมาณ "
                "และ ผลการดำเนินการ/สถานะ)"
            )
        self._check_total()
        name, position = _signature(prepared)
        return ParsedAnnual(
            fiscal_year=year,
            agency_name=agency.group(1) + place_word(agency.group(2)),
            district=place_word(place.group(1)) if place else "",
            province=place_word(place.group(2)) if place else "",
            title=squash_spaces(title)[:300],
            items=self.items,
            prepared_by_name=name,
            prepared_by_position=position,
            warnings=self.log,
        )

    def _cell(self, raw: list[str], role: str) -> str:
        cols = self.columns
        assert cols is not None
        return " ".join(cell_text(raw[i]) for i in cols.at(role) if i < len(raw) and raw[i])

    def _row(self, line: Line) -> None:
        cols = self.columns
        assert cols is not None
        raw = line.raw_cells + [""] * 4
        item_index = cols.at(ITEM)[0]
        item_paras = _paragraphs(raw[item_index])
        number = self._cell(raw, NUMBER)
        texts = [cell_text(c) for c in raw if cell_text(c)]
        # A heading across the table (มิติที่ ๑ …) or a total row.
        first = _compact(texts[0]) if texts else ""
        if len(set(texts)) == 1 and (
            _HEADING_RE.match(first) or not any(ch.isdigit() for ch in first)
        ):
            if _TOTAL_RE.match(first):
                return
            if _HEADING_RE.match(first) or len(texts) == 1 and item_paras and item_paras[0][1]:
                return
        if _TOTAL_RE.match(_compact(number or (item_paras[0][0] if item_paras else ""))):
            used = self._amount(self._cell(raw, BUDGET_USED), line.no, "ยอดรวมงบประมาณที่ใช้")
            if used is not None:
                self.total_printed = (line.no, used)
            return
        headings = [p for p in item_paras if p[1] and _HEADING_RE.match(_compact(p[0]))]
        items = [p for p in item_paras if p not in headings]
        if not items:
            if headings and not any(self._cell(raw, r) for r in (RESULT, BUDGET_USED)):
                return
            self._spill(line, raw)
            return
        roles = (BUDGET_SET, BUDGET_USED, RESULT, STATUS, NOTE, RESPONSIBLE, NUMBER)
        status_cells = {
            status: cell_text(raw[i]) for i, status in cols.statuses.items() if cell_text(raw[i])
        }
        if len(items) > 1:
            split = self._split_row(raw, item_index, roles)
            if split is not None:
                for title, parts, statuses in split:
                    self._add(line, parts, {}, title, statuses)
                return
            self.log.add(
                line.no, f"แถวเดียวมี {len(items)} ย่อหน้าในช่องโครงการแต่ช่องอื่นไม่ตรงกัน ถือเป็นรายการเดียว"
            )
        parts = {role: self._cell(raw, role) for role in roles if cols.at(role)}
        self._add(line, parts, status_cells, " ".join(t for t, _ in items), status_cells)

    def _split_row(self, raw: list[str], item_index: int, roles) -> list | None:
        """One table row holding several items as paragraphs: each paragraph of every other
        column (status sub-columns included) goes to one item, by its position when the cells
        line up (empty paragraphs counted; Word drops trailing ones), else by its index when
        the counts agree. None when a column fits neither (the row is then one item)."""
        from core.importing.document import cell_slots

        cols = self.columns
        assert cols is not None
        item_slots = cell_slots(raw[item_index])
        anchors: list[tuple[int, str]] = []
        for pos, pieces in enumerate(item_slots):
            joined = " ".join(pieces)
            text = cell_text(joined)
            if not text or ("**" in joined and _HEADING_RE.match(_compact(text))):
                continue
            anchors.append((pos, text))
        if len(anchors) < 2:
            return None
        columns = [(role, cols.at(role)[0]) for role in roles if cols.at(role)]
        columns += [(status, i) for i, status in cols.statuses.items()]
        given: list[dict[str, list[str]]] = [{} for _ in anchors]
        for key, index in columns:
            slots = cell_slots(raw[index]) if index < len(raw) else []
            paras = [(pos, cell_text(" ".join(p))) for pos, p in enumerate(slots)]
            paras = [(pos, text) for pos, text in paras if text]
            if not paras:
                continue
            if len(slots) <= len(item_slots):
                for pos, text in paras:
                    k = max((k for k, (a, _t) in enumerate(anchors) if a <= pos), default=0)
                    given[k].setdefault(key, []).append(text)
            elif len(paras) == len(anchors):
                for k, (_pos, text) in enumerate(paras):
                    given[k].setdefault(key, []).append(text)
            else:
                return None
        out = []
        for (_pos, title), got in zip(anchors, given, strict=True):
            parts = {role: "\n".join(got.get(role, [])) for role in roles if cols.at(role)}
            statuses = {s: " ".join(got[s]) for s in cols.statuses.values() if s in got}
            out.append((title, parts, statuses))
        return out

    def _add(self, line: Line, parts, _unused, title: str, status_cells: dict[str, str]) -> None:
        title = squash_spaces(title)
        number = parts.get(NUMBER, "")
        m = _ITEM_NUMBER_RE.match(to_arabic_digits(title))
        if m and not number:
            number = m.group(1)
        if m:
            title = title[m.end() :].strip()
        note_parts = [parts.get(NOTE, "")]
        if parts.get(RESPONSIBLE):
            note_parts.append(f"ผู้รับผิดชอบ: {parts[RESPONSIBLE]}")
        used_text = parts.get(BUDGET_USED, "")
        used = self._amount(used_text, line.no, "งบประมาณที่ใช้")
        if used is None and used_text and used_text.strip("-– ") and "ไม่ใช้" not in used_text:
            note_parts.append(f"งบประมาณที่ใช้: {used_text}")
        set_text = parts.get(BUDGET_SET, "")
        budget_set = self._amount(set_text, line.no, "งบประมาณที่ตั้งไว้")
        if budget_set is None and set_text.strip("-– ") and "ไม่ใช้" not in set_text:
            note_parts.append(f"งบประมาณที่ตั้งไว้: {set_text}")
        result = parts.get(RESULT, "")
        status = ""
        if parts.get(STATUS):
            status = status_word(parts[STATUS]) or ""
            if not status:
                self.log.add(line.no, f"อ่านสถานะไม่ได้: “{parts[STATUS]}”")
        for st, text in status_cells.items():
            if status and st != status:
                self.log.add(line.no, f"มีเครื่องหมายในช่องสถานะมากกว่าหนึ่งช่อง ใช้ช่องแรก: “{text}”")
                if text not in _MARKS:
                    result = f"{result}\n{text}".strip()
                continue
            status = st
            if text not in _MARKS and _compact(text) not in {_compact(result)}:
                result = f"{result}\n{text}".strip()
        if not status:
            status = status_from_text(result) or ""
            if not status:
                self.log.add(line.no, f"ไม่ระบุสถานะ ถือว่ายังไม่ดำเนินการ: “{title[:80]}”")
                status = RowStatus.NOT_STARTED
        self.items.append(
            ParsedItem(
                line=line.no,
                number=number,
                title=title[:MAX_TITLE],
                budget_set=budget_set,
                budget_used=used,
                status=status,
                result=result,
                note="\n".join(p for p in note_parts if p),
            )
        )

    def _spill(self, line: Line, raw: list[str]) -> None:
        if not self.items:
            text = " | ".join(c for c in (cell_text(r) for r in raw) if c)
            self.log.add(line.no, f"แถวที่ไม่มีชื่อโครงการ ข้ามไป: “{text}”")
            return
        from reports.importers.six_month import join_spill

        last = self.items[-1]
        result = self._cell(raw, RESULT)
        extra = [cell_text(raw[i]) for i in (self.columns.statuses if self.columns else {})]
        result = " ".join(p for p in [result, *(e for e in extra if e not in _MARKS)] if p)
        if result:
            last.result = join_spill(last.result, result)
        note = self._cell(raw, NOTE)
        if note:
            last.note = join_spill(last.note, note)
        used = self._cell(raw, BUDGET_USED)
        if used:
            last.note = join_spill(last.note, f"งบประมาณที่ใช้ (ต่อ): {used}")
        self.log.add(line.no, f"นำข้อความต่อจากหน้าก่อนไปต่อท้ายรายการบรรทัด {last.line}")

    def _check_total(self) -> None:
        if self.total_printed is None:
            return
        line, printed = self.total_printed
        total = sum((i.budget_used or Decimal(0) for i in self.items), Decimal(0))
        if total != printed:
            self.log.add(
                line, f"ยอดรวมงบประมาณที่ใช้ที่พิมพ์ไว้ ({printed:,}) ไม่เท่ากับผลรวมรายการ ({total:,})"
            )


def _signature(lines: list[str]) -> tuple[str, str]:
    name = position = ""
    for text in lines:
        if text.startswith("ตำแหน่ง"):
            position = text[len("ตำแหน่ง") :].strip()
        elif m := re.fullmatch(r"\((.+)\)", text):
            name = m.group(1).strip()
        elif text.startswith(("ผู้รายงาน", "ผู้จัดทำ")) and not name:
            rest = re.sub(r"^ผู้(?:รายงาน|จัดทำ)\s*:?\s*", "", text)
            name = rest.strip()
    return name[:200], position[:200]


def _has_header(source: SourceText) -> bool:
    lines = source.lines
    for k, line in enumerate(lines):
        if not line.is_table_row:
            continue
        nxt = lines[k + 1].cells if k + 1 < len(lines) and lines[k + 1].is_table_row else None
        if columns_of(line.cells, nxt if nxt and _is_sub_header(nxt) else None) is not None:
            return True
    return False


@register
class AnnualProjectsLayout(Layout):
    """รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต รอบ ๑๒ เดือน (by project)."""

    name = "annual_projects"
    document_type = DocumentType.PROGRESS_REPORT
    priority = 60

    expects = (
        "รายงานรอบ ๑๒ เดือน ปีงบประมาณ … ตารางโครงการ/กิจกรรม | งบประมาณที่ตั้งไว้/ที่ใช้ไป | "
        "ผลการดำเนินการ/สถานะ"
    )

    def detect(self, source: SourceText) -> bool:
        if not _TWELVE_RE.search(to_arabic_digits(source.head(40))):
            return False
        return _has_header(source)

    def near_miss(self, source: SourceText) -> str:
        if not _TWELVE_RE.search(to_arabic_digits(source.head(40))):
            return ""
        for line in source.lines:
            roles = {header_role(c) for c in line.cells if c} - {None}
            # Only a table of projects with a budget: a 12-month report of measures is the
            # measures layouts' to explain.
            if line.is_table_row and ITEM in roles and roles & {BUDGET_SET, BUDGET_USED}:
                found = ", ".join(c for c in line.cells if c)
                return (
                    f"เป็นรายงานรอบ ๑๒ เดือน พบตารางคอลัมน์ {found} แต่รายงานโครงการต้องมี "
                    "โครงการ + งบประมาณ + ผลการดำเนินการ/สถานะ (found a 12-month report whose "
                    "table lacks a result or status column)"
                )
        return ""

    def parse(self, source: SourceText) -> ParsedAnnual:
        return AnnualParser(source).parse()

    def save(
        self,
        parsed: ParsedAnnual,
        *,
        source: SourceText,
        agency_code: str | None,
        submit: bool,
        user: Actor,
    ) -> ImportResult:
        from reports.services import (
            ImportedItemRow,
            ImportedItemsRound,
            RoundError,
            round_import_plan_items,
        )

        warnings = parsed.warnings
        agency = agency_resolve(
            code=agency_code,
            name=parsed.agency_name,
            district=parsed.district,
            province=parsed.province,
        )
        document = source_record(
            agency=agency,
            document_type=self.document_type,
            layout=self.name,
            source=source,
            user=user,
            warnings=warnings.as_list(),
        )
        data = ImportedItemsRound(
            fiscal_year=parsed.fiscal_year,
            kind=RoundKind.ANNUAL,
            rows=[
                ImportedItemRow(
                    line=item.line,
                    title=item.title,
                    number=item.number,
                    budget_set=item.budget_set,
                    budget_used=item.budget_used,
                    status=item.status,
                    result=item.result,
                    note=item.note,
                )
                for item in parsed.items
            ],
            title=parsed.title,
            prepared_by_name=parsed.prepared_by_name,
            prepared_by_position=parsed.prepared_by_position,
        )
        try:
            imported = round_import_plan_items(
                agency=agency, data=data, document=document, submit=submit, user=user
            )
        except RoundError as exc:
            raise DocumentRejected(" ".join(exc.messages), warnings=warnings.as_list()) from None
        for line, message in imported.warnings:
            warnings.add(line, message)
        document.warnings = warnings.as_list()
        document.save(update_fields=["warnings"])
        rnd = imported.round
        # Read back from what was stored.
        status_counts: dict[str, int] = {}
        stored = list(rnd.rows.values_list("status", "source_line"))
        for status, _line in stored:
            key = str(status or RowStatus.NOT_STARTED)
            status_counts[key] = status_counts.get(key, 0) + 1
        return ImportResult(
            document_type=self.document_type,
            agency={
                "code": agency.code,
                "name": agency.name,
                "short_name": agency.short_name,
                "district": agency.district,
                "province": agency.province.name,
            },
            url=rnd.get_absolute_url(),
            pdf_url=rnd.get_pdf_url(),
            warnings=warnings.as_list(),
            extra={
                "layout": self.name,
                "fiscal_year": rnd.fiscal_year,
                "years": [rnd.fiscal_year],
                "round": rnd.pk,
                "round_kind": rnd.kind,
                "round_state": rnd.state,
                "rows": len(stored),
                "imported_rows": sum(1 for _s, line in stored if line),
                "unmatched": imported.unmatched,
                "status_counts": status_counts,
                "prepared_by": {
                    "name": parsed.prepared_by_name,
                    "position": parsed.prepared_by_position,
                },
            },
        )
