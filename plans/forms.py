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

from agencies.models import Agency
from core.forms import ThaiAmountField
from core.thai import digits as to_digits
from plans.choices import ItemKind, RiskLevel
from plans.models import (
    SHEET_TEXT_FIELDS,
    Dimension,
    DimensionEdition,
    ExampleProject,
    Plan,
    PlanItem,
    PlanItemYear,
    ProjectSheet,
)
from plans.services import (
    START_COPY,
    START_EMPTY,
    START_EXAMPLES,
    RiskInput,
    TargetInput,
    YearInput,
)

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


# --- The new-plan wizard ----------------------------------------------------------------------


class EditionChoiceField(forms.ModelChoiceField):
    digit_style = "thai"

    def label_from_instance(self, obj: DimensionEdition) -> str:
        return to_digits(obj.name, self.digit_style)


class ExampleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ExampleProject) -> str:
        return obj.title


class PreviousPlanField(forms.ModelChoiceField):
    digit_style = "thai"

    def label_from_instance(self, obj: Plan) -> str:
        years = to_digits(f"{obj.first_year}–{obj.last_year}", self.digit_style)
        return f"{obj.title} พ.ศ. {years}"


class PlanStartForm(forms.Form):
    """Step 0 of the wizard: which edition, what title, and how the plan starts."""

    edition = EditionChoiceField(
        label=_("ชุดมิติ (ช่วงปีของแผน)"),
        queryset=DimensionEdition.objects.order_by("-first_year"),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("กรุณาเลือกชุดมิติ"), "invalid_choice": _("กรุณาเลือกชุดมิติ")},
    )
    title = forms.CharField(
        label=_("ชื่อแผน"),
        max_length=300,
        initial="แผนปฏิบัติการป้องกันการทุจริต",
        error_messages={"required": _("ต้องระบุชื่อแผน")},
    )
    start = forms.ChoiceField(
        label=_("เริ่มต้นจาก"),
        choices=[
            (START_EMPTY, _("แผนว่าง (เพิ่มโครงการเอง)")),
            (START_EXAMPLES, _("ตัวอย่างโครงการของ ป.ป.ช. ตามมิติ (เลือกได้)")),
            (START_COPY, _("คัดลอกจากแผนเดิมของหน่วยงาน (โครงการและรายละเอียดโครงการ)")),
        ],
        initial=START_EMPTY,
        widget=forms.RadioSelect,
        error_messages={"required": _("กรุณาเลือกวิธีเริ่มต้นแผน")},
    )
    examples = ExampleChoiceField(
        label=_("ตัวอย่างโครงการ"),
        queryset=ExampleProject.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("ตัวอย่างโครงการที่เลือกไม่มีในรายการ")},
    )
    previous = PreviousPlanField(
        label=_("แผนเดิมที่จะคัดลอก"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("— เลือกแผนเดิม —"),
        error_messages={"invalid_choice": _("กรุณาเลือกแผนเดิมของหน่วยงาน")},
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        examples = cast(ExampleChoiceField, self.fields["examples"])
        examples.queryset = (
            ExampleProject.objects.filter(active=True)
            .select_related("dimension", "subdimension", "edition")
            .order_by("edition", "dimension__sort_key", "subdimension__sort_key", "order", "pk")
        )
        cast(EditionChoiceField, self.fields["edition"]).digit_style = agency.digit_style
        previous = cast(PreviousPlanField, self.fields["previous"])
        previous.digit_style = agency.digit_style
        previous.queryset = Plan.objects.filter(agency=agency).current().order_by("-first_year")
        self.has_previous = previous.queryset.exists()
        if not self.is_bound:
            latest = previous.queryset.first()
            if latest is not None:
                self.initial.setdefault("previous", latest.pk)

    def example_groups(self) -> list[tuple[str, list[Any]]]:
        """The example checkboxes grouped by edition and dimension, for the template."""
        field = self["examples"]
        by_pk = {str(w.data["value"]): w for w in field}
        groups: dict[str, list[Any]] = {}
        digits = self.agency.digit_style
        queryset = cast(ExampleChoiceField, self.fields["examples"]).queryset
        for example in queryset if queryset is not None else []:
            label = (
                f"{to_digits(example.edition.code, digits)} · "
                f"มิติที่ {to_digits(example.dimension.number, digits)} {example.dimension.name}"
            )
            widget = by_pk.get(str(example.pk))
            if widget is not None:
                groups.setdefault(label, []).append((example, widget))
        return list(groups.items())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start = data.get("start")
        if start == START_EXAMPLES and not data.get("examples"):
            self.add_error("examples", _("กรุณาเลือกตัวอย่างโครงการอย่างน้อย ๑ รายการ"))
        if start == START_COPY and not data.get("previous"):
            self.add_error("previous", _("กรุณาเลือกแผนเดิมของหน่วยงานที่จะคัดลอก"))
        edition = data.get("edition")
        if edition is not None and start == START_EXAMPLES:
            if any(e.edition_id != edition.pk for e in data.get("examples") or []):
                self.add_error("examples", _("ตัวอย่างโครงการที่เลือกไม่ได้อยู่ในชุดมิติที่เลือก"))
        return data


class Part1TextsForm(forms.Form):
    """Part 1's texts (the risk and target tables are formsets beside it)."""

    rationale = forms.CharField(
        label=_("หลักการและเหตุผล"),
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={"required": _("ต้องระบุหลักการและเหตุผล")},
    )
    objectives = forms.CharField(
        label=_("วัตถุประสงค์ของการจัดทำแผน"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("ต้องระบุวัตถุประสงค์ของการจัดทำแผน")},
    )
    benefits = forms.CharField(
        label=_("ประโยชน์ของการจัดทำแผน"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class RiskRowForm(forms.Form):
    """A row of the risk table: a step of work, its risks, their level and the controls."""

    step = forms.CharField(
        label=_("ขั้นตอนการดำเนินงาน"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("ต้องระบุขั้นตอนการดำเนินงาน")},
    )
    risks = forms.CharField(
        label=_("ประเด็นความเสี่ยงการทุจริต"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    level = forms.ChoiceField(
        label=_("ระดับความเสี่ยง"),
        required=False,
        choices=[("", _("— ระดับ —")), *RiskLevel.choices],
        error_messages={"invalid_choice": _("กรุณาเลือกระดับความเสี่ยง สูง ปานกลาง หรือต่ำ")},
    )
    controls = forms.CharField(
        label=_("มาตรการควบคุมความเสี่ยง"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TargetRowForm(forms.Form):
    """A row of the targets table: what is measured, and its value in each plan year."""

    label = forms.CharField(
        label=_("ค่าเป้าหมาย"),
        max_length=500,
        error_messages={
            "required": _("ต้องระบุค่าเป้าหมาย"),
            "max_length": _("ค่าเป้าหมายยาวเกิน ๕๐๐ ตัวอักษร"),
        },
    )

    def __init__(self, *args: Any, years: list[int], digits: str = "thai", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"y{year}"] = forms.CharField(
                label=_("ปี %(year)s") % {"year": to_digits(year, digits)},
                required=False,
                max_length=100,
                error_messages={"max_length": _("ค่าของปีนี้ยาวเกิน ๑๐๐ ตัวอักษร")},
            )

    def year_fields(self) -> list[forms.BoundField]:
        return [self[f"y{year}"] for year in self.years]


RiskFormSet = forms.formset_factory(RiskRowForm, extra=0, can_delete=True, max_num=60)
TargetFormSet = forms.formset_factory(TargetRowForm, extra=0, can_delete=True, max_num=30)


def risk_inputs(formset: forms.BaseFormSet) -> list[RiskInput]:
    return [
        RiskInput(
            step=f.cleaned_data["step"],
            risks=f.cleaned_data.get("risks", ""),
            level=f.cleaned_data.get("level", ""),
            controls=f.cleaned_data.get("controls", ""),
        )
        for f in formset.forms
        if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def target_inputs(formset: forms.BaseFormSet, years: list[int]) -> list[TargetInput]:
    return [
        TargetInput(
            label=f.cleaned_data["label"],
            values={year: f.cleaned_data.get(f"y{year}", "") for year in years},
        )
        for f in formset.forms
        if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class ProjectSheetForm(forms.Form):
    """A part-3 sheet (รายละเอียดโครงการ), in the document's order of headings."""

    title = forms.CharField(
        label=_("๑. ชื่อโครงการ"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("ต้องระบุชื่อโครงการ")},
    )
    rationale = forms.CharField(
        label=_("๒. หลักการและเหตุผล"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    objectives = forms.CharField(
        label=_("๓. วัตถุประสงค์"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_group = forms.CharField(
        label=_("๔. เป้าหมาย/กลุ่มเป้าหมาย"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    method = forms.CharField(
        label=_("๕. วิธีดำเนินการ"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    period = forms.CharField(
        label=_("๖. ระยะเวลาดำเนินการ"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )
    budget_text = forms.CharField(
        label=_("๗. งบประมาณดำเนินการ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
    )
    owner = forms.CharField(
        label=_("๘. ผู้รับผิดชอบโครงการ"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )
    outputs = forms.CharField(
        label=_("๙. ผลผลิต"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcomes = forms.CharField(
        label=_("ผลลัพธ์ (ตัวชี้วัดที่วัดได้)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("ระบุตัวชี้วัดที่วัดได้ เช่น ร้อยละ ๘๐ ของผู้เข้าร่วมมีความรู้เพิ่มขึ้น"),
        error_messages={"required": _("ต้องระบุผลลัพธ์พร้อมตัวชี้วัดที่วัดได้")},
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean_outcomes(self) -> str:
        text = self.cleaned_data["outcomes"]
        # "Measurable" means a number or a percentage somewhere in it (Thai or Arabic digits).
        if not any(ch.isdigit() for ch in text) and "ร้อยละ" not in text:
            raise forms.ValidationError(
                _("ผลลัพธ์ต้องมีตัวชี้วัดที่วัดได้ เช่น “ร้อยละ ๘๐ ของผู้เข้าร่วม…” หรือจำนวนที่นับได้")
            )
        return text

    @classmethod
    def for_sheet(cls, sheet: ProjectSheet) -> ProjectSheetForm:
        return cls(
            initial={
                **{name: getattr(sheet, name) for name in SHEET_FORM_FIELDS},
                "version": sheet.version,
            }
        )

    def sheet_fields(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in SHEET_FORM_FIELDS}


SHEET_FORM_FIELDS = ("title", *SHEET_TEXT_FIELDS)


class ForewordForm(forms.Form):
    """The plan's foreword (คำนำ)."""

    foreword = forms.CharField(
        label=_("คำนำ"),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("ต้องระบุคำนำของแผน")},
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
