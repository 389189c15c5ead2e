"""Writes of the measures app: typed keyword-only services named <entity>_<action>.

Every HTML fragment is cleaned by core.html.clean_html here, so a form, an importer or the
admin shell can never store unsafe markup through a service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from agencies import access, workflow
from agencies.access import Actor
from agencies.choices import PublicationStatus
from agencies.models import Agency, SourceDocument
from core.concurrency import ConcurrentEditError, snapshot, version_claim
from core.html import clean_html, html_to_text
from core.thai import ThaiDateError, digits, parse_measure_period, parse_number
from measures.choices import MeasureSetKind, ResultPeriod
from measures.models import (
    Indicator,
    IndicatorScore,
    ITAFramework,
    ITAResult,
    Measure,
    MeasureResult,
    MeasureSet,
    MeasureStep,
    Memo,
)
from plans.models import PlanItem

# --- Measure sets and measures ----------------------------------------------------------------


def measure_period_parse(
    text: str, fiscal_year: int | None = None
) -> tuple[dt.date | None, dt.date | None, str]:
    """A period as printed -> (start, end, warning); the warning is "" when it was read.

    `fiscal_year` (the set's) gives the year to "ตลอดปีงบประมาณ", "ไตรมาสที่ ๒", "ม.ค. – มี.ค."."""
    text = (text or "").strip()
    if not text:
        return None, None, ""
    try:
        start, end = parse_measure_period(text, fiscal_year_be=fiscal_year)
    except ThaiDateError:
        return None, None, _("อ่านระยะเวลาดำเนินการไม่ได้: “%(text)s”") % {"text": text}
    return start, end, ""


def measure_set_create(
    *,
    user: Actor,
    agency: Agency,
    fiscal_year: int,
    title: str,
    kind: str = MeasureSetKind.MEASURES,
    intro: str = "",
    ita_year: int | None = None,
    column_layout: Sequence[str] | None = None,
    column_labels: Mapping[str, str] | None = None,
    source: SourceDocument | None = None,
    memo: Memo | None = None,
) -> MeasureSet:
    """Create an agency's measure set (or report) of a fiscal year."""
    access.require(access.can_act(user, agency))
    measure_set = MeasureSet(
        agency=agency,
        fiscal_year=fiscal_year,
        kind=kind,
        title=title.strip(),
        intro=intro.strip(),
        ita_year=ita_year,
        column_layout=list(column_layout or []),
        column_labels=dict(column_labels or {}),
        source=source,
        memo=memo,
    )
    measure_set.full_clean(exclude=["source", "memo"])
    measure_set.save()
    return measure_set


@transaction.atomic
def measure_set_copy_from(
    *,
    source_set: MeasureSet,
    fiscal_year: int,
    title: str = "",
    user: Actor,
) -> MeasureSet:
    """A new draft set of `fiscal_year` for the same agency, starting from another year's set:
    its intro, column layout and measures (steps, indicators, plan items) without results."""
    access.require(access.can_act(user, source_set.agency))
    new_set = measure_set_create(
        user=user,
        agency=source_set.agency,
        fiscal_year=fiscal_year,
        kind=source_set.kind,
        title=title or source_set.title,
        intro=source_set.intro,
        ita_year=fiscal_year - 1,
        column_layout=source_set.column_layout,
        column_labels=source_set.column_labels,
    )
    old_measures = source_set.measures.order_by("order", "pk").prefetch_related(
        "steps", "indicators", "plan_items"
    )
    for old in old_measures:
        measure_create(
            user=user,
            measure_set=new_set,
            order=old.order,
            number=old.number,
            issue=old.issue,
            title=old.title,
            title_html=old.title_html,
            responsible_units=old.responsible_units,
            steps=[step.html for step in old.steps.all()],
            indicators=old.indicators.all(),
            plan_items=old.plan_items.all(),
        )
    return new_set


@transaction.atomic
def measure_set_from_indicators(
    *,
    user: Actor,
    agency: Agency,
    fiscal_year: int,
    title: str,
    scores: Sequence[IndicatorScore],
    kind: str = MeasureSetKind.MEASURES,
    intro: str = "",
) -> MeasureSet:
    """A new draft set answering the ITA result: one measure per chosen indicator score
    (usually the lowest), naming the indicator and its score, linked to the indicator, with the
    agency's own analysis of the weak point as the first step when there is one."""
    access.require(access.can_act(user, agency))
    ita_years = {score.result.fiscal_year for score in scores}
    new_set = measure_set_create(
        user=user,
        agency=agency,
        fiscal_year=fiscal_year,
        kind=kind,
        title=title,
        intro=intro,
        ita_year=ita_years.pop() if len(ita_years) == 1 else fiscal_year - 1,
    )
    style = agency.digit_style
    ordered = sorted(scores, key=lambda s: (s.score is None, s.score or 0, s.indicator.number))
    for order, score in enumerate(ordered, start=1):
        indicator = score.indicator
        issue = _("ตัวชี้วัดที่ %(n)s %(name)s") % {
            "n": digits(indicator.number, style),
            "name": indicator.name,
        }
        if score.score is not None:
            issue += _(" (คะแนน %(score)s)") % {"score": digits(score.score, style)}
        measure_create(
            user=user,
            measure_set=new_set,
            order=order,
            number=digits(order, style),
            issue=issue[:300],
            title_html=_("มาตรการยกระดับ%(name)s") % {"name": indicator.name},
            steps=[score.analysis] if score.analysis else [],
            indicators=[indicator],
            period_text=_("ตลอดปีงบประมาณ"),
        )
    return new_set


def measure_set_delete_summary(measure_set: MeasureSet) -> list[tuple[str, int]]:
    """What goes with a measure set when it is deleted, for the confirmation page."""
    measures = measure_set.measures.all()
    return [
        (_("มาตรการ"), measures.count()),
        (_("ขั้นตอนการดำเนินการ"), MeasureStep.objects.filter(measure__set=measure_set).count()),
        (_("ผลการดำเนินการ"), MeasureResult.objects.filter(measure__set=measure_set).count()),
        (
            _("การเชื่อมโยงกับโครงการในแผน"),
            Measure.plan_items.through.objects.filter(measure__set=measure_set).count(),
        ),
    ]


def measure_set_delete_blockers(measure_set: MeasureSet) -> list[str]:
    """Why a draft set cannot be deleted now (empty when it can)."""
    used = measure_set.measures.filter(report_rows__isnull=False).distinct().count()
    if used:
        return [
            _("มาตรการ %(n)s รายการในชุดนี้อยู่ในรอบรายงานผลการดำเนินงาน กรุณาลบรอบรายงานนั้นก่อน")
            % {"n": digits(used, measure_set.agency.digit_style)}
        ]
    return []


@transaction.atomic
def measure_set_delete(*, measure_set: MeasureSet, user: Actor) -> None:
    """Delete a draft measure set opened by mistake, with its measures, steps and results.

    Only a draft that was never proposed (agencies.workflow.delete_check, 403 otherwise);
    a published set is withdrawn through the chain instead."""
    workflow.delete_check(measure_set, user)
    blockers = measure_set_delete_blockers(measure_set)
    if blockers:
        raise ValidationError(blockers)
    measure_set.delete()


def _plain_title(title_html: str) -> str:
    return " ".join(html_to_text(title_html).split())


def _replace_steps(measure: Measure, steps: Iterable[str]) -> None:
    measure.steps.all().delete()
    MeasureStep.objects.bulk_create(
        MeasureStep(measure=measure, order=order, html=html)
        for order, html in enumerate((clean_html(s) for s in steps), start=1)
        if html
    )


def measure_create(
    *,
    measure_set: MeasureSet,
    title_html: str,
    title: str = "",
    number: str = "",
    issue: str = "",
    responsible_units: str = "",
    period_text: str = "",
    steps: Sequence[str] = (),
    results: Mapping[str, Mapping[str, str]] | None = None,
    indicators: Iterable[Indicator] = (),
    plan_items: Iterable[PlanItem] = (),
    order: int | None = None,
    source_line: int | None = None,
    user: Actor,
) -> Measure:
    """Add a measure to a set with its steps and results. An unreadable period is kept as
    printed, left without dates, and reported in `measure.warnings`."""
    access.require(access.can_act(user, measure_set.agency))
    title_html = clean_html(title_html)
    start, end, warning = measure_period_parse(period_text, measure_set.fiscal_year)
    if order is None:
        order = measure_set.measures.count() + 1
    measure = Measure(
        set=measure_set,
        order=order,
        number=number.strip(),
        issue=issue.strip(),
        title=(title or _plain_title(title_html)).strip(),
        title_html=title_html,
        responsible_units=" ".join(html_to_text(responsible_units).split()),
        period_text=" ".join(period_text.split()),
        period_start=start,
        period_end=end,
        source_line=source_line,
        updated_by=access.user_or_none(user),
    )
    if not measure.title:
        raise ValidationError({"title": _("ต้องระบุชื่อมาตรการ/แนวทาง")})
    measure.save()
    _replace_steps(measure, steps)
    for period, values in (results or {}).items():
        measure_result_record(
            user=user,
            measure=measure,
            period=period,
            summary=values.get("summary", ""),
            outcome=values.get("outcome", ""),
            suggestions=values.get("suggestions", ""),
        )
    measure.indicators.set(list(indicators))
    measure.plan_items.set(list(plan_items))
    measure.warnings = [warning] if warning else []
    return measure


# The fields measure_update may change, and how each is stored.
_MEASURE_FIELDS = ("number", "issue", "title_html", "responsible_units", "period_text")


def _measure_snapshot(measure: Measure) -> dict[str, Any]:
    fields = ("number", "issue", "title", "title_html", "responsible_units", "period_text")
    return {
        **snapshot(measure, fields),
        "steps": [step.html for step in measure.steps.all()],
        "indicators": [i.pk for i in measure.indicators.all()],
        "plan_items": [p.pk for p in measure.plan_items.all()],
    }


@transaction.atomic
def measure_update(
    *,
    measure: Measure,
    version: int,
    user: Actor,
    steps: Sequence[str] | None = None,
    indicators: Iterable[Indicator] | None = None,
    plan_items: Iterable[PlanItem] | None = None,
    **fields: str,
) -> Measure:
    """Change a measure if nobody else has since `version` was read; else ConcurrentEditError.

    `fields` may be number, issue, title_html, responsible_units, period_text.
    """
    access.require(access.can_act(user, measure.set.agency))
    unknown = set(fields) - set(_MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"measure_update: unknown fields {sorted(unknown)}")
    version_claim(
        Measure,
        pk=measure.pk,
        version=version,
        stale=lambda stored: ConcurrentEditError(
            current=_measure_snapshot(stored),
            version=stored.version,
            message=_("มีผู้อื่นแก้ไขมาตรการนี้แล้ว กรุณาตรวจสอบข้อมูลล่าสุดก่อนบันทึกอีกครั้ง"),
        ),
    )
    current = Measure.objects.get(pk=measure.pk)
    if "title_html" in fields:
        current.title_html = clean_html(fields["title_html"])
        current.title = _plain_title(current.title_html)
        if not current.title:
            raise ValidationError({"title_html": _("ต้องระบุชื่อมาตรการ/แนวทาง")})
    for name in ("number", "issue"):
        if name in fields:
            setattr(current, name, fields[name].strip())
    if "responsible_units" in fields:
        current.responsible_units = " ".join(html_to_text(fields["responsible_units"]).split())
    warnings: list[str] = []
    if "period_text" in fields:
        current.period_text = " ".join(fields["period_text"].split())
        current.period_start, current.period_end, warning = measure_period_parse(
            current.period_text, measure.set.fiscal_year
        )
        if warning:
            warnings.append(warning)
    current.updated_by = access.user_or_none(user)
    current.save()
    if steps is not None:
        _replace_steps(current, steps)
    if indicators is not None:
        current.indicators.set(list(indicators))
    if plan_items is not None:
        current.plan_items.set(list(plan_items))
    current.warnings = warnings
    return current


_RESULT_FIELDS = ("summary", "outcome", "suggestions")


def _stale_result(stored: MeasureResult) -> ConcurrentEditError:
    return ConcurrentEditError(
        current=snapshot(stored, _RESULT_FIELDS),
        version=stored.version,
        message=_("มีผู้อื่นบันทึกผลการดำเนินการรอบนี้แล้ว กรุณาตรวจสอบข้อมูลล่าสุดก่อนบันทึกอีกครั้ง"),
    )


@transaction.atomic
def measure_result_record(
    *,
    user: Actor,
    measure: Measure,
    period: str,
    summary: str = "",
    outcome: str = "",
    suggestions: str = "",
    version: int | None = None,
) -> MeasureResult:
    """Set what a measure achieved in one reporting period (all three texts sanitised).

    `version` is the version of the period's result the editor opened (0 when none was
    recorded yet): a save over a newer one raises ConcurrentEditError with the stored values
    and writes nothing. Without it (importers, copying) the result is simply set.
    """
    access.require(access.can_act(user, measure.set.agency))
    if period not in ResultPeriod.values:
        raise ValidationError({"period": _("รอบการรายงานไม่ถูกต้อง")})
    values = {
        "summary": clean_html(summary),
        "outcome": clean_html(outcome),
        "suggestions": clean_html(suggestions),
    }
    if version is not None:
        existing = MeasureResult.objects.filter(measure=measure, period=period).first()
        if existing is None and version != 0:
            raise ValidationError({"period": _("ไม่พบผลการดำเนินการที่เปิดแก้ไขไว้ กรุณาเปิดหน้านี้ใหม่")})
        if existing is not None:
            version_claim(MeasureResult, pk=existing.pk, version=version, stale=_stale_result)
            result = MeasureResult.objects.get(pk=existing.pk)
            for name, value in values.items():
                setattr(result, name, value)
            result.save()  # saved (not queryset.update) so the audit log sees the change
            return result
        # Opened when none was recorded: create it, unless someone else just did.
        try:
            with transaction.atomic():
                return MeasureResult.objects.create(measure=measure, period=period, **values)
        except IntegrityError:
            stored = MeasureResult.objects.get(measure=measure, period=period)
            raise _stale_result(stored) from None
    found = MeasureResult.objects.filter(measure=measure, period=period).first()
    if found is None:
        return MeasureResult.objects.create(measure=measure, period=period, **values)
    result = found
    for name, value in values.items():
        setattr(result, name, value)
    result.version += 1
    result.save()
    return result


# --- ITA results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorScoreInput:
    """One indicator's figures as typed or read from a document (score and/or stated change)."""

    number: int
    score: Decimal | str | float | int | None = None
    stated_delta: Decimal | str | float | int | None = None
    analysis: str = ""


def _as_decimal(value: Any, label: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        try:
            number = parse_number(str(value).strip())
        except ValueError:
            raise ValidationError(
                _("%(label)s ต้องเป็นตัวเลข (ได้ “%(value)s”)") % {"label": label, "value": value}
            ) from None
    if not number.is_finite():
        raise ValidationError(_("%(label)s ต้องเป็นตัวเลข") % {"label": label})
    try:
        return number.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationError(_("%(label)s ต้องเป็นตัวเลข") % {"label": label}) from None


def score_validate(value: Any, label: str) -> Decimal | None:
    """A score 0–100 (either digit set) or None; anything else is refused with a Thai reason."""
    number = _as_decimal(value, label)
    if number is not None and not (Decimal(0) <= number <= Decimal(100)):
        raise ValidationError(
            _("%(label)s ต้องอยู่ระหว่าง 0 ถึง 100 (ได้ “%(value)s”)")
            % {"label": label, "value": format(number.normalize(), "f")}  # 120, not 120.00
        )
    return number


_ITA_FIELDS = ("total", "iit", "eit", "oit", "stated_grade", "analysis")


def _stale_ita(stored: ITAResult) -> ConcurrentEditError:
    current = snapshot(stored, _ITA_FIELDS)
    current["indicator_scores"] = {
        score.indicator.number: score.score
        for score in stored.indicator_scores.select_related("indicator")
    }
    return ConcurrentEditError(
        current=current,
        version=stored.version,
        message=_("มีผู้อื่นบันทึกผลการประเมิน ITA ปีนี้แล้ว กรุณาตรวจสอบข้อมูลล่าสุดก่อนบันทึกอีกครั้ง"),
    )


@transaction.atomic
def ita_result_record(
    *,
    user: Actor,
    agency: Agency,
    fiscal_year: int,
    total: Any = None,
    iit: Any = None,
    eit: Any = None,
    oit: Any = None,
    stated_grade: str = "",
    stated_delta: Any = None,
    stated_previous_grade: str = "",
    analysis: str = "",
    indicator_scores: Sequence[IndicatorScoreInput] = (),
    source: SourceDocument | None = None,
    keep_missing: bool = False,
    version: int | None = None,
) -> ITAResult:
    """Record (create or update) an agency's ITA result of a year, with indicator scores.

    Scores outside 0–100, non-numeric scores and indicators the year's framework lacks are
    refused with a ValidationError whose messages are Thai; nothing is written then.
    With `keep_missing` (importers), a figure not given leaves the stored one as it was.
    `version` is the version of the year's result the editor opened (0 when none was
    recorded): a save over a newer one raises ConcurrentEditError with the stored values and
    writes nothing. Without it (importers) the result is simply recorded.
    """
    access.require(access.can_act(user, agency))
    errors: dict[str, list[str]] = {}

    def check(name: str, value: Any, label: str) -> Decimal | None:
        try:
            return score_validate(value, label)
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.messages)
            return None

    scores = {
        "total": check("total", total, _("คะแนนรวม")),
        "iit": check("iit", iit, _("คะแนน IIT")),
        "eit": check("eit", eit, _("คะแนน EIT")),
        "oit": check("oit", oit, _("คะแนน OIT")),
    }
    delta = None
    try:
        delta = _as_decimal(stated_delta, _("คะแนนเปลี่ยนแปลง"))
    except ValidationError as exc:
        errors.setdefault("stated_delta", []).extend(exc.messages)

    framework = (
        ITAFramework.objects.filter(fiscal_year=fiscal_year).prefetch_related("indicators").first()
    )
    rows: list[tuple[Indicator, Decimal | None, Decimal | None, str]] = []
    for item in indicator_scores:
        label = _("คะแนนตัวชี้วัดที่ %(number)s") % {"number": item.number}
        indicator = framework.indicator_by_number(item.number) if framework else None
        if indicator is None:
            if framework is None:
                message = _("ยังไม่มีกรอบการประเมิน ITA ปี %(year)s จึงบันทึกคะแนนรายตัวชี้วัดไม่ได้") % {
                    "year": digits(fiscal_year, agency.digit_style)
                }
            else:
                message = _(
                    "ตัวชี้วัดที่ %(number)s ไม่อยู่ในกรอบการประเมิน ITA ปี %(year)s (มี %(count)s ตัวชี้วัด)"
                ) % {
                    "number": digits(item.number, agency.digit_style),
                    "year": digits(fiscal_year, agency.digit_style),
                    "count": digits(len(framework.indicators.all()), agency.digit_style),
                }
            errors.setdefault("indicator_scores", []).append(message)
            continue
        score = check("indicator_scores", item.score, label)
        try:
            item_delta = _as_decimal(item.stated_delta, label)
        except ValidationError as exc:
            errors.setdefault("indicator_scores", []).extend(exc.messages)
            continue
        rows.append((indicator, score, item_delta, item.analysis))
    if errors:
        raise ValidationError(errors)

    defaults: dict[str, Any] = {
        "framework": framework,
        **scores,
        "stated_grade": stated_grade.strip(),
        "stated_delta": delta,
        "stated_previous_grade": stated_previous_grade.strip(),
        "analysis": analysis.strip(),
    }
    if keep_missing:
        defaults = {k: v for k, v in defaults.items() if v not in (None, "")}
    if source is not None:
        defaults["source"] = source
    # The year's result that may still change: its draft (the first one, or the amendment of
    # a published result). A published result is frozen: amend it first.
    existing = (
        ITAResult.objects.filter(agency=agency, fiscal_year=fiscal_year)
        .exclude(status__in=[PublicationStatus.SUPERSEDED, PublicationStatus.WITHDRAWN])
        .order_by("-revision_number")
        .first()
    )
    if existing is not None and existing.status != PublicationStatus.DRAFT:
        raise ValidationError(
            _("ผลการประเมิน ITA ปี %(year)s %(state)s แล้ว แก้ไขไม่ได้: เปิดฉบับแก้ไขจากหน้าผล ITA ก่อน")
            % {
                "year": digits(fiscal_year, agency.digit_style),
                "state": existing.get_status_display(),
            },
            code="frozen",
        )
    if existing is not None:
        if version is not None:
            version_claim(ITAResult, pk=existing.pk, version=version, stale=_stale_ita)
        else:
            ITAResult.objects.filter(pk=existing.pk).update(version=F("version") + 1)
        result = ITAResult.objects.get(pk=existing.pk)
        for name, value in defaults.items():
            setattr(result, name, value)
        result.save()
    else:
        # Opened when none was recorded: create it, unless someone else just did.
        try:
            with transaction.atomic():
                result = ITAResult.objects.create(
                    agency=agency, fiscal_year=fiscal_year, **defaults
                )
        except IntegrityError:
            if version is None:
                raise
            stored = ITAResult.objects.get(agency=agency, fiscal_year=fiscal_year)
            raise _stale_ita(stored) from None
    for indicator, score, item_delta, item_analysis in rows:
        values = {"score": score, "stated_delta": item_delta, "analysis": item_analysis}
        if keep_missing:
            values = {k: v for k, v in values.items() if v not in (None, "")}
        IndicatorScore.objects.update_or_create(result=result, indicator=indicator, defaults=values)
    return result
