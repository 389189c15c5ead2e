"""Staff keep their agency's five-year plan up to date in the browser: an item's fields and
its years (Thai digits), new items, deletion, the part-1 texts, publishing, concurrent edits,
the permission matrix of every edit URL and the audit log."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from pypdf import PdfReader

from agencies import workflow
from agencies.choices import PublicationStatus
from conftest import moved_for_good
from plans.models import Dimension, Plan, PlanItem, PlanItemYear, ProjectSheet
from plans.services import plan_item_update
from plans.tests.factories import item_create, plan_create
from reports.choices import RoundKind
from reports.services import round_open

pytestmark = pytest.mark.django_db


def plan_request(plan):
    request = workflow.open_request(plan)
    assert request is not None
    return request


@pytest.fixture
def plan(agency_a):
    # Staff edit drafts: a published plan is frozen (see test_lifecycle.py for amendments).
    plan = plan_create(agency_a, status=PublicationStatus.DRAFT)
    item_create(
        plan,
        title="โครงการอบรมคุณธรรมจริยธรรม",
        budgets={2566: Decimal(20000), 2567: Decimal(20000)},
    )
    return plan


@pytest.fixture
def item(plan):
    return plan.items.get()


def _dims(plan) -> dict[str, Dimension]:
    return {d.number: d for d in Dimension.objects.filter(edition=plan.edition)}


def _form_data(item, **overrides) -> dict:
    """What the edit form posts for `item` as it is stored, with `overrides`."""
    data = {
        "kind": item.kind,
        "number": item.number,
        "title": item.title,
        "dimension": item.dimension_id,
        "subdimension": item.subdimension_id or "",
        "responsible_unit": item.responsible_unit,
        "note": item.note,
        "version": item.version,
    }
    for row in item.years.all():
        data[f"y{row.year}_in"] = "on"
        data[f"y{row.year}_budget"] = str(row.budget or "")
        if row.no_budget:
            data[f"y{row.year}_no_budget"] = "on"
        for n in row.quarters:
            data[f"y{row.year}_q{n}"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _pdf_text(client, plan) -> str:
    response = client.get(plan.get_pdf_url())
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_it_saves_a_budget_typed_in_thai_digits_on_the_page_and_a_fresh_pdf(
    client_for, plan, item, alice
):
    client = client_for(alice)
    assert "๒๐,๐๐๐" in _pdf_text(client, plan)  # cached now: the edit must not serve it again
    response = client.post(
        reverse("plans:item_edit", args=[item.pk]), _form_data(item, y2567_budget="๔๕,๐๐๐")
    )
    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    assert PlanItemYear.objects.get(item=item, year=2567).budget == Decimal(45000)
    assert PlanItemYear.objects.get(item=item, year=2566).budget == Decimal(20000)

    page = client.get(response["Location"]).content.decode()
    assert "บันทึกการแก้ไขโครงการแล้ว" in page
    summary = client.get(plan.get_absolute_url()).content.decode()
    summary = summary.split('id="summary"')[1].split('id="items"')[0]
    assert "๔๕,๐๐๐" in summary
    text = _pdf_text(client, plan)
    assert "๔๕,๐๐๐" in text


def test_it_reads_arabic_digits_commas_and_no_budget(client_for, plan, item, alice):
    # "No budget" is the year's own checkbox; "-" in the amount means what it means in every
    # form (core.thai.NO_AMOUNT_MARKS): no amount given, not "no budget".
    client = client_for(alice)
    data = _form_data(item, y2566_budget="20,000.50", y2567_budget="", y2567_no_budget="on")
    data.update({"y2568_in": "on", "y2568_budget": "-", "y2568_q3": "on"})
    assert client.post(reverse("plans:item_edit", args=[item.pk]), data).status_code == 302
    years = {y.year: y for y in item.years.all()}
    assert years[2566].budget == Decimal("20000.50") and not years[2566].no_budget
    assert years[2567].budget is None and years[2567].no_budget
    assert years[2568].budget is None and not years[2568].no_budget
    assert years[2568].quarters == [3]
    assert set(years) == {2566, 2567, 2568}
    page = client.get(reverse("plans:item_edit", args=[item.pk])).content.decode()
    assert 'name="y2567_no_budget" id="id_y2567_no_budget" checked' in page
    assert "ไม่มี/ไม่ระบุ" in page  # the meaning of "-" is shown


def test_it_refuses_an_amount_together_with_no_budget(client_for, plan, item, alice):
    data = _form_data(item, y2567_budget="๕,๐๐๐", y2567_no_budget="on")
    response = client_for(alice).post(reverse("plans:item_edit", args=[item.pk]), data)
    assert response.status_code == 200
    assert "กรุณาเลือกอย่างใดอย่างหนึ่ง" in response.content.decode()
    assert PlanItemYear.objects.get(item=item, year=2567).budget == Decimal(20000)


def test_it_shows_a_thai_error_for_a_bad_amount_and_keeps_what_was_typed(
    client_for, plan, item, alice
):
    client = client_for(alice)
    response = client.post(
        reverse("plans:item_edit", args=[item.pk]),
        _form_data(item, title="โครงการอบรมคุณธรรม (แก้ชื่อ)", y2567_budget="๔๕,๐x๐"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "อ่านจำนวนเงินไม่ได้" in html
    assert "โครงการอบรมคุณธรรม (แก้ชื่อ)" in html
    assert 'value="๔๕,๐x๐"' in html
    item.refresh_from_db()
    assert item.title == "โครงการอบรมคุณธรรมจริยธรรม"
    assert PlanItemYear.objects.get(item=item, year=2567).budget == Decimal(20000)


def test_it_shows_the_other_persons_values_on_a_stale_save(client_for, plan, item, alice, bob):
    opened_at = item.version
    # bob saves first, through the same service the page uses.
    plan_item_update(
        item=item,
        user=bob,
        version=item.version,
        title="โครงการของบ็อบ",
        years={2566: (Decimal(20000), False, {1, 2}), 2567: (Decimal(99000), False, {1})},
    )
    client = client_for(alice)
    response = client.post(
        reverse("plans:item_edit", args=[item.pk]),
        _form_data(item, title="โครงการของอลิส", y2567_budget="๔๕,๐๐๐", version=opened_at),
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "มีผู้อื่นแก้ไขโครงการนี้แล้ว" in html
    assert "โครงการของบ็อบ" in html and "โครงการของอลิส" in html
    assert "๙๙,๐๐๐" in html
    item.refresh_from_db()
    assert item.title == "โครงการของบ็อบ"
    # The form now carries the stored version: saving again (after reading) is accepted.
    assert f'name="version" value="{item.version}"' in html
    again = client.post(
        reverse("plans:item_edit", args=[item.pk]),
        _form_data(item, title="โครงการของอลิส", y2567_budget="๔๕,๐๐๐"),
    )
    assert again.status_code == 302
    item.refresh_from_db()
    assert item.title == "โครงการของอลิส"


def test_it_refuses_a_subdimension_of_another_dimension(client_for, plan, item, alice):
    dims = _dims(plan)
    response = client_for(alice).post(
        reverse("plans:item_edit", args=[item.pk]),
        _form_data(item, dimension=dims["1"].pk, subdimension=dims["2.1"].pk),
    )
    assert response.status_code == 200
    assert "ภารกิจตามมิติที่เลือกไม่ได้อยู่ภายใต้มิติที่ 1" in response.content.decode()
    item.refresh_from_db()
    assert item.subdimension.number == "1.1"


def test_it_adds_an_item_to_a_plan(client_for, plan, alice):
    dims = _dims(plan)
    data = {
        "kind": "activity",
        "number": "๒.๑.๓",
        "title": "กิจกรรมเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง",
        "dimension": dims["2"].pk,
        "subdimension": dims["2.1"].pk,
        "responsible_unit": "กองคลัง",
        "y2567_in": "on",
        "y2567_budget": "๑๒,๕๐๐",
        "y2567_q2": "on",
        "y2569_in": "on",
        "y2569_budget": "",
    }
    response = client_for(alice).post(reverse("plans:item_add", args=[plan.pk]), data)
    assert response.status_code == 302
    new = PlanItem.objects.get(title="กิจกรรมเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง")
    assert response["Location"] == new.get_absolute_url()
    assert new.plan == plan and new.subdimension == dims["2.1"]
    assert {y.year: y.budget for y in new.years.all()} == {2567: Decimal(12500), 2569: None}


def test_it_asks_to_tick_the_year_when_a_budget_is_typed_for_a_year_not_in_the_plan(
    client_for, plan, item, alice
):
    response = client_for(alice).post(
        reverse("plans:item_edit", args=[item.pk]), _form_data(item, y2570_budget="๕,๐๐๐")
    )
    assert response.status_code == 200
    assert "กรุณาเลือก “อยู่ในแผนปีนี้”" in response.content.decode()
    assert not item.years.filter(year=2570).exists()


def test_it_removes_a_year_left_unticked(client_for, plan, item, alice):
    data = _form_data(item)
    for key in [k for k in data if k.startswith("y2566_")]:
        del data[key]
    assert (
        client_for(alice).post(reverse("plans:item_edit", args=[item.pk]), data).status_code == 302
    )
    assert sorted(item.years.values_list("year", flat=True)) == [2567]


def test_it_deletes_an_item_after_confirmation(client_for, plan, item, alice):
    # Its detail sheet (part 3) goes with it: a sheet of no item could not be reached again.
    ProjectSheet.objects.create(plan=plan, item=item, order=1, title=item.title)
    client = client_for(alice)
    url = reverse("plans:item_delete", args=[item.pk])
    confirm = client.get(url)
    page = confirm.content.decode()
    assert confirm.status_code == 200 and "ลบโครงการนี้" not in page
    assert "รายละเอียดโครงการ (ส่วนที่ ๓) ๑ รายการ จะถูกลบไปด้วย" in page
    assert PlanItem.objects.filter(pk=item.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not PlanItem.objects.filter(pk=item.pk).exists()
    assert not ProjectSheet.objects.filter(plan=plan).exists()


def test_it_refuses_to_delete_an_item_a_progress_report_uses(client_for, plan, item, alice):
    round_open(agency=plan.agency, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    client = client_for(alice)
    url = reverse("plans:item_delete", args=[item.pk])
    assert "จึงลบไม่ได้" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "ลบโครงการนี้ไม่ได้ เพราะมีรายงานผลการดำเนินงานอ้างถึงโครงการนี้อยู่" in (response.content.decode())
    assert PlanItem.objects.filter(pk=item.pk).exists()
    # Taking the reported year out of the plan is refused the same way.
    data = _form_data(item)
    for key in [k for k in data if k.startswith("y2567_")]:
        del data[key]
    edit = client.post(reverse("plans:item_edit", args=[item.pk]), data)
    assert "นำปี ๒๕๖๗ ออกจากแผนของโครงการนี้ไม่ได้" in edit.content.decode()  # agency A: Thai
    assert item.years.filter(year=2567).exists()


def test_it_edits_the_part_one_texts(client_for, plan, alice):
    client = client_for(alice)
    url = reverse("plans:plan_edit", args=[plan.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "แผนปฏิบัติการป้องกันการทุจริต (ฉบับทบทวน)",
            "rationale": "หลักการใหม่",
            "objectives": "๑. เพื่อป้องกันการทุจริต",
            "benefits": "",
            "version": plan.version,
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "แผนปฏิบัติการป้องกันการทุจริต (ฉบับทบทวน)"
    assert plan.rationale == "หลักการใหม่" and plan.benefits == ""
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "บันทึกการแก้ไขแผนแล้ว" in page and "หลักการใหม่" in page


def test_staff_cannot_publish_a_plan_alone(client_for, plan, alice, bob):
    # The bypass of issue 11: staff published with one click. Now a plan is proposed, the
    # chain approves it (not the proposer), and only then is it published.
    assert (
        client_for(alice).post(reverse("agencies:publish", args=["plan", plan.pk])).status_code
        == 302
    )
    plan.refresh_from_db()
    assert plan.status == PublicationStatus.DRAFT
    # Projects without a part-3 sheet are asked about first (plans/checks.py) ...
    asked = client_for(alice).post(reverse("agencies:submit", args=["plan", plan.pk]))
    assert "ยังไม่มีรายละเอียดโครงการ (ส่วนที่ ๓)" in asked.content.decode()
    plan.refresh_from_db()
    assert plan.status == PublicationStatus.DRAFT
    # ... and proposed once confirmed.
    client_for(alice).post(reverse("agencies:submit", args=["plan", plan.pk]), {"confirm": "1"})
    plan.refresh_from_db()
    assert plan.status == PublicationStatus.SUBMITTED
    assert client_for(None).get(plan.get_absolute_url()).status_code == 404
    request = plan_request(plan)
    # The proposer may not approve their own proposal, even as an approver (four eyes).
    assert (
        client_for(alice)
        .post(reverse("agencies:approve", args=[request.pk]), {"step": 1})
        .status_code
        == 403
    )
    client_for(bob).post(
        reverse("agencies:approve", args=[request.pk]), {"step": 1, "opinion": "อนุมัติ"}
    )
    plan.refresh_from_db()
    assert plan.status == PublicationStatus.APPROVED
    client_for(alice).post(reverse("agencies:publish", args=["plan", plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PublicationStatus.PUBLISHED
    public = client_for(None)
    stable = plan.get_stable_url(revision=True)
    assert moved_for_good(public, plan.get_absolute_url(), stable).status_code == 200


def test_it_shows_edit_buttons_only_to_those_who_may_edit(client_for, plan, item, alice, dave):
    edit_url = reverse("plans:item_edit", args=[item.pk])
    assert edit_url in client_for(alice).get(item.get_absolute_url()).content.decode()
    assert edit_url in client_for(alice).get(plan.get_absolute_url()).content.decode()
    for user in (dave, None):
        assert edit_url not in client_for(user).get(item.get_absolute_url()).content.decode()
        page = client_for(user).get(plan.get_absolute_url()).content.decode()
        assert edit_url not in page and "เพิ่มโครงการ" not in page


def _edit_urls(plan, item) -> list[tuple[str, str]]:
    return [
        ("get", reverse("plans:item_edit", args=[item.pk])),
        ("post", reverse("plans:item_edit", args=[item.pk])),
        ("get", reverse("plans:item_add", args=[plan.pk])),
        ("post", reverse("plans:item_add", args=[plan.pk])),
        ("get", reverse("plans:item_delete", args=[item.pk])),
        ("post", reverse("plans:item_delete", args=[item.pk])),
        ("get", reverse("plans:plan_edit", args=[plan.pk])),
        ("post", reverse("plans:plan_edit", args=[plan.pk])),
        ("post", reverse("agencies:submit", args=["plan", plan.pk])),
        ("post", reverse("agencies:publish", args=["plan", plan.pk])),
        ("post", reverse("agencies:amend", args=["plan", plan.pk])),
        ("post", reverse("agencies:withdraw", args=["plan", plan.pk])),
    ]


@pytest.mark.parametrize("status", [PublicationStatus.PUBLISHED, PublicationStatus.DRAFT])
def test_it_guards_every_edit_url(client_for, agency_a, charlie, dave, status):
    plan = plan_create(agency_a, status=status)
    item = item_create(plan)
    before = (Plan.objects.get(pk=plan.pk).updated_at, PlanItem.objects.count())
    for method, url in _edit_urls(plan, item):
        anonymous = getattr(client_for(None), method)(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(
            reverse("login")
        ), (url, anonymous.status_code)
        assert getattr(client_for(charlie), method)(url).status_code == 404, url
        assert getattr(client_for(dave), method)(url).status_code == 403, url
    assert (Plan.objects.get(pk=plan.pk).updated_at, PlanItem.objects.count()) == before
    assert client_for(None).get("/items/999999/edit/").status_code == 302
    assert client_for(charlie).get("/items/999999/edit/").status_code == 404


def test_it_logs_who_changed_an_item(client_for, plan, item, alice):
    client_for(alice).post(
        reverse("plans:item_edit", args=[item.pk]),
        _form_data(item, title="โครงการที่แก้ชื่อแล้ว", y2567_budget="๔๕,๐๐๐"),
    )
    entry = (
        LogEntry.objects.get_for_object(item)
        .filter(action=LogEntry.Action.UPDATE, changes__icontains="title")
        .get()
    )
    assert entry.actor == alice
    assert entry.changes_dict["title"][1] == "โครงการที่แก้ชื่อแล้ว"
    year = PlanItemYear.objects.get(item=item, year=2567)
    year_entry = LogEntry.objects.get_for_object(year).get(action=LogEntry.Action.UPDATE)
    assert year_entry.actor == alice
    assert year_entry.changes_dict["budget"][1] == "45000.00"


def test_the_second_of_two_plan_text_editors_is_refused(plan, alice, bob):
    from django.test import Client

    url = reverse("plans:plan_edit", args=[plan.pk])
    editors = []
    for user in (bob, alice):
        client = Client()
        client.force_login(user)
        assert f'name="version" value="{plan.version}"' in client.get(url).content.decode()
        editors.append(client)
    texts = {"rationale": "", "objectives": "", "benefits": "", "version": plan.version}
    first = editors[0].post(url, {**texts, "title": "ชื่อแผนของบ็อบ"})
    assert first.status_code == 302
    second = editors[1].post(url, {**texts, "title": "ชื่อแผนของอลิส"})
    assert second.status_code == 409
    html = second.content.decode()
    assert 'id="conflict"' in html and "มีผู้อื่นแก้ไขแผนนี้แล้ว" in html
    assert "ชื่อแผนของบ็อบ" in html and "ชื่อแผนของอลิส" in html
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("ชื่อแผนของบ็อบ", 2)
    assert 'name="version" value="2"' in html
