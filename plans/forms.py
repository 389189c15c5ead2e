"""Staff forms of the plans app: an item of a five-year plan with its years, and the plan's
part-1 texts (django-crispy-forms, Bootstrap 5).

Budgets are typed as documents write them ("๒๐,๐๐๐", "20,000.00", "-", "ไม่ใช้งบประมาณ") and
read through core.thai.parse_amount; a typo is a Thai error next to the field, never a zero.
The forms only read and check input: every write goes through plans.services.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.thai import NO_BUDGET, format_money, parse_amount
from core.thai import digits as to_digits
from plans.choices import ItemKind
from plans.models import Dimension, Plan, PlanItem, PlanItemYear
from plans.services import MAX_BUDGET, YearInput, edit_stamp

QUARTERS = (1, 2, 3, 4)
NO_BUDGET_TEXT = "ไม่ใช้งบประมาณ"


class DimensionChoiceField(forms.ModelChoiceField):
    digit_style = "thai"

    def label_from_instance(self, obj: Dimension) -> str:
        return f"{to_digits(obj.number, self.digit_style)} {obj.name}"


class BudgetField(forms.CharField):
    """A budget in Thai or Arabic digits; cleans to (amount or None, no budget)."""

    default_error_messages = {
        "invalid": _(
            "อ่านจำนวนเงินไม่ได้ กรุณาพิมพ์ตัวเลข เช่น “๒๐,๐๐๐” หรือ “20,000.00” หรือ “-” ถ้าไม่ใช้งบประมาณ"
        ),
        "places": _("จำนวนเงินมีทศนิยมได้ไม่เกิน ๒ ตำแหน่ง"),
        "too_big": _("จำนวนเงินมากเกินไป"),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value: Any) -> tuple[Decimal | None, bool]:  # type: ignore[override]
        text = super().clean(value)
        try:
            amount = parse_amount(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if amount is NO_BUDGET:
            return None, True
        if amount is None:
            return None, False
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(self.error_messages["places"], code="places")
        if amount > MAX_BUDGET:
            raise forms.ValidationError(self.error_messages["too_big"], code="too_big")
        return amount, False


class YearRow:
    """The bound fields of one plan year, for the template's table."""

    def __init__(self, form: PlanItemForm, year: int) -> None:
        self.year = year
        self.included = form[f"y{year}_in"]
        self.budget = form[f"y{year}_budget"]
        self.quarters = [(n, form[f"y{year}_q{n}"]) for n in QUARTERS]

    @property
    def errors(self) -> list[str]:
        return [*self.included.errors, *self.budget.errors]


class PlanItemForm(forms.Form):
    """An item of a plan (add or edit): its fields, and one row per plan year."""

    kind = forms.ChoiceField(label=_("ประเภท"), choices=ItemKind.choices)
    number = forms.CharField(
        label=_("ลำดับตามเอกสาร"),
        required=False,
        max_length=20,
        help_text=_("เช่น ๑) หรือ 1.1.2"),
    )
    title = forms.CharField(
        label=_("ชื่อโครงการ/กิจกรรม/มาตรการ"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("ต้องระบุชื่อโครงการ/กิจกรรม/มาตรการ")},
    )
    dimension = DimensionChoiceField(
        label=_("มิติ"),
        queryset=Dimension.objects.none(),
        empty_label=_("— เลือกมิติ —"),
        error_messages={
            "required": _("กรุณาเลือกมิติ"),
            "invalid_choice": _("กรุณาเลือกมิติของแผนนี้"),
        },
    )
    subdimension = DimensionChoiceField(
        label=_("ภารกิจตามมิติ"),
        queryset=Dimension.objects.none(),
        required=False,
        empty_label=_("ไม่ระบุภารกิจ"),
        error_messages={"invalid_choice": _("กรุณาเลือกภารกิจตามมิติของแผนนี้")},
    )
    responsible_unit = forms.CharField(label=_("ผู้รับผิดชอบ"), required=False, max_length=300)
    note = forms.CharField(
        label=_("หมายเหตุ"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, plan: Plan, item: PlanItem | None = None, **kwargs: Any):
        self.plan, self.item = plan, item
        digits = plan.agency.digit_style
        if item is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(item, digits)
        super().__init__(*args, **kwargs)
        nodes = Dimension.objects.filter(edition_id=plan.edition_id).order_by("sort_key")
        self.fields["dimension"].queryset = nodes.filter(parent__isnull=True)
        subs = nodes.filter(parent__isnull=False, parent__parent__isnull=True)
        self.fields["subdimension"].queryset = subs
        # Grouped by dimension so the list reads like the plan; static/js/plan_edit.js hides
        # the groups of the other dimensions (the service checks it either way).
        groups: dict[str, list[tuple[int, str]]] = {}
        self.fields["dimension"].digit_style = digits
        for sub in subs.select_related("parent"):
            label = f"มิติที่ {to_digits(sub.parent.number, digits)}"
            groups.setdefault(label, []).append(
                (sub.pk, f"{to_digits(sub.number, digits)} {sub.name}")
            )
        self.fields["subdimension"].choices = [("", _("ไม่ระบุภารกิจ")), *groups.items()]
        self.fields["subdimension"].widget.attrs["data-subdimension"] = "1"
        self.fields["dimension"].widget.attrs["data-dimension"] = "1"
        for year in plan.years:
            self.fields[f"y{year}_in"] = forms.BooleanField(label=_("อยู่ในแผนปีนี้"), required=False)
            self.fields[f"y{year}_budget"] = BudgetField(label=_("งบประมาณ (บาท)"))
            for n in QUARTERS:
                self.fields[f"y{year}_q{n}"] = forms.BooleanField(
                    label=_("ไตรมาส %(n)s") % {"n": n}, required=False
                )

    @staticmethod
    def initial_for(item: PlanItem, digits: str) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "kind": item.kind,
            "number": item.number,
            "title": item.title,
            "dimension": item.dimension_id,
            "subdimension": item.subdimension_id,
            "responsible_unit": item.responsible_unit,
            "note": item.note,
            "updated_at": edit_stamp(item.updated_at),
        }
        for row in PlanItemYear.objects.filter(item=item):
            initial[f"y{row.year}_in"] = True
            initial[f"y{row.year}_budget"] = budget_text(row, digits)
            for n in QUARTERS:
                initial[f"y{row.year}_q{n}"] = n in row.quarters
        return initial

    def year_rows(self) -> list[YearRow]:
        return [YearRow(self, year) for year in self.plan.years]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        dimension, sub = data.get("dimension"), data.get("subdimension")
        if dimension is not None and sub is not None and sub.parent_id != dimension.pk:
            self.add_error(
                "subdimension",
                _("ภารกิจตามมิติที่เลือกไม่ได้อยู่ภายใต้มิติที่ %(number)s") % {"number": dimension.number},
            )
        for year in self.plan.years:
            included = data.get(f"y{year}_in")
            budget = data.get(f"y{year}_budget")
            quarters = any(data.get(f"y{year}_q{n}") for n in QUARTERS)
            typed = budget is not None and (budget[0] is not None or budget[1])
            if not included and (typed or quarters):
                self.add_error(
                    f"y{year}_in",
                    _("กรอกงบประมาณหรือไตรมาสไว้ กรุณาเลือก “อยู่ในแผนปีนี้” หรือลบข้อมูลของปีนี้"),
                )
        return data

    def years_input(self) -> dict[int, YearInput]:
        """The cleaned year rows as plans.services.plan_item_years_set takes them."""
        years: dict[int, YearInput] = {}
        for year in self.plan.years:
            if not self.cleaned_data.get(f"y{year}_in"):
                continue
            amount, no_budget = self.cleaned_data.get(f"y{year}_budget") or (None, False)
            quarters = {n for n in QUARTERS if self.cleaned_data.get(f"y{year}_q{n}")}
            years[year] = (amount, no_budget, quarters)
        return years

    def item_fields(self) -> dict[str, Any]:
        names = ("kind", "number", "title", "dimension", "subdimension", "responsible_unit", "note")
        return {name: self.cleaned_data[name] for name in names}


def budget_text(row: PlanItemYear | None, digits: str) -> str:
    """A year's budget as the form shows it (the agency's digits)."""
    if row is None:
        return ""
    if row.no_budget:
        return NO_BUDGET_TEXT
    if row.budget is None:
        return ""
    return format_money(row.budget, digits)


class PlanTextsForm(forms.Form):
    """The plan's title and part-1 texts."""

    title = forms.CharField(
        label=_("ชื่อแผน"),
        max_length=300,
        error_messages={"required": _("ต้องระบุชื่อแผน")},
    )
    rationale = forms.CharField(
        label=_("หลักการและเหตุผล"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    objectives = forms.CharField(
        label=_("วัตถุประสงค์ของการจัดทำแผน"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    benefits = forms.CharField(
        label=_("ประโยชน์ของการจัดทำแผน"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)

    @classmethod
    def for_plan(cls, plan: Plan) -> PlanTextsForm:
        return cls(
            initial={
                "title": plan.title,
                "rationale": plan.rationale,
                "objectives": plan.objectives,
                "benefits": plan.benefits,
                "updated_at": edit_stamp(plan.updated_at),
            }
        )
