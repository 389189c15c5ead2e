"""Provinces, agencies (the tenants), the people who sign in and their roles, and the base
models every agency-owned record shares (timestamps, the imported source document).

Who may do what with these is decided in one place: `agencies/access.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.choices import (
    AGENCY_KIND_SHORT,
    ActionKind,
    AgencyKind,
    DigitStyle,
    DocumentKind,
    DocumentType,
    NotificationEvent,
    RequestPurpose,
    RequestState,
    Role,
)


class TimeStamped(models.Model):
    """When a record was created and last changed."""

    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("แก้ไขเมื่อ"), auto_now=True)

    class Meta:
        abstract = True


# --- Agencies and people ----------------------------------------------------------------------


class Province(models.Model):
    """A จังหวัด: the unit of provincial dashboards and of auditors' assignments."""

    name = models.CharField(_("จังหวัด"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("จังหวัด")
        verbose_name_plural = _("จังหวัด")

    def __str__(self) -> str:
        return self.name


#: GIN trigram indexes of the searched columns (pg_trgm), matching Django's icontains SQL.
TRIGRAM_INDEXES = [
    GinIndex(OpClass(Upper(column), name="gin_trgm_ops"), name=f"agency_{column}_trgm")
    for column in ("name", "short_name", "district")
]


class AgencyQuerySet(models.QuerySet):
    def with_place(self) -> AgencyQuerySet:
        return self.select_related("province")


class Agency(TimeStamped):
    """An อปท. (local administrative organisation): the tenant that owns plans and reports."""

    code = models.CharField(
        _("รหัสหน่วยงาน"),
        max_length=20,
        unique=True,
        help_text=_("รหัส อปท. ของกรมส่งเสริมการปกครองท้องถิ่น"),
    )
    kind = models.CharField(_("ประเภท"), max_length=30, choices=AgencyKind.choices)
    name = models.CharField(
        _("ชื่อทางการ"), max_length=200, help_text=_("เช่น องค์การบริหารส่วนตำบลกระจาย")
    )
    short_name = models.CharField(_("ชื่อย่อ"), max_length=100, help_text=_("เช่น อบต.กระจาย"))
    district = models.CharField(_("อำเภอ"), max_length=100, blank=True)
    province = models.ForeignKey(
        Province, verbose_name=_("จังหวัด"), on_delete=models.PROTECT, related_name="agencies"
    )
    digit_style = models.CharField(
        _("ตัวเลขในเอกสาร"), max_length=10, choices=DigitStyle.choices, default=DigitStyle.THAI
    )
    website = models.URLField(_("เว็บไซต์"), blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = _("หน่วยงาน")
        verbose_name_plural = _("หน่วยงาน")
        indexes = [
            models.Index(fields=["province", "kind"], name="agencies_agency_province_kind"),
            # The home search (name/short name/district icontains → UPPER(col) LIKE '%q%'):
            # trigram indexes on PostgreSQL only (migration 0004 skips them on SQLite).
            *TRIGRAM_INDEXES,
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:agency_detail", kwargs={"code": self.code})

    @property
    def kind_short(self) -> str:
        return AGENCY_KIND_SHORT.get(self.kind, "")


class User(AbstractUser):
    """A person who signs in. Staff, approvers and auditors belong to one agency; auditors may
    also be assigned further agencies or a whole province."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("หน่วยงาน"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField(_("บทบาท"), max_length=20, choices=Role.choices, default=Role.STAFF)
    position = models.CharField(_("ตำแหน่ง"), max_length=200, blank=True)
    audited_agencies = models.ManyToManyField(
        Agency, verbose_name=_("หน่วยงานที่ตรวจสอบ"), blank=True, related_name="auditors"
    )
    audited_provinces = models.ManyToManyField(
        Province, verbose_name=_("จังหวัดที่ตรวจสอบ"), blank=True, related_name="auditors"
    )
    notify_by_email = models.BooleanField(
        _("รับการแจ้งเตือนทางอีเมลด้วย"),
        default=True,
        help_text=_("ไม่เลือก: แจ้งเตือนในระบบ (กระดิ่ง) อย่างเดียว"),
    )

    class Meta:
        verbose_name = _("ผู้ใช้")
        verbose_name_plural = _("ผู้ใช้")

    @property
    def is_site_admin(self) -> bool:
        """A site administrator (or superuser): manages reference data, acts only as admin."""
        return self.is_superuser or self.role == Role.SITE_ADMIN


# --- Imported source documents ----------------------------------------------------------------


class SourceDocument(TimeStamped):
    """A document file that was imported: what it was, who imported it, what the import said."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.CASCADE, related_name="documents"
    )
    document_type = models.CharField(_("ประเภทเอกสาร"), max_length=30, choices=DocumentType.choices)
    layout = models.CharField(_("รูปแบบ"), max_length=50)
    filename = models.CharField(_("ชื่อไฟล์"), max_length=255)
    sha256 = models.CharField(max_length=64)
    warnings = models.JSONField(_("คำเตือนจากการนำเข้า"), default=list, blank=True)
    imported_by = models.ForeignKey(
        User, verbose_name=_("ผู้นำเข้า"), on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("เอกสารต้นฉบับ")
        verbose_name_plural = _("เอกสารต้นฉบับ")

    def __str__(self) -> str:
        return self.filename


class FromSourceDocument(TimeStamped):
    """A record that an import may have created: the document it came from, and when it was
    created and last changed. Measure sets, ITA results, memos and reporting rounds share it."""

    source = models.ForeignKey(
        SourceDocument,
        verbose_name=_("นำเข้าจาก"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class Revisioned(models.Model):
    """A publishable document that is frozen once published (see agencies/workflow.py).

    The rows of one document form a family: the first row (``root`` empty) and its amendments
    (``root`` = the first row), numbered 1, 2, 3 … Each published row keeps its URL for good.
    """

    root = models.ForeignKey(
        "self",
        verbose_name=_("ฉบับแรกของเอกสาร"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revision_number = models.PositiveSmallIntegerField(_("ฉบับที่"), default=1)
    withdrawn_at = models.DateTimeField(_("ถอนการเผยแพร่เมื่อ"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("เหตุผลที่ถอนการเผยแพร่"), blank=True)

    class Meta:
        abstract = True

    def stable_url(
        self, route: str, identity: dict[str, object], *, revision: bool, pdf: bool
    ) -> str:
        """The readable public address `route` (a name core.stable.revision_patterns made)
        gives this document: the revision in force, or with `revision` this row's own."""
        kwargs = dict(identity)
        if revision:
            route += "_revision"
            kwargs["revision"] = self.revision_number
        return reverse(route + ("_pdf" if pdf else ""), kwargs=kwargs)

    @property
    def family_id(self) -> int:
        """The pk of the family's first row: what every revision of this document shares."""
        return self.root_id or self.pk  # type: ignore[attr-defined]  # FK on an abstract model


# --- Approval chains ------------------------------------------------------------------------


class Position(models.Model):
    """A position in an agency's chain of command (e.g. ปลัด อบต.), and who holds it now."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.CASCADE, related_name="positions"
    )
    title = models.CharField(_("ตำแหน่ง"), max_length=200)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ดำรงตำแหน่ง"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions_held",
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        ordering = ["agency", "order", "pk"]
        verbose_name = _("ตำแหน่ง")
        verbose_name_plural = _("ตำแหน่ง")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "title"], name="agencies_position_unique_title"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ActingAppointment(models.Model):
    """Someone who acts for a position (ปฏิบัติหน้าที่แทน) from one date to another."""

    position = models.ForeignKey(
        Position, verbose_name=_("ตำแหน่ง"), on_delete=models.CASCADE, related_name="acting"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ปฏิบัติหน้าที่แทน"),
        on_delete=models.CASCADE,
        related_name="acting_appointments",
    )
    starts_on = models.DateField(_("ตั้งแต่วันที่"))
    ends_on = models.DateField(_("ถึงวันที่"), null=True, blank=True)
    note = models.CharField(_("คำสั่งแต่งตั้ง"), max_length=300, blank=True)

    class Meta:
        ordering = ["position", "-starts_on"]
        verbose_name = _("การปฏิบัติหน้าที่แทน")
        verbose_name_plural = _("การปฏิบัติหน้าที่แทน")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="agencies_acting_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ปฏิบัติหน้าที่แทน {self.position}"


class ApprovalChain(models.Model):
    """The positions that review one kind of document of one agency, in order; the last one
    approves. Data, not code: site admins and the agency's approvers edit it in the browser."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.CASCADE, related_name="chains"
    )
    kind = models.CharField(_("ประเภทเอกสาร"), max_length=20, choices=DocumentKind.choices)
    updated_at = models.DateTimeField(_("แก้ไขเมื่อ"), auto_now=True)

    class Meta:
        ordering = ["agency", "kind"]
        verbose_name = _("สายการอนุมัติ")
        verbose_name_plural = _("สายการอนุมัติ")
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind"], name="agencies_chain_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.agency}"


class ChainStep(models.Model):
    """One position's step of a chain: it gives an opinion, or (the last step) approves."""

    chain = models.ForeignKey(ApprovalChain, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("ลำดับ"))
    position = models.ForeignKey(
        Position, verbose_name=_("ตำแหน่ง"), on_delete=models.PROTECT, related_name="steps"
    )

    class Meta:
        ordering = ["chain", "order"]
        verbose_name = _("ขั้นตอนการอนุมัติ")
        verbose_name_plural = _("ขั้นตอนการอนุมัติ")
        constraints = [
            models.UniqueConstraint(fields=["chain", "order"], name="agencies_chainstep_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.position}"


class ApprovalRequest(TimeStamped):
    """One trip of one document row up its agency's chain: to publish it, or to withdraw it.

    The chain is copied into ``steps`` when the request is made, so editing the chain later
    never rewrites a request in progress or the history of a finished one. The request is
    also the memo (บันทึกข้อความ) that the chain signs: its number is per agency and
    fiscal year.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.CASCADE, related_name="requests"
    )
    kind = models.CharField(_("ประเภทเอกสาร"), max_length=20, choices=DocumentKind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    purpose = models.CharField(
        _("เรื่อง"), max_length=20, choices=RequestPurpose.choices, default=RequestPurpose.PUBLISH
    )
    state = models.CharField(
        _("สถานะ"), max_length=20, choices=RequestState.choices, default=RequestState.IN_REVIEW
    )
    #: [{"order": 1, "position_id": 3, "title": "หัวหน้าสำนักปลัด"}, …] as at submission.
    steps = models.JSONField(_("ขั้นตอน"), default=list)
    current_step = models.PositiveSmallIntegerField(_("ขั้นตอนปัจจุบัน"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้เสนอ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("เสนอเมื่อ"), null=True, blank=True)
    title = models.CharField(_("ชื่อเอกสาร"), max_length=500)
    revision_number = models.PositiveSmallIntegerField(_("ฉบับที่"), default=1)
    reason = models.TextField(_("เหตุผล"), blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณของบันทึก"))
    memo_number = models.PositiveIntegerField(_("เลขที่บันทึก"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("คำขออนุมัติ")
        verbose_name_plural = _("คำขออนุมัติ")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="agencies_request_document"),
            models.Index(fields=["state", "agency"], name="agencies_request_state_agency"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year", "memo_number"],
                name="agencies_request_unique_memo_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.title}"

    def step(self, order: int) -> dict[str, object] | None:
        return next((s for s in self.steps if s.get("order") == order), None)

    @property
    def is_last_step(self) -> bool:
        return self.current_step >= len(self.steps)


class ApprovalAction(models.Model):
    """What one person did on a request: proposed it, gave an opinion, approved, sent it
    back, published or withdrew. Never changed once written: it is the document's history."""

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="actions")
    step = models.PositiveSmallIntegerField(_("ขั้นตอน"), null=True, blank=True)
    kind = models.CharField(_("การดำเนินการ"), max_length=20, choices=ActionKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ดำเนินการ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("ชื่อ"), max_length=200, blank=True)
    position_title = models.CharField(_("ตำแหน่ง"), max_length=200, blank=True)
    #: Set when the actor signed for this position's holder (ปฏิบัติหน้าที่แทน).
    acting_for = models.CharField(_("ปฏิบัติหน้าที่แทน"), max_length=200, blank=True)
    as_admin = models.BooleanField(_("ดำเนินการในฐานะผู้ดูแลระบบ"), default=False)
    opinion = models.TextField(_("ความเห็น/เหตุผล"), blank=True)
    at = models.DateTimeField(_("เมื่อ"), auto_now_add=True)

    class Meta:
        ordering = ["request", "at", "pk"]
        verbose_name = _("การดำเนินการตามสายการอนุมัติ")
        verbose_name_plural = _("การดำเนินการตามสายการอนุมัติ")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=ActionKind.SEND_BACK) | ~models.Q(opinion=""),
                name="agencies_action_send_back_needs_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.actor_name}"


class MemoCounter(models.Model):
    """The last memo number an agency gave in a fiscal year (ที่ … /๒๕๖๘)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("เลขที่บันทึก")
        verbose_name_plural = _("เลขที่บันทึก")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year"], name="agencies_memocounter_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.fiscal_year}: {self.last}"


# --- Notifications --------------------------------------------------------------------------


class Notification(models.Model):
    """One thing one user is told (in the bell, and by e-mail if they want): a document was
    proposed to their step, sent back, approved, published; an auditor's verdict; a reply;
    a due date near or passed; the auditors' weekly digest.

    ``key`` names the event (e.g. ``submitted:request-12``): one row per event and recipient,
    so a retried call never tells anyone twice, and ``emailed_at`` is claimed before the
    e-mail goes, so it goes once. Written by agencies/notifications.py only."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้รับ"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("เรื่อง"), max_length=20, choices=NotificationEvent.choices)
    key = models.CharField(_("รหัสเหตุการณ์"), max_length=200)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("หน่วยงาน"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.CharField(_("ข้อความ"), max_length=500)
    body = models.TextField(_("รายละเอียด"), blank=True)
    url = models.CharField(_("ลิงก์"), max_length=500, blank=True)
    actor_name = models.CharField(_("ผู้ดำเนินการ"), max_length=200, blank=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("เมื่อ"), auto_now_add=True)
    read_at = models.DateTimeField(_("อ่านเมื่อ"), null=True, blank=True)
    #: The recipient wanted it by e-mail when it was written (the e-mail is still owed while
    #: `emailed_at` is empty; a later change of preference never sends old notices).
    email_due = models.BooleanField(_("ต้องส่งอีเมล"), default=False)
    emailed_at = models.DateTimeField(_("ส่งอีเมลเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("การแจ้งเตือน")
        verbose_name_plural = _("การแจ้งเตือน")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="agencies_notification_once_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="agencies_notification_unread"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def names_its_event(self) -> bool:
        """Whether the text already opens with what happened ("ส่งกลับให้แก้ไข: …"): the list
        then shows no badge saying it again."""
        return self.text.startswith(str(self.get_event_display()))
