"""Importing a 6-month report organised by ITA instrument and indicator."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from agencies import workflow
from agencies.access import SYSTEM
from core.importing.base import DocumentRejected
from core.importing.service import document_import
from measures.models import Measure, MeasureSet
from reports.choices import RoundKind, RoundState, RowStatus
from reports.importers.six_month import cell_paragraphs, join_spill, split_numbered_inline
from reports.models import ReportingRound
from reports.tests.factories import measure_set_2567, plan_2566_2570

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
SIX_MONTH = FIXTURES / "six_month_2567.txt"


def _import(agency_code="NB001", submit=False, path=SIX_MONTH):
    return document_import(
        user=SYSTEM,
        data=path.read_bytes(),
        filename=path.name,
        agency_code=agency_code,
        submit=submit,
    )


def _rows(result):
    rnd = ReportingRound.objects.get(pk=result.extra["round"])
    return rnd, list(rnd.rows.select_related("measure").order_by("order"))


def test_it_reads_statuses_from_the_sub_columns():
    result = _import()
    assert result.document_type == "progress_report"
    assert result.extra["fiscal_year"] == 2567
    assert result.extra["rows"] == 10
    assert result.extra["status_counts"] == {"done": 5, "in_progress": 4, "not_started": 1}
    rnd, rows = _rows(result)
    assert (rnd.kind, rnd.fiscal_year, rnd.state) == (RoundKind.H1, 2567, RoundState.OPEN)
    assert [r.status for r in rows] == [
        RowStatus.DONE,  # ๔ ข้อ ๑
        RowStatus.DONE,  # ๔ ข้อ ๒
        RowStatus.IN_PROGRESS,  # ๔ ข้อ ๓ (says next year: the column wins)
        RowStatus.IN_PROGRESS,  # ๕ ข้อ ๑
        RowStatus.DONE,  # ๖ ข้อ ๑ (spilled over a page)
        RowStatus.DONE,  # ๖ ข้อ ๒ (says not done: the column wins)
        RowStatus.IN_PROGRESS,  # ๙ ข้อ ๑
        RowStatus.NOT_STARTED,  # ๙ ข้อ ๒
        RowStatus.DONE,  # ๑๐ ข้อ ๑ (its result in ดำเนินการแล้ว)
        RowStatus.IN_PROGRESS,  # ๑๐ ข้อ ๒ (its result in อยู่ระหว่างดำเนินการ, same cell row)
    ]


def test_it_splits_paragraph_rows_and_links_indicators():
    result = _import()
    _rnd, rows = _rows(result)
    first, second = rows[0].measure, rows[1].measure
    # One physical row (line 25), two logical rows, both from line 25.
    assert (first.source_line, second.source_line) == (25, 25)
    assert first.issue == "บุคลากรไม่ทราบขั้นตอนการขออนุญาตยืมทรัพย์สินของราชการ"
    assert first.title == "จัดทำคู่มือแนวทางการยืมทรัพย์สินของราชการ และเผยแพร่ให้บุคลากรทราบ"
    assert second.issue == "ไม่มีการกำกับติดตามการใช้รถส่วนกลางของหน่วยงาน"
    assert rows[1].done_text.startswith("มีสมุดบันทึกการใช้รถส่วนกลาง")
    assert first.responsible_units == "กองคลัง"
    indicators = [[i.number for i in r.measure.indicators.all()] for r in rows]
    # The bold heading inside the cell of line 27 opened indicator 5.
    assert indicators == [[4], [4], [4], [5], [6], [6], [9], [9], [10], [10]]
    assert rows[8].done_text.startswith("ได้ดำเนินการประเมินความเสี่ยง")
    assert rows[9].done_text.startswith("อยู่ระหว่างจัดเตรียมโครงการอบรม")
    # The link of the result cell is kept as its address.
    assert rows[6].done_text.endswith("รวบรวมข้อมูล https://www.nongbua.go.th/procurement")


def test_it_joins_the_tail_spilled_over_a_page_break():
    result = _import()
    _rnd, rows = _rows(result)
    assert rows[4].done_text.endswith("ได้ร้อยละ ๙๒.๔๐ แต่ยังมีบางส่วนที่ต้องปรับปรุง คือ ที่จอดรถของผู้มารับบริการ")
    assert {"line": 41, "message": "นำข้อความต่อจากหน้าก่อนไปต่อท้ายรายการบรรทัด 37"} in (result.warnings)
    # The repeated header before the spill is not a row.
    assert result.extra["rows"] == 10


def test_it_keeps_the_column_and_warns_about_contradictions_with_line_numbers():
    result = _import()
    contradictions = [w for w in result.warnings if "ขัดกับช่อง" in w["message"]]
    assert [w["line"] for w in contradictions] == [26, 42]
    assert "อยู่ระหว่างดำเนินการ" in contradictions[0]["message"]
    assert "เลื่อนไปปีถัดไป" in contradictions[0]["message"]
    assert "ดำเนินการแล้ว" in contradictions[1]["message"]


def test_it_reads_the_preparer_and_the_analyses():
    result = _import()
    rnd, _rows_ = _rows(result)
    assert rnd.prepared_by_name == "นางสมศรี ใจดี"
    assert rnd.prepared_by_position == "นักวิเคราะห์นโยบายและแผนชำนาญการ"
    assert result.extra["prepared_by"]["name"] == "นางสมศรี ใจดี"
    assert "ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ\nเนื่องจาก" in rnd.intro
    assert rnd.title.startswith("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม")
    assert rnd.source.filename == SIX_MONTH.name


def test_it_reuses_the_years_measure_set_and_adds_the_plan_rows(agency_a):
    plan_2566_2570(agency_a)
    existing = measure_set_2567(agency_a, n=1)
    result = _import(agency_code=agency_a.code)
    assert result.extra["measure_set"] == existing.pk
    assert MeasureSet.objects.filter(agency=agency_a).count() == 1
    rnd, rows = _rows(result)
    # 4 plan items planned in 2567 + the set's own measure + 10 imported measures.
    assert len(rows) == 4 + 1 + 10
    assert result.agency["code"] == agency_a.code


def test_importing_again_into_an_open_round_does_not_duplicate():
    first = _import()
    second = _import()
    assert first.extra["round"] == second.extra["round"]
    assert Measure.objects.count() == 10
    _rnd, rows = _rows(second)
    assert len(rows) == 10


def test_a_submitted_round_cannot_be_overwritten():
    _import(submit=True)
    with pytest.raises(DocumentRejected):
        _import()


def test_the_json_output_of_import_document():
    out = StringIO()
    call_command("import_document", str(SIX_MONTH), "--json", "--submit", stdout=out)
    data = json.loads(out.getvalue())
    assert data["document_type"] == "progress_report"
    assert data["fiscal_year"] == 2567
    assert data["agency"]["name"] == "องค์การบริหารส่วนตำบลหนองบัว"
    assert data["rows"] == 10
    assert data["status_counts"] == {"done": 5, "in_progress": 4, "not_started": 1}
    assert isinstance(data["warnings"], list) and len(data["warnings"]) == 3
    assert "url" in data and "pdf_url" in data
    rnd = ReportingRound.objects.get(pk=data["round"])
    # An import never publishes: --submit puts the round in the agency's chain.
    assert rnd.state == RoundState.SUBMITTED
    assert not ReportingRound.objects.visible_to(AnonymousUser()).filter(pk=rnd.pk).exists()


def test_a_6_month_report_without_its_table_is_rejected(tmp_path):
    path = tmp_path / "six_month_broken.txt"
    path.write_text(
        "รายงานผลการดำเนินการ รอบ ๖ เดือน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗\n"
        "องค์การบริหารส่วนตำบลหนองบัว\n\nตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ\n",
        encoding="utf-8",
    )
    with pytest.raises(DocumentRejected):
        _import(path=path)


def test_cell_helpers():
    assert split_numbered_inline("๑. ประกาศ ก ๒. ประกาศ ข เมื่อ ๑๕ พ.ย. ๖๖") == [
        "๑. ประกาศ ก",
        "๒. ประกาศ ข เมื่อ ๑๕ พ.ย. ๖๖",
    ]
    assert split_numbered_inline("งบประมาณ ๒,๐๐๐ บาท") == ["งบประมาณ ๒,๐๐๐ บาท"]
    paras = cell_paragraphs("<p>**ตัวชี้วัดที่ ๕ การแก้ไขปัญหาการทุจริต**</p> <p>๑. ข้อแรก</p>")
    assert [(p.number, p.text, p.bold) for p in paras] == [
        (None, "ตัวชี้วัดที่ ๕ การแก้ไขปัญหาการทุจริต", True),
        (1, "ข้อแรก", False),
    ]
    assert join_spill("แต่ยังมีบาง", "ส่วนที่ต้อง") == "แต่ยังมีบางส่วนที่ต้อง"
    assert join_spill("ร้อยละ 92.40", "ที่จอดรถ") == "ร้อยละ 92.40 ที่จอดรถ"


def test_an_import_never_publishes_even_with_published_sources(agency_a):
    # The bypass of issue 11: "publish now" on an upload published the round with no
    # approver. Now the import can at most submit it; the public sees nothing until the
    # agency's chain approves it and it is published.
    plan_2566_2570(agency_a)
    measure_set_2567(agency_a, n=1)
    result = _import(agency_code=agency_a.code, submit=True)
    rnd = ReportingRound.objects.get(pk=result.extra["round"])
    assert rnd.state == RoundState.SUBMITTED
    assert rnd.published_at is None and rnd.approved_at is None
    assert not ReportingRound.objects.visible_to(AnonymousUser()).filter(pk=rnd.pk).exists()
    request = workflow.open_request(rnd)
    assert request is not None and request.current_step == 1


def test_without_submit_the_import_is_an_open_draft(agency_a):
    plan_2566_2570(agency_a, status="draft")
    result = _import(agency_code=agency_a.code)
    assert result.extra["round_state"] == RoundState.OPEN
    assert not ReportingRound.objects.visible_to(AnonymousUser()).filter(agency=agency_a).exists()
