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
