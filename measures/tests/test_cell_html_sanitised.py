"""Cell HTML is kept as clean markup: text and links survive, scripts never do."""

from __future__ import annotations

import pytest

from agencies.access import SYSTEM
from core.importing.service import document_import
from measures.models import Measure, MeasureResult, MeasureStep

HEADER = "\t".join(
    [
        "มาตรการ/แนวทาง",
        "วิธีดำเนินการ",
        "ผู้รับผิดชอบ",
        "ระยะเวลาดำเนินการ",
        "สรุปผลการดำเนินการตามมาตรการ",
        "ผลลัพธ์หรือความสำเร็จของการดำเนินการ",
    ]
)
ROW = "\t".join(
    [
        '<p>๑. การเปิดเผยข้อมูล<script>alert("t")</script></p>',
        '<p>๑. ประกาศ <img src=x onerror="alert(1)"></p> <p>๒. เผยแพร่ '
        '<a href="javascript:alert(2)">ลิงก์</a></p>',
        "สำนักปลัด<script>alert(3)</script>",
        "๑ ต.ค.๖๖ - ๓๐ ก.ย. ๖๗",
        '<p onclick="alert(4)">ทำแล้ว <a href="https://example.go.th/a">เว็บไซต์</a></p>',
        '<b>สำเร็จ</b><iframe src="https://evil.example"></iframe>',
    ]
)
DOCUMENT = f"""รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๗
องค์การบริหารส่วนตำบลทดสอบ อำเภอเมือง จังหวัดยโสธร

{HEADER}
{ROW}
"""


@pytest.mark.django_db
def test_it_strips_scripts_handlers_and_javascript_urls_from_every_stored_field():
    document_import(user=SYSTEM, data=DOCUMENT.encode(), filename="x.txt", agency_code="T1")
    measure = Measure.objects.get()
    stored = [measure.title, measure.title_html, measure.responsible_units, measure.issue]
    stored += [s.html for s in MeasureStep.objects.all()]
    result = MeasureResult.objects.get()
    stored += [result.summary, result.outcome, result.suggestions]
    for value in stored:
        lowered = value.lower()
        for bad in ("<script", "onerror", "javascript:", "onclick", "<iframe", "alert("):
            assert bad not in lowered, (bad, value)
    assert measure.title == "การเปิดเผยข้อมูล"
    assert [s.text for s in MeasureStep.objects.order_by("order")] == ["ประกาศ", "เผยแพร่ ลิงก์"]
    assert '<a href="https://example.go.th/a"' in result.summary
    assert "<b>สำเร็จ</b>" in result.outcome
    assert measure.responsible_units == "สำนักปลัด"
