"""Importing the five-year plan of seed 001 (อบต.กระจาย, 2566–2570) through import_document.

The figures asserted here were counted from the file (shared/seed001-notes.md). The plan is
imported once for the module, inside a transaction rolled back at the end; each test runs in
a savepoint of it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q, Sum

from agencies.choices import PublicationStatus
from agencies.models import Agency, SourceDocument
from conftest import seed_path
from plans.choices import ItemKind, RiskLevel
from plans.importers.plan_checks import stated_counts
from plans.importers.plan_names import item_kind, name_key
from plans.models import Plan, PlanItem, PlanItemYear, ProjectSheet

CODE = "T-001"
YEARS = [2566, 2567, 2568, 2569, 2570]
ITEMS_PER_YEAR = {2566: 43, 2567: 44, 2568: 41, 2569: 44, 2570: 44}
BUDGET_PER_DIMENSION = {"1": Decimal(70000), "2": Decimal(25000), "3": Decimal(15000), "4": 0}
# Ticked quarters per year, as the annex's total rows print them (they agree with the rows).
QUARTERS_PER_YEAR = {
    2566: (40, 39, 33, 34),
    2567: (44, 43, 40, 39),
    2568: (41, 40, 38, 38),
    2569: (44, 44, 38, 37),
    2570: (42, 43, 38, 38),
}
COMPLAINTS = "ร้องทุกข์/ร้องเรียน"

# Every test reads the database (some only through the module's import): marking them all
# keeps them with the other database tests, before the transactional ones that flush it.
pytestmark = pytest.mark.django_db


def run_import(*args: str) -> dict:
    out = StringIO()
    call_command("import_document", str(seed_path("001")), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """Seed 001 imported once: the --json output (its speed: bench/bench_import_seeds.py)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_import("--agency-code", CODE)
        transaction.set_rollback(True)


@pytest.fixture
def plan(imported, db):
    return Plan.objects.get(agency__code=CODE)


def warnings_at(result: dict, line: int) -> list[str]:
    return [w["message"] for w in result["warnings"] if w["line"] == line]


# --- rows per year ------------------------------------------------------------------------------


def test_it_imports_each_years_rows_from_the_annex(plan):
    per_year = dict(
        PlanItemYear.objects.filter(item__plan=plan)
        .values_list("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    assert per_year == ITEMS_PER_YEAR


def test_it_imports_the_budgets_per_dimension_and_year(plan):
    for year in YEARS:
        rows = (
            PlanItemYear.objects.filter(item__plan=plan, year=year)
            .values_list("item__dimension__number")
            .annotate(total=Sum("budget"))
        )
        assert dict(rows) == BUDGET_PER_DIMENSION, year


def test_it_reports_counts_per_year_and_dimension_in_json(imported):
    result = imported
    counts = result["counts"]
    assert counts["2566"]["1"] == {"items": 6, "budget": "70000.00"}
    assert counts["2567"]["4"] == {"items": 7, "budget": "0.00"}
    assert counts["2568"]["2"] == {"items": 26, "budget": "25000.00"}
    assert counts["2569"]["1"] == {"items": 7, "budget": "70000.00"}
    assert counts["2570"]["2"] == {"items": 28, "budget": "25000.00"}
    for year, n in ITEMS_PER_YEAR.items():
        assert counts[str(year)]["total"] == {"items": n, "budget": "110000.00"}
    assert counts["total"] == {"items": 46, "budget": "550000.00"}


def test_it_makes_one_item_per_dimension_and_name(plan):
    assert plan.items.count() == 46
    complaints = plan.items.filter(title__contains=COMPLAINTS).filter(
        title__startswith="มาตรการจัดการ"
    )
    assert sorted(complaints.values_list("dimension__number", flat=True)) == ["3", "4"]
    assert complaints.get(dimension__number="4").years.count() == 4  # absent in 2566
    only_2569 = plan.items.get(title__startswith="โครงการส่งเสริมการบริหารงานตามหลักธรรมาภิบาล")
    assert list(only_2569.years.values_list("year", flat=True)) == [2569]
    not_2568 = plan.items.get(title__startswith="ยกย่องเชิดชูเกียรติหน่วยงาน")
    assert 2568 not in not_2568.years.values_list("year", flat=True)


def test_it_keeps_budget_quarters_number_and_note_per_year(plan):
    school = plan.items.get(title="โครงการโรงเรียนคุณธรรม")
    y2566 = school.years.get(year=2566)
    assert (y2566.budget, y2566.no_budget, y2566.number) == (Decimal("30000.00"), False, "2")
    assert y2566.quarters == [1]
    assert y2566.note == "โครงการเข้าค่ายคุณธรรมจริยธรรมนักเรียนภายในตำบลกระจ่าย"
    assert school.years.get(year=2567).number == "5"
    survey = plan.items.get(title__startswith="โครงการประเมินความพึงพอใจ").years.get(year=2566)
    assert (survey.budget, survey.quarters) == (Decimal("25000.00"), [4])
    gift = plan.items.get(title="มาตรการ NO Gift Policy").years.get(year=2566)
    assert gift.no_budget and gift.budget == 0 and gift.quarters == [1, 2]


def test_it_reads_both_tick_styles_of_the_quarters(plan):
    for year, expected in QUARTERS_PER_YEAR.items():
        rows = PlanItemYear.objects.filter(item__plan=plan, year=year)
        ticked = tuple(rows.filter(**{f"q{q}": True}).count() for q in range(1, 5))
        assert ticked == expected, year


def test_it_takes_the_kind_from_the_first_word(plan):
    kinds = dict(plan.items.values_list("kind").annotate(n=Count("id")))
    assert set(kinds) == {ItemKind.PROJECT, ItemKind.ACTIVITY, ItemKind.MEASURE}
    assert plan.items.get(title="มาตรการ NO Gift Policy").kind == ItemKind.MEASURE
    assert plan.items.get(title__startswith="กิจกรรมติดตามประเมินผล").kind == ItemKind.ACTIVITY


# --- part 3 -------------------------------------------------------------------------------------


def test_it_links_sheets_to_items_by_name(plan):
    assert plan.sheets.count() == 46
    assert plan.sheets.filter(item__isnull=True).count() == 0
    assert plan.items.filter(sheets__isnull=False).distinct().count() == 44
    without = plan.items.filter(sheets__isnull=True).values_list("title", flat=True)
    assert sorted(without) == sorted(
        [
            "โครงการส่งเสริมการบริหารงานตามหลักธรรมาภิบาลเพื่อป้องกันการทุจริต",
            "มาตรการป้องกันการใช้จ่ายงบประมาณที่ไม่สมควร ผิดวัตถุประสงค์ ไม่มีประสิทธิภาพ",
        ]
    )


def test_it_gives_the_complaints_measure_its_four_sheets(plan):
    sheets = ProjectSheet.objects.filter(item__plan=plan, item__title__contains=COMPLAINTS)
    sheets = sheets.filter(item__title__startswith="มาตรการจัดการ")
    lines = sheets.order_by("source_line").values_list("source_line", flat=True)
    assert list(lines) == [2114, 2218, 2267, 2574]
    by_dimension = dict(sheets.values_list("item__dimension__number").annotate(n=Count("id")))
    assert by_dimension == {"3": 3, "4": 1}


def test_it_places_sub_dimensions_from_the_headings_above_the_sheets(plan):
    def sub(title_start: str) -> str | None:
        item = plan.items.select_related("subdimension").get(title__startswith=title_start)
        return item.subdimension.number if item.subdimension else None

    assert sub("โครงการโรงเรียนคุณธรรม") == "1.3"
    assert sub("โครงการฝึกอบรมการส่งเสริมคุณธรรม") == "1.1"
    # Under "๑.๒.๓" printed inside dimension 2, below the "๒.๓" heading.
    assert sub("มาตรการกระจายอำนาจ") == "2.3"
    assert sub("กิจกรรมส่งเสริมและพัฒนาศักยภาพสมาชิกสภา") == "4.2"
    assert sub("โครงการส่งเสริมการบริหารงานตามหลักธรรมาภิบาล") is None
    assert plan.items.filter(subdimension__isnull=False).count() == 44


def test_it_records_third_level_headings_and_fields(plan):
    first = plan.sheets.get(source_line=153)
    assert first.heading.startswith("๑.๑.๑ เสริมสร้างจิตสำนึก")
    assert first.period == "ไตรมาส 1 ไตรมาส 2 ไตรมาส 3 ไตรมาส 4"
    assert first.budget_text == "ไม่ใช้งบประมาณ"
    assert first.target_group.endswith("50 คน")
    assert first.note == "ดำเนินการตลอดปีงบประมาณ"
    wrapped = plan.sheets.get(source_line=213)
    assert wrapped.heading.endswith("การมีผลประโยชน์ทับซ้อน")  # a heading on two lines
    assert plan.sheets.get(source_line=800).heading == ""
    # A title continued on the next line.
    assert plan.sheets.get(source_line=2624).title.endswith("ส่วนตำบลกระจาย")
    assert "สำนักเทคโนโลยีสารสนเทศ" not in plan.sheets.get(source_line=2267).note


# --- part 1 -------------------------------------------------------------------------------------


def test_it_imports_the_risk_rows(plan):
    risks = list(plan.risks.order_by("order"))
    assert [r.level for r in risks] == [
        RiskLevel.MEDIUM,
        RiskLevel.MEDIUM,
        RiskLevel.HIGH,
        RiskLevel.HIGH,
    ]
    assert risks[2].level_text == "สูง ปานกลาง"
    assert risks[1].step == "การบริหารงานบุคคล"
    assert risks[3].controls.splitlines()[0] == "๑. มาตรการ NO Gift Policy"
    assert len(risks[3].controls.splitlines()) == 6


def test_it_imports_the_targets(plan):
    targets = list(plan.targets.order_by("order"))
    assert [t.label for t in targets] == ["จำนวนคดีทุจริตลดลง (คำนวณจากปี ๒๕๖๕)", "คะแนน ITA"]
    assert targets[0].value_for(2566) == "ร้อยละ ๑๐"
    assert targets[0].value_for(2570) == "ร้อยละ ๕๐"
    assert {targets[1].value_for(y) for y in YEARS} == {"๘๕ คะแนน"}


def test_it_imports_the_texts(plan):
    assert plan.rationale.startswith("รัฐธรรมนูญแห่งราชอาณาจักรไทย")
    assert plan.objectives.splitlines()[0].startswith("(๑) เพื่อแสดงเจตจำนงสุจริต")
    assert len(plan.objectives.splitlines()) == 5
    assert len(plan.benefits.splitlines()) == 5
    assert plan.foreword.startswith("องค์การบริหารส่วนตำบลกระจาย ได้จัดทำแผน")
    assert plan.title == "แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส"
    assert (plan.first_year, plan.last_year, plan.edition.code) == (2566, 2570, "2566-2570")


# --- cross-checks -------------------------------------------------------------------------------


def test_it_reports_part_2_totals_that_disagree_with_the_rows(imported):
    result = imported
    assert any(
        "ส่วนที่ 2 พิมพ์รวมมิติ 1 = 2 โครงการ / 30,000 บาท แต่รายการจริง = 6 โครงการ / 70,000 บาท" in m
        for m in warnings_at(result, 127)
    )
    assert warnings_at(result, 132) == [
        "ส่วนที่ 2 พิมพ์รวมมิติ 3 = 5 โครงการ / 15,000 บาท แต่รายการจริง = 4 โครงการ / 15,000 บาท"
    ]
    assert "7 โครงการ / 0 บาท" in warnings_at(result, 136)[0]
    assert "43 โครงการ / 110,000 บาท (พ.ศ. 2566)" in warnings_at(result, 137)[0]
    assert any("ไม่มีแถวรวมของมิติ 2" in m for m in warnings_at(result, 111))


def test_it_reports_the_forewords_double_statements(imported):
    result = imported
    line23 = warnings_at(result, 23)
    assert any("พ.ศ. 2568 ซ้ำสองแบบ: 44 และ 41 โครงการ" in m for m in line23)
    assert any("ไม่ได้ระบุ" in m and "2569" in m for m in line23)
    assert any("มิติ 2 พ.ศ. 2568 ซ้ำสองแบบ: 27 และ 26" in m for m in warnings_at(result, 27))
    # The lines that agree with the annex raise nothing.
    assert warnings_at(result, 25) == warnings_at(result, 29) == warnings_at(result, 31) == []


def test_it_reports_part_2_rows_and_headings_as_printed(imported):
    result = imported
    assert any("พิมพ์ปี 2566" in m for m in warnings_at(result, 119))
    assert any("= 0 บาท แต่ตารางรายปี = 25,000 บาท" in m for m in warnings_at(result, 128))
    assert any("มติที่" not in m and "พิมพ์เลข 5" in m for m in warnings_at(result, 2330))
    missing = [m for m in warnings_at(result, 111) if "ไม่มีรายการ" in m]
    assert missing and missing[0].startswith("ส่วนที่ 2 ไม่มีรายการ 17 จาก 46")


def test_it_finds_the_annex_totals_agree(imported):
    result = imported
    assert not [w for w in result["warnings"] if w["message"].startswith("ภาคผนวก")]


def test_it_stores_the_source_document_with_its_warnings(plan, imported):
    result = imported
    document = plan.source
    assert document.filename == seed_path("001").name
    assert document.document_type == "plan"
    assert document.warnings == result["warnings"]
    assert all(set(w) == {"line", "message"} for w in document.warnings)


# --- the command's output and behaviour -----------------------------------------------------------


def test_it_prints_one_json_object(imported, plan):
    result = imported
    assert result["document_type"] == "plan"
    assert result["agency"] == {
        "code": CODE,
        "name": "องค์การบริหารส่วนตำบลกระจาย",
        "district": plan.agency.district,
        "province": plan.agency.province.name,
    }
    assert result["years"] == YEARS
    assert result["url"] == plan.get_absolute_url()
    assert result["pdf_url"] == plan.get_pdf_url()
    assert "dry_run" not in result


def test_it_sets_the_agency_up_from_the_document(plan):
    agency = plan.agency
    assert (agency.name, agency.short_name) == ("องค์การบริหารส่วนตำบลกระจาย", "อบต.กระจาย")
    assert (agency.district, agency.province.name, agency.kind) == ("ป่าดัว", "ยโสธร", "sao")
    assert plan.status == PublicationStatus.DRAFT


def test_it_replaces_the_plan_on_reimport(plan):
    before = plan.pk
    # No code: the agency is found by the document's name and province.
    result = run_import("--submit")
    assert result["agency"]["code"] == CODE
    assert Plan.objects.filter(agency__code=CODE).count() == 1
    replaced = Plan.objects.get(agency__code=CODE)
    assert replaced.pk == before
    # --submit proposes the plan to the agency's chain; an import never publishes.
    assert replaced.status == PublicationStatus.SUBMITTED
    assert PlanItem.objects.filter(plan=replaced).count() == 46
    assert ProjectSheet.objects.filter(plan=replaced).count() == 46
    assert replaced.risks.count() == 4 and replaced.targets.count() == 2


def test_it_writes_nothing_on_a_dry_run(plan):
    counts = (Plan.objects.count(), PlanItem.objects.count(), SourceDocument.objects.count())
    result = run_import("--agency-code", "T-DRY", "--dry-run")
    assert result["dry_run"] is True
    assert result["counts"]["2566"]["total"]["items"] == 43
    assert not Agency.objects.filter(code="T-DRY").exists()
    assert (
        Plan.objects.count(),
        PlanItem.objects.count(),
        SourceDocument.objects.count(),
    ) == counts


# --- name matching (pure) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "มาตรการจัดการเรื่องราวร้องทุกข์/ร้องเรียนขององค์กรบริหารส่วนตำบลกระจาย",
            "มาตรการจัดการเรื่องร้องทุกข์/ร้องเรียนขององค์การบริหารส่วนตำบลกระจ่าย",
        ),
        ("ประชาชนในเขตองค์การบริหารส่วนตำบลกระเจา", "ประชาชนในเขตองค์การบริหารส่วนตำบลกระจาย"),
        ('มาตรการ " จัดทำข้อตกลง"', "มาตรการ “จัดทำข้อตกลง”"),
        ("มาตรการแสดงเจตนาธรรมในการนำหลักคุณธรรม", "มาตรการแสดงเจตนารมณ์ในการนำหลักคุณธรรม"),
        ("มาตรการแสดงเจตนากรณีในการนำ", "มาตรการแสดงเจตนาภมณในการนำ"),
        ("มาตรการการสร้างความปลอดภัยในการบริหารงานบุคคล", "มาตรการการสร้างความโปร่งใสในการบริหารงานบุคคล"),
        ("กิจกรรมการให้บัตรคิวในการติดต่อราชการ", "กิจกรรมการใช้บัตรคิวในการติดต่อราชการ"),
    ],
)
def test_it_gives_drifting_spellings_one_key(a, b):
    assert name_key(a, place="กระจาย") == name_key(b, place="กระจาย")


def test_it_can_drop_details_in_parentheses():
    full = "โครงการโรงเรียนคุณธรรม (โครงการเข้าค่ายคุณธรรมจริยธรรม นักเรียนภายในตำบลกระจ่าย)"
    assert name_key(full) != name_key("โครงการโรงเรียนคุณธรรม")
    assert name_key(full, details=False) == name_key("โครงการโรงเรียนคุณธรรม")


def test_it_reads_kinds_and_prose_counts():
    assert item_kind('มาตรการ "ส่งเสริม…"') == ItemKind.MEASURE
    assert item_kind("ยกย่องเชิดชูเกียรติหน่วยงาน") == ItemKind.PROJECT
    text = (
        "มิติที่ 1 การสร้าง พ.ศ. 2566 - 2567 และ พ.ศ. 2570 จำนวน 6 โครงการ , พ.ศ. 2568 จำนวน 5 โครงการ"
    )
    assert stated_counts(text) == [([2566, 2567, 2570], 6), ([2568], 5)]
    assert stated_counts("มิติที่ 3 การส่งเสริม จำนวน 4 โครงการ") == [([], 4)]


def test_it_counts_no_budget_rows_as_zero_in_totals(plan):
    totals = PlanItemYear.objects.filter(item__plan=plan).aggregate(
        none=Count("id", filter=Q(no_budget=True)), all=Sum("budget")
    )
    assert totals["all"] == Decimal(550000)
    assert totals["none"] == sum(ITEMS_PER_YEAR.values()) - 5 * 5  # 5 funded projects a year


# --- the layout, not the file ---------------------------------------------------------------------


def test_it_reads_the_layout_in_arabic_digits_and_another_name():
    from core.importing.source import SourceText
    from core.thai import to_arabic_digits
    from plans.importers.plan_layout import FiveYearPlanLayout, plan_counts

    text = to_arabic_digits(seed_path("001").read_text(encoding="utf-8"))
    for spelling in ("กระจ่าย", "กระจาย", "กระเจา"):
        text = text.replace(spelling, "หนองบัว")
    layout = FiveYearPlanLayout()
    source = SourceText(text.encode(), "other.txt")
    assert layout.detect(source)
    parsed = layout.parse(source).plan
    assert parsed.info.agency_name == "องค์การบริหารส่วนตำบลหนองบัว"
    counts = plan_counts(parsed)
    assert {y: counts[str(y)]["total"]["items"] for y in YEARS} == ITEMS_PER_YEAR
    assert len({s.item for s in parsed.sheets if s.item is not None}) == 44
    assert [r.level for r in parsed.part1.risks] == ["medium", "medium", "high", "high"]


SMALL_PLAN = """แผนปฏิบัติการป้องกันการทุจริต
เพื่อยกระดับคุณธรรมและความโปร่งใส
ของเทศบาลตำบลหนองบัว
(พ.ศ. 2566 - 2570)

คำนำ

เทศบาลตำบลหนองบัว ได้จัดทำแผนปฏิบัติการป้องกันการทุจริต รวมทั้งสิ้น จำนวน 3 โครงการ ดังนี้

มิติที่ 1 การสร้างวัฒนธรรมสุจริต จำนวน 2 โครงการ

มิติที่ 2 การบริหารราชการด้วยความโปร่งใส พ.ศ. 2566 - 2569 จำนวน 1 โครงการ

สารบัญ

ส่วนที่ 1 บทนำ

1. การประเมินความเสี่ยงการทุจริตในองค์กร

ลำดับที่\tขั้นตอนการดำเนินงาน\tประเด็นความเสี่ยงการทุจริต\tระดับความเสี่ยง\tมาตรการควบคุมความเสี่ยง
1\tการจัดซื้อจัดจ้าง\t1. ไม่เป็นไปตามระเบียบ 2. เอื้อประโยชน์\tต่ำ\t1. ตรวจสอบ 2. เผยแพร่

2. หลักการและเหตุผล

เทศบาลตำบลหนองบัวให้ความสำคัญกับการป้องกันการทุจริต

3. วัตถุประสงค์ของการจัดทำแผน

- (1) เพื่อแสดงเจตจำนงสุจริต

4. เป้าหมาย

ค่าเป้าหมาย\tปี 2566\tปี 2567\tปี 2568\tปี 2569\tปี 2570
คะแนน ITA\t85 คะแนน\t85 คะแนน\t90 คะแนน\t90 คะแนน\t95 คะแนน

5. ประโยชน์ของการจัดทำแผน

- (1) ประชาชนเชื่อมั่น

ส่วนที่ 2

มิติ\tภารกิจตามมิติ\tโครงการ/กิจกรรม/มาตรการ\tปี 2566\tปี 2567\tปี 2568\tปี 2569\tปี 2570\tหมายเหตุ
1. การสร้างวัฒนธรรมสุจริต\t1.1 การเสริมสร้างจิตสำนึก\t1) โครงการอบรมคุณธรรมจริยธรรม\t10,000\t10,000\t10,000\t10,000\t10,000\t
\t1.3 การสร้างจิตสำนึกแก่เด็กและเยาวชน\t2) กิจกรรมค่ายเยาวชนต้านโกง\t-\t-\t5,000\t5,000\t5,000\t
\tรวม\tจำนวน 2 โครงการ\t10,000\t10,000\t15,000\t15,000\t15,000\t
2. การบริหารราชการด้วยความโปร่งใส\t2.2 มาตรการส่งเสริมคุณธรรม\t3) มาตรการ NO Gift Policy\tไม่ใช้งบประมาณ\tไม่ใช้งบประมาณ\tไม่ใช้งบประมาณ\tไม่ใช้งบประมาณ\tไม่ใช้งบประมาณ\t
\tรวม\tจำนวน 1 โครงการ\t0\t0\t0\t0\t0\t
รวมทั้งสิ้น\t\tจำนวน 3 โครงการ\t10,000\t10,000\t15,000\t15,000\t15,000\t

ส่วนที่ 3

มิติที่ 1 การสร้างวัฒนธรรมสุจริต

1.1 การเสริมสร้างจิตสำนึก

1.1.1 เสริมสร้างจิตสำนึกในการปฏิบัติราชการ

1. ชื่อโครงการ : โครงการอบรมคุณธรรมจริยธรรม

2. หลักการและเหตุผล

เพื่อให้บุคลากรมีคุณธรรม

6. ระยะเวลาดำเนินการ

ไตรมาส 2

9. ผลผลิต/ผลลัพธ์

ผลลัพธ์

บุคลากรมีคุณธรรม
"""


def test_it_imports_a_plan_without_annex_from_a_whole_part_2(db, tmp_path):
    path = tmp_path / "small.txt"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    out = StringIO()
    call_command("import_document", str(path), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["agency"]["name"] == "เทศบาลตำบลหนองบัว"
    assert result["counts"]["2566"]["1"] == {"items": 2, "budget": "10000.00"}
    assert result["counts"]["2568"]["1"] == {"items": 2, "budget": "15000.00"}
    assert result["counts"]["2570"]["2"] == {"items": 1, "budget": "0.00"}
    plan = Plan.objects.get(agency__name="เทศบาลตำบลหนองบัว")
    youth = plan.items.get(title="กิจกรรมค่ายเยาวชนต้านโกง").years.get(year=2566)
    assert youth.no_budget and youth.quarters == []
    first = plan.items.get(title="โครงการอบรมคุณธรรมจริยธรรม")
    assert first.subdimension is not None and first.subdimension.number == "1.1"
    assert first.sheets.get().period == "ไตรมาส 2"
    assert plan.risks.get().level == RiskLevel.LOW
    assert plan.targets.get().value_for(2570) == "95 คะแนน"
    messages = [w["message"] for w in result["warnings"]]
    assert any("นำเข้ารายการจากตารางส่วนที่ 2" in m for m in messages)
    # The foreword's dimension 2 names 2566-2569 only.
    assert any("มิติ 2 ของ พ.ศ. 2570" in m for m in messages)
    assert not any("พิมพ์รวม" in m for m in messages)
