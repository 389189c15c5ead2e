"""The plan as a Word file in the layout of its PDF (templates/plans/pdf/plan.html): cover,
foreword, part 1 (portrait), part 2's summary and items tables (landscape), part 3's sheets
(portrait), built from `plan_detail_context` like the page and the PDF."""

from __future__ import annotations

from typing import Any

from core.templatetags.pdf_layout import foreword_parts, title_lines
from core.word import Cell, WordDocument


def _year_cell(doc: WordDocument, cell: Any, quarters: Any) -> str:
    """ "๒๐,๐๐๐" (or "-" without budget) over the quarters it runs in, as the PDF prints it."""
    if cell is None:
        return ""
    amount = "-" if cell.no_budget or not cell.budget else doc.money(cell.budget)
    on = [q for q in quarters if q in cell.quarters]
    return f"{amount}\nไตรมาส {' '.join(str(q) for q in on)}" if on else amount


def plan_docx(context: dict[str, Any]) -> bytes:
    plan, agency = context["plan"], context["agency"]
    doc = WordDocument(digit_style=context["digits"])
    span = f"(พ.ศ. {plan.first_year} – {plan.last_year})"

    # Cover.
    for _ in range(6):
        doc.paragraph("")
    for line in title_lines(plan.title):
        doc.paragraph(line, bold=True, center=True, size=24)
    doc.paragraph(f"ของ{agency.name}", center=True, size=18)
    place = f"อำเภอ{agency.district} " if agency.district else ""
    doc.paragraph(f"{place}จังหวัด{agency.province.name}", center=True, size=18)
    doc.paragraph(span, center=True, size=18)
    if not plan.is_published:
        doc.paragraph("ฉบับร่าง ยังไม่เผยแพร่", center=True)

    if plan.foreword:
        doc.page_break()
        doc.heading("คำนำ", 1, center=True)
        parts = foreword_parts(plan.foreword)
        for para in parts["paragraphs"]:
            doc.paragraph(para, indent=True)
        for line in parts["signature"]:
            doc.paragraph(line, center=True)

    # Part 1.
    doc.page_break()
    doc.heading("ส่วนที่ 1 บทนำ", 1, center=True)
    doc.heading("1. การประเมินความเสี่ยงการทุจริต", 2)
    if context["risks"]:
        doc.table(
            [
                [
                    "ลำดับที่",
                    "ขั้นตอนการดำเนินงาน",
                    "ประเด็นความเสี่ยงการทุจริต",
                    "ระดับความเสี่ยง",
                    "มาตรการควบคุมความเสี่ยงการทุจริต",
                ]
            ],
            [
                [
                    Cell(str(i), center=True),
                    risk.step,
                    risk.risks,
                    Cell(risk.level_text or risk.get_level_display(), center=True),
                    risk.controls,
                ]
                for i, risk in enumerate(context["risks"], start=1)
            ],
            widths=(7, 20, 27, 12, 34),
        )
    else:
        doc.paragraph("-")
    doc.heading("2. หลักการและเหตุผล", 2)
    doc.paragraphs(plan.rationale)
    doc.heading("3. วัตถุประสงค์ของการจัดทำแผน", 2)
    doc.paragraphs(plan.objectives, indent=False)
    doc.heading("4. เป้าหมาย", 2)
    if context["targets"]:
        doc.table(
            [["ค่าเป้าหมาย", *[f"ปี {year}" for year in context["years"]]]],
            [
                [target.label, *[Cell(str(v or ""), center=True) for v in values]]
                for target, values in context["targets"]
            ],
        )
    else:
        doc.paragraph("-")
    doc.heading("5. ประโยชน์ของการจัดทำแผน", 2)
    doc.paragraphs(plan.benefits, indent=False)

    # Part 2, landscape as in the PDF.
    summary, table = context["summary"], context["table"]
    doc.section(landscape=True)
    doc.heading("ส่วนที่ 2 แผนปฏิบัติการป้องกันการทุจริต", 1, center=True)
    doc.paragraph(
        f"{agency.name} ได้ดำเนินการจัดทำ{plan.title} {span} ประกอบด้วย โครงการ/กิจกรรม/มาตรการ "
        f"รวมจำนวน {doc.number(table.item_count)} รายการ แยกตาม {len(table.groups)} มิติ "
        f"งบประมาณรวมทั้งแผน {doc.money(summary.grand_total.budget)} บาท ดังนี้",
        indent=True,
    )
    doc.heading("สรุปจำนวนโครงการ/กิจกรรม/มาตรการ และงบประมาณ (บาท) แยกตามมิติ", 2)
    years = summary.years
    doc.table(
        [
            [
                "มิติ",
                *[Cell(f"ปี {year}", span=2) for year in years],
                Cell("รวมทั้งแผน", span=2),
            ],
            ["", *["จำนวน", "งบประมาณ"] * (len(years) + 1)],
        ],
        [
            *[
                [
                    f"{row.dimension.number}. {row.dimension.name}",
                    *[
                        Cell(v, right=True)
                        for cell in row.cells
                        for v in (doc.number(cell.items), doc.money(cell.budget))
                    ],
                    Cell(doc.number(row.total.items), right=True, bold=True),
                    Cell(doc.money(row.total.budget), right=True, bold=True),
                ]
                for row in summary.rows
            ],
            [
                Cell("รวมทั้งสิ้น", bold=True),
                *[
                    Cell(v, right=True, bold=True)
                    for cell in summary.column_totals
                    for v in (doc.number(cell.items), doc.money(cell.budget))
                ],
                Cell(doc.number(summary.grand_total.items), right=True, bold=True),
                Cell(doc.money(summary.grand_total.budget), right=True, bold=True),
            ],
        ],
        widths=(16, *([5, 9] * (len(years) + 1))),
    )
    doc.page_break()
    doc.heading("รายการโครงการ/กิจกรรม/มาตรการ แยกตามมิติ", 2)
    width = len(table.years) + 3
    rows: list[list[Any]] = []
    quarters = context["quarters"]
    for group in table.groups:
        dim = group.dimension
        rows.append([Cell(f"มิติที่ {dim.number} {dim.name}", bold=True, span=width)])
        for sub in group.subgroups:
            label = (
                f"{sub.subdimension.number} {sub.subdimension.name}"
                if sub.subdimension
                else sub.label
            )
            rows.append([Cell(label, span=width)])
            for row in sub.rows:
                rows.append(
                    [
                        Cell(row.item.number, center=True),
                        row.item.title,
                        Cell(row.item.get_kind_display(), center=True),
                        *[Cell(_year_cell(doc, c, quarters), right=True) for c in row.cells],
                    ]
                )
        rows.append(
            [
                "",
                Cell(f"รวมมิติที่ {dim.number} ({doc.number(group.item_count)} รายการ)", bold=True),
                "",
                *[
                    Cell(
                        f"{doc.money(c.budget)}\n{doc.number(c.items)} รายการ",
                        right=True,
                        bold=True,
                    )
                    for c in group.totals
                ],
            ]
        )
    rows.append(
        [
            "",
            Cell(f"รวมทั้งสิ้น ({doc.number(table.item_count)} รายการ)", bold=True),
            "",
            *[
                Cell(f"{doc.money(c.budget)}\n{doc.number(c.items)} รายการ", right=True, bold=True)
                for c in table.totals
            ],
        ]
    )
    doc.table(
        [
            [
                "ลำดับ",
                "โครงการ/กิจกรรม/มาตรการ",
                "ประเภท",
                *[f"ปี {year}\nงบประมาณ (บาท)" for year in table.years],
            ]
        ],
        rows,
        widths=(6, 38, 8, *([9] * len(table.years))),
    )

    # Part 3: one sheet per project, portrait.
    if context["sheets"]:
        doc.section(landscape=False)
        doc.heading("ส่วนที่ 3 รายละเอียดโครงการ/กิจกรรม/มาตรการ", 1, center=True)
        dimension_id = None
        for sheet, fields in context["sheets"]:
            doc.page_break()
            item = sheet.item
            if item is not None and item.dimension_id != dimension_id:
                dimension_id = item.dimension_id
                doc.paragraph(
                    f"มิติที่ {item.dimension.number} {item.dimension.name}", bold=True, center=True
                )
            if sheet.heading:
                doc.paragraph(sheet.heading)
            doc.heading(f"1. ชื่อโครงการ : {sheet.title}", 3)
            for number, label, value in fields:
                doc.paragraph(f"{number}. {label}" if number else label, bold=True)
                doc.paragraphs(value)
    return doc.to_bytes()
