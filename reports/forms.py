"""Forms of the reports app: a row edited in place, evidence, the workflow steps, opening a round.

The forms only read and check what was typed; the writes (and the rules that need the
database: versions, permissions, file contents) are the services' (reports.services). Every
error a person can cause is worded in Thai next to its field, and a form that fails keeps what
was typed.
"""

from __future__ import annotations

from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from core import thai
from core.forms import ThaiAmountField
from reports.choices import (
    AUDIT_VERDICTS,
    STATUSES_NEEDING_REASON,
    ReviewVerdict,
    RoundKind,
    RowStatus,
)

MSG_REQUIRED = _("กรุณากรอกช่องนี้")
MSG_REASON = _("กรุณาระบุเหตุผลเมื่อเลือกสถานะ “%(status)s”")


def _textarea(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RowForm(forms.Form):
    """What the staff report for one row. `version` is the row version the editor started from,
    so a save over someone else's newer save is caught (reports.services.report_row_update)."""

    status = forms.ChoiceField(label=_("สถานะ"), choices=RowStatus.choices)
    status_reason = forms.CharField(
        label=_("เหตุผลที่เลื่อน/ยกเลิก"),
        required=False,
        widget=_textarea(2),
        help_text=_("จำเป็นเมื่อเลือก “เลื่อนไปปีถัดไป” หรือ “ยกเลิก”"),
    )
    done_text = forms.CharField(label=_("ผลการดำเนินการ"), required=False, widget=_textarea(3))
    outcome = forms.CharField(label=_("ผลลัพธ์หรือความสำเร็จ"), required=False, widget=_textarea(2))
    # The one amount field of every form: "-" or an empty field is no amount given
    # (ไม่มี/ไม่ระบุ), so the budget used is "not reported" (None), never 0 baht.
    budget_used = ThaiAmountField(label=_("งบประมาณที่ใช้ (บาท)"))
    problems = forms.CharField(label=_("ปัญหาอุปสรรค"), required=False, widget=_textarea(2))
    suggestions = forms.CharField(label=_("ข้อเสนอแนะ"), required=False, widget=_textarea(2))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    # The row fields this form saves (all of reports.services.ROW_FIELDS but the note).
    ROW_FIELDS = (
        "status",
        "status_reason",
        "done_text",
        "outcome",
        "budget_used",
        "problems",
        "suggestions",
    )

    def __init__(self, *args, style: str = thai.DIGITS_THAI, prefix_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        cast(ThaiAmountField, self.fields["budget_used"]).style = style
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column(Field("status"), css_class="col-12 col-md-4"),
                Column(Field("budget_used"), css_class="col-12 col-md-4"),
                Column(Field("status_reason"), css_class="col-12 col-md-4"),
            ),
            Row(
                Column(Field("done_text"), css_class="col-12 col-lg-6"),
                Column(Field("outcome"), css_class="col-12 col-lg-6"),
            ),
            Row(
                Column(Field("problems"), css_class="col-12 col-lg-6"),
                Column(Field("suggestions"), css_class="col-12 col-lg-6"),
            ),
            Field("version"),
        )
        # Unique ids per row: several rows can be open for editing on one page.
        if prefix_id:
            self.auto_id = f"id_{prefix_id}_%s"

    @classmethod
    def initial_for(cls, row) -> dict:
        initial = {name: getattr(row, name) for name in cls.ROW_FIELDS}
        initial["version"] = row.version
        return initial

    def clean(self):
        super().clean()
        data = self.cleaned_data
        status = data.get("status")
        if status in STATUSES_NEEDING_REASON and not (data.get("status_reason") or "").strip():
            self.add_error("status_reason", MSG_REASON % {"status": RowStatus(status).label})
        return data

    def row_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.ROW_FIELDS}


class EvidenceForm(forms.Form):
    """A file (PDF, JPEG or PNG; checked by content in the service) or a link."""

    file = forms.FileField(
        label=_("ไฟล์หลักฐาน"),
        required=False,
        help_text=_("PDF, JPEG หรือ PNG ไม่เกิน 10 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    url = forms.CharField(
        label=_("หรือลิงก์"),
        required=False,
        max_length=1000,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    title = forms.CharField(label=_("คำอธิบาย"), required=False, max_length=300)

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if prefix_id:
            self.auto_id = f"id_ev{prefix_id}_%s"

    def clean(self):
        super().clean()
        data = self.cleaned_data
        # A file or link the field already refused (empty file, too long a link) is not
        # "missing": its own error says what is wrong, a general one would only mislead.
        if self.has_error("file") or self.has_error("url"):
            return data
        if not data.get("file") and not (data.get("url") or "").strip():
            raise forms.ValidationError(_("กรุณาเลือกไฟล์หรือระบุลิงก์อย่างใดอย่างหนึ่ง"))
        if data.get("file") and (data.get("url") or "").strip():
            raise forms.ValidationError(_("แนบไฟล์หรือระบุลิงก์ได้อย่างใดอย่างหนึ่งในแต่ละครั้ง"))
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผลที่ส่งกลับ"),
        widget=_textarea(2),
        error_messages={"required": _("กรุณาระบุเหตุผลที่ส่งกลับ")},
    )


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("ความเห็น"), required=False, widget=_textarea(2))


class AuditForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("ผลการพิจารณา"),
        choices=[(v.value, v.label) for v in ReviewVerdict if v in AUDIT_VERDICTS],
    )
    comment = forms.CharField(label=_("ความเห็น/ข้อสังเกต"), required=False, widget=_textarea(2))


class OpenRoundForm(forms.Form):
    """Open a round of a fiscal year (this year and the two around it) and a kind."""

    fiscal_year = forms.TypedChoiceField(label=_("ปีงบประมาณ"), coerce=int)
    kind = forms.ChoiceField(label=_("รอบรายงาน"), choices=RoundKind.choices)

    def __init__(self, *args, years: list[int], style: str = thai.DIGITS_THAI, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["fiscal_year"]).choices = [
            (y, thai.digits(y, style)) for y in years
        ]
