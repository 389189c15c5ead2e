"""Demo progress reports for the demo agency demo-001 (plan 001, imported by demo_setup).

Opens a 12-month round for 2566 with every row filled (mostly done, budgets used) and takes
it through submit → approve → publish with the demo logins; a 6-month round for 2567 half
filled in and published the same way (the OIT sheet of ITA 2567 links it); and a third-quarter
round for 2567 partly filled in and left open for the staff to continue. Idempotent: a round
that exists is left as it is (an open 6-month round of an older demo is published).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agencies.access import Actor
from agencies.choices import Role
from agencies.models import Agency, User
from portal.demo import through_chain
from reports.choices import RoundKind, RoundState, RowStatus
from reports.models import ReportingRound, ReportRow
from reports.services import report_row_update, round_open

AGENCY_CODE = "demo-001"

DONE_TEXTS = [
    "ดำเนินการตามแผนครบถ้วน มีผู้เข้าร่วมกิจกรรมตามเป้าหมาย",
    "จัดกิจกรรมแล้วเสร็จ และรายงานผลต่อผู้บริหารทราบ",
    "ดำเนินการแล้ว และเผยแพร่ผลการดำเนินงานบนเว็บไซต์ของ อบต.",
    "ดำเนินการแล้วเสร็จตามระยะเวลาที่กำหนด",
]
OUTCOMES = [
    "บุคลากรมีความรู้ความเข้าใจเพิ่มขึ้น ผลการประเมินหลังอบรมผ่านเกณฑ์ร้อยละ ๘๕",
    "ประชาชนรับทราบข้อมูลและมีส่วนร่วมตรวจสอบการดำเนินงาน",
    "หน่วยงานมีแนวทางปฏิบัติที่ชัดเจนและโปร่งใส",
]
IN_PROGRESS_TEXT = "อยู่ระหว่างดำเนินการ คาดว่าจะแล้วเสร็จภายในไตรมาสถัดไป"


def _user(agency: Agency, role: str) -> User | None:
    user = User.objects.filter(agency=agency, role=role, is_active=True).order_by("pk").first()
    return user or User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _fill(row: ReportRow, user: Actor, data: dict) -> None:
    report_row_update(row=row, data=data, version=row.version, user=user)


def _used(row: ReportRow, i: int) -> Decimal | None:
    planned = row.planned_budget
    if not planned:
        return Decimal(0) if row.plan_item_year_id else None
    # Most projects spend a little less than planned.
    return (planned * Decimal(100 - (i % 4) * 3) / 100).quantize(Decimal(1))


class Command(BaseCommand):
    help = "Create demo progress reports for demo-001 (12 months 2566, 6 months and Q3 2567)."

    def handle(self, *args, **options) -> None:
        agency = Agency.objects.filter(code=AGENCY_CODE).first()
        if agency is None:
            raise CommandError(f"ไม่พบหน่วยงาน {AGENCY_CODE}: run demo_setup first")
        staff = _user(agency, Role.STAFF)
        approver = _user(agency, Role.APPROVER)
        if staff is None:
            raise CommandError("ไม่พบผู้ใช้ของหน่วยงานสาธิต: run demo_setup first")
        self._annual_2566(agency, staff, approver)
        # The 6-month report of 2567 is published (the OIT sheet of ITA 2567 links it); the
        # third quarter is the report the staff are still filling in.
        self._round_2567(agency, staff, RoundKind.H1, publish=True)
        self._round_2567(agency, staff, RoundKind.Q3, publish=False)

    @transaction.atomic
    def _annual_2566(self, agency: Agency, staff, approver) -> None:
        if ReportingRound.objects.filter(
            agency=agency, fiscal_year=2566, kind=RoundKind.ANNUAL
        ).exists():
            self.stdout.write("  12-month report 2566: exists")
            return
        rnd = round_open(agency=agency, fiscal_year=2566, kind=RoundKind.ANNUAL, user=staff)
        rows = list(rnd.rows.select_related("plan_item_year").order_by("order"))
        for i, row in enumerate(rows):
            if i % 9 == 4:
                data = {
                    "status": RowStatus.IN_PROGRESS,
                    "done_text": IN_PROGRESS_TEXT,
                    "budget_used": _used(row, i + 2),
                    "problems": "ระยะเวลาดำเนินการไม่เพียงพอ",
                    "suggestions": "ควรเริ่มดำเนินการตั้งแต่ไตรมาสแรก",
                }
            elif i % 13 == 7:
                data = {
                    "status": RowStatus.DEFERRED,
                    "status_reason": "ไม่ได้รับจัดสรรงบประมาณในปีนี้ เลื่อนไปดำเนินการปีงบประมาณ ๒๕๖๗",
                    "budget_used": Decimal(0) if row.plan_item_year_id else None,
                }
            else:
                data = {
                    "status": RowStatus.DONE,
                    "done_text": DONE_TEXTS[i % len(DONE_TEXTS)],
                    "outcome": OUTCOMES[i % len(OUTCOMES)],
                    "budget_used": _used(row, i),
                }
            _fill(row, staff, data)
        rnd.prepared_by_name = staff.get_full_name() or staff.username
        rnd.prepared_by_position = staff.position or "นักวิเคราะห์นโยบายและแผน"
        rnd.save(update_fields=["prepared_by_name", "prepared_by_position", "updated_at"])
        through_chain(rnd, submitter=staff)
        self.stdout.write(f"  12-month report 2566: {len(rows)} rows, {rnd.state}")

    @transaction.atomic
    def _round_2567(self, agency: Agency, staff, kind: str, *, publish: bool) -> None:
        label = RoundKind(kind).label
        rnd = ReportingRound.objects.filter(
            agency=agency, fiscal_year=2567, kind=kind, root__isnull=True
        ).first()
        if rnd is not None:
            if publish and rnd.state == RoundState.OPEN:  # a demo loaded before the OIT sheet
                through_chain(rnd, submitter=staff)
            self.stdout.write(f"  {label} 2567: exists, {rnd.state}")
            return
        rnd = round_open(agency=agency, fiscal_year=2567, kind=kind, user=staff)
        rows = list(rnd.rows.select_related("plan_item_year").order_by("order"))
        # About half the rows have news after six months; the rest wait for the staff.
        for i, row in enumerate(rows[: len(rows) // 2]):
            if i % 3 == 0:
                data = {
                    "status": RowStatus.DONE,
                    "done_text": DONE_TEXTS[i % len(DONE_TEXTS)],
                    "outcome": OUTCOMES[i % len(OUTCOMES)],
                    "budget_used": _used(row, i),
                }
            else:
                data = {
                    "status": RowStatus.IN_PROGRESS,
                    "done_text": IN_PROGRESS_TEXT,
                    "budget_used": (_used(row, i) or Decimal(0)) / 2
                    if row.plan_item_year_id
                    else None,
                }
            _fill(row, staff, data)
        if publish:
            through_chain(rnd, submitter=staff)
        self.stdout.write(f"  {label} 2567: {len(rows)} rows, {len(rows) // 2} filled, {rnd.state}")
