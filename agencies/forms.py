"""Forms of the agencies app: the agency's positions and its approval chains."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies import workflow
from agencies.access import Actor
from agencies.choices import Role
from agencies.models import ActingAppointment, Agency, ApprovalChain, Position, User

MAX_STEPS = 6


class PersonField(forms.ModelChoiceField):
    """One of the agency's people who may hold or act for a position (not its auditors), by
    name: "นางสาวสมใจ ใจดี · หัวหน้าสำนักปลัด (head)"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", _("— ไม่ระบุ —"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        position = f" · {obj.position}" if obj.position else ""
        return f"{name}{position} ({obj.username})"


def agency_people(agency: Agency):
    """The active people of `agency` who may hold or act for one of its positions."""
    return (
        User.objects.filter(agency=agency, is_active=True)
        .exclude(role=Role.AUDITOR)
        .order_by("first_name", "username")
    )


class PositionForm(forms.ModelForm):
    """A position of the agency and who holds it (empty: open to the agency's approvers)."""

    class Meta:
        model = Position
        fields = ["title", "holder", "order"]
        labels = {"holder": _("ผู้ดำรงตำแหน่ง (เว้นว่าง: ผู้อนุมัติของหน่วยงานพิจารณาแทนได้)")}
        field_classes = {"holder": PersonField}

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.agency = agency
        self.fields["holder"].queryset = agency_people(agency)  # type: ignore[attr-defined]
        self.fields["title"].widget.attrs["placeholder"] = "เช่น หัวหน้าสำนักปลัด"

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("ต้องระบุชื่อตำแหน่ง"))
        taken = Position.objects.filter(agency=self.instance.agency, title=title)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("หน่วยงานมีตำแหน่งชื่อนี้แล้ว"))
        return title


class ActingForm(forms.ModelForm):
    """Someone who acts for a position (ปฏิบัติหน้าที่แทน) between two dates."""

    class Meta:
        model = ActingAppointment
        fields = ["position", "user", "starts_on", "ends_on", "note"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }
        field_classes = {"user": PersonField}

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = Position.objects.filter(agency=agency)  # type: ignore[attr-defined]
        self.fields["position"].empty_label = _("— เลือกตำแหน่ง —")  # type: ignore[attr-defined]
        self.fields["user"].queryset = agency_people(agency)  # type: ignore[attr-defined]


class ChainForm(forms.Form):
    """The positions of a chain in order: step 1 first; the last filled step approves."""

    def __init__(self, *args: Any, agency: Agency, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency, self.kind = agency, kind
        positions = Position.objects.filter(agency=agency)
        chain = ApprovalChain.objects.filter(agency=agency, kind=kind).first()
        current = (
            list(chain.steps.order_by("order").values_list("position_id", flat=True))
            if chain
            else []
        )
        for n in range(1, MAX_STEPS + 1):
            self.fields[f"step_{n}"] = forms.ModelChoiceField(
                queryset=positions,
                required=n == 1,
                label=_("ขั้นที่ %(n)s") % {"n": n},
                initial=current[n - 1] if n <= len(current) else None,
                empty_label="—",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get(f"step_{n}") for n in range(1, MAX_STEPS + 1)]
        filled = [p for p in chosen if p is not None]
        if len({p.pk for p in filled}) != len(filled):
            raise forms.ValidationError(_("ตำแหน่งหนึ่งอยู่ในสายการอนุมัติได้ครั้งเดียว"))
        if any(p is None for p in chosen[: len(filled)]):
            raise forms.ValidationError(_("กรุณาเลือกตำแหน่งเรียงตามลำดับ โดยไม่เว้นขั้นตอนว่างไว้ตรงกลาง"))
        data["positions"] = filled
        return data

    def save(self, *, user: Actor) -> ApprovalChain:
        return workflow.chain_set(
            agency=self.agency, kind=self.kind, positions=self.cleaned_data["positions"], user=user
        )


class NotificationPreferenceForm(forms.Form):
    """How a user is told of what waits for them (the bell always; e-mail if they wish)."""

    channel = forms.ChoiceField(
        label=_("ช่องทางการแจ้งเตือน"),
        choices=[
            ("email", _("แจ้งเตือนในระบบและทางอีเมล")),
            ("in_app", _("แจ้งเตือนในระบบเท่านั้น (กระดิ่งมุมขวาบน)")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("กรุณาเลือกช่องทางการแจ้งเตือน"),
            "invalid_choice": _("กรุณาเลือกช่องทางที่มีในรายการ"),
        },
    )
