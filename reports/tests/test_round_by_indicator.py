"""The official 6-month table of measures (instrument → indicator → issue | guideline |
responsible | result under the column of its status | note) on the round page, fed by the same
selector as the PDF."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string

from measures.models import Indicator
from reports.choices import RoundKind, RowStatus
from reports.selectors import RESULT_COLUMNS, measures_by_indicator, round_rows
from reports.services import report_row_update, round_open
from reports.tests.factories import measure_set_2567, plan_2566_2570
from reports.views import round_page_context

pytestmark = pytest.mark.django_db


def _indicator(number: int) -> Indicator:
    indicator = Indicator.objects.filter(number=number).order_by("-framework__fiscal_year").first()
    assert indicator is not None
    return indicator


@pytest.fixture
def rnd(agency_a, alice):
    """Measure 1 under indicator 9 (OIT), measure 2 under indicator 4 (IIT), measure 3 without
    an indicator; 2 is in progress, 3 deferred with a reason."""
    plan_2566_2570(agency_a)
    measure_set = measure_set_2567(agency_a, n=3)
    m1, m2, _m3 = measure_set.measures.order_by("order")
    m1.indicators.add(_indicator(9))
    m2.indicators.add(_indicator(4))
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    rows = {r.measure.order: r for r in rnd.rows.filter(measure__isnull=False) if r.measure}
    report_row_update(
        row=rows[2],
        data={"status": RowStatus.IN_PROGRESS, "done_text": "อยู่ระหว่างจัดทำประกาศเผยแพร่"},
        version=rows[2].version,
        user=alice,
    )
    report_row_update(
        row=rows[3],
        data={"status": RowStatus.DEFERRED, "status_reason": "รองบประมาณปีถัดไป"},
        version=rows[3].version,
        user=alice,
    )
    return rnd


def _section(html: str) -> str:
    return html.split('id="by-indicator"')[1].split("</section>")[0]


def _cell(section: str, text: str) -> str:
    """The data-column of the result cell holding `text`."""
    match = re.search(r'data-column="(\w+)"[^>]*>' + re.escape(text), section)
    assert match, text
    return match.group(1)


def test_it_shows_instruments_indicators_and_results_under_their_status(client_for, alice, rnd):
    html = client_for(alice).get(rnd.get_absolute_url()).content.decode()
    section = _section(html)
    assert "รูปแบบรายงาน ๖ เดือน (ตามตัวชี้วัด)" in html
    # Instruments in the order IIT, EIT, OIT, each with its indicators; measures without an
    # indicator last, under their ITA issue.
    iit = section.index("ด้าน IIT (แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน)")
    oit = section.index("ด้าน OIT (แบบวัดการเปิดเผยข้อมูลสาธารณะ)")
    assert iit < section.index("ตัวชี้วัดที่ ๔ ") < oit < section.index("ตัวชี้วัดที่ ๙ ")
    assert section.index("ตัวชี้วัดที่ ๙ ") < section.rindex("ด้านการใช้จ่ายงบประมาณ")
    for column in ("ประเด็นที่เป็นข้อบกพร่อง/จุดอ่อนจากการประเมิน", "ผู้รับผิดชอบ", "หมายเหตุ"):
        assert column in section
    assert _cell(section, "อยู่ระหว่างจัดทำประกาศเผยแพร่") == RowStatus.IN_PROGRESS
    # Deferred has no column of its own: it goes under ยังไม่ดำเนินการ, with its reason.
    assert _cell(section, "เลื่อนไปปีถัดไป: รองบประมาณปีถัดไป") == RowStatus.NOT_STARTED
    # Nothing written yet: a tick under the row's status column.
    assert _cell(section, "✓") == RowStatus.NOT_STARTED
    assert section.count("<tr data-row=") == 3
    # It scrolls sideways on a phone rather than squeezing seven columns.
    assert '<div class="table-responsive">' in section


def test_it_is_absent_from_a_round_without_measures(client_for, alice, agency_a):
    plan_2566_2570(agency_a)
    plain = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    response = client_for(alice).get(plain.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="by-indicator"' not in html and "ตามตัวชี้วัด" not in html


def test_the_page_and_the_pdf_print_the_same_table(alice, rnd):
    context = round_page_context(rnd, alice)
    groups = context["instrument_groups"]
    assert groups == measures_by_indicator(round_rows(rnd))
    assert [i.instrument for i in groups] == ["IIT", "OIT", ""]
    assert [line.column for inst in groups for g in inst.indicators for line in g.lines] == [
        RowStatus.IN_PROGRESS,
        RowStatus.NOT_STARTED,
        RowStatus.NOT_STARTED,
    ]
    context["title"] = "t"
    pdf_html = render_to_string("reports/pdf/round.html", context)
    assert "ด้าน IIT (แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน)" in pdf_html
    assert "เลื่อนไปปีถัดไป: รองบประมาณปีถัดไป" in pdf_html
    assert [v for v, _label in context["result_columns"]] == list(RESULT_COLUMNS)
