"""Issue 13 items 1–2 in a real browser: a staff member of an agency with nothing writes a
2566–2570 plan in the wizard (part 1 with its tables, items in three dimensions with budgets
typed in Thai digits, two project sheets, the foreword), proposes it, and once approved the
public page and the PDF show exactly what was typed, with totals that add up. Every
validation error on the way keeps what was typed."""

from __future__ import annotations

import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from agencies.choices import PublicationStatus
from conftest import publish_through_chain
from plans.models import Dimension, Plan, PlanItemYear
from tests.browser.plan_wizard_flow import (
    SHOTS,
    ItemSpec,
    Person,
    SheetSpec,
    add_items,
    fill_part1,
    start_plan,
    write_sheet,
)

pytestmark = pytest.mark.django_db(transaction=True)

YEARS = [2566, 2567, 2568, 2569, 2570]
ITEMS = [
    ItemSpec("1.1", "โครงการอบรมคุณธรรมจริยธรรมพนักงานส่วนตำบล", {2566: "๒๐,๐๐๐", 2567: "๒๕,๐๐๐"}),
    ItemSpec("1.1", "โครงการค่ายเยาวชนต้านโกง", {2568: "๑๒,๕๐๐.๕๐"}),
    ItemSpec("2.2", "มาตรการ No Gift Policy ของตำบลกระจาย", {2566: None, 2567: None}, "measure"),
    ItemSpec("3.2", "กิจกรรมรับฟังความคิดเห็นประชาชน", {2570: "30,000"}, "activity"),
]
SHEETS = [
    SheetSpec(
        title="โครงการอบรมคุณธรรมจริยธรรมพนักงานส่วนตำบล",
        rationale="พนักงานต้องยึดมั่นในประมวลจริยธรรม จึงจัดอบรมเป็นประจำทุกปี",
        objectives="เพื่อให้พนักงานเข้าใจประมวลจริยธรรม",
        target_group="พนักงานส่วนตำบล ๔๕ คน",
        method="จัดอบรมหนึ่งวันโดยวิทยากรจากสำนักงาน ป.ป.ช. จังหวัด",
        period="ไตรมาสที่ ๒ ของทุกปี",
        budget_text="ปีละ ๒๐,๐๐๐ บาท",
        owner="สำนักปลัด",
        outputs="พนักงานเข้ารับการอบรม ๔๕ คน",
        outcomes="ร้อยละ ๘๐ ของผู้เข้าอบรมผ่านแบบทดสอบหลังอบรม",
    ),
    SheetSpec(
        title="โครงการค่ายเยาวชนต้านโกง",
        rationale="ปลูกฝังความซื่อสัตย์แก่เด็กและเยาวชนในตำบล",
        objectives="เพื่อสร้างแกนนำเยาวชนต่อต้านการทุจริต",
        target_group="นักเรียนชั้นประถมศึกษาปีที่ ๖ จำนวน ๖๐ คน",
        method="ค่ายพักแรมสองวันหนึ่งคืน",
        period="เดือนมีนาคม ๒๕๖๘",
        budget_text="๑๒,๕๐๐.๕๐ บาท",
        owner="กองการศึกษา",
        outputs="เยาวชนเข้าค่าย ๖๐ คน",
        outcomes="แกนนำเยาวชนอย่างน้อย ๑๐ คนจัดกิจกรรมต่อในโรงเรียน",
    ),
]
TYPED_RISK = ("การจัดซื้อจัดจ้าง", "การกำหนดคุณลักษณะเฉพาะเอื้อผู้ขาย", "high", "เผยแพร่ราคากลางทุกโครงการ")


def _pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_a_staff_member_writes_a_whole_plan_in_the_wizard_and_it_is_published_as_typed(
    page, sign_in, sign_out, live_server, settings, agency_a, alice, bob, edition
):
    settings.PDF_SYNC_MAX_HTML_BYTES = 10_000_000  # the PDF in the request: compare its text
    page.on("dialog", lambda dialog: dialog.accept())
    dims = {d.number: d.pk for d in Dimension.objects.filter(edition=edition)}
    sign_in(alice)
    person = Person(page, live_server.url, shots=True)

    # The worklist of an agency with nothing offers to start a plan.
    start_plan(person, edition_pk=edition.pk)
    plan = Plan.objects.get(agency=agency_a)
    assert (plan.first_year, plan.last_year, plan.status) == (2566, 2570, PublicationStatus.DRAFT)
    assert page.locator("#wizard-progress [aria-current=step]").inner_text().startswith("ส่วนที่ ๑")

    # Part 1: an error (no objectives, a risk row without its step) keeps everything typed.
    fill_part1(
        person,
        rationale="ตำบลกระจายมุ่งป้องกันการทุจริตทุกขั้นตอน",
        objectives="",
        benefits="ประชาชนเชื่อมั่นในการบริหารงาน",
        risks=[TYPED_RISK, ("", "การเบิกจ่ายซ้ำซ้อน", "medium", "ตรวจสอบฎีกาสองชั้น")],
        targets=[("คะแนน ITA", ["๘๕", "๘๖", "๘๗", "๘๘", "๙๐"])],
        years=YEARS,
    )
    person.click("#part1-form button[name=continue]")
    assert "ต้องระบุวัตถุประสงค์ของการจัดทำแผน" in page.inner_text("#part1-form")
    assert "ต้องระบุขั้นตอนการดำเนินงาน" in page.inner_text("#part1-form")
    assert page.input_value("textarea[name=rationale]") == "ตำบลกระจายมุ่งป้องกันการทุจริตทุกขั้นตอน"
    assert page.input_value("textarea[name=risks-1-risks]") == "การเบิกจ่ายซ้ำซ้อน"
    assert page.input_value("input[name=targets-0-y2570]") == "๙๐"
    person.shot("part1-error")
    person.fill("textarea[name=objectives]", "เพื่อยกระดับคุณธรรมและความโปร่งใส")
    person.fill("textarea[name=risks-1-step]", "การเบิกจ่ายเงิน")
    person.shot("part1")
    person.click("#part1-form button[name=continue]")
    assert "/wizard/part2/" in page.url

    # Part 2: items in three dimensions; no year is pre-ticked; the total is live.
    totals: list[str] = []
    add_items(
        person,
        ITEMS[:1],
        dimension_pks=dims,
        sub_pks=dims,
        check_total=totals.append,
    )
    assert totals == ["๔๕,๐๐๐"]
    # A title left empty: the error is next to it, the budgets typed are still there.
    person.click(f"#add-item-buttons a[href$='dimension={dims['1']}']")
    assert page.locator("#item-form input[type=checkbox]:checked").count() == 0
    person.fill("input[name=y2568_budget]", "๑๒,๕๐๐.๕๐")
    assert page.inner_text("#item-total") == "๑๒,๕๐๐.๕๐"
    person.shot("item-form")
    person.click("#item-form button[name=save]")
    assert "ต้องระบุชื่อโครงการ/กิจกรรม/มาตรการ" in page.inner_text("#item-form")
    assert page.input_value("input[name=y2568_budget]") == "๑๒,๕๐๐.๕๐"
    person.fill("textarea[name=title]", ITEMS[1].title)
    person.select("select[name=subdimension]", str(dims["1.1"]))
    person.click("#item-form button[name=save]")
    add_items(person, ITEMS[2:], dimension_pks=dims, sub_pks=dims)
    # The second item of 1.1 goes first.
    second = plan.items.get(title=ITEMS[1].title)
    person.click(f"#item-{second.pk} button[value=up]")
    titles = page.locator("#items-table tr[data-item]").evaluate_all(
        "rows => rows.map(r => r.dataset.item)"
    )
    assert titles == [ITEMS[1].title, ITEMS[0].title, ITEMS[2].title, ITEMS[3].title]
    person.shot("part2")
    assert "๘๗,๕๐๐.๕๐" in page.inner_text("#summary")  # 45,000 + 12,500.50 + 30,000
    measure = plan.items.get(kind="measure")
    assert {(y.year, y.no_budget) for y in measure.years.all()} == {(2566, True), (2567, True)}
    assert not PlanItemYear.objects.filter(item__plan=plan, year=2569).exists()

    # Part 3: two sheets; outcomes without a measurable indicator are refused, kept.
    person.goto(f"/plans/{plan.pk}/wizard/part3/")
    first, second_item = plan.items.get(title=ITEMS[0].title), second
    bad = SheetSpec(**{**SHEETS[0].__dict__, "outcomes": "พนักงานมีจิตสำนึกดีขึ้น"})
    write_sheet(person, first.pk, bad)
    assert "ตัวชี้วัดที่วัดได้" in page.inner_text("#sheet-form")
    assert page.input_value("textarea[name=method]") == SHEETS[0].method
    person.shot("sheet")
    person.fill("textarea[name=outcomes]", SHEETS[0].outcomes)
    person.click("#sheet-form button[name=save]")
    write_sheet(person, second_item.pk, SHEETS[1])
    person.shot("part3")

    # Leave, come back: the wizard resumes at the foreword (parts 1–3 are done).
    person.goto("/my/")
    person.click(f"a[href='/plans/{plan.pk}/wizard/']")
    assert "/wizard/foreword/" in page.url
    person.fill("textarea[name=foreword]", "คำนำ แผนฉบับนี้จัดทำขึ้นในเบราว์เซอร์ทั้งหมด")
    person.shot("foreword")
    person.click("#foreword-form button[name=continue]")
    assert "/wizard/review/" in page.url
    person.shot("review")
    person.click("button:has-text('เสนอขออนุมัติ')")
    plan.refresh_from_db()
    assert plan.status == PublicationStatus.SUBMITTED

    publish_through_chain(plan, submitter=alice, approver=bob)
    assert plan.status == PublicationStatus.PUBLISHED

    # The public sees exactly what was typed.
    sign_out()
    page.goto(live_server.url + plan.get_stable_url(revision=True))
    public = _squash(page.inner_text("main"))
    typed = [
        "ตำบลกระจายมุ่งป้องกันการทุจริตทุกขั้นตอน",
        "เพื่อยกระดับคุณธรรมและความโปร่งใส",
        "ประชาชนเชื่อมั่นในการบริหารงาน",
        *TYPED_RISK[::3],
        "การเบิกจ่ายเงิน",
        "คะแนน ITA",
        *(item.title for item in ITEMS),
    ]
    for text in typed:
        assert _squash(text) in public, text
    summary = page.inner_text("#summary-table tfoot")
    assert "๘๗,๕๐๐.๕๐" in summary
    response = page.request.get(live_server.url + plan.get_pdf_url())
    assert response.status == 200, response.status
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "wizard-plan.pdf").write_bytes(response.body())  # looked at with pdftoppm
    pdf = _squash(_pdf_text(response.body()))
    for text in [*typed, "คำนำ แผนฉบับนี้จัดทำขึ้นในเบราว์เซอร์ทั้งหมด",
                 SHEETS[0].outcomes, SHEETS[1].target_group, SHEETS[1].method]:  # fmt: skip
        assert _squash(text) in pdf, text
    assert "๘๗,๕๐๐.๕๐" in pdf
    stored = sum(y.amount for y in PlanItemYear.objects.filter(item__plan=plan))
    assert stored == Decimal("87500.50")
