"""Notifications (agencies/notifications.py): each event tells each recipient once, in the bell
and by e-mail (locmem outbox) unless they chose in-app only; retries and second runs of the
scheduled commands tell nobody twice; other agencies' people are never told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from agencies import notifications, workflow
from agencies.choices import NotificationEvent, PublicationStatus
from agencies.models import Notification, Position, User
from core import thai
from reports.calendar import bangkok_today
from reports.choices import RoundKind
from reports.models import ReportingRound
from reports.services import (
    audit_verdict_record,
    review_comment_add,
    round_open,
    round_submit,
)
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(alice, bob, charlie, dave):
    for user in (alice, bob, charlie, dave):
        user.email = f"{user.username}@example.go.th"
        user.save(update_fields=["email"])
    return {"alice": alice, "bob": bob, "charlie": charlie, "dave": dave}


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the e-mails' on-commit callbacks, as a real commit would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def rows_of(user: User, event: str | None = None) -> list[Notification]:
    rows = Notification.objects.filter(recipient=user)
    if event:
        rows = rows.filter(event=event)
    return list(rows)


def mails_to(user: User) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if user.email in m.to]


@pytest.fixture
def plan(agency_a):
    return plan_2566_2570(agency_a, status=PublicationStatus.DRAFT)


# --- The lifecycle ------------------------------------------------------------------------------


def test_it_tells_the_step_approver_once_when_a_document_is_submitted(
    people, plan, on_commit, alice, bob, charlie, dave
):
    on_commit(workflow.submit, plan, alice)
    [row] = rows_of(bob)
    assert row.event == NotificationEvent.SUBMITTED
    assert row.text.startswith(f"รอการพิจารณาของท่าน: {thai.digits(plan.title)}")
    assert row.url == plan.get_absolute_url()
    assert len(mails_to(bob)) == 1
    # The proposer, another agency's staff and the auditor are not told of a submission.
    assert rows_of(alice) == rows_of(charlie) == rows_of(dave) == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("[สุจริต] รอการพิจารณาของท่าน: ")
    # Thai body, Buddhist-era year in the agency's (Thai) digits, a link to the document.
    year_be = thai.digits(thai.ce_to_be(timezone.localdate().year))
    assert year_be in message.body
    assert "http://" in message.body and plan.get_absolute_url() in message.body


def test_a_retried_event_tells_nobody_twice(people, plan, on_commit, alice, bob):
    on_commit(workflow.submit, plan, alice)
    request = workflow.open_request(plan)
    assert request is not None
    event = workflow.WorkflowEvent("submitted", request, plan, alice)
    on_commit(notifications.on_workflow_event, event)
    on_commit(notifications.on_workflow_event, event)
    assert len(rows_of(bob)) == 1
    assert len(mails_to(bob)) == 1
    # Even a second send of the same rows claims nothing (e-mailed once).
    assert notifications.send_emails([r.pk for r in rows_of(bob)]) == 0
    assert len(mail.outbox) == 1


def test_in_app_only_users_get_the_row_but_no_email(people, plan, on_commit, alice, bob):
    notifications.preference_set(user=bob, by_email=False)
    on_commit(workflow.submit, plan, alice)
    assert len(rows_of(bob)) == 1
    assert mail.outbox == []


def test_send_back_tells_the_proposer_with_the_reason(people, plan, on_commit, alice, bob):
    on_commit(workflow.submit, plan, alice)
    request = workflow.open_request(plan)
    on_commit(workflow.decide, request, bob, action="send_back", step=1, text="งบปี ๒๕๖๗ ไม่ตรง")
    [row] = rows_of(alice, NotificationEvent.SENT_BACK)
    assert "งบปี ๒๕๖๗ ไม่ตรง" in row.body
    [message] = mails_to(alice)
    assert "งบปี ๒๕๖๗ ไม่ตรง" in message.body
    assert rows_of(bob, NotificationEvent.SENT_BACK) == []


def test_each_step_tells_the_next_and_the_last_tells_the_proposer(
    people, plan, on_commit, agency_a, alice, bob, charlie
):
    erin = User.objects.create_user(
        "erin", email="erin@example.go.th", agency=agency_a, role="staff", password="x"
    )
    clerk = Position.objects.create(agency=agency_a, title="หัวหน้าสำนักปลัด", holder=erin)
    head = workflow.chain_for(agency_a, "plan").steps.get().position
    workflow.chain_set(agency=agency_a, kind="plan", positions=[clerk, head], user=bob)

    on_commit(workflow.submit, plan, alice)
    assert [r.event for r in rows_of(erin)] == [NotificationEvent.SUBMITTED]
    assert rows_of(bob) == []  # not bob's step yet

    request = workflow.open_request(plan)
    assert request is not None
    on_commit(workflow.decide, request, erin, action="approve", step=1, text="ควรอนุมัติ")
    assert [r.event for r in rows_of(bob)] == [NotificationEvent.STEP_APPROVED]

    request.refresh_from_db()
    on_commit(workflow.decide, request, bob, action="approve", step=2, text="อนุมัติ")
    assert [r.event for r in rows_of(alice)] == [NotificationEvent.APPROVED]

    plan.refresh_from_db()
    on_commit(workflow.publish, plan, bob)  # another person publishes: the proposer is told
    assert {r.event for r in rows_of(alice)} == {
        NotificationEvent.APPROVED,
        NotificationEvent.PUBLISHED,
    }
    assert len(mails_to(alice)) == 2
    assert len(mails_to(erin)) == 1 and len(mails_to(bob)) == 1
    assert rows_of(charlie) == [] and mails_to(charlie) == []


# --- Reports: verdicts, replies, reminders, the digest ------------------------------------------


@pytest.fixture
def h1(agency_a, alice, plan):
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    return round_submit(round=rnd, user=alice)


def test_a_submitted_six_month_report_tells_its_auditors(
    people, plan, on_commit, agency_a, alice, bob, charlie, dave
):
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    on_commit(round_submit, round=rnd, user=alice)
    [row] = rows_of(dave)
    assert row.text.startswith("ส่งรายงานแล้ว รอความเห็นผู้ตรวจสอบ")
    assert row.url == rnd.get_absolute_url()
    assert len(mails_to(dave)) == 1
    assert [r.event for r in rows_of(bob)] == [NotificationEvent.SUBMITTED]  # the chain
    assert rows_of(charlie) == []
    # A quarterly report is not audited: its auditors are not told.
    q1 = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    on_commit(round_submit, round=q1, user=alice)
    assert len(rows_of(dave)) == 1


def test_a_verdict_tells_the_agency_staff_once(people, h1, on_commit, alice, bob, charlie, dave):
    Notification.objects.all().delete()
    mail.outbox.clear()
    on_commit(audit_verdict_record, round=h1, user=dave, verdict="audit_fail", comment="ขาดหลักฐาน")
    for user in (alice, bob):
        [row] = rows_of(user)
        assert row.event == NotificationEvent.VERDICT
        assert "ไม่เห็นชอบ" in row.text and row.body == "ขาดหลักฐาน"
        assert len(mails_to(user)) == 1
    assert rows_of(charlie) == rows_of(dave) == []
    assert len(mail.outbox) == 2


def test_a_reply_goes_to_the_other_side_of_the_dialogue(people, h1, on_commit, alice, bob, dave):
    Notification.objects.all().delete()
    on_commit(review_comment_add, round=h1, user=dave, body="ขอภาพกิจกรรมเพิ่ม")
    assert {r.recipient for r in Notification.objects.all()} == {alice, bob}
    Notification.objects.all().delete()
    on_commit(review_comment_add, round=h1, user=alice, body="แนบแล้วค่ะ")
    [row] = Notification.objects.all()
    assert row.recipient == dave and row.event == NotificationEvent.REPLY
    assert row.body == "แนบแล้วค่ะ"


def test_reminders_run_twice_the_same_day_tell_once(
    people, on_commit, agency_a, agency_b, alice, bob, charlie
):
    today = bangkok_today()
    mine = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    ReportingRound.objects.filter(pk=mine.pk).update(due_date=today + dt.timedelta(days=7))
    late = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q2, user=alice)
    ReportingRound.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=2))
    Notification.objects.all().delete()

    on_commit(call_command, "send_reminders")
    on_commit(call_command, "send_reminders")
    for user in (alice, bob):
        assert sorted(r.event for r in rows_of(user)) == ["overdue", "reminder"]
        assert len(mails_to(user)) == 2
    reminder = rows_of(alice, NotificationEvent.REMINDER)[0]
    assert reminder.text.startswith("อีก ๗ วันครบกำหนดส่ง")
    assert rows_of(charlie) == []

    # A day later (6 days left) the 7-day reminder is not repeated; the 1-day one comes later.
    call_command("send_reminders", date=(today + dt.timedelta(days=1)).isoformat())
    assert len(rows_of(alice, NotificationEvent.REMINDER)) == 1
    call_command("send_reminders", date=(today + dt.timedelta(days=6)).isoformat())
    call_command("send_reminders", date=(today + dt.timedelta(days=6)).isoformat())
    assert len(rows_of(alice, NotificationEvent.REMINDER)) == 2
    assert len(mails_to(alice)) == 3


def test_the_weekly_digest_lists_the_auditors_agencies_once_a_week(
    people, h1, on_commit, agency_b, charlie, dave
):
    Notification.objects.all().delete()
    on_commit(call_command, "send_digest")
    on_commit(call_command, "send_digest")
    [row] = rows_of(dave)
    assert row.event == NotificationEvent.DIGEST
    # dave belongs to agency B, which writes Arabic digits: so does his digest.
    assert notifications.digit_style_of(dave) == "arabic"
    title = thai.digits(str(h1), "arabic")  # the round's own title follows its agency's style
    assert f"- อบต.กระจาย: {title}" in row.body  # submitted this week
    assert f"รอความเห็นของท่าน (1)\n- {title}" in row.body  # and still waiting for dave
    assert "รายงาน 6/12 เดือนที่ส่งใหม่ (1)" in row.body
    assert "หน่วยงานที่ตรวจสอบ 2 แห่ง" in row.body
    assert row.url == reverse("portal:worklist")
    [message] = mails_to(dave)
    assert "สรุปประจำสัปดาห์" in message.subject and title in message.body
    # Nobody but auditors gets a digest.
    assert Notification.objects.exclude(recipient=dave).count() == 0


# --- The bell and the pages ---------------------------------------------------------------------


def test_the_bells_menu_lists_the_latest_on_opening(people, client_for, bob, charlie):
    for n in range(7):
        notifications.notify(event="reply", key=f"t:{n}", recipients=[bob], text=f"ข้อ {n}")
    notifications.notify(event="reply", key="c", recipients=[charlie], text="ของชาลี")
    menu = client_for(bob).get(reverse("agencies:notifications") + "?menu=1").content.decode()
    assert menu.count('class="dropdown-item') == 5 and "ข้อ 6" in menu and "ข้อ 1" not in menu
    assert "ของชาลี" not in menu and "<html" not in menu


def test_the_bell_counts_unread_in_the_agencys_digits(
    people, plan, on_commit, client_for, alice, bob, charlie, agency_b
):
    on_commit(workflow.submit, plan, alice)
    page = client_for(bob).get(reverse("home")).content.decode()
    assert 'id="nav-bell-count">๑<' in page
    assert 'id="nav-bell-count"' not in client_for(alice).get(reverse("home")).content.decode()
    # Agency B writes Arabic digits: its bell does too.
    notifications.notify(event="reply", key="t:1", recipients=[charlie], text="ทดสอบ")
    notifications.notify(event="reply", key="t:2", recipients=[charlie], text="ทดสอบ")
    page = client_for(charlie).get(reverse("home")).content.decode()
    assert 'id="nav-bell-count">2<' in page


def test_the_list_opens_marks_read_and_is_the_users_own(
    people, plan, on_commit, client_for, alice, bob, charlie
):
    on_commit(workflow.submit, plan, alice)
    [row] = rows_of(bob)
    client = client_for(bob)
    page = client.get(reverse("agencies:notifications")).content.decode()
    assert row.text in page and "unread" in page
    # Another user cannot open (or learn of) bob's notification.
    assert (
        client_for(charlie).get(reverse("agencies:notification_open", args=[row.pk])).status_code
        == 404
    )
    assert (
        row.text not in client_for(charlie).get(reverse("agencies:notifications")).content.decode()
    )
    client = client_for(bob)
    response = client.get(reverse("agencies:notification_open", args=[row.pk]))
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    row.refresh_from_db()
    assert row.read_at is not None
    assert (
        "ไม่มีการแจ้งเตือนที่ยังไม่อ่าน"
        in client.get(reverse("agencies:notifications") + "?unread=1").content.decode()
    )


def test_the_list_says_what_happened_once(people, client_for, bob):
    """A badge names the event only where the text does not already open with it."""
    notifications.notify(
        event="sent_back", key="a", recipients=[bob], text="ส่งกลับให้แก้ไข: แผน ๒๕๖๖–๒๕๗๐"
    )
    notifications.notify(event="reply", key="b", recipients=[bob], text="คุณสมชาย: ขอบคุณครับ")
    page = client_for(bob).get(reverse("agencies:notifications")).content.decode()
    assert page.count("ส่งกลับให้แก้ไข") == 1
    assert '<span class="badge text-bg-secondary">ข้อความตอบกลับ</span>' in page


def test_mark_all_read_is_a_post_of_ones_own(people, client_for, bob, charlie):
    for n in range(25):
        notifications.notify(event="reply", key=f"t:{n}", recipients=[bob, charlie], text=f"ข้อ {n}")
    client = client_for(bob)
    page = client.get(reverse("agencies:notifications")).content.decode()
    assert "หน้า ๑ / ๒" in page  # paged
    assert client.get(reverse("agencies:notifications_read")).status_code == 405
    client.post(reverse("agencies:notifications_read"))
    assert notifications.unread_count(bob) == 0
    assert notifications.unread_count(charlie) == 25
    one = rows_of(charlie)[0]
    client_for(bob).post(reverse("agencies:notifications_read"), {"pk": one.pk})
    assert notifications.unread_count(charlie) == 25  # not bob's to mark
    client_for(charlie).post(reverse("agencies:notifications_read"), {"pk": one.pk})
    assert notifications.unread_count(charlie) == 24


def test_the_settings_page_switches_to_in_app_only(people, client_for, bob):
    client = client_for(bob)
    assert "แจ้งเตือนในระบบเท่านั้น" in client.get(reverse("agencies:settings")).content.decode()
    response = client.post(reverse("agencies:settings"), {"channel": "in_app"})
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.notify_by_email is False
    bad = client.post(reverse("agencies:settings"), {"channel": "sms"})
    assert bad.status_code == 400
    assert "กรุณาเลือกช่องทางที่มีในรายการ" in bad.content.decode()
    bob.refresh_from_db()
    assert bob.notify_by_email is False


def test_a_failed_email_is_retried_by_the_daily_job_and_sent_once(
    people, plan, on_commit, settings, alice, bob
):
    # A mail server that refuses the connection: the step still succeeds, the e-mail waits.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    on_commit(workflow.submit, plan, alice)
    [row] = rows_of(bob)
    assert row.email_due and row.emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    on_commit(call_command, "send_reminders")
    on_commit(call_command, "send_reminders")
    assert len(mails_to(bob)) == 1
    row.refresh_from_db()
    assert row.emailed_at is not None


def test_a_later_choice_of_email_never_sends_old_notices(people, plan, on_commit, alice, bob):
    notifications.preference_set(user=bob, by_email=False)
    on_commit(workflow.submit, plan, alice)
    notifications.preference_set(user=bob, by_email=True)
    on_commit(call_command, "send_reminders")
    assert mail.outbox == []
