"""Choices shared by every app. Labels are Thai: the portal's users and documents are Thai."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    PAO = "pao", _("องค์การบริหารส่วนจังหวัด")
    CITY = "city", _("เทศบาลนคร")
    TOWN = "town", _("เทศบาลเมือง")
    SUBDISTRICT_MUNICIPALITY = "tambon_municipality", _("เทศบาลตำบล")
    SAO = "sao", _("องค์การบริหารส่วนตำบล")
    SPECIAL = "special", _("รูปแบบพิเศษ")


AGENCY_KIND_SHORT = {
    AgencyKind.PAO: "อบจ.",
    AgencyKind.CITY: "ทน.",
    AgencyKind.TOWN: "ทม.",
    AgencyKind.SUBDISTRICT_MUNICIPALITY: "ทต.",
    AgencyKind.SAO: "อบต.",
    AgencyKind.SPECIAL: "",
}


class DigitStyle(models.TextChoices):
    THAI = "thai", _("เลขไทย")
    ARABIC = "arabic", _("เลขอารบิก")


class Role(models.TextChoices):
    STAFF = "staff", _("เจ้าหน้าที่")
    APPROVER = "approver", _("ผู้อนุมัติ")
    AUDITOR = "auditor", _("ผู้ตรวจสอบ")
    SITE_ADMIN = "site_admin", _("ผู้ดูแลระบบ")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    PUBLISHED = "published", _("เผยแพร่แล้ว")


class DocumentType(models.TextChoices):
    PLAN = "plan", _("แผนปฏิบัติการป้องกันการทุจริต")
    MEASURES = "measures", _("มาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    MEASURES_REPORT = "measures_report", _("รายงานการดำเนินการตามมาตรการ")
    MEMO = "memo", _("บันทึกข้อความ")
    PROGRESS_REPORT = "progress_report", _("รายงานผลการดำเนินงาน")
