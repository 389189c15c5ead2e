"""Progress reports: a reporting round per agency, fiscal year and period, its rows, evidence,
review and event log.

A round's rows are created by `reports.services.round_open` from what the agency planned for
that year (plans.PlanItemYear) and the measures it set for that year (measures.Measure), so the
staff never type a project name again. Every change of state goes through a service and leaves
a RoundEvent.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePosixPath
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies import access
from agencies.access import Anyone
from agencies.models import Agency, FromSourceDocument, Revisioned
from agencies.querysets import AgencyScopedQuerySet
from core.thai import digits
from measures.models import Measure
from plans.models import PlanItemYear
from reports.choices import (
    AUDITED_KINDS,
    ROUND_SEQUENCE,
    ROUND_SLUGS,
    STATUSES_NEEDING_REASON,
    ReviewKind,
    ReviewVerdict,
    RoundEventKind,
    RoundKind,
    RoundState,
    RowStatus,
    RowVerdictKind,
)

# --- Rounds -----------------------------------------------------------------------------------


class ReportingRoundQuerySet(AgencyScopedQuerySet):
    """Published rounds are public; others only for the agency's users and its auditors."""

    status_field = "state"
    draft_value = RoundState.OPEN

    def reviewable_by(self, user: Anyone) -> Self:
        """Submitted rounds this user may approve or send back (the agency's approvers)."""
        return self.filter(access.approve_q(user), state=RoundState.SUBMITTED)

    def auditable_by(self, user: Anyone) -> Self:
        """6- and 12-month rounds of the agencies this auditor is assigned (after submission)."""
        return self.filter(access.audit_q(user), kind__in=AUDITED_KINDS).exclude(
            state=RoundState.OPEN
        )


class ReportingRound(Revisioned, FromSourceDocument):
    """One progress report of one agency: a fiscal year and a period (a quarter, 6 or 12 months).

    The due date is filled from reports.calendar when the round is opened and stored here, so
    a site administrator can move it for one agency without touching the calendar.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.CASCADE, related_name="rounds"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    kind = models.CharField(_("รอบรายงาน"), max_length=10, choices=RoundKind.choices)
    period_start = models.DateField(_("ตั้งแต่วันที่"))
    period_end = models.DateField(_("ข้อมูล ณ วันที่"))
    due_date = models.DateField(_("กำหนดส่ง"))
    state = models.CharField(
        _("สถานะ"), max_length=20, choices=RoundState.choices, default=RoundState.OPEN
    )
    title = models.CharField(_("ชื่อรายงาน"), max_length=300, blank=True)
    intro = models.TextField(_("บทนำ/ความเป็นมา"), blank=True)
    prepared_by_name = models.CharField(_("ผู้จัดทำ"), max_length=200, blank=True)
    prepared_by_position = models.CharField(_("ตำแหน่งผู้จัดทำ"), max_length=200, blank=True)

    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้เปิดรอบ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ส่งรายงาน"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("ส่งเมื่อ"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้อนุมัติ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("อนุมัติเมื่อ"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้เผยแพร่"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), null=True, blank=True)

    objects = ReportingRoundQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "-fiscal_year", "period_end", "kind"]
        verbose_name = _("รอบรายงานผลการดำเนินงาน")
        verbose_name_plural = _("รอบรายงานผลการดำเนินงาน")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year", "kind"],
                # Amendments share the first row's identity (agencies.workflow).
                condition=Q(root__isnull=True),
                name="reports_round_unique_per_agency",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="reports_round_period_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "agency"], name="reports_round_state_agency"),
            models.Index(fields=["due_date", "state"], name="reports_round_due_state"),
            # The dashboards' "published 6-month / annual report of the year" per agency.
            models.Index(
                fields=["agency", "fiscal_year", "kind"],
                condition=Q(state="published"),
                name="reports_round_pub_agency_year",
            ),
        ]

    def __str__(self) -> str:
        text = f"{self.get_kind_display()} ปีงบประมาณ {self.fiscal_year} {self.agency}"
        return digits(text, self.agency.digit_style)

    def get_absolute_url(self) -> str:
        return reverse("reports:round_detail", kwargs={"pk": self.pk})

    def get_pdf_url(self) -> str:
        return reverse("reports:round_pdf", kwargs={"pk": self.pk})

    def get_stable_url(self, *, revision: bool = False, pdf: bool = False) -> str:
        """/a/<code>/reports/2567/6-month/ (in force) or …/r<N>/ (this revision, for good)."""
        identity = {
            "code": self.agency.code,
            "year": self.fiscal_year,
            "period": ROUND_SLUGS[self.kind],
        }
        return self.stable_url("reports:stable", identity, revision=revision, pdf=pdf)

    @property
    def sequence(self) -> int:
        return ROUND_SEQUENCE[self.kind]

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN

    @property
    def is_published(self) -> bool:
        return self.state == RoundState.PUBLISHED

    @property
    def is_audited_kind(self) -> bool:
        return self.kind in AUDITED_KINDS


# --- Rows -------------------------------------------------------------------------------------


class ReportRowQuerySet(AgencyScopedQuerySet):
    agency_field = "round__agency"
    status_field = "round__state"
    draft_value = RoundState.OPEN


class ReportRow(models.Model):
    """What happened to one planned project (PlanItemYear) or one measure in one round.

    Exactly one of plan_item_year / measure is set. `version` grows with each save so two
    people editing the same row cannot silently overwrite each other (report_row_update).
    """

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("รอบรายงาน"), on_delete=models.CASCADE, related_name="rows"
    )
    plan_item_year = models.ForeignKey(
        PlanItemYear,
        verbose_name=_("โครงการตามแผน"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_rows",
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("มาตรการ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_rows",
    )
    order = models.PositiveIntegerField(_("ลำดับ"), default=0)
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=RowStatus.choices, default=RowStatus.NOT_STARTED
    )
    status_reason = models.TextField(
        _("เหตุผล"), blank=True, help_text=_("จำเป็นเมื่อเลื่อนไปปีถัดไปหรือยกเลิก")
    )
    done_text = models.TextField(_("ผลการดำเนินการ"), blank=True)
    outcome = models.TextField(_("ผลลัพธ์หรือความสำเร็จ"), blank=True)
    budget_used = models.DecimalField(
        _("งบประมาณที่ใช้ (บาท)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    problems = models.TextField(_("ปัญหาอุปสรรค"), blank=True)
    suggestions = models.TextField(_("ข้อเสนอแนะ"), blank=True)
    note = models.TextField(_("หมายเหตุ"), blank=True)
    source_line = models.PositiveIntegerField(_("บรรทัดในเอกสาร"), null=True, blank=True)
    version = models.PositiveIntegerField(_("รุ่น"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("แก้ไขโดย"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("แก้ไขเมื่อ"), auto_now=True)

    objects = ReportRowQuerySet.as_manager()

    class Meta:
        ordering = ["round", "order", "pk"]
        verbose_name = _("รายการในรายงาน")
        verbose_name_plural = _("รายการในรายงาน")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "plan_item_year"],
                condition=Q(plan_item_year__isnull=False),
                name="reports_row_unique_plan_item_per_round",
            ),
            models.UniqueConstraint(
                fields=["round", "measure"],
                condition=Q(measure__isnull=False),
                name="reports_row_unique_measure_per_round",
            ),
            models.CheckConstraint(
                condition=Q(plan_item_year__isnull=True, measure__isnull=False)
                | Q(plan_item_year__isnull=False, measure__isnull=True),
                name="reports_row_plan_item_xor_measure",
            ),
            models.CheckConstraint(
                condition=Q(budget_used__isnull=True) | Q(budget_used__gte=0),
                name="reports_row_budget_used_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[RowStatus.CANCELLED.value, RowStatus.DEFERRED.value])
                | ~Q(status_reason=""),
                name="reports_row_deferred_cancelled_need_reason",
            ),
        ]
        indexes = [models.Index(fields=["round", "status"], name="reports_row_round_status")]

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def title(self) -> str:
        if self.plan_item_year is not None:
            return self.plan_item_year.item.title
        return self.measure.title if self.measure is not None else ""

    @property
    def planned_budget(self) -> Decimal | None:
        """The budget planned for this item in the round's year (None for measures)."""
        if self.plan_item_year is not None:
            return self.plan_item_year.budget
        return None

    @property
    def needs_reason(self) -> bool:
        return self.status in STATUSES_NEEDING_REASON

    @property
    def key(self) -> str:
        """The row's identity across rounds and revisions: its plan item or measure family
        (the same key as reports.revisions.round_describe)."""
        if self.plan_item_year is not None:
            return f"item:{self.plan_item_year.item.key}"
        if self.measure is not None:
            return f"measure:{self.measure.key}"
        return f"row:{self.pk}"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """evidence/<agency code>/<round id>/<sha256 prefix><extension>: no user text in paths."""
    row = instance.row
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    stem = (instance.sha256 or "file")[:32]
    return f"evidence/{row.round.agency.code}/{row.round_id}/{stem}{suffix}"


class Evidence(models.Model):
    """A file (PDF or image, checked by content in reports.evidence) or a link backing a row."""

    row = models.ForeignKey(
        ReportRow, verbose_name=_("รายการ"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("ไฟล์"), upload_to=evidence_upload_to, max_length=300, blank=True)
    url = models.URLField(_("ลิงก์"), max_length=1000, blank=True)
    title = models.CharField(_("คำอธิบาย"), max_length=300, blank=True)
    original_name = models.CharField(_("ชื่อไฟล์เดิม"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("ขนาด (ไบต์)"), default=0)
    content_type = models.CharField(_("ชนิดไฟล์"), max_length=100, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้แนบ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("แนบเมื่อ"), auto_now_add=True)

    class Meta:
        ordering = ["row", "uploaded_at", "pk"]
        verbose_name = _("หลักฐาน")
        verbose_name_plural = _("หลักฐาน")
        constraints = [
            models.CheckConstraint(
                condition=(~Q(file="") & Q(url="")) | (Q(file="") & ~Q(url="")),
                name="reports_evidence_file_xor_url",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.original_name or self.url

    @property
    def is_link(self) -> bool:
        return not self.file


# --- Review and the event log -----------------------------------------------------------------


class ReviewStep(models.Model):
    """An auditor's verdict on a submitted 6- or 12-month report. `cycle` counts submissions
    (1, 2, ...). The chain's approvals and send-backs are not here: they are the request's
    ApprovalActions (agencies.workflow), shown by the workflow panel."""

    round = models.ForeignKey(
        ReportingRound,
        verbose_name=_("รอบรายงาน"),
        on_delete=models.CASCADE,
        related_name="review_steps",
    )
    cycle = models.PositiveSmallIntegerField(_("ครั้งที่ส่ง"), default=1)
    kind = models.CharField(_("ประเภท"), max_length=20, choices=ReviewKind.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้พิจารณา"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reviewer_position = models.CharField(_("ตำแหน่ง"), max_length=200, blank=True)
    verdict = models.CharField(_("ผลการพิจารณา"), max_length=30, choices=ReviewVerdict.choices)
    comment = models.TextField(_("ความเห็น/เหตุผล"), blank=True)
    decided_at = models.DateTimeField(_("พิจารณาเมื่อ"), auto_now_add=True)
    # An auditor's verdict keeps the rows as they were judged (reports.services.rows_snapshot),
    # so a re-submission shows what changed since (reports.selectors.review_rows).
    snapshot = models.JSONField(_("สภาพรายการขณะพิจารณา"), default=dict, blank=True)

    class Meta:
        ordering = ["round", "decided_at", "pk"]
        verbose_name = _("การพิจารณา")
        verbose_name_plural = _("การพิจารณา")
        constraints = [
            models.CheckConstraint(
                condition=~Q(verdict="audit_fail") | ~Q(comment=""),
                name="reports_reviewstep_fail_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(kind="audit"), name="reports_reviewstep_auditors_only"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} ({self.reviewer})"


class RowVerdict(models.Model):
    """An auditor's verdict on one row in one review cycle, and the agency's answer to it.

    Private to the agency and its auditors (access.can_discuss), never on public pages,
    PDFs, exports or open data. One per row and cycle; the auditor may change it until the
    round's verdict is recorded (`step`)."""

    round = models.ForeignKey(
        ReportingRound,
        verbose_name=_("รอบรายงาน"),
        on_delete=models.CASCADE,
        related_name="row_verdicts",
    )
    row = models.ForeignKey(
        ReportRow, verbose_name=_("รายการ"), on_delete=models.CASCADE, related_name="verdicts"
    )
    cycle = models.PositiveSmallIntegerField(_("ครั้งที่ส่ง"), default=1)
    verdict = models.CharField(_("ผลการตรวจ"), max_length=20, choices=RowVerdictKind.choices)
    comment = models.TextField(_("ความเห็นผู้ตรวจสอบ"), blank=True)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ตรวจสอบ"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    step = models.ForeignKey(
        ReviewStep,
        verbose_name=_("การพิจารณา"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="row_verdicts",
    )
    decided_at = models.DateTimeField(_("ตรวจเมื่อ"), auto_now=True)
    answer = models.TextField(_("คำชี้แจงของหน่วยงาน"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ชี้แจง"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("ชี้แจงเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["round", "row__order", "row_id", "cycle"]
        verbose_name = _("ผลการตรวจรายรายการ")
        verbose_name_plural = _("ผลการตรวจรายรายการ")
        constraints = [
            models.UniqueConstraint(
                fields=["row", "cycle"], name="reports_rowverdict_one_per_row_and_cycle"
            ),
            models.CheckConstraint(
                condition=Q(verdict=RowVerdictKind.ACCEPTED.value) | ~Q(comment=""),
                name="reports_rowverdict_remark_needs_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.row}"


class ReviewComment(models.Model):
    """A message of the private dialogue between a round's agency and its auditors, on the
    round or on one of its rows. A reply points at the message it answers (`parent`, one level:
    a reply to a reply joins the same thread). Never shown to the public."""

    round = models.ForeignKey(
        ReportingRound,
        verbose_name=_("รอบรายงาน"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    row = models.ForeignKey(
        ReportRow,
        verbose_name=_("รายการ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    step = models.ForeignKey(
        ReviewStep,
        verbose_name=_("การพิจารณา"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ให้ความเห็น"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ตอบข้อความ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    body = models.TextField(_("ความเห็น"))
    created_at = models.DateTimeField(_("เมื่อ"), auto_now_add=True)

    class Meta:
        ordering = ["round", "created_at", "pk"]
        verbose_name = _("ความเห็น")
        verbose_name_plural = _("ความเห็น")

    def __str__(self) -> str:
        return self.body[:60]


class RoundEvent(models.Model):
    """The log of a round: who did what, when, from which state to which (never edited)."""

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("รอบรายงาน"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("เหตุการณ์"), max_length=30, choices=RoundEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ดำเนินการ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("เมื่อ"), auto_now_add=True)
    from_state = models.CharField(_("จากสถานะ"), max_length=20, blank=True)
    to_state = models.CharField(_("เป็นสถานะ"), max_length=20, blank=True)
    note = models.TextField(_("รายละเอียด"), blank=True)
    data = models.JSONField(_("ข้อมูลเพิ่มเติม"), default=dict, blank=True)

    class Meta:
        ordering = ["round", "at", "pk"]
        verbose_name = _("บันทึกเหตุการณ์")
        verbose_name_plural = _("บันทึกเหตุการณ์")
        indexes = [models.Index(fields=["round", "at"], name="reports_roundevent_round_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
