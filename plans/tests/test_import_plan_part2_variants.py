"""A plan without the e-PlanNACC annex is read from part 2 despite local flaws.

Each variant perturbs the small plan of test_import_plan: a total printed wrong, dimensions
written "มิติที่ ๑ …", two-digit Thai year headers "ปี ๖๖", a page number and a repeated
header after a page break, a project printed before the first dimension. The plan is
imported every time; each flaw is a warning naming its line; the projects are all there.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.thai import to_thai_digits
from plans.models import Plan
from plans.tests.test_import_plan import SMALL_PLAN

pytestmark = pytest.mark.django_db

HEADER = "มิติ\tภารกิจตามมิติ\tโครงการ/กิจกรรม/มาตรการ\tปี 2566\tปี 2567\tปี 2568\tปี 2569\tปี 2570\tหมายเหตุ"
DIM2 = "2. การบริหารราชการด้วยความโปร่งใส\t2.2 มาตรการส่งเสริมคุณธรรม"


def run(tmp_path, text: str) -> dict:
    path = tmp_path / "variant.txt"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_document", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def titles() -> set[str]:
    return set(Plan.objects.get().items.values_list("title", flat=True))


ALL = {"โครงการอบรมคุณธรรมจริยธรรม", "กิจกรรมค่ายเยาวชนต้านโกง", "มาตรการ NO Gift Policy"}


def test_a_misprinted_total_is_a_warning(tmp_path):
    text = SMALL_PLAN.replace(
        "\tรวม\tจำนวน 2 โครงการ\t10,000\t10,000", "\tรวม\tจำนวน 2 โครงการ\t99,000\t10,000"
    )
    result = run(tmp_path, text)
    assert titles() == ALL
    assert any("พิมพ์รวม" in w["message"] and "99,000" in w["message"] for w in result["warnings"])
    assert result["counts"]["2566"]["1"] == {"items": 2, "budget": "10000.00"}


def test_dimensions_written_with_their_word(tmp_path):
    text = SMALL_PLAN.replace("1. การสร้างวัฒนธรรมสุจริต\t1.1", "มิติที่ ๑ การสร้างวัฒนธรรมสุจริต\t1.1")
    text = text.replace(DIM2, "มิติที่ 2 การบริหารราชการด้วยความโปร่งใส\t2.2 มาตรการส่งเสริมคุณธรรม")
    result = run(tmp_path, text)
    assert titles() == ALL
    assert result["counts"]["2570"]["2"] == {"items": 1, "budget": "0.00"}


def test_two_digit_thai_year_headers(tmp_path):
    short = "\t".join(to_thai_digits(f"ปี {y}") for y in (66, 67, 68, 69, 70))
    text = SMALL_PLAN.replace("\t".join(f"ปี {y}" for y in range(2566, 2571)), short)
    result = run(tmp_path, text)
    assert titles() == ALL
    assert result["counts"]["2568"]["1"] == {"items": 2, "budget": "15000.00"}


def test_a_page_break_with_its_number_and_a_repeated_header(tmp_path):
    text = SMALL_PLAN.replace(
        "\tรวม\tจำนวน 2 โครงการ", f"\t- ๒ -\t\n{HEADER}\n\tรวม\tจำนวน 2 โครงการ"
    )
    result = run(tmp_path, text)
    assert titles() == ALL
    assert result["counts"]["2566"]["1"]["items"] == 2
    assert not any("ก่อนมิติแรก" in w["message"] for w in result["warnings"])


def test_a_project_before_the_first_dimension_is_named_in_a_warning(tmp_path):
    text = SMALL_PLAN.replace(HEADER + "\n", HEADER + "\n\t\t0) โครงการลอย\t1\t1\t1\t1\t1\t\n")
    result = run(tmp_path, text)
    assert titles() == ALL
    assert any("โครงการลอย" in w["message"] for w in result["warnings"])


def test_a_missing_amount_leaves_the_project_out_of_that_year_only(tmp_path):
    text = SMALL_PLAN.replace(
        "1) โครงการอบรมคุณธรรมจริยธรรม\t10,000\t10,000", "1) โครงการอบรมคุณธรรมจริยธรรม\t\t10,000"
    )
    result = run(tmp_path, text)
    assert titles() == ALL
    assert result["counts"]["2566"]["1"]["items"] == 1
    assert result["counts"]["2567"]["1"]["items"] == 2
    assert any("ไม่ระบุงบประมาณปี 2566" in w["message"] for w in result["warnings"])


def test_a_part_2_of_merged_projects_is_refused_saying_what_was_found(tmp_path):
    text = SMALL_PLAN.replace(
        "1) โครงการอบรมคุณธรรมจริยธรรม", "1) โครงการอบรมคุณธรรมจริยธรรม 4) ก 5) ข 6) ค"
    )
    path = tmp_path / "merged.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("import_document", str(path))
    assert "found: 4 of 6 projects sharing a row" in str(info.value)
    assert "expected:" in str(info.value)


def test_an_older_four_year_plan_2561_2564(tmp_path):
    """The DLA's older edition: four years, four budget columns, its own edition."""
    text = SMALL_PLAN.replace("(พ.ศ. 2566 - 2570)", "(พ.ศ. 2561 - 2564)")
    text = text.replace("พ.ศ. 2566 - 2569", "พ.ศ. 2561 - 2564")
    lines = []
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) == 9:  # part 2 rows: the fifth year's column goes
            cells = cells[:7] + cells[8:]
        elif cells[0] in ("ค่าเป้าหมาย", "คะแนน ITA"):
            cells = cells[:5]
        lines.append("\t".join(cells))
    text = "\n".join(lines).replace(
        "ปี 2566\tปี 2567\tปี 2568\tปี 2569", "ปี 2561\tปี 2562\tปี 2563\tปี 2564"
    )
    result = run(tmp_path, text)
    plan = Plan.objects.get()
    assert (plan.first_year, plan.last_year, plan.edition.code) == (2561, 2564, "2561-2564")
    assert titles() == ALL
    assert result["counts"]["2563"]["1"] == {"items": 2, "budget": "15000.00"}
    assert "2565" not in result["counts"]
