"""งานของฉัน (portal/worklist.py, /my/): each role sees exactly its own work."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from agencies import workflow
from agencies.choices import PublicationStatus
from agencies.models import Agency, User
from portal import worklist
from reports.calendar import bangkok_today
from reports.choices import RoundKind
from reports.models import ReportingRound
from reports.services import audit_verdict_record, round_open, round_submit
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def titles(items):
    return {i.title for i in items}


@pytest.fixture
def world(agency_a, agency_b, alice, bob, charlie):
    plan_a = plan_2566_2570(agency_a, status=DRAFT)
    plan_a.title = "แผนร่างของ A"
    plan_a.save()
    plan_b = plan_2566_2570(agency_b, status=DRAFT)
    plan_b.title = "แผนร่างของ B"
    plan_b.save()
    h1 = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    round_submit(round=h1, user=alice)
    return {"plan_a": plan_a, "plan_b": plan_b, "h1": h1}


def test_staff_see_their_own_drafts_never_another_agencys(world, alice, charlie):
    assert "แผนร่างของ A" in titles(worklist.drafts(alice))
    assert "แผนร่างของ B" not in titles(worklist.drafts(alice))
    assert titles(worklist.drafts(charlie)) == {"แผนร่างของ B"}


def test_staff_see_what_was_sent_back_to_them_with_the_reason(world, alice, bob):
    request = workflow.document_submit(document=world["plan_a"], user=alice)
    workflow.request_send_back(request=request, user=bob, step=1, reason="ตัวเลขงบไม่ตรง")
    items = worklist.sent_back(alice)
    assert [i.title for i in items] == [request.title]
    assert "ตัวเลขงบไม่ตรง" in items[0].note
    assert worklist.sent_back(bob) == []


def test_staff_see_rounds_due_and_overdue(agency_a, alice, charlie):
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    ReportingRound.objects.filter(pk=rnd.pk).update(due_date=bangkok_today() - dt.timedelta(3))
    items = worklist.rounds_due(alice)
    assert [i.url for i in items] == [rnd.get_absolute_url()]
    assert items[0].overdue
    assert worklist.rounds_due(charlie) == []


def test_the_approver_sees_what_waits_for_their_step(world, alice, bob, charlie):
    items = worklist.awaiting_my_step(bob)
    assert [i.agency for i in items] == [world["h1"].agency]
    # The proposer never (four eyes), another agency never.
    assert worklist.awaiting_my_step(alice) == []
    assert worklist.awaiting_my_step(charlie) == []


def test_the_auditor_sees_pending_verdicts_of_assigned_agencies(world, dave, client_for):
    # The item opens the review page (per-row verdicts, what changed since the last verdict).
    review = reverse("reports:round_review", args=[world["h1"].pk])
    assert [i.url for i in worklist.audit_pending(dave)] == [review]
    assert worklist.drafts(dave) == []
    page = client_for(dave).get("/my/").content.decode()
    assert "รายงาน ๖/๑๒ เดือนที่รอความเห็นผู้ตรวจสอบ" in page and "6/12" not in page
    client_for(dave).post(
        reverse("reports:round_audit", args=[world["h1"].pk]),
        {"verdict": "audit_pass", "comment": "เรียบร้อย"},
    )
    assert worklist.audit_pending(dave) == []


def test_a_report_sent_back_and_submitted_again_waits_for_the_auditor_again(world, alice, dave):
    h1 = world["h1"]
    audit_verdict_record(round=h1, user=dave, verdict="audit_fail", comment="ขอหลักฐาน")
    assert worklist.audit_pending(dave) == []
    round_submit(round=h1, user=alice)
    assert [i.title for i in worklist.audit_pending(dave)] == [str(h1)]


def test_an_auditor_of_a_province_sees_all_its_agencies(world, province, agency_a, agency_b):
    other = Agency.objects.create(
        code="C001", kind="sao", name="อบต.อื่น", short_name="อบต.อื่น", province=province
    )
    auditor = User.objects.create_user("pat", password="x", role="auditor")
    auditor.audited_provinces.add(province)
    assert {a.pk for a in worklist.audited_agencies(auditor)} == {
        agency_a.pk,
        agency_b.pk,
        other.pk,
    }
    review = reverse("reports:round_review", args=[world["h1"].pk])
    assert [i.url for i in worklist.audit_pending(auditor)] == [review]


def test_the_site_admin_sees_agencies_without_plan_or_report_and_stuck_requests(
    world, root, agency_b
):
    missing = {i.agency.pk: i.note for i in worklist.agencies_missing(root) if i.agency}
    assert "ไม่มีรายงาน" in missing[agency_b.pk]
    assert worklist.stuck_requests(root) == []
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    assert [i.agency for i in worklist.stuck_requests(root, now=later)] == [world["h1"].agency]
    assert worklist.agencies_missing(world["h1"].submitted_by) == []


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("alice", ["แผนร่างของ A"], ["แผนร่างของ B"]),
        ("charlie", ["แผนร่างของ B"], ["แผนร่างของ A"]),
        ("bob", ["แผนร่างของ A", "ขั้นตอนที่ ๑"], ["แผนร่างของ B"]),
        ("dave", ["รอความเห็นผู้ตรวจสอบ", "อบต.เมืองพะไล"], ["แผนร่างของ A", "แผนร่างของ B"]),
    ],
)
def test_the_page_shows_each_role_its_items(request, world, client_for, persona, shown, hidden):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("portal:worklist"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in shown:
        assert text in html, (persona, text)
    for text in hidden:
        assert text not in html, (persona, text)
    assert "งานของฉัน" in html


def test_the_page_filters_sorts_and_pages(world, client_for, alice):
    client = client_for(alice)
    response = client.get(reverse("portal:worklist"), {"kind": "report", "sort": "title"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "แผนร่างของ A" not in html
    assert (
        client.get(reverse("portal:worklist"), {"p_drafts": "99", "sort": "x"}).status_code == 200
    )


def test_login_lands_on_the_worklist_and_the_nav_counts(world, client, bob):
    response = client.post(reverse("login"), {"username": "bob", "password": "pw-bob"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:worklist")
    page = client.get(reverse("home")).content.decode()
    assert 'href="/my/"' in page
    assert worklist.badge_count(bob) >= 1


def test_the_worklist_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("portal:worklist"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_badge_counts_what_waits_for_action_in_few_queries(
    world, alice, bob, dave, django_assert_max_num_queries
):
    request = workflow.document_submit(document=world["plan_a"], user=alice)
    workflow.request_send_back(request=request, user=bob, step=1, reason="แก้")
    for user, expected in ((dave, 1), (alice, 1), (bob, 1)):
        with django_assert_max_num_queries(8):
            assert worklist.badge_count(user) == expected, user


def test_the_auditor_sees_agencies_late_with_a_round_never_opened(world, dave, agency_b):
    day = dt.date(2024, 5, 15)  # the 6-month report of FY2567 was due 30 April 2024
    items = worklist.overdue_agencies(dave, today=day)
    late = {i.agency.pk for i in items if i.agency}
    assert agency_b.pk in late  # no H1 round opened at all
    assert world["h1"].agency.pk not in {
        i.agency.pk for i in items if i.agency and "รอบ 6 เดือน" in i.note
    }
    assert worklist.overdue_agencies(world["h1"].submitted_by, today=day) == []
    # Each note is written in its agency's digits, the round's name included ("ไตรมาสที่ ๑").
    thai_notes = [i.note for i in items if i.agency and i.agency.digit_style == "thai"]
    assert thai_notes and not any(any(c.isascii() and c.isdigit() for c in n) for n in thai_notes)
