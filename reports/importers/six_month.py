"""The 6-month report organised by ITA instrument and indicator (รายงานผล รอบ ๖ เดือน), and
the 12-month report written the same way (รอบ ๑๒ เดือน: it fills the 12-month round).

The layout (tests/fixtures/six_month_*.txt):

    ๑. ด้าน IIT (...)                          an instrument heading
    ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ      an indicator heading
    เนื่องจาก ...                               the analysis of the indicator
    ประเด็นที่เป็นข้อบกพร่อง/จุดอ่อน | แนวทาง... | ผู้รับผิดชอบ | ผลการดำเนินการ | | | หมายเหตุ
      |   |   | อยู่ระหว่างดำเนินการ | ดำเนินการแล้ว | ยังไม่ดำเนินการ |             (two-row header)
    issue | guideline | responsible | result text under the column of its status | note
    ...
    ผู้จัดทำ / (name) / ตำแหน่ง ...

What real exports do to it, and what the parser does about it:
- one physical row holds several logical rows as <p> paragraphs numbered ๑. ๒. …: the k-th
  issue pairs with the k-th guideline; a result paragraph goes to the row of its number;
- a bold sub-heading inside the first cell ("**ตัวชี้วัดที่ ๕ …**") opens the next indicator;
- a page break spills the tail of a cell into a row whose first columns are empty (often
  after a repeated header): its text is joined to the previous logical row;
- a result text that contradicts its column ("ดำเนินการในปีงบประมาณถัดไป" under
  อยู่ระหว่างดำเนินการ): the column is kept and a warning names the line.
"""

from __future__ import annotations

import html as std_html
import re
from dataclasses import dataclass, field

from agencies.access import Actor
from agencies.choices import DocumentType
from agencies.names import agency_resolve
from agencies.sources import source_record
from core.html import clean_html
from core.importing.base import DocumentRejected, ImportResult, Layout, WarningLog
from core.importing.document import cell_slots
from core.importing.names import AGENCY_RE as _AGENCY_RE
from core.importing.names import PLACE_RE as _PLACE_RE
from core.importing.names import place_word
from core.importing.registry import register
from core.importing.source import SourceText, cell_text
from core.thai import expand_be_year, squash_spaces, to_arabic_digits
from reports.choices import RoundKind, RowStatus
from reports.services import links_inline, status_from_text

HEADER_ISSUE = "ประเด็นที่เป็นข้อบกพร่อง"
HEADER_GUIDELINE = "แนวทางการนำผลการวิเคราะห์"
STATUS_HEADERS = {
    "อยู่ระหว่างดำเนินการ": RowStatus.IN_PROGRESS,
    "ดำเนินการแล้ว": RowStatus.DONE,
    "ยังไม่ดำเนินการ": RowStatus.NOT_STARTED,
}
STATUS_LABELS: dict[str, str] = {status: label for label, status in STATUS_HEADERS.items()}

_INSTRUMENT_RE = re.compile(r"^(\d+)\s*[.)]?\s*ด้าน\s*(IIT|EIT|OIT)\b", re.IGNORECASE)
_INDICATOR_RE = re.compile(r"^ตัวชี้วัดที่\s*(\d+)\s*(.*)$")
_YEAR_RE = re.compile(r"ปีงบประมาณ\s*(?:พ\.\s*ศ\.?)?\s*(\d{4})")
# The same layout reports the whole year (รอบ ๑๒ เดือน) as well as the first half.
_PERIOD_RE = re.compile(r"(?:รอบ\s*)?(6|12)\s*เดือน")


def round_kind_of(head: str) -> str | None:
    """The round a report's heading names (Arabic digits): 6 → H1, 12 → ANNUAL, else None."""
    m = _PERIOD_RE.search(head)
    if m is None:
        return None
    return RoundKind.ANNUAL if m.group(1) == "12" else RoundKind.H1


_PARA_SPLIT_RE = re.compile(r"</p\s*>|<p(?:\s[^<>]*)?>|<br\s*/?>", re.IGNORECASE)
_BOLD_RE = re.compile(r"\*\*|<(?:b|strong)\b", re.IGNORECASE)
_NUMBER_RE = re.compile(r"^(\d{1,2})\s*[.)]\s*(?!\d)")
_THAI_CHAR = re.compile(r"[\u0e01-\u0e4e]")
_SIGNATURE_ENDS = ("ผู้รับรอง", "ผู้ตรวจสอบ", "ผู้อนุมัติ", "ผู้รายงาน", "ผู้เห็นชอบ")


def _arabic(text: str) -> str:
    return to_arabic_digits(text).strip()


def join_spill(head: str, tail: str) -> str:
    """Join text a page break cut in two: Thai to Thai without a space (Thai has no spaces
    between words), anything else with one."""
    if not head:
        return tail
    if not tail:
        return head
    if _THAI_CHAR.match(head[-1]) and _THAI_CHAR.match(tail[0]):
        return head + tail
    return f"{head} {tail}"


@dataclass
class Para:
    """One paragraph of a cell: its number (๑. → 1), its text without the number, its markup."""

    number: int | None
    text: str
    html: str
    bold: bool = False
    # The paragraph's place in its cell, empty paragraphs counted (see `cell_slots`).
    pos: int = 0


def split_numbered_inline(text: str) -> list[str]:
    """ "๑. aaa ๒. bbb" → ["๑. aaa", "๒. bbb"] when the numbers run 1, 2, … from the start.

    Dates and amounts ("๑๕ พ.ย.", "๒,๐๐๐") never match because the numbers must follow each
    other and be followed by a dot and a non-digit.
    """
    arabic = to_arabic_digits(text)
    if not re.match(r"^1\s*[.)]\s*(?!\d)", arabic):
        return [text]
    cuts = [0]
    expected = 2
    pos = 0
    while True:
        m = re.compile(rf"(?:^|\s){expected}\s*[.)]\s*(?!\d)").search(arabic, pos)
        if not m:
            break
        start = m.start() + (1 if arabic[m.start()].isspace() else 0)
        cuts.append(start)
        pos = m.end()
        expected += 1
    cuts.append(len(text))
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()]


def cell_paragraphs(raw: str) -> list[Para]:
    """A cell's paragraphs (by <p>/<br>, then by inline numbering), numbered when they are."""
    paras: list[Para] = []
    chunks = [(pos, piece) for pos, pieces in enumerate(cell_slots(raw or "")) for piece in pieces]
    for pos, chunk in chunks:
        bold = bool(_BOLD_RE.search(chunk))
        text = cell_text(links_inline(chunk))
        if not text:
            continue
        parts = [text] if bold else split_numbered_inline(text)
        for part in parts:
            m = _NUMBER_RE.match(_arabic(part))
            number = int(m.group(1)) if m and not bold else None
            body = part
            if number is not None:
                # Drop the "๑." prefix, in whichever digits it was written.
                body = re.sub(r"^[\d๐-๙]{1,2}\s*[.)]\s*", "", part).strip()
            # Keep the cell's links when the paragraph is the whole chunk; a chunk split by
            # inline numbering keeps plain text.
            html = clean_html(chunk.replace("**", "")) if len(parts) == 1 else ""
            if html and number is not None:
                html = re.sub(r"^([^<]*?)[\d๐-๙]{1,2}\s*[.)]\s*", r"\1", html, count=1)
            paras.append(Para(number, body, html or std_html.escape(body), bold, pos))
    return paras


@dataclass
class LogicalRow:
    instrument: str
    indicator_number: int | None
    indicator_name: str
    number: int | None
    issue: str
    guideline: str
    guideline_html: str
    responsible: str
    line: int
    status: str | None = None
    result: str = ""
    result_html: str = ""
    note: str = ""
    # The position of the row's first paragraph in its table row (Para.pos).
    anchor: int = 0


@dataclass
class IndicatorSection:
    instrument: str
    number: int
    name: str
    line: int
    analysis: str = ""


@dataclass
class ParsedSixMonth:
    kind: str  # RoundKind.H1 or RoundKind.ANNUAL
    fiscal_year: int
    agency_name: str
    district: str
    province: str
    title: str
    intro: str
    rows: list[LogicalRow]
    sections: list[IndicatorSection]
    prepared_by_name: str
    prepared_by_position: str
    warnings: WarningLog = field(default_factory=WarningLog)


@dataclass
class _Columns:
    issue: int = 0
    guideline: int = 1
    responsible: int = 2
    note: int | None = None
    statuses: dict[int, str] = field(default_factory=dict)


def _is_header_row(cells: list[str]) -> bool:
    return any(HEADER_ISSUE in c for c in cells) and any(HEADER_GUIDELINE in c for c in cells)


def _is_status_subheader(cells: list[str]) -> bool:
    return sum(1 for c in cells if c in STATUS_HEADERS) >= 2 and not any(
        c for c in cells if c and c not in STATUS_HEADERS
    )


def _looks_like_heading(text: str) -> bool:
    plain = _arabic(text.replace("**", ""))
    return bool(_INDICATOR_RE.match(plain) or _INSTRUMENT_RE.match(plain))


def _is_separator(cells: list[str]) -> bool:
    return all(re.fullmatch(r"-*", c.strip()) for c in cells)


class SixMonthParser:
    """Walks the lines once, keeping the current instrument, indicator and column map."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.warnings = WarningLog()
        self.rows: list[LogicalRow] = []
        self.sections: list[IndicatorSection] = []
        self.instrument = ""
        self.indicator: IndicatorSection | None = None
        self.columns: _Columns | None = None
        self.intro: list[str] = []
        self.prepared_name = ""
        self.prepared_position = ""

    # -- headings -------------------------------------------------------------------------------

    def _heading(self, text: str, line: int) -> bool:
        """Take an instrument or indicator heading; False if `text` is neither."""
        plain = _arabic(text.replace("**", ""))
        m = _INSTRUMENT_RE.match(plain)
        if m:
            self.instrument = m.group(2).upper()
            return True
        m = _INDICATOR_RE.match(plain)
        if m:
            name = squash_spaces(text.replace("**", ""))
            name = re.sub(r"^ตัวชี้วัดที่\s*[\d๐-๙]+\s*", "", name).strip()
            self.indicator = IndicatorSection(self.instrument, int(m.group(1)), name, line)
            self.sections.append(self.indicator)
            return True
        return False

    # -- the document ---------------------------------------------------------------------------

    def parse(self) -> ParsedSixMonth:
        src = self.source
        head = _arabic(src.head(40))
        kind = round_kind_of(head)
        if kind is None:
            raise DocumentRejected("ไม่ใช่รายงานรอบ 6 หรือ 12 เดือน (ไม่พบคำว่า รอบ ๖ เดือน / ๑๒ เดือน)")
        year_match = _YEAR_RE.search(head)
        if not year_match:
            raise DocumentRejected("ไม่พบปีงบประมาณของรายงาน (ปีงบประมาณ พ.ศ. ...)")
        fiscal_year = expand_be_year(int(year_match.group(1)))
        agency_match = _AGENCY_RE.search(src.head(40).replace(" ", ""))
        if not agency_match:
            raise DocumentRejected("ไม่พบชื่อหน่วยงาน (องค์การบริหารส่วนตำบล/เทศบาล ...)")
        agency_name = agency_match.group(1) + place_word(agency_match.group(2))
        place = _PLACE_RE.search(src.head(40))
        title_lines = []
        for line in src.lines[:12]:
            if line.text and not _AGENCY_RE.search(line.text.replace(" ", "")):
                if _PLACE_RE.search(line.text):
                    continue
                title_lines.append(line.text)
            elif title_lines and not line.text:
                break
        in_signature = False
        for line in src.lines:
            text = line.text
            if line.is_table_row:
                in_signature = False
                self._table_line(line)
                continue
            if not text:
                continue
            if text.startswith("ผู้จัดทำ"):
                in_signature = True
                rest = text[len("ผู้จัดทำ") :].strip(" :")
                if rest:
                    self._signature_line(rest)
                continue
            if in_signature:
                if text.startswith(_SIGNATURE_ENDS):
                    in_signature = False
                else:
                    self._signature_line(text)
                continue
            if self._heading(text, line.no):
                continue
            if text.startswith("เนื่องจาก"):
                if self.indicator is None:
                    self.warnings.add(line.no, "พบคำอธิบาย (เนื่องจาก…) ก่อนหัวข้อตัวชี้วัด")
                else:
                    self.indicator.analysis = join_spill(self.indicator.analysis, text)
                continue
            if text.startswith("ตามที่") and not self.sections:
                self.intro.append(text)
        if not self.rows:
            raise DocumentRejected("ไม่พบตารางผลการดำเนินการ (ประเด็นที่เป็นข้อบกพร่อง | แนวทาง...)")
        for row in self.rows:
            self._check(row)
        return ParsedSixMonth(
            kind=kind,
            fiscal_year=fiscal_year,
            agency_name=agency_name,
            district=place_word(place.group(1)) if place else "",
            province=place_word(place.group(2)) if place else "",
            title=squash_spaces(" ".join(title_lines))[:300],
            intro="\n\n".join(self.intro),
            rows=self.rows,
            sections=self.sections,
            prepared_by_name=self.prepared_name,
            prepared_by_position=self.prepared_position,
            warnings=self.warnings,
        )

    def _signature_line(self, text: str) -> None:
        if text.startswith("ตำแหน่ง"):
            self.prepared_position = text[len("ตำแหน่ง") :].strip()
            return
        m = re.fullmatch(r"\((.+)\)", text)
        if m and not m.group(1).startswith("ลงชื่อ"):
            self.prepared_name = m.group(1).strip()
            return
        m = re.match(r"^\(?ลงชื่อ\)?\s*(.*)$", text)
        if m:
            # "(ลงชื่อ) สมศรี ใจดี": the signature; the name in brackets below wins over it.
            if not self.prepared_name:
                self.prepared_name = m.group(1).strip(" .")
            return
        if not self.prepared_name:
            self.prepared_name = text
        elif not self.prepared_position:
            self.prepared_position = text

    # -- tables ---------------------------------------------------------------------------------

    def _table_line(self, line) -> None:
        cells = line.cells
        if _is_separator(cells):
            return
        if _is_header_row(cells):
            columns = self._columns_from_header(cells)
            if self.columns is not None and self.columns.statuses:
                # The header repeated after a page break: the status sub-columns below it are
                # those of the first page until a new sub-header says otherwise.
                columns.statuses = dict(self.columns.statuses)
            self.columns = columns
            return
        if _is_status_subheader(cells):
            if self.columns is None:
                self.columns = _Columns()
            self.columns.statuses = {
                i: STATUS_HEADERS[c] for i, c in enumerate(cells) if c in STATUS_HEADERS
            }
            return
        if self.columns is None or not self.columns.statuses:
            text = " | ".join(c for c in cells if c)
            self.warnings.add(line.no, f"แถวตารางที่ไม่อยู่ใต้หัวตารางผลการดำเนินการ ข้ามไป: “{text}”")
            return
        self._data_row(line)

    @staticmethod
    def _columns_from_header(cells: list[str]) -> _Columns:
        cols = _Columns()
        for i, c in enumerate(cells):
            if HEADER_ISSUE in c:
                cols.issue = i
            elif HEADER_GUIDELINE in c:
                cols.guideline = i
            elif "ผู้รับผิดชอบ" in c:
                cols.responsible = i
            elif "หมายเหตุ" in c:
                cols.note = i
        return cols

    def _data_row(self, line) -> None:
        cols = self.columns
        assert cols is not None
        raw = line.raw_cells + [""] * 10

        def text_at(i: int | None) -> str:
            return cell_text(raw[i]) if i is not None else ""

        issue_paras = cell_paragraphs(raw[cols.issue])
        guidelines = cell_paragraphs(raw[cols.guideline])
        responsible = text_at(cols.responsible)
        note = text_at(cols.note)
        results = {
            status: cell_paragraphs(raw[i]) for i, status in cols.statuses.items() if text_at(i)
        }
        # Cells whose paragraphs line up with the first cell's (no more paragraphs, empty ones
        # counted; Word drops trailing empty ones): a paragraph's position says which logical
        # row it belongs to.
        slots = len(cell_slots(raw[cols.issue]))
        aligned = {
            "guideline": len(cell_slots(raw[cols.guideline])) <= slots,
            **{s: len(cell_slots(raw[i])) <= slots for i, s in cols.statuses.items()},
        }
        # A heading inside the first cell (bold "ตัวชี้วัดที่ ๕ …") opens the next indicator (or
        # instrument): the logical rows above it belong to the indicator before.
        issues: list[Para] = []
        start = 0
        for para in issue_paras:
            # A heading is known by its words ("ตัวชี้วัดที่ ๕ …", "๒. ด้าน EIT …"), bold or not.
            if not ((para.bold or _looks_like_heading(para.text)) and self._is_heading(para.text)):
                issues.append(para)
                continue
            if issues:
                guidelines, results = self._segment(
                    line, issues, guidelines, results, aligned, start, para.pos, responsible, note
                )
                issues = []
            self._heading(para.text, line.no)
            start = para.pos + 1
        if not issues and not guidelines:
            if issue_paras:
                return  # a heading-only row
            self._spill(line, responsible, note, results)
            return
        if not issues:
            # The first cell is empty but the guideline is not: a spilled guideline tail.
            if self.rows and not any(p.number for p in guidelines):
                self._spill(line, responsible, note, results, guideline=guidelines)
                return
        self._new_rows(line, issues, guidelines, responsible, note, results)

    def _is_heading(self, text: str) -> bool:
        plain = _arabic(text.replace("**", ""))
        return bool(_INSTRUMENT_RE.match(plain) or _INDICATOR_RE.match(plain))

    def _segment(self, line, issues, guidelines, results, aligned, start, end, responsible, note):
        """Store the logical rows above a heading inside the first cell (positions start..end)
        under the indicator before it; return the guidelines and results left for the rows
        below. A cell that does not line up with the first cell gives its paragraphs in order
        (as many guidelines as issues); its results stay with the rows below, with a warning."""
        if aligned["guideline"]:
            mine = [g for g in guidelines if start <= g.pos < end]
        else:
            mine = guidelines[: len(issues)]
        rest_guidelines = [g for g in guidelines if g not in mine]
        seg_results: dict[str, list[Para]] = {}
        rest_results: dict[str, list[Para]] = {}
        for status, paras in results.items():
            if aligned.get(status):
                if inside := [p for p in paras if start <= p.pos < end]:
                    seg_results[status] = inside
                if outside := [p for p in paras if not start <= p.pos < end]:
                    rest_results[status] = outside
            else:
                rest_results[status] = paras
        if any(not aligned.get(status) for status in results):
            self.warnings.add(
                line.no,
                "หัวข้อตัวชี้วัดอยู่กลางเซลล์ และย่อหน้าของช่องผลการดำเนินการไม่ตรงกับช่องประเด็น "
                "ผลการดำเนินการทั้งหมดไปอยู่กับรายการใต้หัวข้อ",
            )
        self._new_rows(line, issues, mine, responsible, note, seg_results)
        return rest_guidelines, rest_results

    def _spill(self, line, responsible, note, results, guideline=None) -> None:
        if not self.rows:
            self.warnings.add(line.no, "แถวต่อเนื่องก่อนแถวแรกของตาราง ข้ามไป")
            return
        last = self.rows[-1]
        if guideline:
            last.guideline = join_spill(last.guideline, " ".join(p.text for p in guideline))
        if responsible:
            last.responsible = join_spill(last.responsible, responsible)
        if note:
            last.note = join_spill(last.note, note)
        for status, paras in results.items():
            tail = " ".join(p.text for p in paras)
            if last.status is None:
                last.status = status
            elif last.status != status:
                self.warnings.add(
                    line.no,
                    f"ข้อความต่อจากหน้าก่อนอยู่ในช่อง “{STATUS_LABELS[status]}” "
                    f"แต่ผลการดำเนินการเดิมอยู่ในช่อง “{STATUS_LABELS[last.status]}”",
                )
            last.result = join_spill(last.result, tail)
        self.warnings.add(line.no, f"นำข้อความต่อจากหน้าก่อนไปต่อท้ายรายการบรรทัด {last.line}")

    def _new_rows(self, line, issues, guidelines, responsible, note, results) -> None:
        if self.indicator is None:
            self.warnings.add(line.no, "รายการก่อนหัวข้อตัวชี้วัด: ไม่ทราบตัวชี้วัด")
        n_issues, n_guides = len(issues), len(guidelines)
        if n_issues and n_guides and n_issues != n_guides and 1 not in (n_issues, n_guides):
            self.warnings.add(
                line.no,
                f"จำนวนประเด็น ({n_issues}) ไม่เท่ากับจำนวนแนวทาง ({n_guides}) จับคู่ตามลำดับ",
            )
        count = max(n_issues, n_guides)
        new: list[LogicalRow] = []
        for k in range(count):
            if n_issues == 1 and count > 1:
                issue = issues[0]
            else:
                issue = issues[k] if k < n_issues else None
            if n_guides == 1 and count > 1:
                guide = guidelines[0]
            else:
                guide = guidelines[k] if k < n_guides else None
            number = (issue.number if issue else None) or (guide.number if guide else None)
            new.append(
                LogicalRow(
                    instrument=self.indicator.instrument if self.indicator else self.instrument,
                    indicator_number=self.indicator.number if self.indicator else None,
                    indicator_name=self.indicator.name if self.indicator else "",
                    number=number,
                    issue=issue.text if issue else "",
                    guideline=guide.text if guide else "",
                    guideline_html=guide.html if guide else "",
                    responsible=responsible,
                    line=line.no,
                    note=note,
                    anchor=(
                        issue.pos if issue and n_issues == count else guide.pos if guide else 0
                    ),
                )
            )
        self._place_all(line, new, results)
        for row in new:
            if row.status is None:
                self.warnings.add(line.no, "ไม่มีผลการดำเนินการในช่องใด ถือว่ายังไม่ดำเนินการ")
                row.status = RowStatus.NOT_STARTED
        self.rows.extend(new)

    def _place_all(self, line, rows: list[LogicalRow], results: dict[str, list[Para]]) -> None:
        """Give each result paragraph (of every status column) to exactly one logical row: by
        its number ("๒. …" → row 2; unnumbered paragraphs after it follow it); else by its
        position when the cells line up (a result in the second paragraph → the second row);
        else in order, one per row still without a result, with a warning. A single unnumbered
        paragraph in the only column with text is the result of every row of the cell."""
        if len(rows) == 1:
            for status, paras in results.items():
                self._assign(line, rows[0], status, paras)
            return
        by_number = {row.number: row for row in rows if row.number is not None}
        placed: list[tuple[LogicalRow, str, Para]] = []
        loose: list[tuple[str, Para]] = []
        for status, paras in results.items():
            current: LogicalRow | None = None
            for para in paras:
                if para.number is not None and para.number in by_number:
                    current = by_number[para.number]
                elif para.number is not None and 1 <= para.number <= len(rows):
                    current = rows[para.number - 1]
                elif current is None:
                    loose.append((status, para))
                    continue
                placed.append((current, status, para))
        if loose and not placed and len(results) == 1 and len(loose) == 1:
            status, para = loose[0]
            for row in rows:
                placed.append((row, status, para))
            loose = []
        if loose:
            positions = [para.pos for _s, para in loose]
            anchors = [row.anchor for row in rows]
            by_position = len(set(positions)) == len(positions) and all(
                a < b for a, b in zip(anchors, anchors[1:], strict=False)
            )
            if by_position:
                for status, para in loose:
                    row = rows[0]
                    for candidate in rows:
                        if candidate.anchor <= para.pos:
                            row = candidate
                    placed.append((row, status, para))
            else:
                self.warnings.add(
                    line.no,
                    "ผลการดำเนินการหลายย่อหน้าไม่มีเลขข้อและไม่ตรงตำแหน่งกับรายการ "
                    "จับคู่กับรายการตามลำดับ โปรดตรวจสอบ",
                )
                free = [r for r in rows if not any(p[0] is r for p in placed)]
                order = sorted(loose, key=lambda sp: sp[1].pos)
                for status, para in order:
                    row = free.pop(0) if free else rows[-1]
                    placed.append((row, status, para))
        for row in rows:
            for status in results:
                paras = [p for r, s, p in placed if r is row and s == status]
                if paras:
                    self._assign(line, row, status, paras)

    def _assign(self, line, row: LogicalRow, status: str, paras: list[Para]) -> None:
        text = "\n".join(p.text for p in paras)
        html = "".join(f"<p>{p.html}</p>" for p in paras)
        if row.status is not None and row.status != status:
            self.warnings.add(
                line.no,
                f"รายการ {row.number or ''} มีผลการดำเนินการทั้งในช่อง “{STATUS_LABELS[row.status]}” "
                f"และ “{STATUS_LABELS[status]}” ใช้ช่องแรก",
            )
            row.result = join_spill(row.result, text)
            return
        if row.status == status:
            row.result = join_spill(row.result, text)
            row.result_html += html
            return
        row.status = status
        row.result = text
        row.result_html = html

    def _check(self, row: LogicalRow) -> None:
        stated = status_from_text(row.result)
        if stated is not None and row.status is not None and stated != row.status:
            self.warnings.add(
                row.line,
                f"ผลการดำเนินการ “{row.result[:60]}” ขัดกับช่อง “{STATUS_LABELS[row.status]}” "
                f"(ข้อความระบุว่า {RowStatus(stated).label}) ใช้สถานะตามช่อง",
            )


# --- Saving -----------------------------------------------------------------------------------


def _urls(rnd) -> tuple[str, str]:
    return rnd.get_absolute_url(), rnd.get_pdf_url()


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", _arabic(text))


def _indicator_finder(fiscal_year: int):
    from measures.models import Indicator, ITAFramework

    framework = (
        ITAFramework.objects.filter(fiscal_year__lte=fiscal_year).order_by("-fiscal_year").first()
        or ITAFramework.objects.order_by("fiscal_year").first()
    )
    indicators = list(Indicator.objects.filter(framework=framework)) if framework else []

    def find(number: int | None, name: str):
        if number is not None:
            for ind in indicators:
                if ind.number == number:
                    return ind
        key = _norm(name)
        if key:
            for ind in indicators:
                if any(_norm(n) and _norm(n) in key for n in ind.names):
                    return ind
        return None

    return find


@register
class SixMonthReportLayout(Layout):
    """รายงานผลการดำเนินการ รอบ ๖ (หรือ ๑๒) เดือน, organised by ITA instrument and indicator."""

    name = "six_month_by_indicator"
    document_type = DocumentType.PROGRESS_REPORT
    priority = 50

    expects = "รายงานรอบ ๖ หรือ ๑๒ เดือน ปีงบประมาณ … ตามด้าน IIT/EIT/OIT และตัวชี้วัด"

    def detect(self, source: SourceText) -> bool:
        if round_kind_of(_arabic(source.head(40))) is None:
            return False
        return any(line.is_table_row and _is_header_row(line.cells) for line in source.lines)

    def near_miss(self, source: SourceText) -> str:
        head = _arabic(source.head(40))
        # Only a report whose table looks like this layout's (ประเด็น… | แนวทางการนำผล…).
        if not any(
            line.is_table_row
            and (line.cells[0].startswith("ประเด็น") or "แนวทางการนำผล" in line.text)
            for line in source.lines
        ):
            return ""
        kind = round_kind_of(head)
        if kind is not None:
            months = "12" if kind == RoundKind.ANNUAL else "6"
            thai = "๑๒" if kind == RoundKind.ANNUAL else "๖"
            return (
                f"เป็นรายงานรอบ {thai} เดือน แต่ไม่พบหัวตาราง “ประเด็นที่เป็นข้อบกพร่อง/จุดอ่อน” "
                f"(found a {months}-month report without its table header)"
            )
        return ""

    def parse(self, source: SourceText) -> ParsedSixMonth:
        return SixMonthParser(source).parse()

    def save(
        self,
        parsed: ParsedSixMonth,
        *,
        source: SourceText,
        agency_code: str | None,
        submit: bool,
        user: Actor,
    ) -> ImportResult:
        from reports.services import ImportedMeasureRow, ImportedRound, RoundError, round_import

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
        year = parsed.fiscal_year
        find_indicator = _indicator_finder(year)
        rows = []
        for row in parsed.rows:
            indicator = find_indicator(row.indicator_number, row.indicator_name)
            if indicator is not None and row.instrument and indicator.instrument != row.instrument:
                warnings.add(
                    row.line,
                    f"ตัวชี้วัดที่ {indicator.number} เป็นของ {indicator.instrument} "
                    f"แต่อยู่ใต้หัวข้อ {row.instrument}",
                )
            elif indicator is None and (row.indicator_number or row.indicator_name):
                warnings.add(
                    row.line,
                    f"ไม่พบตัวชี้วัดที่ {row.indicator_number or row.indicator_name} ในกรอบการประเมิน ITA",
                )
            rows.append(
                ImportedMeasureRow(
                    line=row.line,
                    title=row.guideline or row.issue,
                    title_html=row.guideline_html,
                    number=str(row.number or ""),
                    issue=row.issue,
                    responsible=row.responsible,
                    indicators=(indicator,) if indicator is not None else (),
                    status=row.status or RowStatus.NOT_STARTED,
                    result=row.result,
                    note=row.note,
                )
            )
        analyses = [
            f"ตัวชี้วัดที่ {s.number} {s.name}\n{s.analysis}".strip()
            for s in parsed.sections
            if s.analysis
        ]
        data = ImportedRound(
            fiscal_year=year,
            kind=parsed.kind,
            rows=rows,
            title=parsed.title,
            intro="\n\n".join(filter(None, [parsed.intro, *analyses])),
            prepared_by_name=parsed.prepared_by_name,
            prepared_by_position=parsed.prepared_by_position,
        )
        try:
            imported = round_import(
                agency=agency, data=data, document=document, submit=submit, user=user
            )
        except RoundError as exc:
            raise DocumentRejected(" ".join(exc.messages)) from None
        for line, message in imported.warnings:
            warnings.add(line, message)
        rnd, measure_set, created = (
            imported.round,
            imported.measure_set,
            imported.measure_set_created,
        )
        document.warnings = warnings.as_list()
        document.save(update_fields=["warnings"])

        # Read back from what was stored, so the summary can never disagree with the round.
        status_counts: dict[str, int] = {}
        stored_statuses = list(rnd.rows.values_list("status", flat=True))
        for status in stored_statuses:
            key = str(status or RowStatus.NOT_STARTED)
            status_counts[key] = status_counts.get(key, 0) + 1
        url, pdf_url = _urls(rnd)
        return ImportResult(
            document_type=self.document_type,
            agency={
                "code": agency.code,
                "name": agency.name,
                "short_name": agency.short_name,
                "district": agency.district,
                "province": agency.province.name,
            },
            url=url,
            pdf_url=pdf_url,
            warnings=warnings.as_list(),
            extra={
                "layout": self.name,
                "fiscal_year": year,
                "years": [year],
                "round": rnd.pk,
                "round_kind": rnd.kind,
                "round_state": rnd.state,
                "measure_set": measure_set.pk,
                "measure_set_created": created,
                "rows": len(stored_statuses),
                "status_counts": status_counts,
                "indicators": [s.number for s in parsed.sections],
                "prepared_by": {
                    "name": parsed.prepared_by_name,
                    "position": parsed.prepared_by_position,
                },
            },
        )
