"""A measure set as a Word file in the layout of its PDF (templates/measures/pdf/set.html):
the memo on portrait pages when there is one, then the measures table in the document's own
column order on landscape pages, built from `set_detail_context` like the page and the PDF."""

from __future__ import annotations

from typing import Any

from core.thai import format_date
from core.word import Cell, WordDocument, html_text


def cell_text(measure: Any, key: str) -> str:
    """What measures/_cell.html shows in one column, as text."""
    if key == "title":
        head = f"{measure.number}. " if measure.number else ""
        title = html_text(measure.title_html) or measure.title
        lines = [f"{head}{measure.issue}", f"- {title}"] if measure.issue else [f"{head}{title}"]
        lines += [f"ตัวชี้วัดที่ {i.number} {i.name}" for i in measure.indicators.all()]
        return "\n".join(lines)
    if key == "steps":
        return "\n".join(
            f"{n}. {html_text(step.html)}" for n, step in enumerate(measure.steps.all(), start=1)
        )
    if key == "responsible":
        return measure.responsible_units
    if key == "period":
        return measure.period_text
    result = getattr(measure, "result", None)
    if result is not None and key in ("summary", "outcome", "suggestions"):
        return html_text(getattr(result, key))
    return ""


def _memo(doc: WordDocument, context: dict[str, Any]) -> None:
    memo = context["memo"]
    doc.heading("บันทึกข้อความ", 1, center=True)
    doc.paragraph(f"ส่วนราชการ {memo.department}")
    date = format_date(memo.date, doc.digit_style) if memo.date else memo.date_text
    doc.paragraph(f"ที่ {memo.reference}    วันที่ {date}")
    doc.paragraph(f"เรื่อง {memo.subject}")
    doc.paragraph(f"เรียน {memo.to}")
    for para in context.get("paragraphs", []):
        doc.paragraph(para, indent=True)
    for sig in context.get("signatures", []):
        if sig.opinion_heading:
            doc.paragraph(sig.opinion_heading)
        if sig.opinion:
            doc.paragraph(sig.opinion)
        doc.paragraph("(ลงชื่อ) ........................................", center=True)
        doc.paragraph(f"({sig.name or '........................................'})", center=True)
        for line in sig.position.splitlines():
            doc.paragraph(line, center=True)


def set_docx(context: dict[str, Any]) -> bytes:
    measure_set, agency = context["measure_set"], context["agency"]
    memo = context["memo"]
    doc = WordDocument(digit_style=context["digits"], landscape=memo is None)
    if memo is not None:
        _memo(doc, context)
        doc.section(landscape=True)
    doc.heading(measure_set.title, 1, center=True)
    if agency.name not in measure_set.title:
        doc.paragraph(agency.name, center=True)
    if agency.province.name not in measure_set.title:
        place = f"อำเภอ{agency.district} " if agency.district else ""
        doc.paragraph(f"{place}จังหวัด{agency.province.name}", center=True)
    if (
        str(measure_set.fiscal_year) not in doc.d(measure_set.title)
        and str(measure_set.fiscal_year) not in measure_set.title
    ):
        doc.paragraph(f"ประจำปีงบประมาณ พ.ศ. {measure_set.fiscal_year}", center=True)
    if not measure_set.is_published:
        doc.paragraph("ฉบับร่าง ยังไม่เผยแพร่", center=True)
    for para in (measure_set.intro or "").splitlines():
        if para.strip():
            doc.paragraph(para.strip(), indent=True)
    if len(context["periods"]) > 1:
        doc.paragraph(f"ผลการดำเนินการ: {context['period_label']}", size=11)
    columns = context["columns"]
    rows = [
        [Cell(cell_text(m, col.key), center=col.key in ("period",)) for col in columns]
        for m in context["measures"]
    ] or [[Cell("ยังไม่มีมาตรการ", center=True, span=len(columns) or 1)]]
    doc.table([[col.label for col in columns]], rows, widths=[col.width for col in columns])
    return doc.to_bytes()
