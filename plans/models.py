"""The dimension framework and five-year anti-corruption plans.

Totals are never stored: budgets live on PlanItemYear rows and every total is computed by the
selectors, so a summary always adds up to its rows. Figures a document *printed* are kept
only in import warnings, never as data.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.choices import PublicationStatus
from agencies.models import Agency, Revisioned, SourceDocument, TimeStamped
from agencies.querysets import AgencyScopedQuerySet
from core.thai import digits
from plans.choices import ItemKind, RiskLevel

# --- Dimension framework ----------------------------------------------------------------------


class DimensionEdition(models.Model):
    """An edition of the national framework of dimensions (มิติ), e.g. the plans of 2566–2570.

    Held as reference data (seeded by a data migration, editable in the admin) so a new
    edition needs no code change.
    """

    code = models.CharField(_("รหัส"), max_length=20, unique=True, help_text=_("เช่น 2566-2570"))
    name = models.CharField(_("ชื่อ"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("ปีแรก (พ.ศ.)"))
    last_year = models.PositiveSmallIntegerField(_("ปีสุดท้าย (พ.ศ.)"))
    note = models.TextField(_("หมายเหตุ"), blank=True)

    class Meta:
        ordering = ["-first_year"]
        verbose_name = _("ชุดมิติ")
        verbose_name_plural = _("ชุดมิติ")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="plans_dimensionedition_years_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class Dimension(models.Model):
    """A node of an edition's tree: a dimension (1), sub-dimension (1.1) or third level (1.1.1)."""

    edition = models.ForeignKey(
        DimensionEdition,
        verbose_name=_("ชุดมิติ"),
        on_delete=models.CASCADE,
        related_name="dimensions",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("อยู่ภายใต้"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    number = models.CharField(_("เลขที่"), max_length=10, help_text=_("เช่น 1, 1.1, 1.1.1"))
    name = models.CharField(_("ชื่อ"), max_length=500)
    aliases = models.JSONField(_("ชื่ออื่นที่พบในเอกสาร"), default=list, blank=True)
    sort_key = models.CharField(max_length=30, editable=False, default="")
    updated_at = models.DateTimeField(_("แก้ไขเมื่อ"), auto_now=True)

    class Meta:
        ordering = ["edition", "sort_key"]
        verbose_name = _("มิติ")
        verbose_name_plural = _("มิติ")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "number"], name="plans_dimension_unique_number_per_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def save(self, *args, **kwargs) -> None:
        # Derived, not business logic: "10" must sort after "9".
        self.sort_key = self.make_sort_key(self.number)
        super().save(*args, **kwargs)

    @property
    def level(self) -> int:
        return self.number.count(".") + 1

    @staticmethod
    def make_sort_key(number: str) -> str:
        return ".".join(f"{int(part):03d}" for part in number.split("."))


class ExampleProject(models.Model):
    """An example project the NACC (ป.ป.ช.) suggests under a dimension of an edition: what a new
    plan may start from. Reference data a site admin keeps in the admin (seeded by a data
    migration); a plan copies the title, kind and unit, never links to the example."""

    edition = models.ForeignKey(
        DimensionEdition,
        verbose_name=_("ชุดมิติ"),
        on_delete=models.CASCADE,
        related_name="examples",
    )
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("มิติ"), on_delete=models.CASCADE, related_name="examples"
    )
    subdimension = models.ForeignKey(
        Dimension,
        verbose_name=_("ภารกิจตามมิติ"),
        on_delete=models.CASCADE,
        related_name="sub_examples",
        null=True,
        blank=True,
    )
    kind = models.CharField(
        _("ประเภท"), max_length=20, choices=ItemKind.choices, default=ItemKind.PROJECT
    )
    title = models.TextField(_("ชื่อโครงการ/กิจกรรม/มาตรการ"))
    responsible_unit = models.CharField(_("ผู้รับผิดชอบ"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("ลำดับ"), default=0)
    active = models.BooleanField(_("ใช้งาน"), default=True)

    class Meta:
        ordering = ["edition", "dimension__sort_key", "order", "pk"]
        verbose_name = _("ตัวอย่างโครงการของ ป.ป.ช.")
        verbose_name_plural = _("ตัวอย่างโครงการของ ป.ป.ช.")

    def __str__(self) -> str:
        return self.title[:80]


# --- Plans ------------------------------------------------------------------------------------


class PlanQuerySet(AgencyScopedQuerySet):
    """The only way views reach plans: published ones, plus the user's own drafts."""


class Plan(Revisioned, TimeStamped):
    """A five-year (or, in the older edition, four-year) anti-corruption plan of one agency."""

    #: Set on the plans `plans.selectors.agency_plans` lists (not a column).
    total_budget: Decimal

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.CASCADE, related_name="plans"
    )
    edition = models.ForeignKey(
        DimensionEdition, verbose_name=_("ชุดมิติ"), on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(_("ชื่อแผน"), max_length=300)
    first_year = models.PositiveSmallIntegerField(_("ปีแรก (พ.ศ.)"))
    last_year = models.PositiveSmallIntegerField(_("ปีสุดท้าย (พ.ศ.)"))
    status = models.CharField(
        _("สถานะ"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), null=True, blank=True)
    foreword = models.TextField(_("คำนำ"), blank=True)
    rationale = models.TextField(_("หลักการและเหตุผล"), blank=True)
    objectives = models.TextField(_("วัตถุประสงค์"), blank=True)
    benefits = models.TextField(_("ประโยชน์ของการจัดทำแผน"), blank=True)
    source = models.ForeignKey(
        SourceDocument, verbose_name=_("นำเข้าจาก"), on_delete=models.SET_NULL, null=True, blank=True
    )
    #: The optimistic-concurrency version (core.concurrency): +1 on every save by a service.
    version = models.PositiveIntegerField(_("รุ่น"), default=1)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "-first_year"]
        verbose_name = _("แผนปฏิบัติการป้องกันการทุจริต")
        verbose_name_plural = _("แผนปฏิบัติการป้องกันการทุจริต")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "first_year"],
                # Amendments share the first row's identity (agencies.workflow).
                condition=Q(root__isnull=True),
                name="plans_plan_unique_period_per_agency",
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")), name="plans_plan_years_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "agency"], name="plans_plan_status_agency"),
            # The dashboards' "has a published plan covering the year" per agency.
            models.Index(
                fields=["agency", "first_year", "last_year"],
                condition=Q(status="published"),
                name="plans_plan_pub_agency_years",
            ),
        ]

    def __str__(self) -> str:
        style = self.agency.digit_style
        return f"{self.title} ({digits(self.first_year, style)}–{digits(self.last_year, style)})"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", kwargs={"pk": self.pk})

    def get_pdf_url(self) -> str:
        return reverse("plans:plan_pdf", kwargs={"pk": self.pk})

    def get_stable_url(self, *, revision: bool = False, pdf: bool = False) -> str:
        """/a/<code>/plan/2566-2570/ (in force) or …/r<N>/ (this revision, for good)."""
        identity = {"code": self.agency.code, "first": self.first_year, "last": self.last_year}
        return self.stable_url("plans:stable", identity, revision=revision, pdf=pdf)

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


class PlanTarget(models.Model):
    """A row of the part-1 targets table (เป้าหมาย): a label and a value per plan year."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    label = models.CharField(_("ค่าเป้าหมาย"), max_length=500)
    values = models.JSONField(_("ค่าต่อปี"), default=dict, help_text=_('เช่น {"2566": "ร้อยละ 10"}'))
    # Every part of a plan records its last change, so a plan's fingerprint (the PDF cache's
    # cheap "has anything changed?") sees edits made anywhere, admin included.
    updated_at = models.DateTimeField(_("แก้ไขเมื่อ"), auto_now=True)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("เป้าหมาย")
        verbose_name_plural = _("เป้าหมาย")

    def __str__(self) -> str:
        return self.label

    def value_for(self, year: int) -> str:
        return self.values.get(str(year), "")


class RiskRow(models.Model):
    """A row of the part-1 corruption-risk assessment."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risks")
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    step = models.TextField(_("ขั้นตอนการดำเนินงาน"))
    risks = models.TextField(_("ประเด็นความเสี่ยงการทุจริต"), blank=True)
    level = models.CharField(
        _("ระดับความเสี่ยง"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    level_text = models.CharField(
        _("ระดับความเสี่ยงตามเอกสาร"), max_length=100, blank=True, help_text=_("เช่น 'สูง ปานกลาง'")
    )
    controls = models.TextField(_("มาตรการควบคุมความเสี่ยง"), blank=True)
    # Every part of a plan records its last change, so a plan's fingerprint (the PDF cache's
    # cheap "has anything changed?") sees edits made anywhere, admin included.
    updated_at = models.DateTimeField(_("แก้ไขเมื่อ"), auto_now=True)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("ความเสี่ยงการทุจริต")
        verbose_name_plural = _("ความเสี่ยงการทุจริต")

    def __str__(self) -> str:
        return self.step[:60]


class PlanItemQuerySet(AgencyScopedQuerySet):
    agency_field = "plan__agency"
    status_field = "plan__status"


class PlanItem(TimeStamped):
    """A project, activity or measure of a plan, under one dimension (and maybe a sub-dimension).

    The same name under two dimensions is two items (001's complaints measure).
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("แผน"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(
        _("ประเภท"), max_length=20, choices=ItemKind.choices, default=ItemKind.PROJECT
    )
    number = models.CharField(_("ลำดับตามเอกสาร"), max_length=20, blank=True)
    title = models.TextField(_("ชื่อโครงการ/กิจกรรม/มาตรการ"))
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("มิติ"), on_delete=models.PROTECT, related_name="items"
    )
    subdimension = models.ForeignKey(
        Dimension,
        verbose_name=_("ภารกิจตามมิติ"),
        on_delete=models.PROTECT,
        related_name="sub_items",
        null=True,
        blank=True,
    )
    responsible_unit = models.CharField(_("ผู้รับผิดชอบ"), max_length=300, blank=True)
    note = models.TextField(_("หมายเหตุ"), blank=True)
    order = models.PositiveIntegerField(_("ลำดับ"), default=0)
    #: The optimistic-concurrency version (core.concurrency): +1 on every save by a service.
    version = models.PositiveIntegerField(_("รุ่น"), default=1)
    #: The same item in every revision of its plan (kept by amendments): what diffs between
    #: revisions and reports carried from one revision to the next match on.
    key = models.UUIDField(_("รหัสรายการ"), default=uuid.uuid4, editable=False, db_index=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "dimension__sort_key", "order"]
        verbose_name = _("โครงการ/กิจกรรม/มาตรการ")
        verbose_name_plural = _("โครงการ/กิจกรรม/มาตรการ")
        indexes = [models.Index(fields=["plan", "dimension"], name="plans_planitem_plan_dimension")]

    def __str__(self) -> str:
        return self.title[:80]

    def get_absolute_url(self) -> str:
        return reverse("plans:item_detail", kwargs={"pk": self.pk})


class PlanItemYear(models.Model):
    """An item in one plan year: its budget (an amount or explicitly none) and quarters.

    A year without a row means the item is not in the plan that year.
    """

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    budget = models.DecimalField(
        _("งบประมาณ (บาท)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    no_budget = models.BooleanField(_("ไม่ใช้งบประมาณ"), default=False)
    q1 = models.BooleanField(_("ไตรมาส 1"), default=False)
    q2 = models.BooleanField(_("ไตรมาส 2"), default=False)
    q3 = models.BooleanField(_("ไตรมาส 3"), default=False)
    q4 = models.BooleanField(_("ไตรมาส 4"), default=False)
    note = models.CharField(_("หมายเหตุ"), max_length=500, blank=True)
    number = models.CharField(_("ลำดับในปี"), max_length=20, blank=True)
    # Every part of a plan records its last change, so a plan's fingerprint (the PDF cache's
    # cheap "has anything changed?") sees edits made anywhere, admin included.
    updated_at = models.DateTimeField(_("แก้ไขเมื่อ"), auto_now=True)

    class Meta:
        ordering = ["item", "year"]
        verbose_name = _("งบประมาณรายปี")
        verbose_name_plural = _("งบประมาณรายปี")
        constraints = [
            models.UniqueConstraint(fields=["item", "year"], name="plans_planitemyear_unique_year"),
            models.CheckConstraint(
                condition=Q(no_budget=False) | Q(budget__isnull=True) | Q(budget=0),
                name="plans_planitemyear_no_budget_has_no_amount",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="plans_planitemyear_budget_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["year", "item"], name="plans_planitemyear_year_item")]

    def __str__(self) -> str:
        return f"{self.item} {self.year}"

    @property
    def amount(self) -> Decimal:
        """The amount that counts in totals (no budget counts as zero)."""
        return self.budget or Decimal(0)

    @property
    def quarters(self) -> list[int]:
        return [n for n, on in enumerate((self.q1, self.q2, self.q3, self.q4), start=1) if on]


#: The headings of a part-3 project sheet after its title, in the order they are printed
#: (the sheet form, the wizard's service and the plan importer all use this one list).
SHEET_TEXT_FIELDS = (
    "rationale",
    "objectives",
    "target_group",
    "method",
    "period",
    "budget_text",
    "owner",
    "outputs",
    "outcomes",
)


class ProjectSheet(models.Model):
    """A part-3 detail sheet (รายละเอียดโครงการ). An item may have several sheets, or none."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sheets")
    item = models.ForeignKey(
        PlanItem,
        verbose_name=_("โครงการ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sheets",
    )
    order = models.PositiveIntegerField(_("ลำดับ"), default=0)
    heading = models.CharField(
        _("หัวข้อในเอกสาร"), max_length=500, blank=True, help_text=_("เช่น ๑.๑.๑ …")
    )
    title = models.TextField(_("ชื่อโครงการ"))
    rationale = models.TextField(_("หลักการและเหตุผล"), blank=True)
    objectives = models.TextField(_("วัตถุประสงค์"), blank=True)
    target_group = models.TextField(_("กลุ่มเป้าหมาย"), blank=True)
    method = models.TextField(_("วิธีดำเนินการ"), blank=True)
    period = models.TextField(_("ระยะเวลาดำเนินการ"), blank=True)
    budget_text = models.TextField(_("งบประมาณดำเนินการ"), blank=True)
    owner = models.TextField(_("ผู้รับผิดชอบโครงการ"), blank=True)
    outputs = models.TextField(_("ผลผลิต"), blank=True)
    outcomes = models.TextField(_("ผลลัพธ์"), blank=True)
    note = models.TextField(_("หมายเหตุ"), blank=True)
    source_line = models.PositiveIntegerField(_("บรรทัดในเอกสาร"), null=True, blank=True)
    #: The optimistic-concurrency version (core.concurrency): +1 on every save by a service.
    version = models.PositiveIntegerField(_("รุ่น"), default=1)
    # Every part of a plan records its last change, so a plan's fingerprint (the PDF cache's
    # cheap "has anything changed?") sees edits made anywhere, admin included.
    updated_at = models.DateTimeField(_("แก้ไขเมื่อ"), auto_now=True)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("รายละเอียดโครงการ")
        verbose_name_plural = _("รายละเอียดโครงการ")

    def __str__(self) -> str:
        return self.title[:80]
