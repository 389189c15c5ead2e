"""The round and calendar PDFs: valid A4 landscape files whose text layer holds the Thai of
the page (plan projects by dimension, the summary, the by-indicator table of measures)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from django.urls import reverse
from pypdf import PageObject, PdfReader

from measures.models import Indicator
from reports.choices import RoundKind, RowStatus
from reports.services import report_row_update, round_open
from reports.tests.factories import measure_set_2567, plan_2566_2570

pytestmark = pytest.mark.django_db

A4_SHORT, A4_LONG = 595, 842  # points


@pytest.fixture
def rnd(agency_a, alice):
    plan_2566_2570(agency_a)
    measure_set = measure_set_2567(agency_a)
    indicator = Indicator.objects.filter(number=9).order_by("-framework__fiscal_year").first()
    if indicator is not None:
        for measure in measure_set.measures.all():
            measure.indicators.add(indicator)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    rows = list(rnd.rows.order_by("order"))
    report_row_update(
        row=rows[0],
        data={"status": RowStatus.DONE, "done_text": "อบรมแล้ว ๒ รุ่น", "budget_used": "๑๒,๕๐๐"},
        version=1,
        user=alice,
    )
    report_row_update(
        row=rows[-1],
        data={"status": RowStatus.IN_PROGRESS, "done_text": "อยู่ระหว่างจัดทำประกาศเผยแพร่"},
        version=rows[-1].version,
        user=alice,
    )
    return rnd


def _pdf_pages(response) -> Sequence[PageObject]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data.startswith(b"%PDF")
    return PdfReader(io.BytesIO(data)).pages


def test_it_renders_the_round_in_the_official_layout(client_for, alice, rnd):
    pages = _pdf_pages(client_for(alice).get(rnd.get_pdf_url()))
    for page in pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
            A4_LONG,
            A4_SHORT,
        )
    text = "\n".join(page.extract_text() for page in pages)
    assert "รายงานผลการดำเนินการ รอบ ๖ เดือน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗" in text
    assert "องค์การบริหารส่วนตำบลกระจาย" in text
    assert "สรุปผลการดำเนินงานแยกตามมิติ" in text
    assert "มิติที่ ๑ การสร้างวัฒนธรรมสุจริต" in text
    assert "โครงการอบรมคุณธรรมจริยธรรม" in text
    assert "๒๐,๐๐๐" in text and "๑๒,๕๐๐" in text
    assert "อบรมแล้ว ๒ รุ่น" in text
    # The measures in the 6-month by-indicator table, with its three result columns. Cells
    # wrap, and Thai has no spaces between words: compare with the line breaks removed.
    joined = text.replace("\n", "")
    assert "ประเด็นที่เป็นข้อบกพร่อง/จุดอ่อนจากการประเมิน" in joined
    for column in ("อยู่ระหว่างดำเนินการ", "ดำเนินการแล้ว", "ยังไม่ดำเนินการ"):
        assert column in joined
    assert "อยู่ระหว่างจัดทำประกาศเผยแพร่" in joined
    assert "ฉบับร่าง" in text


def test_it_puts_the_result_in_the_column_of_its_status(alice, rnd):
    from django.template.loader import render_to_string

    from reports.views import round_page_context

    context = round_page_context(rnd, alice)
    context["title"] = "t"
    html = render_to_string("reports/pdf/round.html", context)
    table = html.split('class="by-indicator"')[-1]
    row = table.split("อยู่ระหว่างจัดทำประกาศเผยแพร่")[0].rsplit("<tr>", 1)[1]
    # Issue, guideline and responsible come first, then the in-progress column.
    assert row.count('<td class="result">') == 1


def test_it_renders_the_calendar_pdf(client_for, alice, agency_a, rnd):
    url = reverse("reports:agency_reports_pdf", args=[agency_a.code])
    pages = _pdf_pages(client_for(alice).get(url))
    text = "\n".join(page.extract_text() for page in pages)
    assert "ปฏิทินการรายงานผลการดำเนินงาน" in text
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๗" in text
    assert "เกินกำหนด" in text


def test_it_gives_anonymous_only_published_rounds(client_for, rnd):
    assert client_for(None).get(rnd.get_pdf_url()).status_code == 404
