"""A reporting round as a Word file in the layout of its PDF (templates/reports/pdf/round.html,
A4 landscape): the heading, the summary by dimension, the plan's items and the measures by
ITA indicator, built from `round_page_context` like the page and the PDF."""

from __future__ import annotations

from typing import Any

from core.thai import format_date, format_number
from core.word import Cell, WordDocument


def _row_result(row: Any) -> str:
    lines = [row.done_text] if row.done_text else []
    if row.outcome:
        lines.append(f"ผลลัพธ์: {row.outcome}")
    if row.problems:
        lines.append(f"ปัญหาอุปสรรค: {row.problems}")
    for e in row.evidence.all():
        lines.append(f"หลักฐาน: {e.title or e.url or e.original_name}")
    return "\n".join(lines)


def round_docx(context: dict[str, Any]) -> bytes:
    rnd, agency, summary = context["round"], context["agency"], context["summary"]
    doc = WordDocument(digit_style=context["digits"], landscape=True)
    style = doc.digit_style
    doc.heading(context["heading"], 1, center=True)
    place = f" อำเภอ{agency.district}" if agency.district else ""
    doc.paragraph(f"{agency.name}{place} จังหวัด{agency.province.name}", center=True)
    start, end = format_date(rnd.period_start, style), format_date(rnd.period_end, style)
    doc.paragraph(f"ช่วงรายงาน {start} – {end} (ข้อมูล ณ วันที่ {end})", center=True)
    if not rnd.is_published:
        doc.paragraph(f"ฉบับร่าง · {rnd.get_state_display()} · ยังไม่เผยแพร่", center=True, size=11)

    doc.heading("สรุปผลการดำเนินงานแยกตามมิติ", 2)
    statuses = summary.total.status_counts

    def summary_row(group: Any, label: str, bold: bool = False) -> list[Cell]:
        return [
            Cell(label, bold=bold),
            Cell(doc.number(group.rows), right=True, bold=bold),
            *[
                Cell(doc.number(count), right=True, bold=bold)
                for _v, _l, count in group.status_counts
            ],
            Cell(
                ""
                if group.done_percent is None
                else format_number(group.done_percent, style, 0) + "%",
                right=True,
                bold=bold,
            ),
            Cell(doc.money(group.budget_planned), right=True, bold=bold),
            Cell(doc.money(group.budget_used), right=True, bold=bold),
        ]

    doc.table(
        [
            [
                "มิติ",
                "จำนวนรายการ",
                Cell("จำนวนตามสถานะ", span=len(statuses)),
                "ร้อยละที่ดำเนินการแล้ว",
                Cell("งบประมาณ (บาท)", span=2),
            ],
            ["", "", *[label for _v, label, _c in statuses], "", "ตามแผน", "ใช้จริง"],
        ],
        [
            *[
                summary_row(g, f"มิติที่ {g.number} {g.label}" if g.number else str(g.label))
                for g in summary.groups
            ],
            summary_row(summary.total, "รวมทั้งสิ้น", bold=True),
        ],
        widths=(28, 8, *([8] * len(statuses)), 10, 10, 10),
    )

    if context["plan_groups"]:
        doc.page_break()
        doc.heading(
            f"ผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {rnd.fiscal_year}",
            2,
        )
        rows: list[list[Any]] = []
        for group in context["plan_groups"]:
            rows.append([Cell(f"มิติที่ {group.number} {group.label}", bold=True, span=6)])
            for n, row in enumerate(group.rows, start=1):
                piy = row.plan_item_year
                planned = "-" if piy.no_budget else doc.money(piy.budget)
                status = row.get_status_display()
                if row.needs_reason and row.status_reason:
                    status += f"\n({row.status_reason})"
                rows.append(
                    [
                        Cell(str(n), center=True),
                        row.title,
                        Cell(planned, right=True),
                        Cell(doc.money(row.budget_used), right=True),
                        Cell(status, center=True),
                        _row_result(row),
                    ]
                )
        doc.table(
            [
                [
                    "ที่",
                    "โครงการ/กิจกรรม/มาตรการ",
                    "งบประมาณตามแผน (บาท)",
                    "งบประมาณที่ใช้ (บาท)",
                    "สถานะ",
                    "ผลการดำเนินการ",
                ]
            ],
            rows,
            widths=(5, 33, 10, 10, 12, 30),
        )

    if context["instrument_groups"]:
        doc.page_break()
        doc.heading("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", 2)
        result_columns = context["result_columns"]
        for inst in context["instrument_groups"]:
            if inst.heading:
                doc.paragraph(inst.heading, bold=True, size=15)
            for group in inst.indicators:
                number = f"ตัวชี้วัดที่ {group.number} " if group.number else ""
                doc.paragraph(f"{number}{group.label}", bold=True)
                doc.table(
                    [
                        [
                            "ประเด็นที่เป็นข้อบกพร่อง/จุดอ่อนจากการประเมิน",
                            "แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ",
                            "ผู้รับผิดชอบ",
                            Cell("ผลการดำเนินการ", span=len(result_columns)),
                            "หมายเหตุ",
                        ],
                        ["", "", "", *[label for _v, label in result_columns], ""],
                    ],
                    [
                        [
                            line.row.measure.issue,
                            line.row.measure.title,
                            line.row.measure.responsible_units,
                            *[text for _v, text in line.cells],
                            line.row.note,
                        ]
                        for line in group.lines
                    ],
                    widths=(17, 19, 10, *([15] * len(result_columns)), 9),
                )
    if rnd.prepared_by_name:
        doc.paragraph("ผู้จัดทำ", center=True)
        doc.paragraph(f"({rnd.prepared_by_name})", center=True)
        if rnd.prepared_by_position:
            doc.paragraph(rnd.prepared_by_position, center=True)
    return doc.to_bytes()
