"""The demo's agencies go through the real lifecycle: every published demo document was
proposed, reviewed step by step by the holders of the chain's positions (or, where an agency
has nobody, by the site admin acting as an admin, recorded as such) and then published.

Used by `demo_setup` and `reports_demo`; the services do every check as for a person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from agencies import access, workflow
from agencies.access import SYSTEM, Actor
from agencies.choices import DocumentKind, Role
from agencies.models import ActingAppointment, Agency, ApprovalRequest, Position, User

#: The chain of demo-001, as seed 004's memo shows one: the analyst writes, the head of
#: สำนักปลัด, the deputy ปลัด and the ปลัด give opinions, the นายก approves.
#: (username, password, position, name)
CHAIN_USERS = [
    ("head", "head-demo", "หัวหน้าสำนักปลัด", "นางสาวสมใจ ใจดี"),
    ("deputy", "deputy-demo", "รองปลัดองค์การบริหารส่วนตำบล", "นายสมศักดิ์ รักษ์ดี"),
    ("approver", "approver-demo", "ปลัดองค์การบริหารส่วนตำบล", "นายประเสริฐ มั่นคง"),
    ("mayor", "mayor-demo", "นายกองค์การบริหารส่วนตำบลกระจาย", "นายบุญมี ศรีสุข"),
]


def demo_chain(agency: Agency, users: dict[str, User]) -> None:
    """The four-step chain of every document kind of `agency`, held by the demo logins; the
    ปลัด is appointed to act for the นายก last fiscal year (shown as ปฏิบัติหน้าที่แทน)."""
    positions = []
    for order, (username, _pw, title, _name) in enumerate(CHAIN_USERS, start=1):
        position, _created = Position.objects.update_or_create(
            agency=agency, title=title, defaults={"holder": users.get(username), "order": order}
        )
        positions.append(position)
    for kind in DocumentKind.values:
        workflow.chain_set(agency=agency, kind=kind, positions=positions, user=SYSTEM)
    if (
        users.get("approver")
        and not ActingAppointment.objects.filter(position=positions[-1]).exists()
    ):
        ActingAppointment.objects.create(
            position=positions[-1],
            user=users["approver"],
            starts_on=dt.date(2023, 10, 1),
            ends_on=dt.date(2023, 12, 31),
            note="คำสั่ง อบต.กระจาย ที่ ๑๒๓/๒๕๖๖",
        )


def _reviewer(request: ApprovalRequest) -> Actor:
    """Whoever may act on the request's current step; the site admin if nobody can."""
    step = request.step(request.current_step) or {}
    position_id = int(str(step.get("position_id") or 0))
    position = Position.objects.filter(pk=position_id).select_related("holder").first()
    today = timezone.localdate()
    candidates: list[User] = []
    if position is not None and position.holder is not None:
        candidates.append(position.holder)
    candidates += list(User.objects.filter(agency=request.agency, role=Role.APPROVER))
    candidates += list(User.objects.filter(is_superuser=True).order_by("pk"))
    for user in candidates:
        if access.step_authority(user, request, on=today):
            return user
    raise RuntimeError(f"nobody may act on step {request.current_step} of {request}")


OPINIONS = ["เห็นควรเสนอตามลำดับ", "เห็นควรอนุมัติ", "เห็นควรอนุมัติและเผยแพร่", "อนุมัติ"]


@transaction.atomic
def through_chain(document: Any, *, submitter: Actor, publish: bool = True) -> Any:
    """Propose `document`, have each step of its chain approve it, and publish it."""
    request = workflow.open_request(document)
    if request is None:
        workflow.submit(document, submitter)
        request = workflow.open_request(document)
    assert request is not None
    while request.state == "in_review":
        opinion = OPINIONS[min(request.current_step - 1, len(OPINIONS) - 1)]
        reviewer = _reviewer(request)
        workflow.decide(
            request, reviewer, action="approve", step=request.current_step, text=opinion
        )
        request.refresh_from_db()
    document.refresh_from_db()
    if publish:
        workflow.publish(document, submitter)
        document.refresh_from_db()
    return document


# --- The OIT sheet of the demo (portal/oit.py) ---------------------------------------------------

#: The ITA year whose OIT sheet the demo shows with every item linked: demo-001's plan
#: 2566–2570 (its part 1 has a risk table), its 12-month report of 2566 and its 6-month
#: report of 2567 are published by demo_setup; the measures below complete it.
DEMO_OIT_YEAR = 2567
#: The year whose list the demo copies into DEMO_OIT_YEAR, as a site admin would enter it
#: (NACC's 2567 list is not in the seed migrations: its numbers must be checked).
DEMO_OIT_LIST_FROM = 2566

DEMO_MEASURES = [
    (
        "ด้านการใช้จ่ายงบประมาณ",
        "เผยแพร่แผนการใช้จ่ายงบประมาณประจำปีและรายงานผลการใช้จ่ายทุกไตรมาส",
        ["จัดทำแผนการใช้จ่ายงบประมาณ", "เผยแพร่บนเว็บไซต์ภายใน ๑๕ วันหลังสิ้นไตรมาส"],
        "เผยแพร่แผนและรายงานไตรมาส ๑–๒ บนเว็บไซต์แล้ว",
    ),
    (
        "ด้านคุณภาพการดำเนินงาน",
        "ประกาศมาตรฐานระยะเวลาการให้บริการประชาชนทุกงานบริการ",
        ["ทบทวนคู่มือการให้บริการ", "ติดประกาศ ณ จุดบริการและบนเว็บไซต์"],
        "ประกาศมาตรฐานระยะเวลาครบ ๑๒ งานบริการ",
    ),
    (
        "ด้านการแก้ไขปัญหาการทุจริต",
        "เปิดช่องทางร้องเรียนการทุจริตออนไลน์และรายงานผลการจัดการเรื่องร้องเรียน",
        ["จัดทำแบบฟอร์มร้องเรียนออนไลน์", "สรุปผลการจัดการเรื่องร้องเรียนรายไตรมาส"],
        "เปิดช่องทางออนไลน์แล้ว ยังไม่มีเรื่องร้องเรียน",
    ),
]


def demo_oit_list() -> None:
    """Enter the demo year's OIT list (a copy of DEMO_OIT_LIST_FROM's) when it has none."""
    from measures.models import ITAFramework, OITItem

    framework = ITAFramework.objects.filter(fiscal_year=DEMO_OIT_YEAR).first()
    if framework is None or framework.oit_items.exists():
        return
    for item in OITItem.objects.filter(framework__fiscal_year=DEMO_OIT_LIST_FROM):
        OITItem.objects.create(
            framework=framework,
            code=item.code,
            order=item.order,
            title=item.title,
            answered_by=item.answered_by,
            indicator=framework.indicator_by_number(item.indicator.number)
            if item.indicator
            else None,
        )
    framework.note = " ".join(
        filter(None, [framework.note, f"รายการข้อ OIT คัดลอกจากปี {DEMO_OIT_LIST_FROM} (สาธิต)"])
    )
    framework.save(update_fields=["note"])


@transaction.atomic
def demo_measures(agency: Agency, staff: User) -> Any:
    """demo-001's measures of DEMO_OIT_YEAR with their 6-month results, published through
    its chain: they answer the OIT items "measures" and "measures carried out"."""
    from measures.models import MeasureSet
    from measures.services import measure_create, measure_set_create

    found = MeasureSet.objects.filter(
        agency=agency, fiscal_year=DEMO_OIT_YEAR, kind="measures", root__isnull=True
    ).first()
    if found is not None:
        return found
    measure_set = measure_set_create(
        user=staff,
        agency=agency,
        fiscal_year=DEMO_OIT_YEAR,
        ita_year=DEMO_OIT_YEAR - 1,
        title=(
            f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ {agency.name}"
        ),
    )
    for number, (issue, title, steps, result) in enumerate(DEMO_MEASURES, start=1):
        measure_create(
            measure_set=measure_set,
            number=str(number),
            issue=issue,
            title_html=title,
            responsible_units="สำนักปลัด",
            period_text="๑ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗",
            steps=steps,
            results={"m6": {"summary": result, "outcome": "ประชาชนเข้าถึงข้อมูลได้สะดวกขึ้น"}},
            user=staff,
        )
    return through_chain(measure_set, submitter=staff)
