"""Choices of the measures app. Labels are Thai, like the documents they come from."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Instrument(models.TextChoices):
    """The three ITA instruments."""

    IIT = "IIT", _("IIT แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน")
    EIT = "EIT", _("EIT แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก")
    OIT = "OIT", _("OIT แบบวัดการเปิดเผยข้อมูลสาธารณะ")


class MeasureSetKind(models.TextChoices):
    """A document either sets the measures of a year or reports on carrying them out."""

    MEASURES = "measures", _("มาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    REPORT = "measures_report", _("รายงานการดำเนินการตามมาตรการ")


class OITSource(models.TextChoices):
    """Which published document answers an OIT item (see portal/oit.py for the mapping)."""

    PLAN = "plan", _("แผนปฏิบัติการป้องกันการทุจริต")
    REPORT_6_MONTHS = "report_h1", _("รายงานการกำกับติดตามการดำเนินงาน รอบ 6 เดือน")
    REPORT_ANNUAL = "report_annual", _("รายงานผลการดำเนินงานประจำปี (รอบ 12 เดือน)")
    MEASURES = "measures", _("มาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    MEASURES_REPORT = "measures_report", _("การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    RISK_ASSESSMENT = "risk_assessment", _("การประเมินความเสี่ยงการทุจริต")
    RISK_MANAGEMENT = "risk_management", _("การดำเนินการเพื่อจัดการความเสี่ยงการทุจริต")


class ResultPeriod(models.TextChoices):
    """The reporting period a measure's result covers."""

    Q1 = "q1", _("ไตรมาส 1")
    Q2 = "q2", _("ไตรมาส 2")
    Q3 = "q3", _("ไตรมาส 3")
    Q4 = "q4", _("ไตรมาส 4")
    MONTHS_6 = "m6", _("รอบ 6 เดือน")
    MONTHS_12 = "m12", _("รอบ 12 เดือน")
    ANNUAL = "annual", _("ประจำปี")


class SignatureRole(models.TextChoices):
    """A signer's place in a memo's chain, from the writer up to the executive."""

    AUTHOR = "author", _("ผู้เสนอ")
    HEAD = "head", _("หัวหน้าส่วนราชการ")
    DEPUTY = "deputy", _("รองปลัด")
    CHIEF = "chief", _("ปลัด")
    EXECUTIVE = "executive", _("ผู้บริหาร")


# The keys of a measures table's columns; MeasureSet.column_layout lists them in the order the
# document printed them, so pages and PDFs draw each document's table as it was.
class MeasureColumn(models.TextChoices):
    TITLE = "title", _("มาตรการ/แนวทาง")
    STEPS = "steps", _("วิธีดำเนินการ")
    RESPONSIBLE = "responsible", _("ผู้รับผิดชอบ")
    PERIOD = "period", _("ระยะเวลาดำเนินการ")
    SUMMARY = "summary", _("ผลการดำเนินการ")
    OUTCOME = "outcome", _("ผลลัพธ์หรือความสำเร็จของการดำเนินการ")
    SUGGESTIONS = "suggestions", _("ข้อเสนอแนะ")


DEFAULT_COLUMN_LAYOUT = [
    MeasureColumn.TITLE.value,
    MeasureColumn.STEPS.value,
    MeasureColumn.RESPONSIBLE.value,
    MeasureColumn.PERIOD.value,
    MeasureColumn.SUMMARY.value,
    MeasureColumn.OUTCOME.value,
]

# The label a grade gets when the scheme needs a score the result does not have.
GRADE_UNKNOWN = "unknown"
