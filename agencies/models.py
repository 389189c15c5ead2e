"""Provinces, agencies (the tenants), the people who sign in and their roles, and the base
models every agency-owned record shares (timestamps, the imported source document).

Who may do what with these is decided in one place: `agencies/access.py`.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.choices import AGENCY_KIND_SHORT, AgencyKind, DigitStyle, DocumentType, Role


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
        indexes = [models.Index(fields=["province", "kind"], name="agencies_agency_province_kind")]

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
