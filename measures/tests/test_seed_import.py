"""Importing the shipped measures documents (seeds 000, 002, 004) end to end."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from agencies.access import SYSTEM
from conftest import publish_through_chain, seed_path
from core.importing.service import document_import
from measures.models import ITAResult, Measure, MeasureSet, Memo


def _import(prefix: str, code: str, filename: str | None = None, **kwargs):
    path = seed_path(prefix)
    return document_import(
        user=SYSTEM,
        data=path.read_bytes(),
        filename=filename or path.name,
        agency_code=code,
        **kwargs,
    )


def _messages(result) -> list[str]:
    return [w["message"] for w in result.warnings]


@pytest.mark.django_db
def test_it_imports_000_as_a_measures_report_with_five_measures():
    result = _import("000", "demo-000")
    data = result.as_dict()
    assert data["document_type"] == "measures_report"
    assert data["fiscal_year"] == 2567
    assert data["measures"] == 5
    assert data["agency"]["name"] == "องค์การบริหารส่วนตำบลปากช่อง"
    assert data["agency"]["district"] == "จอมบึง"
    assert data["agency"]["province"] == "ราชบุรี"
    measure_set = MeasureSet.objects.get(agency__code="demo-000")
    assert measure_set.ita_year == 2566
    assert measure_set.column_layout == [
        "title",
        "steps",
        "responsible",
        "period",
        "summary",
        "outcome",
    ]
    measures = list(measure_set.measures.order_by("order"))
    assert measures[0].title == "การเผยแพร่แผนการใช้จ่ายเงินของหน่วยงานให้ทราบ"
    assert measures[0].issue == "ด้านการใช้จ่ายงบประมาณ"
    assert [i.number for i in measures[0].indicators.all()] == [2]
    assert measures[1].issue == "ด้านคุณภาพการดำเนินงาน"
    assert measures[-1].title == "การมีระบบ/กลไกจัดการรับเรื่องร้องเรียน"
    # "๑) … ๖)" inline becomes six ordered steps without their numbers.
    steps = [s.text for s in measures[2].steps.order_by("order")]
    assert len(steps) == 6
    assert steps[0] == "จัดตั้งคณะทำงานฯ"
    # Links in cells stay links.
    outcome = measures[0].results.get(period="annual").outcome
    assert '<a href="http://www.pakchong.go.th"' in outcome
    # The mixed numbering and the measures without an ITA issue are reported, with lines.
    messages = _messages(result)
    assert any("เลขลำดับมาตรการเขียนหลายแบบ" in m for m in messages)
    assert sum("ไม่ระบุประเด็น ITA" in m for m in messages) == 3
    assert all(w["line"] for w in result.warnings)


@pytest.mark.django_db
def test_it_imports_002_in_its_own_column_order_with_indicator_figures():
    result = _import("002", "demo-002")
    data = result.as_dict()
    assert data["document_type"] == "measures_report"
    assert data["fiscal_year"] == 2568
    assert data["measures"] == 6
    assert data["agency"]["district"] == "บัวลาย"
    measure_set = MeasureSet.objects.get(agency__code="demo-002")
    # 002 prints the period before the responsible units.
    assert measure_set.column_layout == [
        "title",
        "steps",
        "period",
        "responsible",
        "summary",
        "outcome",
    ]
    measures = list(Measure.objects.filter(set=measure_set).order_by("order"))
    assert measures[0].title == "การส่งเสริมการรับรู้ กระบวนการปฏิบัติงานที่ โปร่งใสและมีประสิทธิภาพ"
    assert measures[-1].title.startswith("มาตรการร่วมรณรงค์ต่อต้านการทุจริต")
    assert str(measures[-1].period_start) == "2025-01-01"
    assert str(measures[-1].period_end) == "2025-04-30"
    ita = data["ita"]
    assert ita["fiscal_year"] == 2568
    assert ita["grade"] == "unknown"  # no total is stated
    by_number = {i["number"]: i for i in ita["indicators"]}
    assert by_number[7]["delta"] == "+0.52"
    assert by_number[6]["delta"] == "+0.02"
    assert by_number[8]["delta"] == "+34.33"
    assert by_number[9]["score"] == 90.0
    assert by_number[10]["score"] == 92.5
    stored = ITAResult.objects.get(agency__code="demo-002", fiscal_year=2568)
    assert stored.indicator_scores.get(indicator__number=7).stated_delta == Decimal("0.52")
    # The cover says "บวลาย", the formal heading "บัวลาย": reported.
    assert any("บวลาย" in m for m in _messages(result))


@pytest.mark.django_db
def test_it_imports_004_memo_with_its_chain_measures_and_ita_result():
    result = _import("004", "demo-004")
    data = result.as_dict()
    assert data["document_type"] == "memo"
    assert data["fiscal_year"] == 2565
    assert data["measures"] == 5
    assert data["ita"]["fiscal_year"] == 2564
    assert data["ita"]["score"] == 74.36
    assert data["ita"]["grade"] == "C"
    assert data["ita"]["stated_grade"] == "C"
    assert data["ita"]["delta"] == "+23.29"
    ita = ITAResult.objects.get(agency__code="demo-004")
    assert ita.total == Decimal("74.36")
    assert ita.grade.label == "C"
    assert ita.stated_grade == "C"
    assert ita.stated_delta == Decimal("23.29")
    assert ita.stated_previous_grade == "E"
    memo = Memo.objects.get(agency__code="demo-004")
    assert memo.department == "สำนักปลัด องค์การบริหารส่วนตำบลหนองป่าก่อ"
    assert str(memo.date) == "2021-10-05"
    assert memo.subject.startswith("การดำเนินการขับเคลื่อนมาตรการ")
    assert [s.role for s in memo.signatures.all()] == [
        "author",
        "head",
        "deputy",
        "chief",
        "executive",
    ]
    deputy = memo.signatures.get(role="deputy")
    assert deputy.opinion == "เพื่อไปติดตาม เฝ้าระวังความคืบหน้าหรือผลต่อไป"
    measure_set = MeasureSet.objects.get(agency__code="demo-004")
    assert measure_set.memo == memo
    assert measure_set.column_layout[-1] == "suggestions"
    measures = list(measure_set.measures.order_by("order"))
    assert measures[0].title == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสในการจัดซื้อจัดจ้าง"
    assert measures[-1].title == "มาตรการในการเผยแพร่ ข้อมูลต่อสาธารณะ"
    messages = _messages(result)
    assert any("หนองจอก" in m for m in messages)
    assert any("ลงนามสองครั้ง" in m for m in messages)


@pytest.mark.django_db
def test_it_detects_the_layout_from_the_content_not_the_file_name():
    result = _import("004", "demo-004", filename="000_renamed.txt")
    assert result.document_type == "memo"
    result = _import("002", "demo-002", filename="memo.txt")
    assert result.document_type == "measures_report"


@pytest.mark.django_db
def test_it_replaces_a_set_on_reimport_and_rolls_back_a_dry_run():
    _import("000", "demo-000")
    _import("000", "demo-000")
    assert MeasureSet.objects.filter(agency__code="demo-000").count() == 1
    assert Measure.objects.filter(set__agency__code="demo-000").count() == 5
    result = _import("002", "demo-002", dry_run=True)
    assert result.dry_run
    assert not MeasureSet.objects.filter(agency__code="demo-002").exists()


@pytest.mark.django_db
def test_it_submits_when_asked_and_publishes_only_through_the_chain():
    _import("004", "demo-004", submit=True)
    measure_set = MeasureSet.objects.get(agency__code="demo-004")
    ita = ITAResult.objects.get(agency__code="demo-004")
    assert (measure_set.status, ita.status) == ("submitted", "submitted")
    assert Memo.objects.get(agency__code="demo-004").status == "draft"
    assert not MeasureSet.objects.visible_to(AnonymousUser()).exists()
    publish_through_chain(measure_set)
    publish_through_chain(ita)
    assert MeasureSet.objects.get(agency__code="demo-004").is_published
    assert ITAResult.objects.get(agency__code="demo-004").status == "published"
    # The imported memo (บันทึกข้อความ) is published with its set.
    assert Memo.objects.get(agency__code="demo-004").status == "published"
