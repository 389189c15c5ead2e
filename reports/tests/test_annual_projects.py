"""The 12-month report on the plan's projects: attached to the plan's items of the year by
name, filling the 12-month round's rows (status, result, budget used), in every variant."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from agencies.access import SYSTEM
from conftest import seed_path
from core.importing.base import DocumentRejected
from core.importing.service import document_import
from reports.choices import RoundKind, RowStatus
from reports.matching import best_match, name_key
from reports.models import ReportingRound, ReportRow
from tests.fixtures.annual_variants import VARIANTS, text, write_merged_docx
from tests.fixtures.make_office import write_docx

pytestmark = pytest.mark.django_db
CODE = "KRACHAI"


@pytest.fixture
def plan_001():
    return document_import(
        user=SYSTEM, data=seed_path("001").read_bytes(), filename="001.txt", agency_code=CODE
    )


def _import(data: bytes, name: str = "annual.txt"):
    return document_import(user=SYSTEM, data=data, filename=name, agency_code=CODE)


def _row(title_part: str) -> ReportRow:
    return ReportRow.objects.get(
        round__kind=RoundKind.ANNUAL, plan_item_year__item__title__contains=title_part
    )


def _check_seed_figures(result) -> None:
    extra = result.as_dict()
    assert extra["document_type"] == "progress_report"
    assert extra["layout"] == "annual_projects"
    assert extra["years"] == [2567]
    assert extra["agency"]["name"] == "องค์การบริหารส่วนตำบลกระจาย"
    assert extra["agency"]["province"] == "ยโสธร"
    rnd = ReportingRound.objects.get(kind=RoundKind.ANNUAL)
    assert rnd.fiscal_year == 2567
    assert extra["rows"] == rnd.rows.count()
    assert extra["imported_rows"] == 8
    assert extra["unmatched"] == 1
    school = _row("โรงเรียนคุณธรรม")
    assert school.status == RowStatus.DONE
    assert school.budget_used == Decimal("28500")
    assert "ศูนย์พัฒนาเด็กเล็ก" in school.done_text
    training = _row("โครงการฝึกอบรมการส่งเสริมคุณธรรม")
    assert training.status == RowStatus.IN_PROGRESS
    assert training.budget_used == Decimal("0")
    control = _row("ติดตามประเมินผลการควบคุมภายใน")
    assert control.status == RowStatus.NOT_STARTED
    # The plan spells the agency "กระจ่าย" in this title; the report spells it right.
    ethics = _row("ประมวลจริยธรรม")
    assert ethics.status == RowStatus.DONE
    assert "krachai.go.th" in ethics.done_text
    counts = extra["status_counts"]
    assert sum(counts.values()) == extra["rows"]
    assert counts[RowStatus.DONE] == ReportRow.objects.filter(status=RowStatus.DONE).count()
    unplaced = [w for w in extra["warnings"] if "ไม่พบโครงการนี้ในแผน" in w["message"]]
    assert len(unplaced) == 1
    assert "ปลูกป่าชุมชน" in unplaced[0]["message"] and "ปลูกต้นไม้" in unplaced[0]["message"]
    assert unplaced[0]["line"]


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_variant_fills_the_12_month_round(plan_001, variant):
    result = _import(VARIANTS[variant](text()).encode(), f"{variant}.txt")
    _check_seed_figures(result)


@pytest.mark.parametrize(
    "variant", ["as_is", "status_subcolumns", "page_break", "subcolumn_paragraphs"]
)
def test_a_word_copy_fills_the_same_rows(plan_001, variant, tmp_path):
    path = write_docx(VARIANTS[variant](text()), tmp_path / "annual.docx")
    _check_seed_figures(_import(path.read_bytes(), "annual.docx"))


def test_merged_header_and_heading_cells_in_word(plan_001, tmp_path):
    path = write_merged_docx(text(), tmp_path / "merged.docx")
    _check_seed_figures(_import(path.read_bytes(), "merged.docx"))


def test_a_page_break_spill_is_joined_to_its_item(plan_001):
    _import(VARIANTS["page_break"](text()).encode())
    row = _row("โครงการฝึกอบรมการส่งเสริมคุณธรรม")
    assert row.done_text == "อยู่ระหว่างจัดหาวิทยากรจากสำนักงาน ป.ป.ช. ประจำจังหวัด"


def test_a_printed_total_that_disagrees_is_a_warning(plan_001):
    result = _import(text().replace("๙๔,๓๐๐", "๙๕,๐๐๐").encode())
    assert any("ยอดรวม" in w["message"] for w in result.warnings)
    assert not any("ยอดรวม" in w["message"] for w in _import(text().encode()).warnings)


def test_without_a_plan_the_report_is_refused_saying_what_is_missing():
    with transaction.atomic(), pytest.raises(DocumentRejected) as info:
        _import(text().encode())
    assert "นำเข้าแผนก่อน" in str(info.value)


def test_reimport_updates_the_open_round_and_a_submitted_round_is_kept(plan_001):
    _import(text().encode())
    _import(text().replace("๒๘,๕๐๐", "๒๙,๐๐๐").encode())
    assert ReportingRound.objects.filter(kind=RoundKind.ANNUAL).count() == 1
    assert _row("โรงเรียนคุณธรรม").budget_used == Decimal("29000")
    ReportingRound.objects.update(state="submitted")
    with pytest.raises(DocumentRejected):
        _import(text().encode())


def test_names_match_across_digits_prefixes_and_spelling():
    names = ["องค์การบริหารส่วนตำบลกระจาย", "อบต.กระจาย"]
    candidates = [
        (name_key("โครงการจัดเวทีประชาคม", names), "a"),
        (name_key("มาตรการป้องกันผลประโยชน์ทับซ้อนขององค์การบริหารส่วนตำบลกระจ่าย", names), "b"),
        (name_key("กิจกรรม “วิเคราะห์ผลการจัดซื้อจัดจ้างประจำปี ๒๕๖๗”", names), "c"),
    ]
    assert best_match("๗. จัดเวที ประชาคม", candidates, names) == ("a", 1.0)
    assert best_match("มาตรการป้องกันผลประโยชน์ทับซ้อนของ อบต.กระจาย", candidates, names)[0] == "b"
    assert best_match("กิจกรรมวิเคราะห์ผลการจัดซื้อจัดจ้างประจำปี 2567", candidates, names)[0] == "c"
    assert best_match("โครงการปลูกป่า", candidates, names) == (None, 0.0)


def test_an_excel_copy_fills_the_same_rows(plan_001, tmp_path):
    from tests.fixtures.make_office import write_xlsx

    path = write_xlsx(text(), tmp_path / "annual.xlsx")
    _check_seed_figures(_import(path.read_bytes(), "annual.xlsx"))
