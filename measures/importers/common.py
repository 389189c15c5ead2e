"""What the measures layouts share: reading the six-column tables, the agency and year from
a title, method steps, ITA figures quoted in the text, and saving a parsed measure set.

Parsing builds plain data (no database); `save_measure_set` writes it through the services.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from agencies import workflow
from agencies.access import Actor
from agencies.choices import DocumentType, PublicationStatus
from agencies.models import Agency, SourceDocument
from agencies.names import agency_resolve, split_agency_name
from agencies.sources import source_record
from core.html import clean_html, html_to_text
from core.importing.base import DocumentRejected, ImportResult, WarningLog
from core.importing.names import KIND_PATTERN, place_word
from core.importing.source import Line, SourceText
from core.thai import parse_number, squash_spaces, to_arabic_digits
from measures.choices import MeasureColumn, MeasureSetKind, ResultPeriod
from measures.models import ITAFramework, MeasureSet
from measures.services import (
    IndicatorScoreInput,
    ita_result_record,
    measure_create,
    measure_period_parse,
    measure_set_create,
    score_validate,
)

# --- Table headers ----------------------------------------------------------------------------

# The columns a measures table may have, by what they mean. Header text (spaces, line breaks
# and markup removed) -> column role; the synonyms are the wordings seen in agencies' tables.
# Tried in order: "ผลลัพธ์…การดำเนินการ" must win over "ผลการดำเนินการ", and
# "วิธี(การ)ดำเนินการ" over both. NUMBER and ISSUE are read into the measure's number and ITA
# issue (they are not columns of the stored table).
NUMBER = "number"
ISSUE = "issue"
_HEADER_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:ลำดับ(?:ที่)?|ที่|ข้อ|no\.?)$", re.IGNORECASE), NUMBER),
    (
        re.compile(r"^(?:ประเด็น(?!ความเสี่ยง)|ด้าน|ตัวชี้วัด|จุดอ่อน|ข้อบกพร่อง|ประเด็นการประเมิน)"),
        ISSUE,
    ),
    (re.compile(r"^(?:ชื่อ)?มาตรการ|^แนวทาง(?!การนำผล)"), MeasureColumn.TITLE),
    (re.compile(r"^(?:ชื่อ)?(?:โครงการ|กิจกรรม)"), MeasureColumn.TITLE),
    (re.compile(r"^(?:วิธี(?:การ)?|ขั้นตอน(?:การ)?|แนวทางการ)ดำเนิน|^รายละเอียด"), MeasureColumn.STEPS),
    (re.compile(r"ผู้รับผิดชอบ|หน่วยงาน(?:ที่)?รับผิดชอบ|ผู้ดำเนินการ"), MeasureColumn.RESPONSIBLE),
    (re.compile(r"ระยะเวลา|ช่วงเวลา|กำหนดเวลา|ห้วงเวลา"), MeasureColumn.PERIOD),
    (re.compile(r"ผลลัพธ์|ความสำเร็จ|ผลที่(?:คาดว่าจะ)?ได้รับ"), MeasureColumn.OUTCOME),
    (re.compile(r"ผลการดำเนิน|ผลการปฏิบัติ|สรุปผล"), MeasureColumn.SUMMARY),
    (re.compile(r"ข้อเสนอแนะ|ปัญหา|อุปสรรค"), MeasureColumn.SUGGESTIONS),
]
EXPECTED_COLUMNS = (
    "มาตรการ/โครงการ, วิธีดำเนินการ และอย่างน้อยอีกสองคอลัมน์จาก ผู้รับผิดชอบ ระยะเวลา "
    "ผลการดำเนินการ ผลลัพธ์ ข้อเสนอแนะ (ลำดับ และ ประเด็น/ด้าน นำหน้าได้)"
)


def header_role(cell: str) -> str | None:
    """The role of one header cell, or None."""
    compact = re.sub(r"\s+", "", to_arabic_digits(cell)).replace("**", "")
    return next((k for rx, k in _HEADER_RULES if rx.search(compact)), None)


def header_keys(line: Line) -> list[str] | None:
    """The column keys of a measures-table header row, or None if the line is not one.

    A header row is recognised by what its columns mean, bold or not; empty trailing cells
    are allowed; a leading number or issue column is read into each measure.
    """
    if not line.is_table_row:
        return None
    cells = list(line.cells)
    while cells and not cells[-1].strip():
        cells.pop()
    keys: list[str] = []
    for cell in cells:
        key = header_role(cell)
        if key is None or key in keys:
            return None
        keys.append(str(key))
    required = {MeasureColumn.TITLE, MeasureColumn.STEPS}
    data_columns = [k for k in keys if k not in (NUMBER, ISSUE)]
    if not required <= set(keys) or len(data_columns) < 4:
        return None
    return keys


def header_hint(source: SourceText) -> str:
    """For a refusal: the first table row that looks like a header, and what it lacks."""
    for line in source.lines:
        if not line.is_table_row:
            continue
        roles = [header_role(c) for c in line.cells if c.strip()]
        if sum(1 for r in roles if r) >= 2:
            shown = " | ".join(c for c in line.cells if c.strip())[:200]
            return f"บรรทัด {line.no} มีหัวตาราง “{shown}” แต่ไม่ครบคอลัมน์ที่ต้องมี: {EXPECTED_COLUMNS}"
    return ""


def first_header(source: SourceText, start: int = 1) -> int | None:
    for line in source.lines[start - 1 :]:
        if header_keys(line):
            return line.no
    return None


# --- Agency, year, title ----------------------------------------------------------------------

_AGENCY_RE = re.compile(rf"({KIND_PATTERN})[ ]*([^\s*(),]+)")
_DISTRICT_RE = re.compile(r"อำเภอ[ ]*([^\s*(),]+)")
_PROVINCE_RE = re.compile(r"จังหวัด[ ]*([^\s*(),]+)")
_FY_RE = re.compile(r"ปีงบประมาณ\s*(?:พ\.ศ\.?)?\s*(\d{4})")
# Words that follow a generic "องค์การบริหารส่วนตำบล" without naming one.
_NOT_A_PLACE = (
    "ปฏิบัติหน้าที่",
    "และ",
    "ได้",
    "ที่",
    "ให้",
    "เพื่อ",
    "ซึ่ง",
    "ตาม",
    "ใน",
    "โดย",
    "ผ่าน",
    "มี",
    "เป็น",
    "จะ",
    "ทุก",
)


@dataclass
class AgencyInfo:
    name: str = ""
    district: str = ""
    province: str = ""
    line: int | None = None


def _mentions(lines: list[Line], rx: re.Pattern[str]) -> list[tuple[str, Line]]:
    found = []
    for line in lines:
        for m in rx.finditer(line.text):
            found.append((place_word(m.group(m.lastindex or 0)), line))
    return found


def _pick(mentions: list[tuple[str, Line]], what: str, log: WarningLog) -> str:
    """The value the formal (bold) heading gives, else the first; disagreements are warned."""
    if not mentions:
        return ""
    values = {v for v, _ in mentions}
    bold = [v for v, line in mentions if "**" in line.raw]
    chosen = bold[0] if bold else mentions[0][0]
    if len(values) > 1:
        others = ", ".join(f"“{v}” (บรรทัด {line.no})" for v, line in mentions if v != chosen)
        log.add(
            mentions[0][1].no,
            f"{what}ในหัวเอกสารเขียนไม่ตรงกัน: ใช้ “{chosen}” ไม่ใช้ {others}",
        )
    return chosen


def agency_from_heading(lines: list[Line], log: WarningLog) -> AgencyInfo:
    """The agency's official name, district and province from a document's title lines."""
    names = [
        (kind + place_word(place), line)
        for line in lines
        for kind, place in _AGENCY_RE.findall(line.text)
    ]
    names = [(n, line) for n, line in names if not n.endswith(_NOT_A_PLACE)]
    if not names:
        return AgencyInfo()
    name = _pick([(re.sub(r"^ของ", "", n), line) for n, line in names], "ชื่อหน่วยงาน", log)
    district = _pick(_mentions(lines, _DISTRICT_RE), "ชื่ออำเภอ", log)
    province = _pick(_mentions(lines, _PROVINCE_RE), "ชื่อจังหวัด", log)
    return AgencyInfo(name=name, district=district, province=province, line=names[0][1].no)


def check_other_agencies(source: SourceText, name: str, log: WarningLog, start: int = 1) -> None:
    """Warn about full agency names other than the document's own (copied text, typos)."""
    _kind, official, _short = split_agency_name(name)
    place = re.sub(rf"^({KIND_PATTERN})", "", official)
    for line in source.lines[start - 1 :]:
        for kind, word in _AGENCY_RE.findall(line.text):
            word = place_word(word)
            if word.startswith(place) or word.startswith(_NOT_A_PLACE) or not place:
                continue
            log.add(
                line.no,
                f"พบชื่อหน่วยงานอื่น “{kind}{word}” ในเอกสารของ{official} "
                "(อาจคัดลอกจากเอกสารของหน่วยงานอื่น) นำเข้าตามต้นฉบับ",
            )


def fiscal_year_in(text: str) -> int | None:
    m = _FY_RE.search(to_arabic_digits(text))
    return int(m.group(1)) if m else None


_ITA_YEAR_RE = re.compile(r"ITA\)?[^.]{0,60}?ปีงบประมาณ\s*(?:พ\.ศ\.?)?\s*(\d{4})")


def ita_year_in(text: str) -> int | None:
    """The year of the ITA a text says it analysed ("…การประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๖")."""
    m = _ITA_YEAR_RE.search(squash_spaces(to_arabic_digits(text)))
    return int(m.group(1)) if m else None


def heading_and_intro(lines: list[Line]) -> tuple[str, str]:
    """The document's title (its bold heading if it has one) and the paragraphs after it."""
    content = [line for line in lines if not line.is_blank]
    if not content:
        return "", ""
    bold_start = next(
        (i for i, line in enumerate(content) if line.raw.lstrip().startswith("**")), None
    )
    if bold_start is not None:
        bold_end = next(
            (i for i in range(bold_start, len(content)) if content[i].raw.rstrip().endswith("**")),
            bold_start,
        )
        title_lines = content[bold_start : bold_end + 1]
        rest = content[bold_end + 1 :]
    else:
        title_lines, rest = content[:1], content[1:]
    title = squash_spaces(" ".join(line.text for line in title_lines))
    intro = "\n\n".join(squash_spaces(line.text) for line in rest)
    return title, intro


def kind_of(title: str) -> str:
    return MeasureSetKind.REPORT if "รายงาน" in title else MeasureSetKind.MEASURES


def result_period_of(title: str) -> str:
    compact = to_arabic_digits(re.sub(r"\s+", "", title))
    if "6เดือน" in compact:
        return ResultPeriod.MONTHS_6
    if "12เดือน" in compact:
        return ResultPeriod.MONTHS_12
    return ResultPeriod.ANNUAL


# --- Cells: titles and steps ------------------------------------------------------------------

_NUMBER_RE = re.compile(r"^\s*([๐-๙0-9]{1,2})\s*([.)])\s*(?![๐-๙0-9])")
_ISSUE_RE = re.compile(r"^(ด้าน[^\n-]{1,300}?)\s*(?:\n\s*)?[-–]\s*(.+)$", re.S)


@dataclass
class TitleParts:
    number: str = ""
    separator: str = ""
    issue: str = ""
    title: str = ""
    title_html: str = ""


def split_title(cell_html: str) -> TitleParts:
    """ "๑. ด้านการใช้จ่ายงบประมาณ - การเผยแพร่…" -> number ๑, issue ด้าน…, title การเผยแพร่….

    The title keeps its markup (clean) only when it has links or emphasis; otherwise it is
    rebuilt from the text, so a title never repeats its number or issue.
    """
    cleaned = clean_html(cell_html)
    text = html_to_text(cleaned)
    parts = TitleParts()
    m = _NUMBER_RE.match(text)
    if m:
        parts.number, parts.separator = m.group(1), m.group(2)
        text = text[m.end() :]
    m = _ISSUE_RE.match(text)
    if m:
        parts.issue = squash_spaces(m.group(1))
        text = m.group(2)
    parts.title = squash_spaces(text)
    if re.search(r"<(a|b|strong|i|em)\b", cleaned) and not (parts.number or parts.issue):
        parts.title_html = cleaned
    else:
        parts.title_html = html.escape(parts.title, quote=False)
    return parts


_P_RE = re.compile(r"<p>(.*?)</p>", re.S)
_STEP_MARK_RE = re.compile(r"(?:^|(?<=[\s>]))([๐-๙0-9]{1,2})\s*[.)]\s*(?![๐-๙0-9])")


def _split_numbered(fragment: str) -> list[tuple[int | None, str]]:
    """Split "๑. a ๒. b" at markers that count up from 1; text before the first is kept."""
    marks = []
    expected = 1
    for m in _STEP_MARK_RE.finditer(fragment):
        if int(to_arabic_digits(m.group(1))) == expected:
            marks.append(m)
            expected += 1
    if not marks:
        return [(None, fragment.strip())]
    pieces: list[tuple[int | None, str]] = []
    head = fragment[: marks[0].start()].strip()
    if head:
        pieces.append((None, head))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(fragment)
        pieces.append((i + 1, fragment[m.end() : end].strip()))
    return pieces


def split_steps(cell_html: str) -> tuple[list[str], list[str]]:
    """A method cell -> (ordered step fragments without their numbers, notes on oddities).

    Paragraphs (<p>) are steps; numbering inside a paragraph or inline text ("๑. … ๒. …",
    "๑) … ๒) …") splits further. Numbers that do not count up are left in the text.
    """
    cleaned = clean_html(cell_html)
    paragraphs = [p.strip() for p in _P_RE.findall(cleaned)] or [cleaned]
    steps: list[str] = []
    notes: list[str] = []
    last_number = 0
    number: int | None
    for paragraph in paragraphs:
        if not html_to_text(paragraph):
            continue
        m = _STEP_MARK_RE.match(paragraph.strip())
        if len(paragraphs) > 1 and m:
            number = int(to_arabic_digits(m.group(1)))
            if number != last_number + 1:
                notes.append(f"ขั้นตอนเลข {number} ต่อจากเลข {last_number}")
            last_number = number
            steps.append(paragraph.strip()[m.end() :].strip())
            continue
        for number, piece in _split_numbered(paragraph):
            if not html_to_text(piece):
                continue
            if number is not None:
                if number != last_number + 1 and last_number:
                    notes.append(f"ขั้นตอนเลข {number} ต่อจากเลข {last_number}")
                last_number = number
            steps.append(piece)
    return steps, notes


def plain(cell_html: str) -> str:
    """A cell as one line of plain text (sanitised first: a script's content never survives)."""
    return squash_spaces(html_to_text(cell_html))


# --- ITA figures quoted in text ---------------------------------------------------------------

_INDICATOR_RE = re.compile(r"ตัวชี้วัดที่\s*(\d{1,2})")
_NUM = r"[+-]?\d+(?:[.,]\d+)*"
_FIGURE_RE = re.compile(rf"(?:ได้คะแนน|ได้|เพิ่มขึ้น|ลดลง)[^\d]{{0,40}}?(?P<num>{_NUM})\s*คะแนน")
_BAD_FIGURE_RE = re.compile(r"(?:ได้คะแนน|ได้)\s*([^\s\d]+)\s*คะแนน")


@dataclass
class IndicatorFigure:
    number: int
    name: str
    score: Decimal | None
    delta: Decimal | None
    year: int | None
    line: int


def indicator_figures(text: str, line_no: int, log: WarningLog) -> list[IndicatorFigure]:
    """Scores and stated changes such as "ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร ได้คะแนน
    เพิ่มขึ้นจากปีที่ผ่านมา ๐.๕๒ คะแนน" or "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล ได้ ๙๐ คะแนน".

    A score that is not a number or is outside 0–100 rejects the document.
    """
    s = squash_spaces(to_arabic_digits(text))
    figures = []
    for m in _INDICATOR_RE.finditer(s):
        number = int(m.group(1))
        tail = s[m.end() : m.end() + 160]
        nxt = _INDICATOR_RE.search(tail)
        if nxt:
            tail = tail[: nxt.start()]
        found = _FIGURE_RE.search(tail)
        if not found:
            bad = _BAD_FIGURE_RE.search(tail)
            if bad:
                raise DocumentRejected(f"คะแนนตัวชี้วัดที่ {number} ไม่ใช่ตัวเลข: “{bad.group(0)}”", line_no)
            continue
        name = squash_spaces(tail[: found.start()])
        figure_text = found.group(0)
        numbers = [found.group("num")]
        value = parse_number(numbers[-1].replace(",", "."))
        before = s[max(0, m.start() - 80) : m.start()]
        years = re.findall(r"(25\d\d)", before)
        year = int(years[-1]) if years else None
        if "เพิ่มขึ้น" in figure_text or "ลดลง" in figure_text:
            delta = -value if "ลดลง" in figure_text else value
            figures.append(IndicatorFigure(number, name, None, delta, year, line_no))
        else:
            try:
                score = score_validate(value, f"คะแนนตัวชี้วัดที่ {number}")
            except ValidationError as exc:
                raise DocumentRejected(exc.messages[0], line_no) from None
            figures.append(IndicatorFigure(number, name, score, None, year, line_no))
    return figures


_TOTAL_RE = re.compile(r"ผลการประเมิน\s*(?:ITA)?\s*(?:ได้)?\s*คะแนน\s*(\S+)")
_GRADE_RE = re.compile(r"(?:อยู่ใน)?ระดับ\s*([A-F]{1,2}|ผ่านดีเยี่ยม|ผ่านดี|ผ่าน|ต้องปรับปรุงโดยด่วน|ต้องปรับปรุง)")
_DELTA_RE = re.compile(
    rf"(?:เปรียบเทียบกับ|จาก)(?:ปี)?ที่ผ่านมา\s*({_NUM})\s*คะแนน(?:\s*\(ระดับ\s*([A-F]{{1,2}})\))?"
)


@dataclass
class TotalFigure:
    score: Decimal | None = None
    stated_grade: str = ""
    delta: Decimal | None = None
    previous_grade: str = ""
    line: int | None = None


def total_figure(text: str, line_no: int) -> TotalFigure | None:
    """ "ได้รับผลการประเมิน ITA คะแนน ๗๔.๓๖ อยู่ในระดับ C เปรียบเทียบกับที่ผ่านมา +๒๓.๒๙ คะแนน
    (ระดับ E)": a non-numeric or out-of-range total rejects the document."""
    s = squash_spaces(to_arabic_digits(text))
    m = _TOTAL_RE.search(s)
    if not m:
        return None
    token = m.group(1)
    try:
        score = score_validate(token.rstrip(".,"), "คะแนน ITA")
    except ValidationError as exc:
        raise DocumentRejected(exc.messages[0], line_no) from None
    figure = TotalFigure(score=score, line=line_no)
    after = s[m.end() :]
    g = _GRADE_RE.search(after[:60])
    if g:
        figure.stated_grade = g.group(1)
    d = _DELTA_RE.search(after)
    if d:
        figure.delta = parse_number(d.group(1))
        figure.previous_grade = d.group(2) or ""
    return figure


def first_total(lines: list[tuple[int, str]]) -> TotalFigure | None:
    """The first total ITA score stated in these (line number, text) paragraphs."""
    for no, text in lines:
        figure = total_figure(text, no)
        if figure is not None:
            return figure
    return None


# --- Table rows -------------------------------------------------------------------------------


@dataclass
class ParsedMeasure:
    line: int
    parts: TitleParts
    steps: list[str]
    responsible: str
    period_text: str
    results: dict[str, str]
    indicator_numbers: list[int] = field(default_factory=list)


@dataclass
class ParsedTable:
    columns: list[str]
    labels: dict[str, str]
    measures: list[ParsedMeasure]
    end_line: int
    figures: list[IndicatorFigure] = field(default_factory=list)


def parse_tables(
    source: SourceText, start: int, log: WarningLog, end: int | None = None
) -> ParsedTable:
    """Read every measures table from `start` (a header row): rows become measures, repeated
    headers are skipped, anything else is warned about with its line number."""
    first = source.line(start)
    columns = header_keys(first) or []
    labels = dict(zip(columns, (squash_spaces(c) for c in first.cells), strict=False))
    current = columns
    measures: list[ParsedMeasure] = []
    figures: list[IndicatorFigure] = []
    last = start
    for line in source.lines[start:end]:
        if line.is_blank:
            continue
        keys = header_keys(line)
        if keys:
            if keys != current:
                log.add(line.no, "หัวตารางเรียงคอลัมน์ต่างจากตารางก่อนหน้า: อ่านตามหัวตารางใหม่")
                current = keys
            last = line.no
            continue
        if not line.is_table_row:
            log.add(line.no, f"ข้อความนอกตารางไม่ได้นำเข้า: “{line.text[:60]}”")
            continue
        last = line.no
        cells = line.raw_cells
        while len(cells) > len(current) and not cells[-1].strip():
            cells = cells[:-1]
        if len(cells) != len(current):
            log.add(
                line.no,
                f"แถวมี {len(cells)} ช่อง แต่หัวตารางมี {len(current)} คอลัมน์: ไม่ได้นำเข้า",
            )
            continue
        row = dict(zip(current, cells, strict=True))
        parts = split_title(row.get(MeasureColumn.TITLE, ""))
        if row.get(NUMBER, "").strip():
            number = squash_spaces(html_to_text(row[NUMBER]))
            m = re.match(r"^([๐-๙0-9]{1,3})\s*([.)]?)$", number)
            if m and not parts.number:
                parts.number, parts.separator = m.group(1), m.group(2)
            elif number != parts.number:
                log.add(line.no, f"ช่องลำดับ “{number}” ไม่ใช่เลขลำดับ: ไม่ได้นำเข้า")
        if row.get(ISSUE, "").strip() and not parts.issue:
            issue = squash_spaces(html_to_text(row[ISSUE]))
            parts.issue = issue
        if parts.issue and not parts.title:
            log.add(line.no, f"แถวมีแต่ประเด็น “{parts.issue}” ไม่มีชื่อมาตรการ")
        if not parts.title:
            log.add(line.no, "แถวไม่มีชื่อมาตรการ: ไม่ได้นำเข้า")
            continue
        steps, notes = split_steps(row.get(MeasureColumn.STEPS, ""))
        for note in notes:
            log.add(line.no, f"วิธีดำเนินการ: {note}")
        period_text = plain(row.get(MeasureColumn.PERIOD, ""))
        _start, _end, warning = measure_period_parse(period_text)
        if warning:
            log.add(line.no, warning)
        results = {
            key: row.get(column, "")
            for key, column in (
                ("summary", MeasureColumn.SUMMARY),
                ("outcome", MeasureColumn.OUTCOME),
                ("suggestions", MeasureColumn.SUGGESTIONS),
            )
        }
        row_text = " ".join(html_to_text(cell) for cell in cells)
        row_figures = indicator_figures(row_text, line.no, log)
        figures.extend(row_figures)
        numbers = sorted(
            {int(n) for n in _INDICATOR_RE.findall(squash_spaces(to_arabic_digits(row_text)))}
        )
        measures.append(
            ParsedMeasure(
                line=line.no,
                parts=parts,
                steps=steps,
                responsible=plain(row.get(MeasureColumn.RESPONSIBLE, "")),
                period_text=period_text,
                results=results,
                indicator_numbers=numbers,
            )
        )
    _check_numbering(measures, log)
    if (
        MeasureColumn.SUGGESTIONS in columns
        and measures
        and not any(html_to_text(m.results["suggestions"]) for m in measures)
    ):
        log.add(start, "คอลัมน์ข้อเสนอแนะว่างทุกแถว")
    # The stored table keeps its data columns; number and issue live on each measure.
    kept = [c for c in columns if c in MeasureColumn.values]
    return ParsedTable(
        kept, {k: v for k, v in labels.items() if k in kept}, measures, last, figures
    )


def _short(text: str, size: int = 50) -> str:
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + "…"


def _check_numbering(measures: list[ParsedMeasure], log: WarningLog) -> None:
    separators = {m.parts.separator for m in measures if m.parts.separator}
    if len(separators) > 1:
        odd = [m for m in measures if m.parts.separator != measures[0].parts.separator]
        log.add(
            odd[0].line,
            "เลขลำดับมาตรการเขียนหลายแบบ ("
            + " ".join(f"“{m.parts.number}{m.parts.separator}”" for m in measures)
            + ")",
        )
    for expected, m in enumerate(measures, start=1):
        if m.parts.number and int(to_arabic_digits(m.parts.number)) != expected:
            log.add(m.line, f"เลขลำดับมาตรการ {m.parts.number} ไม่ตรงกับลำดับแถวที่ {expected}")
    if any(m.parts.issue for m in measures):
        for m in measures:
            if not m.parts.issue:
                log.add(m.line, f"มาตรการ “{_short(m.parts.title)}” ไม่ระบุประเด็น ITA (ด้าน…)")


# --- Saving -----------------------------------------------------------------------------------


def resolve_agency(info: AgencyInfo, agency_code: str | None, log: WarningLog) -> Agency:
    if not info.name:
        raise DocumentRejected("ไม่พบชื่อหน่วยงานในหัวเอกสาร")
    if not info.province:
        log.add(info.line, "ไม่พบชื่ออำเภอ/จังหวัดในเอกสาร: หน่วยงานใหม่จะไม่ระบุจังหวัด")
    agency = agency_resolve(
        code=agency_code, name=info.name, district=info.district, province=info.province
    )
    _kind, official, _short = split_agency_name(info.name)
    if agency.name != official:
        log.add(
            info.line,
            f"ชื่อหน่วยงานในเอกสาร “{official}” ไม่ตรงกับหน่วยงานรหัส {agency.code} “{agency.name}”",
        )
    return agency


def indicators_for(framework: ITAFramework | None, parsed: ParsedMeasure, log: WarningLog) -> list:
    """The indicators a measure answers: those its text names by number, and its issue."""
    if framework is None:
        return []
    found = []
    for number in parsed.indicator_numbers:
        indicator = framework.indicator_by_number(number)
        if indicator is None:
            log.add(parsed.line, f"ตัวชี้วัดที่ {number} ไม่อยู่ในกรอบ ITA ปี {framework.fiscal_year}")
        elif indicator not in found:
            found.append(indicator)
    if parsed.parts.issue:
        issue = re.sub(r"\s+", "", re.sub(r"^ด้าน", "", parsed.parts.issue))
        for indicator in framework.indicators.all():
            names = [re.sub(r"\s+", "", n) for n in indicator.names]
            if any(issue == n or issue == re.sub(r"^การ", "", n) for n in names):
                if indicator not in found:
                    found.append(indicator)
                break
        else:
            log.add(
                parsed.line,
                f"ประเด็น “{parsed.parts.issue}” ไม่ตรงกับชื่อตัวชี้วัดใดของ ITA ปี {framework.fiscal_year}",
            )
    return found


@dataclass
class ParsedSet:
    """A measures document read into plain data."""

    info: AgencyInfo
    fiscal_year: int
    ita_year: int | None
    kind: str
    title: str
    intro: str
    table: ParsedTable
    result_period: str
    total: TotalFigure | None = None
    total_year: int | None = None


def save_measure_set(
    parsed: ParsedSet,
    *,
    source: SourceText,
    layout_name: str,
    document_type: str,
    agency: Agency,
    log: WarningLog,
    submit: bool,
    user: Actor,
    memo: Any = None,
) -> tuple[MeasureSet, dict[str, Any]]:
    """Write a parsed measure set (replacing the agency's set of that year and kind) and any
    ITA figures it states. Returns the set and the `ita` summary for the JSON output."""
    document = source_record(
        agency=agency, document_type=document_type, layout=layout_name, source=source, user=user
    )
    existing = (
        MeasureSet.objects.filter(agency=agency, fiscal_year=parsed.fiscal_year, kind=parsed.kind)
        .exclude(status__in=[PublicationStatus.SUPERSEDED, PublicationStatus.WITHDRAWN])
        .order_by("-revision_number")
        .first()
    )
    family: dict[str, Any] = {}
    if existing is not None and existing.status == PublicationStatus.PUBLISHED:
        # Published means frozen: a newer document becomes an amendment of it.
        existing = workflow.document_amend(document=existing, user=user)
        log.add(None, f"ชุดมาตรการปี {parsed.fiscal_year} เผยแพร่แล้ว: นำเข้าเป็นฉบับแก้ไข")
    if existing is not None and existing.status != PublicationStatus.DRAFT:
        raise DocumentRejected(
            f"ชุดมาตรการปี {parsed.fiscal_year} ของหน่วยงานนี้อยู่ระหว่างการพิจารณาตามสายการอนุมัติ "
            "จึงนำเข้าแทนไม่ได้ (ให้ผู้พิจารณาส่งกลับก่อน)"
        )
    if existing is not None:
        family = {"root_id": existing.root_id, "revision_number": existing.revision_number}
        old_memo = existing.memo
        try:
            existing.delete()
        except ProtectedError:
            raise DocumentRejected(
                f"มีชุดมาตรการปี {parsed.fiscal_year} ของหน่วยงานนี้อยู่แล้ว และถูกอ้างอิงใน"
                "รายงานผลการดำเนินงาน จึงแทนที่ไม่ได้"
            ) from None
        log.add(None, f"แทนที่ชุดมาตรการปี {parsed.fiscal_year} ที่นำเข้าไว้ก่อนหน้า")
        if old_memo is not None and old_memo != memo and not old_memo.measure_sets.exists():
            old_memo.delete()
    measure_set = measure_set_create(
        user=user,
        agency=agency,
        fiscal_year=parsed.fiscal_year,
        kind=parsed.kind,
        title=parsed.title,
        intro=parsed.intro,
        ita_year=parsed.ita_year,
        column_layout=parsed.table.columns,
        column_labels=parsed.table.labels,
        source=document,
        memo=memo,
    )
    if family.get("root_id"):
        MeasureSet.objects.filter(pk=measure_set.pk).update(**family)
        measure_set.refresh_from_db()
    year_for_indicators = parsed.ita_year or parsed.fiscal_year
    figure_years = {f.year for f in parsed.table.figures if f.year}
    if len(figure_years) == 1:
        year_for_indicators = figure_years.pop()
    framework = (
        ITAFramework.objects.filter(fiscal_year=year_for_indicators)
        .prefetch_related("indicators")
        .first()
    )
    if framework is None:
        log.add(None, f"ยังไม่มีกรอบการประเมิน ITA ปี {year_for_indicators}: ไม่ได้เชื่อมตัวชี้วัด")
    for order, pm in enumerate(parsed.table.measures, start=1):
        results = {k: v for k, v in pm.results.items() if html_to_text(v)}
        measure_create(
            user=user,
            measure_set=measure_set,
            order=order,
            number=pm.parts.number,
            issue=pm.parts.issue,
            title_html=pm.parts.title_html,
            responsible_units=pm.responsible,
            period_text=pm.period_text,
            steps=pm.steps,
            results={parsed.result_period: results} if results else None,
            indicators=indicators_for(framework, pm, log),
            source_line=pm.line,
        )
    ita = _save_ita(parsed, agency=agency, document=document, log=log, submit=submit, user=user)
    if submit:
        workflow.document_submit(document=measure_set, user=user)
    document.warnings = log.as_list()
    document.save(update_fields=["warnings"])
    return measure_set, ita


def _save_ita(
    parsed: ParsedSet,
    *,
    agency: Agency,
    document: SourceDocument,
    log: WarningLog,
    submit: bool,
    user: Actor,
) -> dict[str, Any]:
    figures = parsed.table.figures
    total = parsed.total
    if not figures and total is None:
        return {}
    years = {f.year for f in figures if f.year}
    if len(years) > 1:
        log.add(
            figures[0].line, f"คะแนนตัวชี้วัดอ้างถึง ITA หลายปี ({', '.join(map(str, sorted(years)))})"
        )
    year = parsed.total_year or (min(years) if years else None) or parsed.fiscal_year
    by_number: dict[int, IndicatorFigure] = {}
    for f in figures:
        if f.year and f.year != year:
            continue
        if f.number in by_number:
            log.add(f.line, f"ตัวชี้วัดที่ {f.number} ถูกกล่าวถึงซ้ำ: ใช้ครั้งแรก")
            continue
        by_number[f.number] = f
    try:
        result = ita_result_record(
            user=user,
            agency=agency,
            fiscal_year=year,
            total=total.score if total else None,
            stated_grade=total.stated_grade if total else "",
            stated_delta=total.delta if total else None,
            stated_previous_grade=total.previous_grade if total else "",
            indicator_scores=[
                IndicatorScoreInput(number=f.number, score=f.score, stated_delta=f.delta)
                for f in by_number.values()
            ],
            source=document,
            keep_missing=True,
        )
    except ValidationError as exc:
        if getattr(exc, "code", None) == "frozen":
            log.add(total.line if total else None, " ".join(exc.messages) + " (ไม่ได้นำเข้าคะแนน ITA)")
            return {}
        raise DocumentRejected("; ".join(exc.messages)) from None
    if submit and result.status == PublicationStatus.DRAFT:
        workflow.document_submit(document=result, user=user)
    grade = result.grade
    if total and total.stated_grade and grade.is_known and grade.label != total.stated_grade:
        log.add(
            total.line,
            f"ระดับที่เอกสารระบุ “{total.stated_grade}” ไม่ตรงกับระดับที่คำนวณได้ “{grade.label}” "
            f"({grade.scheme_name})",
        )
    if total and total.score is not None and total.delta is not None and total.previous_grade:
        previous = (
            result.framework.grade_scheme.grade(total=total.score - total.delta)
            if result.framework
            else None
        )
        if previous and previous.is_known and previous.label != total.previous_grade:
            log.add(
                total.line,
                f"ระดับปีก่อนที่เอกสารระบุ “{total.previous_grade}” ไม่ตรงกับคะแนน "
                f"{total.score - total.delta} ที่คำนวณจากคะแนนเปลี่ยนแปลง",
            )
    for f in by_number.values():
        indicator = result.framework.indicator_by_number(f.number) if result.framework else None
        if indicator and f.name:
            compact = re.sub(r"\s+", "", f.name)
            if not any(re.sub(r"\s+", "", n) == compact for n in indicator.names):
                log.add(
                    f.line,
                    f"ตัวชี้วัดที่ {f.number} ในเอกสารชื่อ “{f.name}” ไม่ตรงกับกรอบ ITA ปี {year} "
                    f"“{indicator.name}”",
                )
    return {
        "fiscal_year": year,
        "score": _num(result.total),
        "grade": grade.label,
        "grade_scheme": grade.scheme_code,
        "stated_grade": result.stated_grade or None,
        "delta": _num(result.stated_delta, signed=True),
        "indicators": [
            {
                "number": s.indicator.number,
                "name": s.indicator.name,
                "score": _num(s.score),
                "delta": _num(s.stated_delta, signed=True),
            }
            for s in result.indicator_scores.select_related("indicator").order_by(
                "indicator__number"
            )
        ],
    }


def _num(value: Decimal | None, *, signed: bool = False) -> str | float | None:
    if value is None:
        return None
    if signed:
        return f"{value:+.2f}"
    return float(value)


def import_result(
    *,
    document_type: str,
    agency: Agency,
    measure_set: MeasureSet,
    ita: dict[str, Any],
    log: WarningLog,
    extra: dict[str, Any] | None = None,
) -> ImportResult:
    data: dict[str, Any] = {
        "fiscal_year": measure_set.fiscal_year,
        "years": [measure_set.fiscal_year],
        "measures": measure_set.measures.count(),
    }
    if ita:
        data["ita"] = ita
    data.update(extra or {})
    return ImportResult(
        document_type=document_type,
        agency={
            "code": agency.code,
            "name": agency.name,
            "district": agency.district,
            "province": agency.province.name,
        },
        url=measure_set.get_absolute_url(),
        pdf_url=measure_set.get_pdf_url(),
        warnings=log.as_list(),
        extra=data,
    )


DOCUMENT_TYPES = {
    MeasureSetKind.REPORT: DocumentType.MEASURES_REPORT,
    MeasureSetKind.MEASURES: DocumentType.MEASURES,
}
