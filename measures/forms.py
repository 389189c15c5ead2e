"""Staff forms of the measures app (django-crispy-forms, Bootstrap 5).

Numbers, years, dates and periods are typed in Thai or Arabic digits with Buddhist-era years;
the field classes below read them through core.thai and answer in Thai. The forms only read
and check input: every write goes through measures.services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from core.forms import ThaiNumberField
from core.thai import (
    ThaiDateError,
    digits,
    expand_be_year,
    format_date,
    format_period,
    parse_measure_period,
    parse_number,
    parse_thai_date,
)
from measures.choices import MeasureSetKind, ResultPeriod
from measures.models import Indicator, IndicatorScore, ITAFramework, ITAResult, MeasureSet
from measures.services import score_validate
from plans.models import PlanItem

# --- Field classes ----------------------------------------------------------------------------


class ThaiDateField(forms.Field):
    """A date typed as "๑ ต.ค. ๒๕๖๗", "1 ตุลาคม 2567", "๑/๑๐/๖๗" or "1/10/2567" (Buddhist era)."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("อ่านวันที่ไม่ได้ กรุณาพิมพ์ เช่น “๑ ต.ค. ๒๕๖๗” หรือ “1/10/2567”"),
    }

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return parse_thai_date(str(value))
        except ThaiDateError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            return format_date(value, short=True)
        return value


@dataclass(frozen=True)
class Period:
    """A period as typed, with the dates read from it."""

    text: str
    start: dt.date
    end: dt.date

    def __str__(self) -> str:
        return self.text

    def __len__(self) -> int:  # for CharField's max_length check
        return len(self.text)

    def label(self, style: str) -> str:
        """The period written back the one normal way (core.thai.format_period)."""
        return format_period(self.start, self.end, style)


class ThaiPeriodField(forms.CharField):
    """A period such as "๑ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗", "ต.ค. 2567 - ก.ย. 2568", "ตลอดปีงบประมาณ",
    "ไตรมาสที่ ๒" or "ม.ค. – มี.ค." (core.thai.parse_measure_period); cleans to a Period.
    `fiscal_year` gives the year to forms that do not write one."""

    def __init__(self, *, fiscal_year: int | None = None, **kwargs: Any) -> None:
        self.fiscal_year = fiscal_year
        super().__init__(**kwargs)

    default_error_messages = {
        "invalid": _(
            "อ่านระยะเวลาไม่ได้ กรุณาพิมพ์ เช่น “ตลอดปีงบประมาณ”, “ไตรมาสที่ ๒”, "
            "“๑ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗” หรือ “ต.ค. ๒๕๖๗ - ก.ย. ๒๕๖๘”"
        ),
        "order": _("วันสิ้นสุดต้องไม่อยู่ก่อนวันเริ่ม"),
        "no_year": _("กรุณาระบุปี พ.ศ. เช่น “ม.ค. – มี.ค. ๒๕๖๘”"),
        "no_such_day": _("มีวันที่ที่ไม่มีในปฏิทิน (เช่น ๓๑ ก.พ.) กรุณาตรวจสอบวันเริ่มและวันสิ้นสุด"),
    }

    def to_python(self, value: Any) -> Period | None:  # type: ignore[override]
        if isinstance(value, Period):
            return value
        text = " ".join(str(super().to_python(value)).split())
        if not text:
            return None
        try:
            start, end = parse_measure_period(text, fiscal_year_be=self.fiscal_year)
        except ThaiDateError as exc:
            message = str(exc)
            code = "invalid"
            if "ไม่ระบุปี" in message:
                code = "no_year"
            elif "ก่อนวันเริ่ม" in message:
                code = "order"
            elif "วันที่ไม่ถูกต้อง" in message:
                code = "no_such_day"
            raise ValidationError(self.error_messages[code], code=code) from None
        return Period(text=text, start=start, end=end)

    def prepare_value(self, value: Any) -> Any:
        return value.text if isinstance(value, Period) else value


class ThaiDecimalField(ThaiNumberField):
    """A score in either digit set ("๗๔.๓๖", "74.36", "๑,๒๐๐"): the core number field
    (core.forms.ThaiNumberField, the same reading as every amount of plans and reports; "-"
    means no score given). A sign is read, so that the 0–100 rule can say what is wrong."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("negative", True)
        kwargs.setdefault("too_big", None)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class ThaiYearField(forms.Field):
    """A Buddhist-era year: "๒๕๖๗", "2567", "๖๗" (two digits mean 25xx) or a Christian year."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("กรุณาพิมพ์ปี พ.ศ. เช่น “๒๕๖๗” หรือ “2567”")}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        try:
            number = parse_number(str(value).strip(), signed=False)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if number < 1 or number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        year = expand_be_year(int(number))
        if not 2500 <= year <= 2700:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return year


# --- Measure sets -----------------------------------------------------------------------------


#: How a new set starts (MeasureSetForm.start).
START_EMPTY, START_COPY, START_INDICATORS = "empty", "copy", "indicators"
START_CHOICES = [
    (START_INDICATORS, _("ตัวชี้วัด ITA ที่ได้คะแนนต่ำ (หนึ่งมาตรการต่อหนึ่งตัวชี้วัด)")),
    (START_COPY, _("ชุดมาตรการของปีก่อน (คัดลอก)")),
    (START_EMPTY, _("ชุดว่าง")),
]
#: How many of the lowest indicators are preselected.
LOWEST_PRESELECTED = 3


class MeasureSetForm(forms.Form):
    """A new set of measures (or a report on them) for a fiscal year: empty, copied from an
    earlier set, or one measure per indicator where the agency's ITA result was lowest."""

    fiscal_year = ThaiYearField(label=_("ปีงบประมาณ (พ.ศ.)"))
    kind = forms.ChoiceField(label=_("ประเภทเอกสาร"), choices=MeasureSetKind.choices)
    title = forms.CharField(
        label=_("ชื่อเอกสาร"),
        required=False,
        max_length=500,
        help_text=_("เว้นว่างได้: ระบบตั้งชื่อตามประเภท ปี และชื่อหน่วยงาน"),
    )
    intro = forms.CharField(
        label=_("บทนำ"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    start = forms.ChoiceField(
        label=_("เริ่มจาก"),
        required=False,
        widget=forms.RadioSelect,
        choices=START_CHOICES,
    )
    weak_scores = forms.ModelMultipleChoiceField(
        label=_("ตัวชี้วัดที่จะสร้างมาตรการ"),
        queryset=IndicatorScore.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("เรียงจากคะแนนต่ำสุด ระบบเลือกตัวชี้วัดที่ต่ำที่สุดไว้ให้แล้ว เลือกเพิ่มหรือเอาออกได้"),
    )
    copy_from = forms.ModelChoiceField(
        label=_("คัดลอกมาตรการจาก"),
        queryset=MeasureSet.objects.none(),
        required=False,
        empty_label=_("— ไม่คัดลอก เริ่มชุดว่าง —"),
        help_text=_("คัดลอกมาตรการ ขั้นตอน ผู้รับผิดชอบ และตัวชี้วัดจากชุดเดิม (ไม่คัดลอกผลการดำเนินการ)"),
    )

    def __init__(
        self, *args: Any, agency: Agency, ita_result: ITAResult | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.ita_result = ita_result
        style = agency.digit_style
        copy_from = cast(forms.ModelChoiceField, self.fields["copy_from"])
        copy_from.queryset = MeasureSet.objects.filter(agency=agency).order_by(
            "-fiscal_year", "kind"
        )
        # An instance's own label, as Django's docs show; mypy refuses assigning to a method.
        copy_from.label_from_instance = lambda obj: (  # type: ignore[method-assign]
            f"{obj.get_kind_display()} ปี {digits(obj.fiscal_year, style)}"
        )
        previous = copy_from.queryset.filter(kind=MeasureSetKind.MEASURES).first()
        weak = cast(forms.ModelMultipleChoiceField, self.fields["weak_scores"])
        start = cast(forms.ChoiceField, self.fields["start"])
        starts: list[tuple[str, Any]] = list(START_CHOICES)
        if ita_result is not None:
            weak.queryset = (
                ita_result.indicator_scores.filter(score__isnull=False)
                .select_related("indicator", "result")
                .order_by("score", "indicator__number")
            )
            weak.label_from_instance = lambda obj: (  # type: ignore[method-assign]
                f"{digits(obj.indicator.number, style)}. {obj.indicator.name} "
                f"({obj.indicator.instrument}) — {digits(obj.score, style)}"
            )
            weak.label = _("ตัวชี้วัดจากผลการประเมิน ITA ปี %(year)s ที่จะสร้างมาตรการ") % {
                "year": digits(ita_result.fiscal_year, style)
            }
            self.initial.setdefault(
                "weak_scores", [s.pk for s in weak.queryset[:LOWEST_PRESELECTED]]
            )
        if ita_result is None or weak.queryset is None or not weak.queryset.exists():
            starts = [c for c in starts if c[0] != START_INDICATORS]
            del self.fields["weak_scores"]
        if previous is None:
            starts = [c for c in starts if c[0] != START_COPY]
        else:
            self.initial.setdefault("copy_from", previous.pk)
        start.choices = starts
        self.initial.setdefault("start", starts[0][0])
        # The year that comes next: after the ITA result's year, else after last year's set.
        if ita_result is not None:
            self.initial.setdefault("fiscal_year", digits(ita_result.fiscal_year + 1, style))
        elif previous is not None:
            self.initial.setdefault("fiscal_year", digits(previous.fiscal_year + 1, style))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start = data.get("start") or (START_COPY if data.get("copy_from") else START_EMPTY)
        data["start"] = start
        if start == START_COPY and not data.get("copy_from"):
            self.add_error("copy_from", _("กรุณาเลือกชุดมาตรการที่จะคัดลอก"))
        if start == START_INDICATORS and not data.get("weak_scores"):
            self.add_error("weak_scores", _("กรุณาเลือกตัวชี้วัดอย่างน้อยหนึ่งตัว"))
        if start != START_COPY:
            data["copy_from"] = None
        if start != START_INDICATORS:
            data["weak_scores"] = []
        year, kind = data.get("fiscal_year"), data.get("kind")
        if year and kind:
            exists = MeasureSet.objects.filter(agency=self.agency, fiscal_year=year, kind=kind)
            if exists.exists():
                self.add_error(
                    "fiscal_year",
                    _("มี%(kind)sของปี %(year)s อยู่แล้ว")
                    % {
                        "kind": MeasureSetKind(kind).label,
                        "year": digits(year, self.agency.digit_style),
                    },
                )
        return data


# --- Measures ---------------------------------------------------------------------------------


class MeasureForm(forms.Form):
    """A measure's fields; its method steps are a list posted beside the form (`steps`)."""

    number = forms.CharField(
        label=_("ลำดับ"), required=False, max_length=20, help_text=_("ตามเอกสาร เช่น ๑")
    )
    issue = forms.CharField(
        label=_("ประเด็น ITA"),
        required=False,
        max_length=300,
        help_text=_("เช่น ด้านการใช้จ่ายงบประมาณ"),
    )
    title = forms.CharField(
        label=_("มาตรการ/แนวทาง"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("ต้องระบุชื่อมาตรการ/แนวทาง")},
    )
    responsible_units = forms.CharField(
        label=_("ผู้รับผิดชอบ"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    period = ThaiPeriodField(
        label=_("ระยะเวลาดำเนินการ"),
        required=False,
        max_length=200,
        help_text=_(
            "เช่น “ตลอดปีงบประมาณ”, “ต.ค. ๒๕๖๖ – ก.ย. ๒๕๖๗”, “ม.ค. – มี.ค.”, “ไตรมาสที่ ๒” "
            "หรือ “๑ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗”"
        ),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("ตัวชี้วัด ITA ที่มาตรการนี้ตอบ"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    plan_items = forms.ModelMultipleChoiceField(
        label=_("โครงการในแผนที่เกี่ยวข้อง"),
        queryset=PlanItem.objects.none(),
        required=False,
        # Drawn by templates/measures/_plan_item_picker.html (search and chips).
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, measure_set: MeasureSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measure_set = measure_set
        cast(ThaiPeriodField, self.fields["period"]).fiscal_year = measure_set.fiscal_year
        indicators = cast(forms.ModelMultipleChoiceField, self.fields["indicators"])
        plan_items = cast(forms.ModelMultipleChoiceField, self.fields["plan_items"])
        framework = framework_for_set(measure_set)
        style = measure_set.agency.digit_style
        indicators.label_from_instance = (  # type: ignore[method-assign]
            lambda obj: f"{digits(obj.number, style)} {obj.name}"
        )
        if framework is not None:
            indicators.queryset = framework.indicators.order_by("number")
            indicators.label = _("ตัวชี้วัด ITA ปี %(year)s ที่มาตรการนี้ตอบ") % {
                "year": digits(framework.fiscal_year, measure_set.agency.digit_style)
            }
        plan_items.queryset = (
            PlanItem.objects.filter(plan__agency=measure_set.agency)
            .select_related("plan")
            .order_by("-plan__first_year", "order", "pk")
        )
        plan_items.label_from_instance = (  # type: ignore[method-assign]
            lambda obj: f"{digits(obj.number or '', style)} {obj.title[:90]}".strip()
        )


def framework_for_set(measure_set: MeasureSet) -> ITAFramework | None:
    """The ITA framework whose indicators a set's measures answer: its ITA year, else its own."""
    years = [y for y in (measure_set.ita_year, measure_set.fiscal_year) if y]
    for year in years:
        framework = ITAFramework.objects.filter(fiscal_year=year).first()
        if framework is not None:
            return framework
    return ITAFramework.objects.filter(fiscal_year__lte=measure_set.fiscal_year).first()


class MeasureResultForm(forms.Form):
    """What a measure achieved in one reporting period."""

    period = forms.ChoiceField(label=_("รอบการรายงาน"), choices=ResultPeriod.choices)
    summary = forms.CharField(
        label=_("สรุปผลการดำเนินการ"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    outcome = forms.CharField(
        label=_("ผลลัพธ์หรือความสำเร็จของการดำเนินการ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    suggestions = forms.CharField(
        label=_("ข้อเสนอแนะ"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # The version of the period's result the editor opened (0: none was recorded yet), so a
    # save over someone else's newer save is refused (core.concurrency).
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


# --- ITA results ------------------------------------------------------------------------------


SCORE_FIELDS = (
    ("total", _("คะแนนรวม")),
    ("iit", _("คะแนน IIT")),
    ("eit", _("คะแนน EIT")),
    ("oit", _("คะแนน OIT")),
)


class ITAResultForm(forms.Form):
    """An agency's ITA result of a year: total, IIT/EIT/OIT and one score per indicator of the
    year's framework (fields `indicator_<number>`). Scores are checked by the service's rule."""

    fiscal_year = ThaiYearField(label=_("ปีงบประมาณที่ประเมิน (พ.ศ.)"))
    total = ThaiDecimalField(label=_("คะแนนรวม"), required=False)
    iit = ThaiDecimalField(label=_("คะแนน IIT"), required=False)
    eit = ThaiDecimalField(label=_("คะแนน EIT"), required=False)
    oit = ThaiDecimalField(label=_("คะแนน OIT"), required=False)
    stated_grade = forms.CharField(
        label=_("ระดับตามประกาศ"), required=False, max_length=50, help_text=_("เช่น C หรือ ผ่าน")
    )
    analysis = forms.CharField(
        label=_("ผลการวิเคราะห์"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # The version of the year's result the editor opened (0: none was recorded yet).
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, framework: ITAFramework | None, style: str = "thai", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.indicator_fields: list[tuple[Indicator, str]] = []
        if framework is not None:
            for indicator in framework.indicators.order_by("number"):
                name = f"indicator_{indicator.number}"
                self.fields[name] = ThaiDecimalField(
                    label=f"{digits(indicator.number, style)}. {indicator.name} ({indicator.instrument})",
                    required=False,
                )
                self.indicator_fields.append((indicator, name))

    def _score(self, name: str, label: str | Promise) -> Decimal | None:
        # The service's own rule (0–100, Thai message), so the form and imports agree.
        return score_validate(self.cleaned_data.get(name), str(label))

    def clean_total(self) -> Decimal | None:
        return self._score("total", _("คะแนนรวม"))

    def clean_iit(self) -> Decimal | None:
        return self._score("iit", _("คะแนน IIT"))

    def clean_eit(self) -> Decimal | None:
        return self._score("eit", _("คะแนน EIT"))

    def clean_oit(self) -> Decimal | None:
        return self._score("oit", _("คะแนน OIT"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for indicator, name in self.indicator_fields:
            if name in data:
                try:
                    data[name] = score_validate(
                        data[name], str(_("คะแนนตัวชี้วัดที่ %(n)s") % {"n": indicator.number})
                    )
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data

    def indicator_bound_fields(self) -> list[tuple[Indicator, forms.BoundField]]:
        return [(indicator, self[name]) for indicator, name in self.indicator_fields]
