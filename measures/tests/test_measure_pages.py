"""The measures pages: each document's table in its own column order, clean cell HTML, the
memo in the บันทึกข้อความ layout, the ITA page with its chart, and the agency's list."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from agencies.access import SYSTEM
from agencies.choices import PublicationStatus
from conftest import publish_through_chain
from measures.services import ita_result_record
from measures.tests.factories import seed_set, set_with_measure

pytestmark = pytest.mark.django_db


def _headers(html: str) -> list[str]:
    thead = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    return [
        " ".join(re.sub(r"<[^>]+>", "", h).split())
        for h in re.findall(r"<th[^>]*>(.*?)</th>", thead, re.S)
    ]


def test_it_draws_000_and_002_with_their_own_column_order(client):
    set_000 = seed_set("000", "demo-000")
    set_002 = seed_set("002", "demo-002")
    html_000 = client.get(set_000.get_stable_url(revision=True)).content.decode()
    html_002 = client.get(set_002.get_stable_url(revision=True)).content.decode()
    assert _headers(html_000) == [
        "มาตรการ/แนวทาง",
        "วิธีดำเนินการ",
        "ผู้รับผิดชอบ",
        "ระยะเวลาดำเนินการ",
        "สรุปผลการดำเนินการตามมาตรการ",
        "ผลลัพธ์หรือความสำเร็จของการดำเนินการ",
    ]
    # 002 prints the period before the responsible units.
    assert _headers(html_002) == [
        "มาตรการ โครงการ หรือกิจกรรม",
        "วิธีดำเนินการ",
        "ระยะเวลา ดำเนินการ",
        "ผู้รับผิดชอบ",
        "ผลการดำเนินการ",
        "ผลลัพธ์หรือความสำเร็จของการ ดำเนินการ",
    ]


def test_it_shows_the_measures_with_steps_results_and_links(client):
    measure_set = seed_set("000", "demo-000")
    response = client.get(measure_set.get_stable_url(revision=True))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ด้านการใช้จ่ายงบประมาณ" in html
    assert "การเผยแพร่แผนการใช้จ่ายเงินของหน่วยงานให้ทราบ" in html
    assert "๑. จัดทำแผนการใช้จ่ายงบประมาณประจำปี" in html  # steps numbered in Thai digits
    assert "๑ ต.ค.๖๖ - ๓๐ ก.ย. ๖๗" in html
    assert 'href="http://www.pakchong.go.th' in html or 'href="https://www.pakchong.go.th' in html


def test_it_never_lets_script_handlers_or_javascript_urls_reach_the_page(client, agency_a):
    measure_set, _measure = set_with_measure(
        agency_a,
        status=PublicationStatus.PUBLISHED,
        title_html='มาตรการ<script>alert("x")</script> <a href="javascript:alert(1)">ลิงก์</a>',
        steps=['ประกาศ <img src=x onerror="alert(2)">', '<a href="https://example.go.th/">เว็บ</a>'],
        responsible_units="สำนักปลัด<script>alert(3)</script>",
        results={"annual": {"summary": '<p onclick="alert(4)">ทำแล้ว</p>', "outcome": "<b>ดี</b>"}},
    )
    html = client.get(measure_set.get_stable_url(revision=True)).content.decode()
    table = html.split("<table", 1)[1]
    assert "<script" not in table
    assert "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert 'href="https://example.go.th/"' in html  # links stay links
    assert "<b>ดี</b>" in html


def test_it_shows_a_chosen_result_period(client, agency_a):
    measure_set, measure = set_with_measure(agency_a, status=PublicationStatus.PUBLISHED)
    from measures.services import measure_result_record

    measure_result_record(user=SYSTEM, measure=measure, period="m6", summary="ผลรอบหกเดือน")
    html = client.get(measure_set.get_stable_url(revision=True) + "?period=m6").content.decode()
    assert "ผลรอบหกเดือน" in html and "ดำเนินการแล้ว" not in html.split("<tbody>", 1)[1]
    html = client.get(measure_set.get_stable_url(revision=True)).content.decode()
    assert "ดำเนินการแล้ว" in html  # the annual result is the default (the latest period)


def test_it_lays_out_the_004_memo_as_a_buntuek_kho_khwam(client):
    measure_set = seed_set("004", "demo-004")
    memo = measure_set.memo
    assert memo is not None
    html = client.get(reverse("measures:memo_detail", args=[memo.pk])).content.decode()
    for text in (
        "บันทึกข้อความ",
        "ส่วนราชการ",
        "สำนักปลัด องค์การบริหารส่วนตำบลหนองป่าก่อ",
        "วันที่</b> ๕ ตุลาคม ๒๕๖๔",
        "เรื่อง",
        "เรียน",
        "จึงเรียนมาเพื่อโปรดทราบ",
        "ความเห็นของรองปลัดองค์การบริหารส่วนตำบล",
        "เพื่อไปติดตาม เฝ้าระวังความคืบหน้าหรือผลต่อไป",
        "(ลงชื่อ)",
        "(นางสาวนันทนา ธรรมวัง)",
        "นักวิเคราะห์นโยบายและแผนปฏิบัติการ",
    ):
        assert text in html, text
    assert html.count("(ลงชื่อ)") == 5  # every signer of the chain
    assert html.count('class="memo-para"') == 3
    # The set's page links to its memo.
    set_html = client.get(measure_set.get_stable_url(revision=True)).content.decode()
    assert reverse("measures:memo_detail", args=[memo.pk]) in set_html


def test_it_draws_the_ita_history_as_an_svg_chart_with_grades_and_the_target(client):
    seed_set("004", "demo-004")
    from agencies.models import Agency

    agency = Agency.objects.get(code="demo-004")
    publish_through_chain(
        ita_result_record(user=SYSTEM, agency=agency, fiscal_year=2565, total="82.50")
    )
    publish_through_chain(
        ita_result_record(
            user=SYSTEM,
            agency=agency,
            fiscal_year=2566,
            total="88.12",
            iit="92",
            eit="86",
            oit="84",
        )
    )
    html = client.get(reverse("measures:agency_ita", args=["demo-004"])).content.decode()
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "๒๕๖๔" in svg and "๒๕๖๕" in svg and "๒๕๖๖" in svg  # years on x
    assert "๗๔.๓๖ (C)" in svg and "๘๒.๕๐ (B)" in svg and "(ผ่าน)" in svg  # grade labels
    assert "เป้าหมาย ๘๕" in svg and "stroke-dasharray" in svg  # the national target
    assert "๑๐๐" in svg and ">๐<" in svg  # the 0-100 axis
    # Which scheme graded each year, with its note.
    assert "ระดับตัวอักษร" in html and "ผ่านดีเยี่ยม" in html
    assert "copies" in html or "เอกสารที่หน่วยงาน" in html


def test_it_lists_the_agencys_sets_and_hides_drafts_from_the_public(client_for, agency_a, alice):
    draft, _m = set_with_measure(agency_a)
    url = reverse("measures:agency_measures", args=[agency_a.code])
    assert draft.get_absolute_url() not in client_for(None).get(url).content.decode()
    html = client_for(alice).get(url).content.decode()
    assert draft.get_absolute_url() in html and "สร้างชุดมาตรการ" in html


def test_it_links_the_ita_and_measures_pages_from_the_agency_page(client, agency_a):
    html = client.get(agency_a.get_absolute_url()).content.decode()
    assert reverse("measures:agency_ita", args=[agency_a.code]) in html
    assert reverse("measures:agency_measures", args=[agency_a.code]) in html


def test_it_draws_a_set_page_in_a_fixed_number_of_queries(
    client, agency_a, django_assert_max_num_queries
):
    from measures.services import measure_create

    measure_set, _m = set_with_measure(agency_a, status=PublicationStatus.PUBLISHED)
    for n in range(15):
        measure_create(
            user=SYSTEM,
            measure_set=measure_set,
            title_html=f"มาตรการที่ {n}",
            steps=["ก", "ข", "ค"],
            results={"annual": {"summary": "ทำแล้ว"}, "m6": {"summary": "กำลังทำ"}},
        )
    # Session, set, measures, steps, results, indicators, plan items, updated_by...: not per row.
    with django_assert_max_num_queries(12):
        assert client.get(measure_set.get_stable_url(revision=True)).status_code == 200
