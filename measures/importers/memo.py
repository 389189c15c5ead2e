"""A บันทึกข้อความ (memo) asking the executive to take note of / approve the year's measures,
followed by the measures table (seed 004).

The header fields (ส่วนราชการ, ที่, วันที่, เรื่อง, เรียน) each start a line; the body runs to the
first signature; the chain is read as signatures "(ชื่อ)" followed by position lines, each
preceded by an optional "ความเห็นของ…" heading and the opinion written under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agencies.access import Actor
from agencies.choices import DocumentType, PublicationStatus
from core.importing.base import DocumentRejected, ImportResult, Layout, WarningLog
from core.importing.registry import register
from core.importing.source import Line, SourceText
from core.thai import ThaiDateError, parse_thai_date, squash_spaces
from measures.choices import SignatureRole
from measures.importers.common import (
    _AGENCY_RE,
    AgencyInfo,
    ParsedSet,
    check_other_agencies,
    first_header,
    first_total,
    fiscal_year_in,
    heading_and_intro,
    import_result,
    ita_year_in,
    kind_of,
    parse_tables,
    resolve_agency,
    result_period_of,
    save_measure_set,
)
from measures.models import Memo, MemoSignature

_FIELDS = [
    ("department", re.compile(r"^ส่วนราชการ\s*(.*)$")),
    ("reference", re.compile(r"^ที่\s+(.*)$")),
    ("date_text", re.compile(r"^วันที่\s*(.*)$")),
    ("subject", re.compile(r"^เรื่อง\s*(.*)$")),
    ("to", re.compile(r"^เรียน\s*(.*)$")),
]
_NAME_RE = re.compile(r"^\((?!ลงชื่อ)([^()]+)\)$")
_SIGN_RE = re.compile(r"^\(?ลงชื่อ\)?")
_OPINION_RE = re.compile(r"^ความเห็น")


@dataclass
class ParsedSignature:
    line: int
    name: str
    position: str = ""
    opinion_heading: str = ""
    opinion: str = ""
    role: str = ""


@dataclass
class ParsedMemo:
    """The memo's header fields, body paragraphs (with their lines) and signature chain."""

    fields: dict[str, str]
    field_lines: dict[str, int]
    body_lines: list[tuple[int, str]]
    signatures: list[ParsedSignature] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(text for _no, text in self.body_lines)


def _role(sig: ParsedSignature, index: int) -> str:
    heading = re.sub(r"\s+", "", sig.opinion_heading)
    position = re.sub(r"\s+", "", sig.position)
    if heading:
        if "ความเห็นของนายก" in heading or "ความเห็นของผู้บริหาร" in heading:
            return SignatureRole.EXECUTIVE
        if "ความเห็นของรองปลัด" in heading:
            return SignatureRole.DEPUTY
        if "ความเห็นของปลัด" in heading:
            return SignatureRole.CHIEF
        if "ความเห็นของหัวหน้า" in heading or "ความเห็นของผู้อำนวยการ" in heading:
            return SignatureRole.HEAD
    if position.startswith("นายก") or "ปฏิบัติหน้าที่นายก" in position:
        return SignatureRole.EXECUTIVE
    if position.startswith("รองปลัด"):
        return SignatureRole.DEPUTY
    if position.startswith("ปลัด"):
        return SignatureRole.CHIEF
    if index > 0 and ("หัวหน้า" in position or "ผู้อำนวยการ" in position):
        return SignatureRole.HEAD
    return SignatureRole.AUTHOR if index == 0 else SignatureRole.HEAD


def parse_memo(lines: list[Line], log: WarningLog) -> ParsedMemo:
    fields: dict[str, str] = {}
    field_lines: dict[str, int] = {}
    body: list[tuple[int, str]] = []
    signatures: list[ParsedSignature] = []
    state = "fields"
    heading = ""
    opinion: list[str] = []
    current: ParsedSignature | None = None
    for line in lines:
        text = squash_spaces(line.text)
        if not text or text == "บันทึกข้อความ":
            continue
        if state == "fields":
            for name, rx in _FIELDS:
                m = rx.match(text)
                if m and name not in fields:
                    fields[name] = m.group(1).strip()
                    field_lines[name] = line.no
                    break
            else:
                if "to" in fields:
                    state = "body"
                else:
                    log.add(line.no, f"บรรทัดในส่วนหัวบันทึกที่ไม่รู้จัก: “{text[:60]}”")
                    continue
            if state == "fields":
                continue
        if state == "body":
            if _NAME_RE.match(text) or _SIGN_RE.match(text) or _OPINION_RE.match(text):
                state = "chain"
            else:
                body.append((line.no, text))
                continue
        # The signature chain.
        if _OPINION_RE.match(text):
            current = None
            heading, opinion = text, []
        elif _SIGN_RE.match(text):
            current = None
        elif m := _NAME_RE.match(text):
            current = ParsedSignature(
                line=line.no,
                name=m.group(1).strip(),
                opinion_heading=heading,
                opinion="\n".join(opinion),
            )
            signatures.append(current)
            heading, opinion = "", []
        elif current is not None:
            current.position = squash_spaces(f"{current.position} {text}")
        elif heading:
            opinion.append(text.lstrip("- ").strip() if text.startswith("-") else text)
        else:
            log.add(line.no, f"ข้อความในสายการลงนามที่ไม่รู้จัก: “{text[:60]}”")
    for name, _rx in _FIELDS:
        if name not in fields:
            log.add(None, f"บันทึกข้อความไม่มีหัวข้อ “{dict(_LABELS)[name]}”")
    if heading:
        log.add(None, f"“{heading}” ไม่มีผู้ลงนามตามมา")
    for index, sig in enumerate(signatures):
        sig.role = _role(sig, index)
        if not sig.position:
            log.add(sig.line, f"ผู้ลงนาม {sig.name} ไม่ระบุตำแหน่ง")
    seen: dict[str, ParsedSignature] = {}
    for sig in signatures:
        if sig.name in seen:
            log.add(
                sig.line,
                f"{sig.name} ลงนามสองครั้ง: “{seen[sig.name].position}” และ “{sig.position}”",
            )
        seen[sig.name] = sig
    if fields.get("to", "").startswith("นายองค์การ"):
        log.add(field_lines["to"], f"เรียน “{fields['to']}”: น่าจะพิมพ์ผิดจาก “นายก…” นำเข้าตามต้นฉบับ")
    return ParsedMemo(
        fields=fields, field_lines=field_lines, body_lines=body, signatures=signatures
    )


_LABELS = [
    ("department", "ส่วนราชการ"),
    ("reference", "ที่"),
    ("date_text", "วันที่"),
    ("subject", "เรื่อง"),
    ("to", "เรียน"),
]


def _is_memo(source: SourceText) -> bool:
    content = [line for line in source.lines[:80] if not line.is_blank]
    if not content or squash_spaces(content[0].text) != "บันทึกข้อความ":
        return False
    starts = {squash_spaces(line.text).split(" ")[0] for line in content[1:8]}
    return {"ส่วนราชการ", "เรื่อง", "เรียน"} <= starts


@dataclass
class ParsedMemoDocument:
    memo: ParsedMemo
    measures: ParsedSet | None
    log: WarningLog


@register
class MemoLayout(Layout):
    name = "memo"
    document_type = "memo"
    priority = 20

    expects = "บันทึกข้อความ (ส่วนราชการ ที่ วันที่ เรื่อง เรียน) พร้อมตารางมาตรการ"

    def detect(self, source: SourceText) -> bool:
        return _is_memo(source)

    def parse(self, source: SourceText) -> ParsedMemoDocument:
        log = WarningLog()
        header = first_header(source)
        # The memo ends where its signature chain ends: at the heading of the attached report
        # (the first line after the last signature that is neither a position nor an opinion).
        end = header - 1 if header else len(source.lines)
        memo_lines = source.lines[:end]
        report_start = _report_heading(memo_lines)
        memo = parse_memo(memo_lines[: report_start - 1] if report_start else memo_lines, log)
        subject = memo.fields.get("subject", "")
        department = memo.fields.get("department", "")
        names = _AGENCY_RE.findall(department) or _AGENCY_RE.findall(subject)
        if not names:
            raise DocumentRejected("ไม่พบชื่อหน่วยงานในส่วนราชการหรือเรื่องของบันทึกข้อความ")
        info = AgencyInfo(name=names[0][0] + names[0][1], line=memo.field_lines.get("department"))
        fiscal_year = fiscal_year_in(subject)
        total = first_total(memo.body_lines)
        measures = None
        if header:
            head = source.lines[(report_start or header) - 1 : header - 1]
            title, intro = heading_and_intro(head)
            table = parse_tables(source, header, log)
            fiscal_year = fiscal_year_in(title) or fiscal_year
            if fiscal_year is None:
                raise DocumentRejected("ไม่พบปีงบประมาณในเรื่องของบันทึกหรือหัวรายงาน")
            if fiscal_year_in(subject) and fiscal_year_in(subject) != fiscal_year:
                log.add(
                    report_start,
                    f"ปีงบประมาณของเรื่อง ({fiscal_year_in(subject)}) ไม่ตรงกับหัวรายงาน ({fiscal_year})",
                )
            if not table.measures:
                log.add(header, "ตารางมาตรการไม่มีแถวที่นำเข้าได้")
            measures = ParsedSet(
                info=info,
                fiscal_year=fiscal_year,
                ita_year=ita_year_in(memo.body) or ita_year_in(intro),
                kind=kind_of(title or subject),
                title=title or subject,
                intro=intro,
                table=table,
                result_period=result_period_of(title),
                total=total,
                total_year=ita_year_in(memo.body),
            )
        else:
            log.add(None, "บันทึกข้อความไม่มีตารางมาตรการแนบ")
        if measures is None and total is not None:
            log.add(total.line, "คะแนน ITA ในบันทึกไม่ได้บันทึก เพราะไม่มีตารางมาตรการแนบ")
        check_other_agencies(source, info.name, log)
        return ParsedMemoDocument(memo=memo, measures=measures, log=log)

    def save(
        self,
        parsed: Any,
        *,
        source: SourceText,
        agency_code: str | None,
        submit: bool,
        user: Actor,
    ) -> ImportResult:
        doc: ParsedMemoDocument = parsed
        log = doc.log
        info = doc.measures.info if doc.measures else None
        if info is None:
            raise DocumentRejected("บันทึกข้อความไม่มีตารางมาตรการแนบ: ยังไม่รองรับการนำเข้าบันทึกอย่างเดียว")
        assert doc.measures is not None  # `info` came from it
        agency = resolve_agency(info, agency_code, log)
        fields = doc.memo.fields
        date = None
        if fields.get("date_text"):
            try:
                date = parse_thai_date(fields["date_text"])
            except ThaiDateError:
                log.add(
                    doc.memo.field_lines.get("date_text"), f"อ่านวันที่ไม่ได้: “{fields['date_text']}”"
                )
        memo = Memo.objects.create(
            agency=agency,
            status=PublicationStatus.DRAFT,
            department=fields.get("department", ""),
            reference=fields.get("reference", ""),
            date=date,
            date_text=fields.get("date_text", ""),
            subject=fields.get("subject", ""),
            to=fields.get("to", ""),
            body=doc.memo.body,
        )
        MemoSignature.objects.bulk_create(
            MemoSignature(
                memo=memo,
                order=order,
                role=sig.role,
                name=sig.name,
                position=sig.position,
                opinion_heading=sig.opinion_heading,
                opinion=sig.opinion,
            )
            for order, sig in enumerate(doc.memo.signatures, start=1)
        )
        measure_set, ita = save_measure_set(
            doc.measures,
            source=source,
            layout_name=self.name,
            document_type=DocumentType.MEMO,
            agency=agency,
            log=log,
            submit=submit,
            user=user,
            memo=memo,
        )
        memo.source = measure_set.source
        memo.save(update_fields=["source"])
        return import_result(
            document_type=str(DocumentType.MEMO),
            agency=agency,
            measure_set=measure_set,
            ita=ita,
            log=log,
            extra={
                "memo": {
                    "subject": memo.subject,
                    "date": memo.date.isoformat() if memo.date else None,
                    "signatures": [
                        {"order": s.order, "role": s.role, "name": s.name}
                        for s in memo.signatures.all()
                    ],
                },
                "chain": [
                    {
                        "order": s.order,
                        "role": s.role,
                        "name": s.name,
                        "position": s.position,
                        "opinion": s.opinion,
                    }
                    for s in memo.signatures.all()
                ],
                "measures_document_type": doc.measures.kind,
            },
        )


def _report_heading(lines: list[Line]) -> int | None:
    """The line of the attached report's heading: "รายงาน…" or "มาตรการ…" after the chain."""
    seen_signature = False
    for line in lines:
        text = squash_spaces(line.text)
        if _NAME_RE.match(text):
            seen_signature = True
        elif seen_signature and re.match(r"^(รายงาน|มาตรการส่งเสริม)", text):
            return line.no
    return None
