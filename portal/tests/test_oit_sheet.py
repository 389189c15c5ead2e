"""The OIT link sheet (issue 16 item 1): per agency and ITA year, each item with the stable
URL that answers it or "ยังไม่เผยแพร่"; CSV and XLSX that read back the same; national counts."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from agencies.choices import PublicationStatus
from conftest import publish_through_chain
from measures.choices import MeasureSetKind
from measures.models import MeasureSet, OITItem
from plans.models import RiskRow
from reports.choices import RoundKind
from reports.services import round_open
from reports.tests.factories import measure_result, measure_set_2567, plan_2566_2570

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_it_seeds_the_oit_lists_of_2565_and_2566(db):
    def answered(year):
        items = OITItem.objects.filter(framework__fiscal_year=year).exclude(answered_by="")
        return dict(items.values_list("code", "answered_by"))

    assert answered(2565) == {
        "O36": "risk_assessment",
        "O37": "risk_management",
        "O39": "plan",
        "O40": "report_h1",
        "O41": "report_annual",
        "O42": "measures",
        "O43": "measures_report",
    }
    assert answered(2566) == {
        "O34": "risk_assessment",
        "O35": "risk_management",
        "O36": "plan",
        "O37": "report_h1",
        "O38": "report_annual",
        "O42": "measures",
        "O43": "measures_report",
    }
    # The items answered elsewhere keep the year's numbering whole.
    assert OITItem.objects.filter(framework__fiscal_year=2566, answered_by="").count() == 3


@pytest.fixture
def published(agency_a, alice, bob):
    """A's plan 2566–2570 with a risk table, the 6-month report of 2566, measures of 2566;
    no annual report of 2565 and no report on the measures."""
    plan = plan_2566_2570(agency_a, status=PublicationStatus.DRAFT)
    RiskRow.objects.create(plan=plan, step="การจัดซื้อจัดจ้าง", risks="ฮั้วประมูล", controls="ตรวจสอบ")
    publish_through_chain(plan)
    rnd = round_open(agency=agency_a, fiscal_year=2566, kind=RoundKind.H1, user=alice)
    publish_through_chain(rnd, submitter=alice, approver=bob)
    measure_set_2567(agency_a, year=2566)
    return plan


def test_it_links_each_item_to_its_stable_url_or_says_missing(client, published):
    response = client.get("/a/A001/oit/2566/")
    assert response.status_code == 200
    lines = {line.item.code: url for line, url in response.context["lines"]}
    assert lines == {
        "O34": HOST + "/a/A001/plan/2566-2570/#part1",
        "O35": HOST + "/a/A001/plan/2566-2570/#part1",
        "O36": HOST + "/a/A001/plan/2566-2570/",
        "O37": HOST + "/a/A001/reports/2566/6-month/",
        "O38": "",  # the 12-month report of 2565 was never published
        "O42": HOST + "/a/A001/measures/2566/",
        "O43": "",
    }
    body = response.content.decode()
    assert body.count("ยังไม่เผยแพร่") >= 2
    # Titles and what answers them in the agency's digits, as the rest of the sheet reads
    # (what the copy buttons give ITAS keeps the item's own text).
    shown = re.sub(r"<[^>]+>", " ", body)
    assert "ประจำปี รอบ ๖ เดือน" in shown and "รอบ 6 เดือน" not in shown
    assert 'data-copy="http://testserver/a/A001/plan/2566-2570/"' in body
    assert "/a/A001/plan/2566-2570/r1/" in body
    # Every link given out answers.
    for url in filter(None, lines.values()):
        assert client.get(url.removeprefix(HOST).split("#")[0]).status_code == 200


def test_results_recorded_in_the_measure_set_answer_the_measures_carried_out(client, published):
    measure = MeasureSet.objects.get(fiscal_year=2566).measures.get(order=1)
    measure_result(measure, summary="ดำเนินการแล้ว")
    lines = {line.item.code: url for line, url in client.get("/a/A001/oit/2566/").context["lines"]}
    assert lines["O43"] == HOST + "/a/A001/measures/2566/"
    # A report on the measures, once published, is the better answer.
    MeasureSet.objects.create(
        agency=published.agency,
        fiscal_year=2566,
        kind=MeasureSetKind.REPORT,
        status=PublicationStatus.PUBLISHED,
        title="รายงานการดำเนินการตามมาตรการ",
    )
    lines = {line.item.code: url for line, url in client.get("/a/A001/oit/2566/").context["lines"]}
    assert lines["O43"] == HOST + "/a/A001/measures/2566/results/"


def test_2565_uses_its_own_numbers(client, published):
    lines = {line.item.code: url for line, url in client.get("/a/A001/oit/2565/").context["lines"]}
    # The plan 2566–2570 does not cover 2565; nothing else of 2565 is published.
    assert set(lines) == {"O36", "O37", "O39", "O40", "O41", "O42", "O43"}
    assert set(lines.values()) == {""}
    assert client.get("/a/A001/oit/2570/").status_code == 404  # no list for that year
    assert client.get("/a/A001/oit/").status_code == 302


def test_the_csv_and_xlsx_read_back_as_the_page(client, published):
    response = client.get("/a/A001/oit/2566.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(_content(response).decode("utf-8-sig"))))
    assert rows[0] == ["ข้อ", "ชื่อข้อมูล", "เอกสารที่ตอบ", "URL", "URL ฉบับที่เผยแพร่"]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["O36"][3] == HOST + "/a/A001/plan/2566-2570/"
    assert by_code["O36"][4] == HOST + "/a/A001/plan/2566-2570/r1/"
    assert by_code["O38"][3:] == ["ยังไม่เผยแพร่", ""]
    assert by_code["O42"][1] == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"

    response = client.get("/a/A001/oit/2566.xlsx")
    book = load_workbook(io.BytesIO(_content(response)), read_only=True)
    sheet_rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert [r[0] for r in sheet_rows[1:]] == [r[0] for r in rows[1:]]
    assert [(r[3] or "") for r in sheet_rows[1:]] == [r[3] for r in rows[1:]]


def test_the_national_view_counts_agencies_that_can_answer(client, published, agency_b):
    response = client.get("/oit/2566/")
    assert response.status_code == 200
    totals = {item.code: n for item, n, _share in response.context["totals"]}
    assert totals == {"O34": 1, "O35": 1, "O36": 1, "O37": 1, "O38": 0, "O42": 1, "O43": 0}
    assert response.context["total_agencies"] == 2
    (row,) = response.context["rows"]
    assert (row.province.name, row.agencies, row.counts) == ("ยโสธร", 2, [1, 1, 1, 1, 0, 1, 0])
    assert client.get("/oit/").status_code == 302


def test_the_agency_page_links_its_oit_sheet(client, agency_a):
    assert "/a/A001/oit/" in client.get("/agencies/A001/").content.decode()


def test_the_demo_shows_an_oit_sheet_with_every_item_linked(client):
    from django.core.management import call_command

    from agencies.models import User

    printed = io.StringIO()
    call_command("demo_setup", stdout=printed, stderr=io.StringIO())
    # Every login the first run prints signs in (demo-000's used to exist only after a second).
    logins = re.findall(r"^  (\S+) / (\S+) ", printed.getvalue(), re.MULTILINE)
    assert len(logins) == 8 and ("staff000", "staff-demo") in logins
    for username, password in logins:
        assert User.objects.get(username=username).check_password(password), username
    response = client.get("/a/demo-001/oit/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    lines = response.context["lines"]
    assert response.context["year"] == 2567
    assert len(lines) == 7
    assert all(url for _line, url in lines), [line.item.code for line, url in lines if not url]
    for _line, url in lines:
        assert client.get(url.removeprefix(HOST).split("#")[0]).status_code == 200


def test_the_oit_pages_need_the_same_queries_for_many_agencies(client, published, province):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agencies.models import Agency

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    before = (count("/oit/2566/"), count("/a/A001/oit/2566/"))
    for i in range(15):
        agency = Agency.objects.create(
            code=f"X{i}",
            kind="sao",
            name=f"อบต.ทดสอบ{i}",
            short_name=f"ทดสอบ{i}",
            province=province,
        )
        measure_set_2567(agency, year=2566)
    assert (count("/oit/2566/"), count("/a/A001/oit/2566/")) == before
