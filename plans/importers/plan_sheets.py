"""Part 3: the detail sheets (รายละเอียดโครงการ) and the headings that place them.

Dimension banners ("มิติที่ N …", printed "มติที่" and mis-numbered in seed 001),
sub-dimension headings ("๑.๑ …") and third-level headings ("๑.๑.๑ …", sometimes wrapped onto
a second line) sit between the sheets. A sheet starts at "1. ชื่อโครงการ : …" and has
numbered fields, recognised by their labels rather than their numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.importing.base import WarningLog
from core.importing.source import Line, SourceText
from plans.importers.plan_data import DocumentInfo, SheetData
from plans.importers.plan_document import text_of

_BANNER_RE = re.compile(r"^(?:มิติ|มติ)ที่\s*(\d+)\s*(.*)$")
_SUB_RE = re.compile(r"^(\d)\.(\d{1,2})\s+(\S.*)$")
_THIRD_RE = re.compile(r"^(\d)\.(\d{1,2})\.(\d{1,2})\s+(\S.*)$")
_TITLE_RE = re.compile(r"^(?:\d+\s*\.\s*)?ชื่อ(?:โครงการ|กิจกรรม|มาตรการ)[^:：]{0,30}[:：]\s*(.*)$")
_FIELD_RE = re.compile(r"^\d+\s*\.\s*(\S.*)$")
# (label prefix, field): longest labels first ("กลุ่มเป้าหมาย" before "เป้าหมาย").
FIELD_LABELS = [
    ("หลักการและเหตุผล", "rationale"),
    ("วัตถุประสงค์", "objectives"),
    ("กลุ่มเป้าหมาย", "target_group"),
    ("เป้าหมาย", "target_group"),
    ("พื้นที่ดำเนินการ", "area"),
    ("วิธีดำเนินการ", "method"),
    ("วิธีการดำเนินการ", "method"),
    ("ระยะเวลา", "period"),
    ("งบประมาณ", "budget_text"),
    ("ผู้รับผิดชอบ", "owner"),
    ("ผลผลิต", "outputs"),
    ("ผลลัพธ์", "outcomes"),
    ("ผลที่คาดว่าจะได้รับ", "outcomes"),
    ("ตัวชี้วัด", "indicators"),
    ("หมายเหตุ", "note"),
]
SUB_LABELS = {"ผลผลิต": "outputs", "ผลลัพธ์": "outcomes", "หมายเหตุ": "note"}
# Page footers of the e-PlanNACC printout that leak into the text.
FOOTERS = re.compile(r"^(?:สำนักพัฒนาและส่งเสริมธรรมาภิบาล|สำนักเทคโนโลยีสารสนเทศ$)")
LABEL_MAX = 80


def _joined(a: str, b: str) -> str:
    """Join a wrapped line: Thai has no spaces between words, so a Thai-Thai break has none."""
    if a and b and "\u0e01" <= a[-1] <= "\u0e4e" and "\u0e01" <= b[0] <= "\u0e4e":
        return a + b
    return f"{a} {b}".strip()


def _field_of(text: str) -> tuple[str, str] | None:
    """(field, rest of the line) if the line is a field label such as "5. วิธีดำเนินการ"."""
    stripped = re.sub(r"^-\s*", "", text)
    m = _FIELD_RE.match(stripped)
    label = m.group(1) if m else stripped
    for word, name in SUB_LABELS.items():
        if re.fullmatch(rf"{word}\s*:?", label):
            return name, ""
    if not m or len(stripped) > LABEL_MAX:
        return None
    for word, name in FIELD_LABELS:
        if label.startswith(word):
            rest = label.split(":", 1)[1].strip() if ":" in label else ""
            return name, rest
    return None


@dataclass
class _State:
    dimension: int | None = None
    banner_line: int = 0
    subdimension: str = ""
    sub_line: int = 0
    heading: str = ""
    heading_line: int = 0
    sheet: SheetData | None = None
    current: str = ""
    sheets: list[SheetData] = field(default_factory=list)


class _Part3:
    def __init__(self, lines: list[Line], legend: dict[int, str], log: WarningLog) -> None:
        self.lines = lines
        self.legend = legend
        self.log = log
        self.state = _State()

    def run(self) -> list[SheetData]:
        i = 0
        while i < len(self.lines):
            i = self._step(i)
        return self.state.sheets

    def _continuation(self, i: int) -> tuple[str, int]:
        """The text of wrapped lines after line i (up to a blank line or a structural line)."""
        text, j = "", i + 1
        while j < len(self.lines):
            t = text_of(self.lines[j].text)
            if not t or self._structural(t) or _field_of(t):
                break
            text = _joined(text, self.lines[j].text)
            j += 1
        return text, j

    @staticmethod
    def _structural(t: str) -> bool:
        return bool(
            _BANNER_RE.match(t) or _SUB_RE.match(t) or _THIRD_RE.match(t) or _TITLE_RE.match(t)
        )

    def _step(self, i: int) -> int:
        line = self.lines[i]
        t = text_of(line.text)
        if not t or FOOTERS.match(t) or t.strip("#") == "":
            return i + 1
        if m := _BANNER_RE.match(t):
            self._banner(line, int(m.group(1)), m.group(2))
            return i + 1
        if m := _THIRD_RE.match(t):
            rest, j = self._continuation(i)
            self._third(line, f"{m.group(1)}.{m.group(2)}", _joined(line.text, rest))
            return j
        if m := _SUB_RE.match(t):
            self._sub(line, int(m.group(1)), f"{m.group(1)}.{m.group(2)}")
            return i + 1
        if m := _TITLE_RE.match(t):
            rest, j = self._continuation(i)
            title = line.text[m.start(1) :].strip()  # digits as printed
            self._start_sheet(line, _joined(title, rest).strip())
            return j
        self._body(line, t)
        return i + 1

    def _banner(self, line: Line, printed: int, name: str) -> None:
        s = self.state
        key = re.sub(r"\s+", "", name)
        by_name = [n for n, legend in self.legend.items() if re.sub(r"\s+", "", legend) == key]
        number = by_name[0] if by_name else printed
        if by_name and number != printed:
            self.log.add(
                line.no,
                f'หัวข้อมิติในส่วนที่ 3 พิมพ์เลข {printed} แต่ชื่อ "{name}" คือมิติ {number} (ใช้มิติ {number})',
            )
        s.dimension, s.banner_line = number, line.no
        s.subdimension, s.heading, s.sheet = "", "", None

    def _sub(self, line: Line, dim: int, number: str) -> None:
        s = self.state
        if s.dimension is not None and dim != s.dimension:
            self.log.add(line.no, f"หัวข้อภารกิจ {number} อยู่ใต้หัวข้อมิติ {s.dimension} ในส่วนที่ 3")
        s.dimension = dim if s.dimension is None else s.dimension
        s.subdimension, s.sub_line, s.heading, s.sheet = number, line.no, "", None

    def _third(self, line: Line, parent: str, text: str) -> None:
        s = self.state
        if s.subdimension and parent != s.subdimension:
            self.log.add(
                line.no,
                f"หัวข้อ {text.split()[0]} อยู่ใต้หัวข้อภารกิจ {s.subdimension} "
                f"(บรรทัด {s.sub_line}): ใช้ภารกิจ {s.subdimension} กับโครงการใต้หัวข้อนี้",
            )
        s.heading, s.heading_line, s.sheet = text, line.no, None

    def _start_sheet(self, line: Line, title: str) -> None:
        s = self.state
        dimension = int(s.subdimension.split(".")[0]) if s.subdimension else s.dimension
        s.sheet = SheetData(
            line=line.no,
            title=title,
            dimension=dimension,
            subdimension=s.subdimension,
            heading=s.heading,
        )
        s.current = ""
        s.sheets.append(s.sheet)

    def _body(self, line: Line, t: str) -> None:
        s = self.state
        if s.sheet is None:
            return
        found = _field_of(line.text)
        if found:
            s.current, rest = found
            if rest:
                self._append(rest)
            return
        if s.current:
            self._append(re.sub(r"^-\s+", "", line.text))
        else:
            self.log.add(line.no, "ข้อความในรายละเอียดโครงการก่อนหัวข้อแรก (เก็บไว้ในหมายเหตุ)")
            s.current = "note"
            self._append(line.text)

    def _append(self, text: str) -> None:
        sheet = self.state.sheet
        assert sheet is not None  # text is appended only inside a sheet
        fields = sheet.fields
        key = self.state.current
        fields[key] = f"{fields[key]}\n{text}" if fields.get(key) else text


def parse_sheets(
    source: SourceText, info: DocumentInfo, legend: dict[int, str], log: WarningLog
) -> list[SheetData]:
    """The sheets of part 3, in document order, each with the headings above it."""
    if info.part3 is None:
        log.add(None, "ไม่พบส่วนที่ 3 (รายละเอียดโครงการ): นำเข้าโดยไม่มีรายละเอียดโครงการ")
        return []
    start, end = info.part3
    sheets = _Part3(source.lines[start:end], legend, log).run()
    if not sheets:
        log.add(start, "ส่วนที่ 3 ไม่มีรายละเอียดโครงการ (ไม่พบบรรทัด ชื่อโครงการ)")
    for sheet in sheets:
        _check_sheet(sheet, log)
    return sheets


def _check_sheet(sheet: SheetData, log: WarningLog) -> None:
    if not sheet.title:
        log.add(sheet.line, "รายละเอียดโครงการไม่มีชื่อโครงการ")
    if "outcomes" not in sheet.fields:
        log.add(
            sheet.line,
            f'รายละเอียดโครงการ "{sheet.title}" ไม่มีหัวข้อผลลัพธ์ (ข้อความอาจขาดหาย)',
        )
