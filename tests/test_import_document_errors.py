"""Bad files through the real import_document command: a one-line reason, nothing written.

Every case runs the command on a file made from seed 001 (or from nothing) and then checks
that no plan, item, source document or agency exists.
"""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from agencies.access import SYSTEM
from agencies.models import Agency, SourceDocument
from conftest import seed_path
from plans.models import Plan, PlanItem, PlanItemYear, ProjectSheet

pytestmark = pytest.mark.django_db
CODE = "T-BAD"


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return seed_path("001").read_text(encoding="utf-8").split("\n")


def write(tmp_path: Path, content: str | bytes, name: str = "plan.txt") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def rejected(path: Path) -> str:
    """Run the command, expect a rejection, check nothing was written; return the reason."""
    with pytest.raises(CommandError) as info:
        call_command("import_document", str(path), "--agency-code", CODE, "--json")
    message = str(info.value)
    assert "\n" not in message
    assert not Plan.objects.exists()
    assert not PlanItem.objects.exists()
    assert not PlanItemYear.objects.exists()
    assert not ProjectSheet.objects.exists()
    assert not SourceDocument.objects.exists()
    assert not Agency.objects.filter(code=CODE).exists()
    return message


def test_it_rejects_an_empty_file(tmp_path):
    assert "ไฟล์ว่าง" in rejected(write(tmp_path, ""))
    assert "ไฟล์ว่าง" in rejected(write(tmp_path, "\n\n  \n", "blank.txt"))


def test_it_rejects_a_binary_file(tmp_path):
    data = b"%PDF-1.7\n" + bytes(range(256)) * 40
    assert "binary" in rejected(write(tmp_path, data, "plan.pdf"))


def test_it_rejects_text_that_is_neither_utf8_nor_thai(tmp_path):
    data = "Plan d'action contre la corruption, été 2566".encode("latin-1")
    message = rejected(write(tmp_path, data))
    assert "UTF-8" in message and "บันทึกไฟล์ใหม่เป็น UTF-8" in message


def test_it_reads_a_text_file_of_a_thai_windows(tmp_path):
    """Notepad's "ANSI" on a Thai Windows is cp874 (TIS-620): read as the same text."""
    from core.importing.source import read_source

    text = seed_path("004").read_text(encoding="utf-8")
    legacy = read_source(text.encode("cp874"), "measures.txt")
    assert legacy.encoding == "cp874"
    assert legacy.text == read_source(text.encode("utf-8"), "measures.txt").text
    # And through the real command it imports, with the file's text as UTF-8 would give it.
    out = StringIO()
    path = write(tmp_path, text.encode("cp874"), "measures.txt")
    call_command("import_document", str(path), "--agency-code", CODE, stdout=out)
    assert SourceDocument.objects.get(agency__code=CODE).filename == "measures.txt"


def test_it_rejects_an_unknown_layout(tmp_path):
    message = rejected(write(tmp_path, "รายงานการประชุม\nวาระที่ ๑ เรื่องแจ้งเพื่อทราบ\n"))
    assert "ไม่รู้จักรูปแบบเอกสาร" in message


def test_it_rejects_the_first_40_percent_of_the_plan(tmp_path):
    text = seed_path("001").read_text(encoding="utf-8")
    message = rejected(write(tmp_path, text[: int(len(text) * 0.4)]))
    assert "ไม่พบตารางโครงการรายปี" in message


def test_it_rejects_the_first_40_percent_of_the_bytes(tmp_path):
    data = seed_path("001").read_bytes()
    # A byte cut may split a Thai character: that is a reason too.
    assert rejected(write(tmp_path, data[: int(len(data) * 0.4)]))


def test_it_rejects_an_annex_cut_before_its_last_total(tmp_path, seed_lines):
    last_total = max(i for i, line in enumerate(seed_lines) if "รวมทั้งสิ้น\t" in line)
    message = rejected(write(tmp_path, "\n".join(seed_lines[: last_total - 8])))
    assert "พ.ศ. 2570 ไม่มีแถวรวมทั้งสิ้น" in message
    assert message.split(": ")[1].startswith("บรรทัด ")


def test_it_rejects_an_annex_missing_its_last_years(tmp_path, seed_lines):
    cut = next(i for i, line in enumerate(seed_lines) if line.strip() == "พ.ศ. ๒๕๖๙")
    message = rejected(write(tmp_path, "\n".join(seed_lines[:cut])))
    assert "ไม่พบตารางโครงการของปี 2569, 2570" in message


def test_it_rejects_a_row_cut_in_the_middle(tmp_path, seed_lines):
    last_row = max(i for i, line in enumerate(seed_lines) if line.startswith("44\t"))
    text = "\n".join(seed_lines[:last_row]) + "\n44\t" + seed_lines[last_row].split("\t")[1]
    message = rejected(write(tmp_path, text))
    assert f"บรรทัด {last_row + 1}: แถวมี 2 ช่อง" in message


def test_it_rejects_a_non_numeric_budget_with_its_line(tmp_path, seed_lines):
    row = next(i for i, line in enumerate(seed_lines) if "\t20,000.00\t" in line)
    lines = list(seed_lines)
    lines[row] = lines[row].replace("\t20,000.00\t", "\t20,0x0.00\t")
    message = rejected(write(tmp_path, "\n".join(lines)))
    assert f'บรรทัด {row + 1}: งบประมาณ "20,0x0.00" ไม่ใช่ตัวเลข' in message


def test_it_rejects_a_non_numeric_dimension_with_its_line(tmp_path, seed_lines):
    row = next(i for i, line in enumerate(seed_lines) if line.startswith("1\tมาตรการ"))
    cells = seed_lines[row].split("\t")
    cells[2] = "หนึ่ง"
    lines = list(seed_lines)
    lines[row] = "\t".join(cells)
    assert f'บรรทัด {row + 1}: มิติ "หนึ่ง"' in rejected(write(tmp_path, "\n".join(lines)))


def test_it_exits_non_zero_with_the_reason(tmp_path):
    path = write(tmp_path, "")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    done = subprocess.run(
        [sys.executable, "manage.py", "import_document", str(path)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "plan.txt: ไฟล์ว่าง (empty file)" in done.stderr


def test_it_refuses_to_replace_a_plan_whose_items_progress_reports_use(db, alice):
    """A re-import would delete items that report rows point at: refused, nothing changed."""
    from reports.choices import RoundKind
    from reports.models import ReportRow
    from reports.services import round_open

    call_command(
        "import_document", str(seed_path("001")), "--agency-code", "A001", stdout=StringIO()
    )
    plan = Plan.objects.get(agency__code="A001")
    round_open(agency=plan.agency, fiscal_year=2567, kind=RoundKind.Q1, user=SYSTEM)
    items_before = set(plan.items.values_list("pk", flat=True))
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_document", str(seed_path("001")), "--agency-code", "A001", stdout=StringIO()
        )
    assert "รายงานผลการดำเนินงาน" in str(caught.value)
    assert set(plan.items.values_list("pk", flat=True)) == items_before
    assert ReportRow.objects.filter(plan_item_year__item__plan=plan).count() == 44


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("ไฟล์ว่าง (empty file)", "ไฟล์ว่าง"),
        ("บรรทัด 3: ไฟล์ไม่ใช่ข้อความ มีอักขระ NUL (binary file)", "บรรทัด 3: ไฟล์ไม่ใช่ข้อความ มีอักขระ NUL"),
        ("ไม่พบส่วนที่ 2 (found: no part 2 heading)", "ไม่พบส่วนที่ 2"),
        # Not glosses: Thai inside, a code, an acronym and a year, or no Thai left at all.
        ("ไฟล์ใหญ่เกินกำหนด (ไม่เกิน 5 MB)", "ไฟล์ใหญ่เกินกำหนด (ไม่เกิน 5 MB)"),
        ("หน่วยงานรหัส (A001)", "หน่วยงานรหัส (A001)"),
        ("คะแนน (ITA 2567)", "คะแนน (ITA 2567)"),
        ("empty (empty file)", "empty (empty file)"),
    ],
)
def test_the_browser_shows_a_message_without_its_english_gloss(message, shown):
    from core.importing.base import without_gloss

    assert without_gloss(message) == shown
