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


AGENCY_KIND_SHORT: dict[str, str] = {
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
    """Where a publishable document is in its life (agencies/workflow.py moves it).

    A row is editable only as a DRAFT; once PUBLISHED it is frozen for good: a change opens an
    amendment (a new DRAFT row of the same family), and publishing that makes this one
    SUPERSEDED (still public, still readable at its URL). WITHDRAWN rows are public no more.
    """

    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("อยู่ระหว่างการพิจารณา")
    APPROVED = "approved", _("อนุมัติแล้ว รอเผยแพร่")
    PUBLISHED = "published", _("เผยแพร่แล้ว")
    SUPERSEDED = "superseded", _("ฉบับก่อนหน้า")
    WITHDRAWN = "withdrawn", _("ถอนการเผยแพร่แล้ว")


#: What the public may read: the current revision and the earlier ones it replaced.
PUBLIC_STATUSES = (PublicationStatus.PUBLISHED, PublicationStatus.SUPERSEDED)
#: Frozen rows: nobody changes them, whoever they are.
FROZEN_STATUSES = (
    PublicationStatus.PUBLISHED,
    PublicationStatus.SUPERSEDED,
    PublicationStatus.WITHDRAWN,
)


class DocumentKind(models.TextChoices):
    """The kinds of document that go through an agency's approval chain."""

    PLAN = "plan", _("แผนปฏิบัติการป้องกันการทุจริต")
    MEASURES = "measures", _("มาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    ITA = "ita", _("ผลการประเมิน ITA")
    REPORT = "report", _("รายงานผลการดำเนินงาน")


class RequestPurpose(models.TextChoices):
    PUBLISH = "publish", _("ขออนุมัติเผยแพร่")
    WITHDRAW = "withdraw", _("ขออนุมัติถอนการเผยแพร่")


class RequestState(models.TextChoices):
    IN_REVIEW = "in_review", _("อยู่ระหว่างการพิจารณา")
    APPROVED = "approved", _("อนุมัติแล้ว")
    SENT_BACK = "sent_back", _("ส่งกลับให้แก้ไข")
    DONE = "done", _("ดำเนินการแล้ว")
    CANCELLED = "cancelled", _("ยกเลิก")


class ActionKind(models.TextChoices):
    SUBMIT = "submit", _("เสนอ")
    OPINION = "opinion", _("ให้ความเห็น")
    APPROVE = "approve", _("อนุมัติ")
    SEND_BACK = "send_back", _("ส่งกลับให้แก้ไข")
    PUBLISH = "publish", _("เผยแพร่")
    WITHDRAW = "withdraw", _("ถอนการเผยแพร่")
    AMEND = "amend", _("เปิดฉบับแก้ไข")


class DocumentType(models.TextChoices):
    PLAN = "plan", _("แผนปฏิบัติการป้องกันการทุจริต")
    MEASURES = "measures", _("มาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    MEASURES_REPORT = "measures_report", _("รายงานการดำเนินการตามมาตรการ")
    MEMO = "memo", _("บันทึกข้อความ")
    PROGRESS_REPORT = "progress_report", _("รายงานผลการดำเนินงาน")


class NotificationEvent(models.TextChoices):
    """What a notification tells its recipient (agencies/notifications.py writes them)."""

    SUBMITTED = "submitted", _("มีเอกสารเสนอให้พิจารณา")
    STEP_APPROVED = "step_approved", _("ผ่านขั้นตอนก่อนหน้าแล้ว รอการพิจารณา")
    APPROVED = "approved", _("อนุมัติแล้ว")
    SENT_BACK = "sent_back", _("ส่งกลับให้แก้ไข")
    PUBLISHED = "published", _("เผยแพร่แล้ว")
    VERDICT = "verdict", _("ความเห็นผู้ตรวจสอบ")
    REPLY = "reply", _("ข้อความตอบกลับ")
    REMINDER = "reminder", _("ใกล้ครบกำหนดส่ง")
    OVERDUE = "overdue", _("เลยกำหนดส่ง")
    DIGEST = "digest", _("สรุปประจำสัปดาห์")
