"""Choices of the reports app: round kinds and states, row statuses, review verdicts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundKind(models.TextChoices):
    Q1 = "q1", _("ไตรมาสที่ 1")
    Q2 = "q2", _("ไตรมาสที่ 2")
    Q3 = "q3", _("ไตรมาสที่ 3")
    Q4 = "q4", _("ไตรมาสที่ 4")
    H1 = "h1", _("รอบ 6 เดือน")
    ANNUAL = "annual", _("รอบ 12 เดือน")


# The order in which a fiscal year's rounds follow each other: a new round starts from the
# values of the latest earlier round in this order (Q2 from Q1, H1 from Q2, ANNUAL from Q4...).
ROUND_SEQUENCE: dict[str, int] = {
    RoundKind.Q1: 1,
    RoundKind.Q2: 2,
    RoundKind.H1: 3,
    RoundKind.Q3: 4,
    RoundKind.Q4: 5,
    RoundKind.ANNUAL: 6,
}

# The period as it reads in a round's stable public URL (/a/<code>/reports/2567/6-month/).
ROUND_SLUGS: dict[str, str] = {
    RoundKind.Q1: "q1",
    RoundKind.Q2: "q2",
    RoundKind.Q3: "q3",
    RoundKind.Q4: "q4",
    RoundKind.H1: "6-month",
    RoundKind.ANNUAL: "12-month",
}
SLUG_ROUNDS: dict[str, str] = {slug: kind for kind, slug in ROUND_SLUGS.items()}

# Rounds the auditors give a verdict on (6 and 12 months).
AUDITED_KINDS = frozenset({RoundKind.H1, RoundKind.ANNUAL})


class RoundState(models.TextChoices):
    OPEN = "open", _("กำลังจัดทำ")
    SUBMITTED = "submitted", _("ส่งแล้ว รออนุมัติ")
    APPROVED = "approved", _("อนุมัติแล้ว")
    # The values from here on match agencies.choices.PublicationStatus, so the shared
    # visibility rule (agencies.access.read_q) and the workflow apply to rounds unchanged.
    PUBLISHED = "published", _("เผยแพร่แล้ว")
    SUPERSEDED = "superseded", _("ฉบับก่อนหน้า")
    WITHDRAWN = "withdrawn", _("ถอนการเผยแพร่แล้ว")


class RowStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("ยังไม่ดำเนินการ")
    IN_PROGRESS = "in_progress", _("อยู่ระหว่างดำเนินการ")
    DONE = "done", _("ดำเนินการแล้ว")
    DEFERRED = "deferred", _("เลื่อนไปปีถัดไป")
    CANCELLED = "cancelled", _("ยกเลิก")


# Statuses that are only valid with a written reason.
STATUSES_NEEDING_REASON = frozenset({RowStatus.DEFERRED, RowStatus.CANCELLED})


class ReviewKind(models.TextChoices):
    # A ReviewStep holds only auditors' verdicts; the chain's approvals and send-backs are the
    # agency's ApprovalActions (agencies.workflow), read from there, never recorded twice.
    AUDIT = "audit", _("ความเห็นผู้ตรวจสอบ")


class ReviewVerdict(models.TextChoices):
    """Auditor verdicts on 6- and 12-month reports."""

    AUDIT_PASS = "audit_pass", _("เห็นชอบ")
    AUDIT_OBSERVATIONS = "audit_observations", _("เห็นชอบโดยมีข้อสังเกต")
    AUDIT_FAIL = "audit_fail", _("ไม่เห็นชอบ ต้องปรับปรุง")


AUDIT_VERDICTS = frozenset(
    {ReviewVerdict.AUDIT_PASS, ReviewVerdict.AUDIT_OBSERVATIONS, ReviewVerdict.AUDIT_FAIL}
)


class RowVerdictKind(models.TextChoices):
    """An auditor's word on one row of a 6/12-month report."""

    ACCEPTED = "accepted", _("ยอมรับ")
    NEEDS_EVIDENCE = "needs_evidence", _("ขอหลักฐานเพิ่มเติม")
    COMMENT = "comment", _("มีข้อสังเกต")


# Row verdicts the auditor must explain in words (and the agency answers).
ROW_VERDICTS_NEEDING_COMMENT = frozenset({RowVerdictKind.NEEDS_EVIDENCE, RowVerdictKind.COMMENT})


class RoundEventKind(models.TextChoices):
    OPENED = "opened", _("เปิดรอบรายงาน")
    ROWS_SYNCED = "rows_synced", _("เพิ่มรายการจากแผน/มาตรการ")
    ROWS_FROM_RESULTS = "rows_from_results", _("นำผลจากรายงานมาตรการมาใส่")
    IMPORTED = "imported", _("นำเข้าจากเอกสาร")
    SUBMITTED = "submitted", _("ส่งรายงาน")
    RETURNED = "returned", _("ส่งกลับให้แก้ไข")
    APPROVED = "approved", _("อนุมัติ")
    PUBLISHED = "published", _("เผยแพร่")
    AUDIT_VERDICT = "audit_verdict", _("ความเห็นผู้ตรวจสอบ")
    COMMENTED = "commented", _("ความเห็น")
    ANSWERED = "answered", _("หน่วยงานชี้แจงรายรายการ")
    DUE_DATE_CHANGED = "due_date_changed", _("เปลี่ยนวันครบกำหนด")
