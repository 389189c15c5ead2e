"""6-month report variants: headings written together, another agency, Arabic digits."""

from __future__ import annotations

from pathlib import Path

import pytest

from agencies.access import SYSTEM
from core.importing.service import document_import
from core.thai import to_arabic_digits
from reports.models import ReportingRound

pytestmark = pytest.mark.django_db
SIX_MONTH = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "six_month_2567.txt"


def _import(text: str):
    return document_import(user=SYSTEM, data=text.encode(), filename="variant.txt", dry_run=True)


def test_the_agency_name_ends_where_district_province_and_year_begin():
    text = SIX_MONTH.read_text(encoding="utf-8")
    text = text.replace(
        "องค์การบริหารส่วนตำบลหนองบัว  \nอำเภอคำเขื่อนแก้ว จังหวัดยโสธร",
        "องค์การบริหารส่วนตำบลหนองบัวอำเภอคำเขื่อนแก้วจังหวัดยโสธรประจำปีงบประมาณพ.ศ.๒๕๖๗",
    )
    result = _import(text)
    assert result.agency["name"] == "องค์การบริหารส่วนตำบลหนองบัว"
    assert (result.agency["district"], result.agency["province"]) == ("คำเขื่อนแก้ว", "ยโสธร")


def test_another_agency_in_arabic_digits_imports_the_same_rows():
    original = _import(SIX_MONTH.read_text(encoding="utf-8"))
    ReportingRound.objects.all().delete()
    text = to_arabic_digits(SIX_MONTH.read_text(encoding="utf-8")).replace("หนองบัว", "โนนสูง")
    result = _import(text)
    assert result.agency["name"] == "องค์การบริหารส่วนตำบลโนนสูง"
    assert result.extra["rows"] == original.extra["rows"]
    assert result.extra["status_counts"] == original.extra["status_counts"]


def test_a_12_month_report_is_refused_saying_so():
    from core.importing.base import DocumentRejected

    text = SIX_MONTH.read_text(encoding="utf-8").replace("๖ เดือน", "๑๒ เดือน")
    text = text.replace("ประเด็นที่เป็นข้อบกพร่อง/จุดอ่อนจากการประเมิน", "ประเด็น")
    with pytest.raises(DocumentRejected) as info:
        _import(text)
    assert "12-month report" in str(info.value)


# --- Several logical rows in one table row (paragraphs), lined up across the columns ---------

ALIGNED = SIX_MONTH.parent / "six_month_aligned_2567.txt"


def _stored() -> dict[str, tuple[int | None, str, str]]:
    """issue -> (indicator number, status, result) of every stored row of the round."""
    from reports.models import ReportRow

    out = {}
    for row in ReportRow.objects.select_related("measure").prefetch_related("measure__indicators"):
        measure = row.measure
        assert measure is not None
        numbers = [i.number for i in measure.indicators.all()]
        out[measure.issue] = (numbers[0] if numbers else None, row.status, row.done_text)
    return out


def _check_aligned(result) -> None:
    from reports.models import ReportRow

    assert result.extra["rows"] == 7 == ReportRow.objects.count()
    assert result.extra["status_counts"] == {"done": 4, "in_progress": 3}
    rows = _stored()
    # Lined up by empty paragraphs: the second logical row's result is in the second status
    # column, the first and third in the "done" column; nothing copied, nothing dropped.
    assert rows["บุคลากรไม่ทราบขั้นตอนการยืมพัสดุครุภัณฑ์"][1:] == (
        "done",
        "แจ้งเวียนคู่มือการยืมพัสดุแล้วเมื่อ ๑๕ ม.ค. ๒๕๖๗",
    )
    assert rows["ไม่มีทะเบียนคุมการใช้รถยนต์ส่วนกลาง"][1:] == (
        "in_progress",
        "อยู่ระหว่างจัดพิมพ์ทะเบียนคุมการใช้รถ",
    )
    assert rows["ไม่มีการตรวจนับพัสดุประจำปี"][1] == "done"
    # A bold heading inside the first cell: the row above it stays under indicator 4.
    assert rows["เจ้าหน้าที่นำวัสดุสำนักงานไปใช้ส่วนตัว"] == (
        4,
        "done",
        "ออกหนังสือกำชับแล้ว ที่ ยส ๗๓๕๐๑/ว๑๒",
    )
    assert rows["ผู้บริหารไม่ได้ประกาศเจตจำนงต่อต้านการทุจริตให้บุคลากรทราบ"] == (
        5,
        "in_progress",
        "กำหนดจัดประชุมประจำเดือนเมษายน ๒๕๖๗",
    )
    # Paragraphs that do not line up: one per row in order, and a warning says so.
    results = {rows[k][2] for k in rows}
    assert "อยู่ระหว่างพัฒนาแบบฟอร์มออนไลน์" in results
    assert "เผยแพร่ผลการพิจารณาไตรมาสที่ ๑ และ ๒ แล้ว" in results
    assert any("จับคู่กับรายการตามลำดับ" in w["message"] for w in result.warnings)


def test_paragraphs_lined_up_across_the_status_columns_go_to_their_own_rows():
    data = ALIGNED.read_bytes()
    _check_aligned(document_import(user=SYSTEM, data=data, filename="aligned.txt"))


def test_a_word_table_lined_up_with_empty_paragraphs_imports_the_same_rows(tmp_path):
    from tests.fixtures.make_office import write_docx

    path = write_docx(ALIGNED.read_text(encoding="utf-8"), tmp_path / "aligned.docx")
    result = document_import(user=SYSTEM, data=path.read_bytes(), filename="aligned.docx")
    _check_aligned(result)


def test_the_same_layout_for_the_whole_year_fills_the_12_month_round():
    from reports.choices import RoundKind

    text = SIX_MONTH.read_text(encoding="utf-8").replace("๖ เดือน", "๑๒ เดือน")
    six = _import(SIX_MONTH.read_text(encoding="utf-8"))
    twelve = _import(text)
    assert twelve.extra["round_kind"] == RoundKind.ANNUAL
    assert six.extra["round_kind"] == RoundKind.H1
    assert twelve.extra["rows"] == six.extra["rows"]
    assert twelve.extra["status_counts"] == six.extra["status_counts"]
