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
