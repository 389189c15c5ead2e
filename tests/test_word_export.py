"""Word exports of a plan, a measure set and a report round: the same layout and the same
figures as the page and the PDF (built from the same selector contexts), the agency's digits,
landscape where the PDF is landscape, header rows repeated, every item present, Thai file
names with the B.E. year, and the same readers as the PDF (drafts only for the agency)."""

from __future__ import annotations

import io
from urllib.parse import unquote

import docx
import pytest
from django.urls import reverse

from agencies.access import SYSTEM
from agencies.models import User
from conftest import publish_through_chain, seed_path
from core import thai
from core.importing.service import document_import
from core.thai import format_money, to_arabic_digits
from measures.models import MeasureSet
from plans.models import Plan, PlanItem
from plans.selectors import plan_summary
from reports.models import ReportingRound
from tests.fixtures.annual_variants import text as annual_text

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(response) -> docx.document.Document:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == DOCX
    return docx.Document(io.BytesIO(response.content))


def _filename(response) -> str:
    return unquote(response["Content-Disposition"].split("filename*=utf-8''")[-1])


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _landscape(section) -> bool:
    return int(section.page_width or 0) > int(section.page_height or 0)


def _unmerged(row) -> bool:
    """A row whose first two cells are separate (not a heading merged across the table)."""
    return row.cells[0]._tc is not row.cells[1]._tc


def _import(path_or_bytes, name: str, code: str = "KRACHAI"):
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    return document_import(user=SYSTEM, data=data, filename=name, agency_code=code)


def _staff(agency) -> User:
    return User.objects.create_user("staff-w", password="x", agency=agency, role="staff")


def test_the_plan_in_word_has_the_pdfs_parts_figures_and_every_item(client):
    _import(seed_path("001"), "001.txt")
    plan = publish_through_chain(Plan.objects.get())
    response = client.get(reverse("plans:plan_docx", args=[plan.pk]))
    document = _docx(response)
    name = _filename(response)
    years = thai.digits("พ.ศ. 2566-2570", plan.agency.digit_style)  # the agency's digits
    assert name.endswith(".docx") and years in name and "อบต.กระจาย" in name

    # Portrait part 1, landscape part 2, portrait part 3 sheets, as in the PDF.
    orientations = [_landscape(s) for s in document.sections]
    assert orientations == [False, True, False]
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    for heading in ("ส่วนที่ ๑ บทนำ", "ส่วนที่ ๒ แผนปฏิบัติการป้องกันการทุจริต"):
        assert heading in headings
    assert document.styles["Normal"].font.name == "Sarabun"

    # The summary table's grand total is the page's (Thai digits, the agency's style).
    summary = plan_summary(plan)
    page = client.get(plan.get_stable_url(revision=True)).content.decode()
    grand = format_money(summary.grand_total.budget, "thai")
    assert grand in page
    summary_table = next(t for t in document.tables if t.rows[0].cells[0].text == "มิติ")
    last = [c.text for c in summary_table.rows[-1].cells]
    assert last[0] == "รวมทั้งสิ้น" and last[-1] == grand
    # Header rows repeat on every page.
    assert summary_table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")

    # Every item of the plan is in the items table, once.
    items_table = next(t for t in document.tables if t.rows[0].cells[0].text == "ลำดับ")
    titles = [row.cells[1].text for row in items_table.rows[1:]]
    for item in PlanItem.objects.filter(plan=plan):
        assert to_arabic_digits(item.title) in [to_arabic_digits(t) for t in titles]
    item_rows = [r for r in items_table.rows[1:] if _unmerged(r) and r.cells[0].text.strip()]
    assert len(item_rows) == PlanItem.objects.filter(plan=plan).count()


def test_a_draft_plan_in_word_is_for_its_agency_only(client):
    _import(seed_path("001"), "001.txt")
    plan = Plan.objects.get()
    url = reverse("plans:plan_docx", args=[plan.pk])
    assert client.get(url).status_code == 404
    client.force_login(_staff(plan.agency))
    assert "ฉบับร่าง ยังไม่เผยแพร่" in _all_text(_docx(client.get(url)))
    page = client.get(plan.get_absolute_url()).content.decode()
    assert url in page  # the link next to the PDF's


def test_the_measure_set_in_word_keeps_its_columns_and_measures(client):
    _import(seed_path("002"), "002.txt")
    measure_set = MeasureSet.objects.get()
    client.force_login(_staff(measure_set.agency))
    response = client.get(reverse("measures:set_docx", args=[measure_set.pk]))
    document = _docx(response)
    assert _filename(response).endswith(
        f"{measure_set.fiscal_year} {measure_set.agency.short_name}.docx"
    )
    assert _landscape(document.sections[-1])
    table = document.tables[-1]
    labels = [c.text for c in table.rows[0].cells]
    page = client.get(measure_set.get_absolute_url()).content.decode()
    for label in labels:
        assert label in page
    text = to_arabic_digits(_all_text(document))
    measures = list(measure_set.measures.all())
    assert len(table.rows) == len(measures) + 1
    for measure in measures:
        assert to_arabic_digits(measure.title)[:40] in text


def test_the_12_month_round_in_word_has_the_rows_and_totals_of_the_page(client):
    _import(seed_path("001"), "001.txt")
    _import(annual_text().encode(), "annual.txt")
    rnd = ReportingRound.objects.get()
    client.force_login(_staff(rnd.agency))
    response = client.get(reverse("reports:round_docx", args=[rnd.pk]))
    document = _docx(response)
    assert _filename(response) == thai.digits(
        "รายงานผล-12-เดือน-2567-อบต.กระจาย.docx", rnd.agency.digit_style
    )
    assert all(_landscape(s) for s in document.sections)
    text = _all_text(document)
    assert "โรงเรียนคุณธรรม" in text and "ศูนย์พัฒนาเด็กเล็ก ๓ แห่ง" in text
    summary_table = document.tables[0]
    total_row = [c.text for c in summary_table.rows[-1].cells]
    assert total_row[0] == "รวมทั้งสิ้น"
    assert total_row[1] == str(rnd.rows.count()).translate(
        str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    )
    assert total_row[-1] == "๙๔,๓๐๐" or total_row[-1] == format_money(
        sum(r.budget_used or 0 for r in rnd.rows.all()), "thai"
    )
    rows_table = document.tables[1]
    titled = [r for r in rows_table.rows[1:] if _unmerged(r) and r.cells[0].text.strip()]
    assert len(titled) == rnd.rows.filter(plan_item_year__isnull=False).count()
    page = client.get(rnd.get_absolute_url()).content.decode()
    assert reverse("reports:round_docx", args=[rnd.pk]) in page


def test_an_agency_writing_arabic_digits_gets_arabic_digits(client):
    _import(seed_path("001"), "001.txt")
    plan = publish_through_chain(Plan.objects.get())
    plan.agency.digit_style = "arabic"
    plan.agency.save()
    text = _all_text(_docx(client.get(reverse("plans:plan_docx", args=[plan.pk]))))
    assert not any("๐" <= ch <= "๙" for ch in text)
    assert "110,000" in text


def test_the_6_month_round_in_word_has_the_status_sub_columns_of_the_pdf(client):
    from pathlib import Path

    fixture = Path(__file__).resolve().parent / "fixtures" / "six_month_aligned_2567.txt"
    _import(fixture, "aligned.txt", code="NONGBUA")
    rnd = ReportingRound.objects.get()
    client.force_login(_staff(rnd.agency))
    document = _docx(client.get(reverse("reports:round_docx", args=[rnd.pk])))
    tables = [t for t in document.tables if "ประเด็นที่เป็นข้อบกพร่อง" in t.rows[0].cells[0].text]
    assert tables
    sub = [c.text for c in tables[0].rows[1].cells]
    assert "อยู่ระหว่างดำเนินการ" in sub and "ดำเนินการแล้ว" in sub
    # Each logical row's result sits under its own status, as on the page and in the PDF.
    done_col = sub.index("ดำเนินการแล้ว")
    progress_col = sub.index("อยู่ระหว่างดำเนินการ")
    by_issue = {r.cells[0].text: r for t in tables for r in t.rows[2:]}
    row = by_issue["ไม่มีทะเบียนคุมการใช้รถยนต์ส่วนกลาง"]
    assert row.cells[progress_col].text == "อยู่ระหว่างจัดพิมพ์ทะเบียนคุมการใช้รถ"
    assert row.cells[done_col].text == ""
    lines = sum(len(t.rows) - 2 for t in tables)
    assert lines == rnd.rows.filter(measure__isnull=False).count()
