"""Measure sets and ITA results in the one lifecycle (agencies/workflow.py)."""

from __future__ import annotations

from typing import Any

from agencies.choices import DocumentKind, PublicationStatus
from agencies.workflow import DocumentSpec, WorkflowError, register
from core.copying import copy_row
from core.thai import digits
from measures.models import (
    IndicatorScore,
    ITAResult,
    Measure,
    MeasureResult,
    MeasureSet,
    MeasureStep,
    Memo,
)


def measure_set_copy(measure_set: MeasureSet, fields: dict[str, Any]) -> MeasureSet:
    """The set with its measures (same `key`), steps, results, indicators and plan items."""
    new = copy_row(measure_set, **fields)
    for measure in Measure.objects.filter(set=measure_set).prefetch_related(
        "indicators", "plan_items"
    ):
        copy = copy_row(measure, set=new)
        copy.indicators.set(measure.indicators.all())
        copy.plan_items.set(measure.plan_items.all())
        for step in MeasureStep.objects.filter(measure=measure):
            copy_row(step, measure=copy)
        for result in MeasureResult.objects.filter(measure=measure):
            copy_row(result, measure=copy)
    return new


def measure_set_describe(measure_set: MeasureSet) -> dict[str, Any]:
    items = {}
    for m in Measure.objects.filter(set=measure_set).prefetch_related("steps", "results"):
        items[str(m.key)] = {
            "label": m.title,
            "fields": {
                "มาตรการ": m.title,
                "ผู้รับผิดชอบ": m.responsible_units,
                "ระยะเวลา": m.period_text,
                "ขั้นตอน": "\n".join(s.html for s in m.steps.all()),
                **{
                    f"ผล ({r.get_period_display()})": f"{r.summary}\n{r.outcome}".strip()
                    for r in m.results.all()
                },
            },
        }
    return {"fields": {"ชื่อ": measure_set.title, "บทนำ": measure_set.intro}, "items": items}


def ita_copy(result: ITAResult, fields: dict[str, Any]) -> ITAResult:
    new = copy_row(result, **fields)
    for score in IndicatorScore.objects.filter(result=result):
        copy_row(score, result=new)
    return new


def ita_describe(result: ITAResult) -> dict[str, Any]:
    scores = {
        str(s.indicator.number): {
            "label": f"ตัวชี้วัดที่ {s.indicator.number} {s.indicator.name}",
            "fields": {"คะแนน": "" if s.score is None else f"{s.score:.2f}"},
        }
        for s in IndicatorScore.objects.filter(result=result).select_related("indicator")
    }
    return {
        "fields": {
            "คะแนนรวม": "" if result.total is None else f"{result.total:.2f}",
            "บทวิเคราะห์": result.analysis,
        },
        "items": scores,
    }


def _check_set_sources(measure_set: MeasureSet) -> None:
    """A public set shows the names of the plan items its measures carry out."""
    from agencies.choices import PUBLIC_STATUSES

    draft = (
        Measure.objects.filter(set=measure_set)
        .exclude(plan_items__isnull=True)
        .exclude(plan_items__plan__status__in=PUBLIC_STATUSES)
        .values_list("plan_items__plan__title", flat=True)
        .first()
    )
    if draft is not None:
        raise WorkflowError(f"แผนที่มาตรการอ้างถึง ({draft}) ยังไม่เผยแพร่: เผยแพร่แผนก่อน")


def _publish_memo(measure_set: MeasureSet) -> None:
    """An imported memo (บันทึกข้อความ) attached to a set is published with it."""
    if measure_set.memo_id:
        Memo.objects.filter(pk=measure_set.memo_id).update(status=PublicationStatus.PUBLISHED)


def register_measures() -> None:
    register(
        DocumentSpec(
            kind=DocumentKind.MEASURES,
            model=MeasureSet,
            title=lambda s: s.title,
            fiscal_year=lambda s: s.fiscal_year,
            amend=measure_set_copy,
            check_publish=_check_set_sources,
            on_publish=_publish_memo,
            describe=measure_set_describe,
        )
    )
    register(
        DocumentSpec(
            kind=DocumentKind.ITA,
            model=ITAResult,
            title=lambda r: (
                "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. "
                f"{digits(r.fiscal_year, r.agency.digit_style)} {r.agency.name}"
            ),
            fiscal_year=lambda r: r.fiscal_year,
            amend=ita_copy,
            describe=ita_describe,
        )
    )
