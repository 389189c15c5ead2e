"""The published record (issue 11): one lifecycle for every document, the agency's approval
chain with four eyes and acting-for, frozen revisions with amendments, withdrawal, the memo
and the diff. Each bypass the issue found has a test here that now refuses it."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agencies import workflow
from agencies.access import SYSTEM
from agencies.choices import ActionKind, DocumentKind, PublicationStatus, RequestState, Role
from agencies.models import ActingAppointment, ApprovalAction, Position, User
from agencies.selectors import memo_view, revision_diff
from agencies.workflow import WorkflowError
from conftest import moved_for_good, publish_through_chain
from plans.models import Plan, PlanItemYear
from plans.services import plan_item_years_set, plan_update
from plans.tests.factories import plan_create
from reports.choices import RoundKind, RoundState, RowStatus
from reports.services import report_row_update, round_open
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db


def _user(agency, username, role=Role.APPROVER, position=""):
    return User.objects.create_user(username, agency=agency, role=role, position=position)


@pytest.fixture
def chain(agency_a):
    """A three-step chain held by three people (seed 004's shape, shorter)."""
    holders = [
        _user(agency_a, "head", position="หัวหน้าสำนักปลัด"),
        _user(agency_a, "deputy", position="รองปลัด"),
        _user(agency_a, "mayor", position="นายก อบต."),
    ]
    positions = [
        Position.objects.create(agency=agency_a, title=u.position, holder=u, order=n)
        for n, u in enumerate(holders, start=1)
    ]
    for kind in DocumentKind.values:
        workflow.chain_set(agency=agency_a, kind=kind, positions=positions, user=SYSTEM)
    return holders


def _approve_all(request, holders, *, upto=None):
    for user in holders[: upto if upto is not None else len(holders)]:
        request = workflow.request_approve(
            request=request, user=user, step=request.current_step, opinion=f"เห็นชอบ {user}"
        )
    return request


def _page(client, url) -> str:
    """The page as the public sees it, without the per-request CSRF token."""
    html = client.get(url).content.decode()
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", html)


def _pdf_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- The scenario that changed a published report ---------------------------------------------


def test_editing_the_plan_never_changes_a_published_report(settings, client, agency_a, alice, bob):
    settings.PDF_SYNC_MAX_HTML_BYTES = 10_000_000  # render in the request: compare the text
    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.ANNUAL, user=alice)
    for row in rnd.rows.all():
        report_row_update(
            row=row,
            data={"status": RowStatus.DONE, "done_text": "ดำเนินการแล้ว", "budget_used": "10000"},
            version=row.version,
            user=alice,
        )
    publish_through_chain(rnd, submitter=alice, approver=bob)
    assert rnd.state == RoundState.PUBLISHED
    page_url = rnd.get_stable_url(revision=True)
    pdf_url = rnd.get_stable_url(revision=True, pdf=True)
    html_before = _page(client, page_url)
    pdf_before = _pdf_text(client, pdf_url)
    assert "๓๐,๐๐๐" in html_before

    # The plan is amended: the 30,000-baht item now plans 99,000 in 2567, and published.
    amendment = workflow.document_amend(document=plan, user=alice)
    item = amendment.items.get(title="โครงการยกย่องเชิดชูเกียรติ")
    plan_item_years_set(
        item=item,
        years={y.year: (y.budget, y.no_budget, set(y.quarters)) for y in item.years.all()}
        | {2567: (Decimal(99000), False, set())},
        user=alice,
    )
    publish_through_chain(amendment, submitter=alice, approver=bob)
    assert PlanItemYear.objects.get(item=item, year=2567).budget == Decimal(99000)

    # The published report is byte for byte what it was.
    assert _page(client, page_url) == html_before
    assert _pdf_text(client, pdf_url) == pdf_before
    plan.refresh_from_db()
    assert plan.status == PublicationStatus.SUPERSEDED


# --- Every path around the chain is refused ---------------------------------------------------


def test_a_published_row_is_frozen_for_every_service(agency_a, alice):
    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    assert not Plan.objects.editable_by(alice).filter(pk=plan.pk).exists()
    with pytest.raises(WorkflowError):
        workflow.document_submit(document=plan, user=alice)


def test_nobody_approves_what_they_proposed(agency_a, bob):
    plan = plan_2566_2570(agency_a, status=PublicationStatus.DRAFT)
    request = workflow.document_submit(document=plan, user=bob)  # bob is an approver
    with pytest.raises(PermissionDenied, match="ของตนเอง"):
        workflow.request_approve(request=request, user=bob, step=1)
    plan.refresh_from_db()
    assert plan.status == PublicationStatus.SUBMITTED


def test_steps_are_taken_in_order(agency_a, alice, chain):
    head, deputy, mayor = chain
    plan = plan_2566_2570(agency_a, status=PublicationStatus.DRAFT)
    request = workflow.document_submit(document=plan, user=alice)
    # The mayor cannot approve before the head and the deputy have given their opinion.
    with pytest.raises(WorkflowError):
        workflow.request_approve(request=request, user=mayor, step=3)
    # Nor act on step 1, which is not their position.
    with pytest.raises(PermissionDenied):
        workflow.request_approve(request=request, user=mayor, step=1)
    request = _approve_all(request, chain)
    assert request.state == RequestState.APPROVED
    assert [a.kind for a in request.actions.all()] == [
        ActionKind.SUBMIT,
        ActionKind.OPINION,
        ActionKind.OPINION,
        ActionKind.APPROVE,
    ]


def test_acting_for_needs_an_appointment_and_is_recorded(agency_a, alice, chain):
    head, deputy, mayor = chain
    stand_in = _user(agency_a, "stand-in", role=Role.STAFF, position="ปลัด อบต.")
    plan = plan_2566_2570(agency_a, status=PublicationStatus.DRAFT)
    request = _approve_all(workflow.document_submit(document=plan, user=alice), chain, upto=2)
    with pytest.raises(PermissionDenied):
        workflow.request_approve(request=request, user=stand_in, step=3)
    today = timezone.localdate()
    ActingAppointment.objects.create(
        position=Position.objects.get(holder=mayor), user=stand_in, starts_on=today
    )
    request = workflow.request_approve(request=request, user=stand_in, step=3, opinion="อนุมัติ")
    assert request.state == RequestState.APPROVED
    action = ApprovalAction.objects.get(request=request, kind=ActionKind.APPROVE)
    assert action.acting_for == "นายก อบต." and action.actor == stand_in
    memo = memo_view(request)
    assert "ปฏิบัติหน้าที่แทน นายก อบต." in memo.signatures[-1].position


def test_a_site_admin_acts_only_as_an_admin(agency_a, alice, root):
    plan = plan_2566_2570(agency_a, status=PublicationStatus.DRAFT)
    request = workflow.document_submit(document=plan, user=alice)
    workflow.request_approve(request=request, user=root, step=1)
    action = ApprovalAction.objects.get(request=request, kind=ActionKind.APPROVE)
    assert action.as_admin and action.position_title == "ผู้ดูแลระบบ"


@pytest.mark.parametrize("at_step", [1, 2, 3])
def test_send_back_at_any_step_returns_it_to_the_author_with_the_reason(
    client_for, agency_a, alice, chain, at_step
):
    plan = plan_2566_2570(agency_a, status=PublicationStatus.DRAFT)
    request = _approve_all(
        workflow.document_submit(document=plan, user=alice), chain, upto=at_step - 1
    )
    with pytest.raises(WorkflowError):  # a reason is required
        workflow.request_send_back(
            request=request, user=chain[at_step - 1], step=at_step, reason=" "
        )
    workflow.request_send_back(
        request=request, user=chain[at_step - 1], step=at_step, reason=f"แก้ตัวเลขขั้นที่ {at_step}"
    )
    plan.refresh_from_db()
    assert plan.status == PublicationStatus.DRAFT
    assert Plan.objects.editable_by(alice).filter(pk=plan.pk).exists()
    page = client_for(alice).get(plan.get_absolute_url()).content.decode()
    assert f"แก้ตัวเลขขั้นที่ {at_step}" in page and "ส่งกลับให้แก้ไข" in page


# --- Amendments, revisions and the diff -------------------------------------------------------


def test_an_amendment_keeps_the_public_on_the_published_revision(client, agency_a, alice, bob):
    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    url = plan.get_stable_url(revision=True)  # the address given out for revision 1
    amendment = workflow.document_amend(document=plan, user=alice)
    assert amendment.revision_number == 2 and amendment.status == PublicationStatus.DRAFT
    assert workflow.document_amend(document=plan, user=alice).pk == amendment.pk  # one at a time
    plan_update(plan=amendment, user=alice, version=amendment.version, title="แผนฉบับปรับปรุง")
    assert client.get(amendment.get_absolute_url()).status_code == 404
    assert "แผนฉบับปรับปรุง" not in client.get(url).content.decode()

    request = workflow.document_submit(document=amendment, user=alice)
    assert "แผนฉบับปรับปรุง" not in client.get(url).content.decode()
    workflow.request_approve(request=request, user=bob, step=1)
    workflow.document_publish(document=amendment, user=alice)

    # Revision 2 is in force now; each row's old address leads the public to its own revision.
    new_page = client.get(amendment.get_stable_url()).content.decode()
    assert "แผนฉบับปรับปรุง" in new_page and "ฉบับที่ ๒" in new_page
    new_url = amendment.get_stable_url(revision=True)
    new_page = moved_for_good(client, amendment.get_absolute_url(), new_url).content.decode()
    assert "แผนฉบับปรับปรุง" in new_page and "ฉบับที่ ๒" in new_page
    old_page = client.get(url).content.decode()  # the old URL still answers, unchanged
    assert "แผนฉบับปรับปรุง" not in old_page and "ฉบับก่อนหน้า" in old_page
    old_page = moved_for_good(client, plan.get_absolute_url(), url).content.decode()
    assert "แผนฉบับปรับปรุง" not in old_page and "ฉบับก่อนหน้า" in old_page
    assert amendment.get_absolute_url() in old_page  # "see the current revision"


def test_the_diff_lists_exactly_the_changed_fields(client, agency_a, alice):
    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    amendment = workflow.document_amend(document=plan, user=alice)
    plan_update(plan=amendment, user=alice, version=amendment.version, title="แผนฉบับปรับปรุง")
    item = amendment.items.get(title="โครงการจัดเวทีประชาคม")
    plan_item_years_set(
        item=item,
        years={y.year: (y.budget, y.no_budget, set(y.quarters)) for y in item.years.all()}
        | {2568: (Decimal(17500), False, set())},
        user=alice,
    )
    amendment.refresh_from_db()
    changes = revision_diff(plan, amendment)
    assert [(c.where, c.field, c.old, c.new) for c in changes] == [
        ("เอกสาร", "ชื่อแผน", "แผนปฏิบัติการป้องกันการทุจริต", "แผนฉบับปรับปรุง"),
        ("โครงการจัดเวทีประชาคม", "งบประมาณปี 2568", "15,000.00", "17,500.00"),
    ]
    publish_through_chain(amendment, submitter=alice)
    page = client.get(reverse("agencies:diff", args=["plan", amendment.pk])).content.decode()
    assert "แผนฉบับปรับปรุง" in page and "๑๗,๕๐๐.๐๐" in page and "diff-del" in page


# --- Withdrawal -------------------------------------------------------------------------------


def test_a_withdrawn_document_stops_serving_at_once(settings, client, agency_a, alice, bob):
    settings.PDF_SYNC_MAX_HTML_BYTES = 10_000_000
    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    # The public's addresses: the stable ones, and the old ones by row that lead there.
    stable = [
        plan.get_stable_url(),
        plan.get_stable_url(revision=True),
        plan.get_stable_url(pdf=True),
        plan.get_stable_url(revision=True, pdf=True),
    ]
    pdf = moved_for_good(client, plan.get_pdf_url(), plan.get_stable_url(revision=True, pdf=True))
    assert pdf.status_code == 200  # rendered and cached
    request = workflow.document_withdraw_request(document=plan, user=alice, reason="ข้อมูลผิดพลาด")
    page = moved_for_good(client, plan.get_absolute_url(), plan.get_stable_url(revision=True))
    assert page.status_code == 200  # until the chain agrees
    assert all(client.get(url).status_code == 200 for url in stable)
    workflow.request_approve(request=request, user=bob, step=1)
    plan.refresh_from_db()
    assert plan.status == PublicationStatus.WITHDRAWN and plan.withdrawn_reason == "ข้อมูลผิดพลาด"
    # No redirect any more (it would lead nowhere): the old addresses and the stable ones 404.
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(plan.get_pdf_url()).status_code == 404
    assert [client.get(url).status_code for url in stable] == [404] * 4
    assert not Plan.objects.visible_to(AnonymousUser()).filter(pk=plan.pk).exists()


def test_withdrawal_needs_a_reason(agency_a, alice):
    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    with pytest.raises(WorkflowError):
        workflow.document_withdraw_request(document=plan, user=alice, reason="")


# --- The memo ---------------------------------------------------------------------------------


def test_the_memo_is_generated_from_the_chain(client, agency_a, alice, chain):
    plan = plan_2566_2570(agency_a, status=PublicationStatus.DRAFT)
    first = workflow.document_submit(document=plan, user=alice)
    _approve_all(first, chain)
    workflow.document_publish(document=plan, user=alice)
    page = client.get(reverse("agencies:memo", args=[first.pk])).content.decode()
    assert "บันทึกข้อความ" in page and "ส่วนราชการ" in page and "เรื่อง" in page
    assert (
        f"{first.memo_number}/{first.fiscal_year}".translate(
            str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
        )
        in page
    )
    for holder in chain:
        assert f"เห็นชอบ {holder}" in page
    assert "เรียน</b> นายก อบต." in page
    # Memo numbers run per agency and fiscal year.
    other = plan_create(agency_a, status=PublicationStatus.DRAFT, first_year=2571)
    second = workflow.document_submit(document=other, user=alice)
    assert second.memo_number == first.memo_number + 1


def test_an_open_report_follows_a_published_amendment_without_duplicates(agency_a, alice, bob):
    from reports.services import round_rows_sync

    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    before = rnd.rows.count()
    amendment = workflow.document_amend(document=plan, user=alice)
    # While the amendment is a draft, the report keeps the plan in force.
    assert round_rows_sync(round=rnd, user=alice) == 0
    publish_through_chain(amendment, submitter=alice, approver=bob)
    assert rnd.rows.count() == before
    assert set(
        rnd.rows.exclude(plan_item_year=None).values_list("plan_item_year__item__plan", flat=True)
    ) == {amendment.pk}
    assert Plan.objects.filter(agency=agency_a).in_force().get() == amendment


def test_a_withdrawn_documents_pdf_link_stops_at_once(settings, client, agency_a, alice, bob):
    # The background-render link (a signed token, valid for hours) used to keep serving.
    settings.PDF_SYNC_MAX_HTML_BYTES = 1  # every PDF through a job and its token
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    plan = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    pending = client.get(plan.get_stable_url(revision=True, pdf=True))
    assert pending.status_code == 202
    match = re.search(r'/pdf/jobs/([^/"]+)/', pending.content.decode())
    assert match is not None
    status_url = reverse("core:pdf_status", args=[match.group(1)])
    assert client.get(status_url).status_code == 200
    request = workflow.document_withdraw_request(document=plan, user=alice, reason="ผิดพลาด")
    workflow.request_approve(request=request, user=bob, step=1)
    assert client.get(status_url).status_code == 404
    assert client.get(reverse("core:pdf_file", args=[match.group(1)])).status_code == 404


def test_the_public_reads_the_memo_that_published_it_and_nothing_under_way(
    client, agency_a, alice, bob
):
    plan = plan_2566_2570(agency_a, status=PublicationStatus.DRAFT)
    sent_back = workflow.document_submit(document=plan, user=alice)
    workflow.request_send_back(request=sent_back, user=bob, step=1, reason="ภายใน: แก้ตัวเลข")
    done = workflow.document_submit(document=plan, user=alice)
    workflow.request_approve(request=done, user=bob, step=1, opinion="อนุมัติ")
    workflow.document_publish(document=plan, user=alice)
    assert client.get(reverse("agencies:memo", args=[done.pk])).status_code == 200
    assert client.get(reverse("agencies:memo", args=[sent_back.pk])).status_code == 404
    page = client.get(plan.get_stable_url(revision=True)).content.decode()
    assert "อนุมัติ" in page and "ภายใน: แก้ตัวเลข" not in page


def test_a_published_plans_pdf_is_ready_before_anyone_asks(
    settings, monkeypatch, client, agency_a, alice, bob, django_capture_on_commit_callbacks
):
    from core.pdf import render

    settings.PDF_PRERENDER_ON_PUBLISH = True
    settings.PDF_SYNC_MAX_HTML_BYTES = 10_000_000  # render in the request: count the renders
    renders: list[str] = []
    real = render.render_pdf

    def counting(*args, **kwargs):
        renders.append(kwargs.get("title", ""))
        return real(*args, **kwargs)

    monkeypatch.setattr(render, "render_pdf", counting)
    plan = plan_2566_2570(agency_a, status=PublicationStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        publish_through_chain(plan, submitter=alice, approver=bob)
    assert len(renders) == 1  # rendered when it was published
    response = client.get(plan.get_stable_url(revision=True, pdf=True))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert len(renders) == 1  # the public's first request was a cache hit


def test_the_admin_cannot_change_a_published_document_nor_publish_one(client_for, agency_a, root):
    published = publish_through_chain(plan_2566_2570(agency_a, status=PublicationStatus.DRAFT))
    client = client_for(root)
    url = reverse("admin:plans_plan_change", args=[published.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="title"' not in page.content.decode()  # view only
    assert client.post(url, {"title": "แก้หลังเผยแพร่"}).status_code == 403
    item = published.items.first()
    assert (
        client.post(
            reverse("admin:plans_planitem_delete", args=[item.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    published.refresh_from_db()
    assert published.title != "แก้หลังเผยแพร่" and published.items.count() == 6
    # On a draft, the lifecycle fields are read-only: the admin cannot publish by hand.
    draft = plan_create(agency_a, status=PublicationStatus.DRAFT, first_year=2571)
    form = client.get(reverse("admin:plans_plan_change", args=[draft.pk])).content.decode()
    assert 'name="title"' in form and 'name="status"' not in form
