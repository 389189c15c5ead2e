"""A round moves open → submitted → approved → published (or back to open with a reason)
only through the services, each step by the right person and written in the event log."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies import workflow
from agencies.choices import ActionKind
from reports.choices import ReviewKind, ReviewVerdict, RoundEventKind, RoundKind, RoundState
from reports.services import (
    RoundError,
    audit_verdict_record,
    review_comment_add,
    round_approve,
    round_open,
    round_publish,
    round_return,
    round_submit,
)
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db


@pytest.fixture
def h1(agency_a, alice):
    plan_2566_2570(agency_a)
    return round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)


def test_the_whole_chain_is_logged(h1, alice, bob, dave):
    round_submit(round=h1, user=alice)
    assert (h1.state, h1.submitted_by) == (RoundState.SUBMITTED, alice)
    round_return(round=h1, user=bob, reason="ผลการดำเนินการข้อ ๓ ยังไม่ครบ")
    assert h1.state == RoundState.OPEN
    round_submit(round=h1, user=alice, note="แก้ไขข้อ ๓ แล้ว")
    round_approve(round=h1, user=bob, comment="เห็นชอบ")
    assert (h1.state, h1.approved_by) == (RoundState.APPROVED, bob)
    audit_verdict_record(
        round=h1, user=dave, verdict=ReviewVerdict.AUDIT_OBSERVATIONS, comment="ควรแนบภาพถ่ายกิจกรรม"
    )
    round_publish(round=h1, user=alice)
    assert (h1.state, h1.published_by) == (RoundState.PUBLISHED, alice)
    assert h1.published_at is not None

    log = [(e.kind, e.actor.username, e.from_state, e.to_state) for e in h1.events.all()]
    assert log == [
        (RoundEventKind.OPENED, "alice", "", "open"),
        (RoundEventKind.SUBMITTED, "alice", "open", "submitted"),
        (RoundEventKind.RETURNED, "bob", "submitted", "open"),
        (RoundEventKind.SUBMITTED, "alice", "open", "submitted"),
        (RoundEventKind.APPROVED, "bob", "submitted", "approved"),
        (RoundEventKind.AUDIT_VERDICT, "dave", "approved", "approved"),
        (RoundEventKind.PUBLISHED, "alice", "approved", "published"),
    ]
    assert h1.events.get(kind=RoundEventKind.RETURNED).note == "ผลการดำเนินการข้อ ๓ ยังไม่ครบ"
    # Review steps hold the auditors' verdicts; the chain's decisions are its ApprovalActions
    # (recorded once, by agencies.workflow).
    steps = [(s.kind, s.verdict, s.cycle, s.reviewer.username) for s in h1.review_steps.all()]
    assert steps == [(ReviewKind.AUDIT, ReviewVerdict.AUDIT_OBSERVATIONS, 2, "dave")]
    chain = [
        (a.kind, a.actor_name, a.opinion)
        for r in workflow.requests_of(h1)
        for a in r.actions.order_by("at", "pk")
    ]
    assert chain == [
        (ActionKind.SUBMIT, "อลิส", ""),
        (ActionKind.SEND_BACK, "บ็อบ", "ผลการดำเนินการข้อ ๓ ยังไม่ครบ"),
        (ActionKind.SUBMIT, "อลิส", "แก้ไขข้อ ๓ แล้ว"),
        (ActionKind.APPROVE, "บ็อบ", "เห็นชอบ"),
        (ActionKind.PUBLISH, "อลิส", ""),
    ]


def test_steps_out_of_order_are_refused(h1, alice, bob):
    with pytest.raises(RoundError):
        round_approve(round=h1, user=bob)
    with pytest.raises(RoundError):
        round_publish(round=h1, user=alice)
    round_submit(round=h1, user=alice)
    with pytest.raises(RoundError):
        round_submit(round=h1, user=alice)
    with pytest.raises(RoundError):
        round_publish(round=h1, user=alice)  # not approved yet
    assert h1.events.filter(kind=RoundEventKind.SUBMITTED).count() == 1


def test_sending_back_needs_a_reason(h1, alice, bob):
    round_submit(round=h1, user=alice)
    with pytest.raises(ValidationError):
        round_return(round=h1, user=bob, reason="  ")
    h1.refresh_from_db()
    assert h1.state == RoundState.SUBMITTED


def test_only_the_agencys_approver_approves_or_returns(h1, alice, charlie, dave, root):
    round_submit(round=h1, user=alice)
    for user in (alice, charlie, dave):
        with pytest.raises(PermissionDenied):
            round_approve(round=h1, user=user)
        with pytest.raises(PermissionDenied):
            round_return(round=h1, user=user, reason="x")
    round_approve(round=h1, user=root)  # a site admin may
    assert h1.state == RoundState.APPROVED


def test_outsiders_cannot_submit_or_publish(h1, alice, bob, charlie, dave):
    for user in (charlie, dave):
        with pytest.raises(PermissionDenied):
            round_submit(round=h1, user=user)
    round_submit(round=h1, user=alice)
    round_approve(round=h1, user=bob)
    with pytest.raises(PermissionDenied):
        round_publish(round=h1, user=charlie)


def test_auditors_judge_only_submitted_6_and_12_month_reports(agency_a, h1, alice, bob, dave):
    with pytest.raises(RoundError):
        audit_verdict_record(round=h1, user=dave, verdict=ReviewVerdict.AUDIT_PASS)
    round_submit(round=h1, user=alice)
    with pytest.raises(PermissionDenied):
        audit_verdict_record(round=h1, user=bob, verdict=ReviewVerdict.AUDIT_PASS)
    with pytest.raises(ValidationError):
        audit_verdict_record(round=h1, user=dave, verdict="approved")  # an approver's word
    with pytest.raises(ValidationError):
        audit_verdict_record(round=h1, user=dave, verdict=ReviewVerdict.AUDIT_FAIL)  # no comment
    step = audit_verdict_record(
        round=h1, user=dave, verdict=ReviewVerdict.AUDIT_FAIL, comment="ไม่มีหลักฐานประกอบ"
    )
    assert step.kind == ReviewKind.AUDIT
    h1.refresh_from_db()
    # "ไม่เห็นชอบ ต้องปรับปรุง" sends a report not yet published back to the agency.
    assert h1.state == RoundState.OPEN

    q1 = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    round_submit(round=q1, user=alice)
    with pytest.raises(RoundError):
        audit_verdict_record(round=q1, user=dave, verdict=ReviewVerdict.AUDIT_PASS)


def test_comments_come_from_those_who_may_read_the_draft(h1, alice, dave, charlie):
    row = h1.rows.first()
    comment = review_comment_add(round=h1, user=dave, body="ขอภาพถ่ายเพิ่ม", row=row)
    assert comment.row == row and comment.author == dave
    with pytest.raises(PermissionDenied):
        review_comment_add(round=h1, user=charlie, body="แอบดู")
    assert h1.events.filter(kind=RoundEventKind.COMMENTED).count() == 1


def test_it_refuses_to_publish_a_report_of_a_draft_plan(agency_a, alice, bob):
    """The public report would show the draft plan's project titles."""
    plan_2566_2570(agency_a, status="draft")
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    round_submit(round=rnd, user=alice)
    round_approve(round=rnd, user=bob)
    with pytest.raises(RoundError) as caught:
        round_publish(round=rnd, user=alice)
    assert "เผยแพร่แผน" in str(caught.value.messages)
    rnd.refresh_from_db()
    assert rnd.state == RoundState.APPROVED
