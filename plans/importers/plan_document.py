"""The five-year plan as a whole: is this one, whose is it, which years, where are its parts.

The DLA template: a cover, คำนำ, สารบัญ, ส่วนที่ ๑ (บทนำ), ส่วนที่ ๒ (the project table),
ส่วนที่ ๓ (one sheet per project), then a ภาคผนวก with the announcement, the memo and the
e-PlanNACC printouts (one project table per year).
"""

from __future__ import annotations

import re

from core.importing.base import DocumentRejected
from core.importing.names import AGENCY_RE, place_word
from core.importing.names import PLACE_RE as _PLACE_RE
from core.importing.source import SourceText
from core.thai import expand_be_year, to_arabic_digits
from plans.importers.plan_data import DocumentInfo

PLAN_TITLE = "แผนปฏิบัติการป้องกันการทุจริต"
_YEARS_RE = re.compile(r"พ\.\s*ศ\.?\s*(\d{4})\s*[-–—]\s*(\d{4})")
_PART_RE = re.compile(r"^ส่วนที่\s*(\d)(?:\s|$)")
HEAD_LINES = 80


def text_of(line_text: str) -> str:
    """A line's text with Arabic digits, for matching numbers in either digit set."""
    return to_arabic_digits(line_text).strip()


def looks_like_plan(source: SourceText) -> bool:
    """A plan names itself in its first lines and has numbered parts (ส่วนที่ …)."""
    head = source.head(HEAD_LINES)
    if PLAN_TITLE not in head or not _YEARS_RE.search(to_arabic_digits(head)):
        return False
    return any(_is_part_heading(line) for line in source.lines) or bool(find_annex_headers(source))


def _is_part_heading(line) -> bool:
    if line.is_table_row:
        return False
    text = text_of(line.text)
    return bool(_PART_RE.match(text)) and len(text) <= 100 and "ประกอบด้วย" not in text


def find_annex_headers(source: SourceText) -> list[int]:
    """Lines of the e-PlanNACC table headers (ลำดับ | รายการโครงการ | มิติ | งบประมาณ | ไตรมาส)."""
    found = []
    for line in source.lines:
        if not line.is_table_row:
            continue
        cells = line.cells
        if (
            any("ลำดับ" in c for c in cells)
            and any("ไตรมาส" in c for c in cells)
            and any("งบประมาณ" in c for c in cells)
            and any(c == "มิติ" for c in cells)
        ):
            found.append(line.no)
    return found


def _plan_years(source: SourceText) -> tuple[int, int, int]:
    for line in source.lines[:HEAD_LINES]:
        m = _YEARS_RE.search(text_of(line.text))
        if m:
            first, last = expand_be_year(int(m.group(1))), expand_be_year(int(m.group(2)))
            if 0 < last - first < 10:
                return first, last, line.no
    raise DocumentRejected("ไม่พบช่วงปีของแผน (พ.ศ. ปีแรก - ปีสุดท้าย) ในหน้าปกหรือคำนำ")


def _title(source: SourceText, years_line: int) -> str:
    parts = []
    for line in source.lines[: years_line - 1]:
        text = line.text
        if not text or AGENCY_RE.search(text):
            continue
        parts.append(text)
    return "".join(parts) or PLAN_TITLE


def _agency_name(source: SourceText) -> tuple[str, str]:
    """The agency as the cover (else the first lines) names it: (full name, place)."""
    for line in source.lines[:HEAD_LINES]:
        m = AGENCY_RE.search(line.text)
        if m:
            place = place_word(m.group(2))
            return m.group(1) + place, place
    raise DocumentRejected("ไม่พบชื่อหน่วยงานในหน้าปกหรือคำนำ")


def _district_province(source: SourceText) -> tuple[str, str]:
    for line in source.lines:
        m = _PLACE_RE.search(line.text)
        if m:
            return place_word(m.group(1)), place_word(m.group(2))
    return "", ""


def _part_lines(source: SourceText) -> dict[int, int]:
    """The first heading line of each part (ส่วนที่ N), the table of contents left aside."""
    found: dict[int, int] = {}
    for line in source.lines:
        if _is_part_heading(line):
            match = _PART_RE.match(text_of(line.text))
            assert match is not None  # _is_part_heading matched it
            number = int(match.group(1))
            found.setdefault(number, line.no)
    return found


def _annex_start(source: SourceText, after: int) -> int | None:
    for line in source.lines[after:]:
        if not line.is_table_row and line.text.strip("* ") == "ภาคผนวก":
            return line.no
    headers = [no for no in find_annex_headers(source) if no > after]
    return headers[0] if headers else None


def _foreword(source: SourceText, end: int) -> tuple[int, int] | None:
    start = source.find(r"^\**\s*คำนำ\s*\**$", 1, end)
    if start is None:
        return None
    stop = source.find(r"^\**\s*สารบัญ\s*\**$", start + 1, end)
    return start, (stop or end) - 1


def read_document(source: SourceText) -> DocumentInfo:
    """What the plan says about itself. Raises DocumentRejected if it names no years/agency."""
    first, last, years_line = _plan_years(source)
    name, place = _agency_name(source)
    district, province = _district_province(source)
    parts = _part_lines(source)
    n_lines = len(source.lines)
    p1, p2, p3 = parts.get(1), parts.get(2), parts.get(3)
    annex = _annex_start(source, p3 or p2 or p1 or 0)
    info = DocumentInfo(
        title=_title(source, years_line),
        first_year=first,
        last_year=last,
        agency_name=name,
        place=place,
        district=district,
        province=province,
        annex_start=annex,
    )
    bounds = [no for no in (p1, p2, p3, annex) if no] + [n_lines + 1]
    info.foreword = _foreword(source, p1 or bounds[0])

    def until_next(start: int | None) -> tuple[int, int] | None:
        if start is None:
            return None
        return start, min(b for b in bounds if b > start) - 1

    info.part1, info.part2, info.part3 = until_next(p1), until_next(p2), until_next(p3)
    return info


_THAI = re.compile(r"[\u0e00-\u0e7f]")


def section_paragraphs(source: SourceText, start: int, end: int) -> str:
    """Paragraphs between two lines as plain text, one per line: the lines of one paragraph
    (no blank line between them, the source's hard wraps) are joined; Thai text joins
    without a space, as it was one line before it was wrapped."""
    paragraphs: list[str] = []
    current = ""
    for line in source.lines[start - 1 : end]:
        text = line.text.strip()
        if not text:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        text = re.sub(r"^-\s+", "", text)
        if current and _THAI.match(text[0]) and _THAI.match(current[-1]):
            current += text
        elif current:
            current += " " + text
        else:
            current = text
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def section_text(source: SourceText, start: int, end: int) -> str:
    """Paragraphs between two lines as plain text, one per line (list bullets kept)."""
    out = []
    for line in source.lines[start - 1 : end]:
        text = line.text
        if text:
            out.append(re.sub(r"^-\s+", "", text))
    return "\n".join(out)
