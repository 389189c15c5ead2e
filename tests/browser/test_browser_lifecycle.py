"""The published record in a browser (issue 11): a 6-month report goes from the analyst up a
four-person chain, is sent back once, comes back, is approved and published; then a plan is
amended and its new revision published while the public keeps the old one until then."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"lifecycle-{name}.png"), full_page=True)


@pytest.fixture
def chain(agency_a):
    """seed 004's chain: หัวหน้าสำนักปลัด → รองปลัด → ปลัด (opinions) → นายก (approves)."""
    from agencies import workflow
    from agencies.access import SYSTEM
    from agencies.choices import DocumentKind, Role
    from agencies.models import Position, User

    people = []
    positions = []
    for n, (username, title) in enumerate(
        [
            ("head", "หัวหน้าสำนักปลัด"),
            ("deputy", "รองปลัด อบต."),
            ("clerk", "ปลัด อบต."),
            ("mayor", "นายก อบต."),
        ],
        start=1,
    ):
        user = User.objects.create_user(
            username,
            password=f"pw-{username}",
            agency=agency_a,
            role=Role.APPROVER,
            first_name=username,
            position=title,
        )
        people.append(user)
        positions.append(
            Position.objects.create(agency=agency_a, title=title, holder=user, order=n)
        )
    for kind in DocumentKind.values:
        workflow.chain_set(agency=agency_a, kind=kind, positions=positions, user=SYSTEM)
    return people


@pytest.fixture
def half_year(agency_a, alice):
    from reports.choices import RoundKind
    from reports.services import round_open
    from reports.tests.factories import measure_set_2567, plan_2566_2570

    plan = plan_2566_2570(agency_a)
    measure_set_2567(agency_a, n=1)
    return plan, round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)


def _accept_dialogs(page) -> list[str]:
    """Accept every confirmation the page asks; the list of their messages, as they come."""
    asked: list[str] = []

    def accept(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    return asked


def _review(sign_in, page, user, url: str, *, opinion: str) -> None:
    sign_in(user)
    page.goto(url)
    page.fill("#wf-opinion", opinion)
    page.click("form[action*='/approve/'] button[type=submit]")
    page.wait_for_load_state("networkidle")


def _confirm_incomplete(page) -> None:
    """A report with rows still to fill first lists them (issue 12): the analyst confirms."""
    assert page.locator("#incomplete-rows").count() == 1
    page.click("button:has-text('ยืนยัน')")
    page.wait_for_load_state("networkidle")


def test_a_six_month_report_goes_up_four_steps_with_one_send_back(
    sign_in, sign_out, page, live_server, alice, chain, half_year
):
    from reports.choices import RoundState

    _plan, rnd = half_year
    head, deputy, clerk, mayor = chain
    asked = _accept_dialogs(page)
    url = live_server.url + rnd.get_absolute_url()

    sign_in(alice)
    page.goto(url)
    page.fill("input[name=note]", "เสนอรายงานรอบ ๖ เดือน")
    page.click("text=เสนอขออนุมัติ")
    page.wait_for_load_state("networkidle")
    _confirm_incomplete(page)
    assert "อยู่ระหว่างการพิจารณา" in page.inner_text(".workflow-panel")
    _shot(page, "1-submitted")

    asked.clear()
    _review(sign_in, page, head, url, opinion="เห็นควรเสนอรองปลัด")
    assert [m.split("?")[0] for m in asked] == ["เห็นควรและส่งต่อให้ขั้นถัดไป"]  # asked first
    # The deputy sends it back: the reason is required and reaches the analyst.
    sign_in(deputy)
    page.goto(url)
    assert page.inner_text(".wf-steps li >> nth=0").startswith("๑. ")  # Thai step numbers
    page.fill("#wf-reason", "กรุณาเพิ่มผลการดำเนินการของมาตรการที่ ๑")
    page.click("text=ส่งกลับให้แก้ไข")
    page.wait_for_load_state("networkidle")
    assert asked[-1].startswith("ส่งเอกสารกลับให้ผู้เสนอแก้ไข?")

    sign_in(alice)
    page.goto(url)
    panel = page.inner_text(".workflow-panel")
    assert "ร่าง" in panel
    # Why it came back is in the panel itself, not only in the folded history.
    assert "กรุณาเพิ่มผลการดำเนินการของมาตรการที่ ๑" in page.inner_text(".wf-sent-back")
    page.click(".wf-history summary")
    assert "กรุณาเพิ่มผลการดำเนินการของมาตรการที่ ๑" in page.inner_text(".wf-history")
    _shot(page, "2-sent-back")
    page.fill("input[name=note]", "แก้ไขตามความเห็นรองปลัดแล้ว")
    page.click("text=เสนอขออนุมัติ")
    page.wait_for_load_state("networkidle")
    _confirm_incomplete(page)

    for user, opinion in (
        (head, "เห็นควรเสนอรองปลัด"),
        (deputy, "เห็นควรเสนอปลัด"),
        (clerk, "เห็นควรอนุมัติ"),
    ):
        _review(sign_in, page, user, url, opinion=opinion)
    _review(sign_in, page, mayor, url, opinion="อนุมัติ")
    rnd.refresh_from_db()
    assert rnd.state == RoundState.APPROVED

    sign_in(alice)
    page.goto(url)
    page.click(".workflow-panel form[action*='/publish/'] button")
    page.wait_for_load_state("networkidle")
    rnd.refresh_from_db()
    assert rnd.state == RoundState.PUBLISHED

    # The public reads it, with its revision and the memo the chain signed; the address by row
    # the agency used brings the public to the report's stable address.
    sign_out()
    page.goto(url)
    assert page.url == live_server.url + rnd.get_stable_url(revision=True)
    assert "ฉบับที่ ๑" in page.inner_text(".workflow-panel")
    _shot(page, "3-published")
    from agencies.models import ApprovalRequest

    memo = ApprovalRequest.objects.filter(object_id=rnd.pk).order_by("-pk").first()
    assert memo is not None
    page.goto(f"{live_server.url}/approvals/{memo.pk}/memo/")
    text = page.inner_text(".memo")
    for opinion in ("เห็นควรเสนอรองปลัด", "เห็นควรเสนอปลัด", "เห็นควรอนุมัติ", "อนุมัติ"):
        assert opinion in text
    _shot(page, "4-memo")


def test_a_plan_amendment_reaches_the_public_only_when_published(
    sign_in, sign_out, page, live_server, alice, chain, half_year
):
    from agencies.choices import PublicationStatus
    from conftest import publish_through_chain
    from plans.models import Plan

    plan, _rnd = half_year
    plan = (
        publish_through_chain(Plan.objects.get(pk=plan.pk)) if plan.status != "published" else plan
    )
    head, deputy, clerk, mayor = chain
    _accept_dialogs(page)

    sign_in(alice)
    page.goto(live_server.url + plan.get_absolute_url())
    page.click("text=แก้ไข (เปิดฉบับแก้ไข)")
    page.wait_for_load_state("networkidle")
    amendment = Plan.objects.get(root=plan)
    assert page.url.endswith(amendment.get_absolute_url())
    page.click("text=แก้ไขชื่อแผนและส่วนที่ ๑")
    page.fill("input[name=title]", "แผนปฏิบัติการป้องกันการทุจริต (ฉบับปรับปรุง)")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.click("text=เสนอขออนุมัติ")
    page.wait_for_load_state("networkidle")
    # Its projects have no part-3 sheet (plans/checks.py): asked first, then confirmed.
    _confirm_incomplete(page)

    # Meanwhile the public still sees revision 1 at its URL, the one in force.
    sign_out()
    page.goto(live_server.url + plan.get_stable_url())
    assert "ฉบับปรับปรุง" not in page.inner_text("main")

    url = live_server.url + amendment.get_absolute_url()
    for user, opinion in ((head, "เห็นควร"), (deputy, "เห็นควร"), (clerk, "เห็นควร")):
        _review(sign_in, page, user, url, opinion=opinion)
    _review(sign_in, page, mayor, url, opinion="อนุมัติ")
    sign_in(alice)
    page.goto(url)
    page.click(".workflow-panel form[action*='/publish/'] button")
    page.wait_for_load_state("networkidle")
    amendment.refresh_from_db()
    assert amendment.status == PublicationStatus.PUBLISHED

    sign_out()
    page.goto(live_server.url + plan.get_stable_url())  # the same address, now revision 2
    assert "ฉบับปรับปรุง" in page.inner_text("main") and "ฉบับที่ ๒" in page.inner_text("main")
    page.click("text=ดูสิ่งที่เปลี่ยนจากฉบับก่อน")
    page.wait_for_load_state("networkidle")
    assert "ฉบับปรับปรุง" in page.inner_text(".diff-table")
    _shot(page, "5-diff")
    page.goto(live_server.url + plan.get_stable_url(revision=True))
    assert "ฉบับก่อนหน้า" in page.inner_text(".workflow-panel")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "6-old-revision-phone")
