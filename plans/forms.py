"""Staff forms of the plans app: an item of a five-year plan with its years, and the plan's
part-1 texts (django-crispy-forms, Bootstrap 5).

Budgets are typed in the one amount field of every form (core.forms.ThaiAmountField: Thai or
Arabic digits, commas, at most 2 decimals); a typo is a Thai error next to the field, never a
zero. "-" means what it means in every form, no amount given (ไม่ระบุ); a year that uses no
budget says so with its own "ไม่ใช้งบประมาณ" checkbox (PlanItemYear.no_budget).
The forms only read and check input: every write goes through plans.services.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ThaiAmountField
from core.thai import digits as to_digits
from plans.choices import ItemKind
from plans.models import Dimension, Plan, PlanItem, PlanItemYear
from plans.services import YearInput

QUARTERS = (1, 2, 3, 4)
NO_BUDGET_TEXT = "ไม่ใช้งบประมาณ"


class DimensionChoiceField(forms.ModelChoiceField):
    digit_style = "thai"

    def label_from_instance(self, obj: Dimension) -> str:
        return f"{to_digits(obj.number, self.digit_style)} {obj.name}"


class YearRow:
    """The bound fields of one plan year, for the template's table."""

    def __init__(self, form: PlanItemForm, year: int) -> None:
        self.year = year
        self.included = form[f"y{year}_in"]
        self.budget = form[f"y{year}_budget"]
        self.no_budget = form[f"y{year}_no_budget"]
        self.quarters = [(n, form[f"y{year}_q{n}"]) for n in QUARTERS]

    @property
    def errors(self) -> list[str]:
        return [*self.included.errors, *self.budget.errors, *self.no_budget.errors]


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
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, plan: Plan, item: PlanItem | None = None, **kwargs: Any):
        self.plan, self.item = plan, item
        digits = plan.agency.digit_style
        if item is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(item, digits)
        super().__init__(*args, **kwargs)
        dimension = cast(DimensionChoiceField, self.fields["dimension"])
        subdimension = cast(DimensionChoiceField, self.fields["subdimension"])
        nodes = Dimension.objects.filter(edition_id=plan.edition_id).order_by("sort_key")
        dimension.queryset = nodes.filter(parent__isnull=True)
        subs = nodes.filter(parent__isnull=False, parent__parent__isnull=True)
        subdimension.queryset = subs
        # Grouped by dimension so the list reads like the plan; static/js/plan_edit.js hides
        # the groups of the other dimensions (the service checks it either way).
        groups: dict[str, list[tuple[int, str]]] = {}
        dimension.digit_style = digits
        for sub in subs.select_related("parent"):
            assert sub.parent is not None  # subs are filtered on parent__isnull=False
            label = f"มิติที่ {to_digits(sub.parent.number, digits)}"
            groups.setdefault(label, []).append(
                (sub.pk, f"{to_digits(sub.number, digits)} {sub.name}")
            )
        subdimension.choices = [("", _("ไม่ระบุภารกิจ")), *groups.items()]
        self.fields["subdimension"].widget.attrs["data-subdimension"] = "1"
        self.fields["dimension"].widget.attrs["data-dimension"] = "1"
        for year in plan.years:
            self.fields[f"y{year}_in"] = forms.BooleanField(label=_("อยู่ในแผนปีนี้"), required=False)
            self.fields[f"y{year}_budget"] = ThaiAmountField(
                label=_("งบประมาณ (บาท)"), style=digits
            )
            self.fields[f"y{year}_no_budget"] = forms.BooleanField(
                label=_("ไม่ใช้งบประมาณ"), required=False
            )
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
            "version": item.version,
        }
        for row in PlanItemYear.objects.filter(item=item):
            initial[f"y{row.year}_in"] = True
            initial[f"y{row.year}_budget"] = row.budget
            initial[f"y{row.year}_no_budget"] = row.no_budget
            for n in QUARTERS:
                initial[f"y{row.year}_q{n}"] = n in row.quarters
        return initial

    def year_rows(self) -> list[YearRow]:
        return [YearRow(self, year) for year in self.plan.years]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        dimension, sub = data.get("dimension"), data.get("subdimension")
        if dimension is not None and sub is not None and sub.parent_id != dimension.pk:
            self.add_error(
                "subdimension",
                _("ภารกิจตามมิติที่เลือกไม่ได้อยู่ภายใต้มิติที่ %(number)s") % {"number": dimension.number},
            )
        for year in self.plan.years:
            included = data.get(f"y{year}_in")
            budget = data.get(f"y{year}_budget")
            no_budget = data.get(f"y{year}_no_budget")
            quarters = any(data.get(f"y{year}_q{n}") for n in QUARTERS)
            if no_budget and budget:
                self.add_error(
                    f"y{year}_budget",
                    _("ระบุทั้งจำนวนเงินและ “ไม่ใช้งบประมาณ” กรุณาเลือกอย่างใดอย่างหนึ่ง"),
                )
            if not included and (budget is not None or no_budget or quarters):
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
            amount = self.cleaned_data.get(f"y{year}_budget")
            no_budget = bool(self.cleaned_data.get(f"y{year}_no_budget"))
            quarters = {n for n in QUARTERS if self.cleaned_data.get(f"y{year}_q{n}")}
            years[year] = (amount, no_budget, quarters)
        return years

    def item_fields(self) -> dict[str, Any]:
        names = ("kind", "number", "title", "dimension", "subdimension", "responsible_unit", "note")
        return {name: self.cleaned_data[name] for name in names}


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
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    @classmethod
    def for_plan(cls, plan: Plan) -> PlanTextsForm:
        return cls(
            initial={
                "title": plan.title,
                "rationale": plan.rationale,
                "objectives": plan.objectives,
                "benefits": plan.benefits,
                "version": plan.version,
            }
        )
