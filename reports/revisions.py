"""Reporting rounds in the one lifecycle (agencies/workflow.py)."""

from __future__ import annotations

from typing import Any

from agencies.choices import DocumentKind
from agencies.workflow import DocumentSpec, WorkflowError, after_publish, register
from core.copying import copy_row
from core.thai import digits
from reports.choices import RoundState
from reports.models import Evidence, ReportingRound, ReportRow


def round_copy(rnd: ReportingRound, fields: dict[str, Any]) -> ReportingRound:
    """The round with its rows (pointing at the same frozen plan items and measures) and the
    rows' evidence (the same stored files: a file is deleted only when no row keeps it)."""
    new = copy_row(rnd, **fields)
    for row in ReportRow.objects.filter(round=rnd):
        copy = copy_row(row, round=new, version=1)
        for evidence in Evidence.objects.filter(row=row):
            copy_row(evidence, row=copy)
    return new


def round_describe(rnd: ReportingRound) -> dict[str, Any]:
    items = {}
    rows = ReportRow.objects.filter(round=rnd).select_related("plan_item_year__item", "measure")
    for row in rows:
        if row.plan_item_year is not None:
            key, label = f"item:{row.plan_item_year.item.key}", row.plan_item_year.item.title
        elif row.measure is not None:
            key, label = f"measure:{row.measure.key}", row.measure.title
        else:
            continue
        items[key] = {
            "label": label,
            "fields": {
                "สถานะ": row.get_status_display(),
                "ผลการดำเนินการ": row.done_text,
                "ผลลัพธ์": row.outcome,
                "งบประมาณที่ใช้": "" if row.budget_used is None else f"{row.budget_used:,.2f}",
                "ปัญหาอุปสรรค": row.problems,
                "หมายเหตุ": row.note,
            },
        }
    return {"fields": {"ชื่อรายงาน": rnd.title, "บทนำ": rnd.intro}, "items": items}


def _check_round_sources(rnd: ReportingRound) -> None:
    from reports.services import unpublished_source

    draft = unpublished_source(rnd)
    if draft is not None:
        raise WorkflowError(
            f"แผนหรือชุดมาตรการที่รายงานนี้แสดง ({draft}) ยังไม่เผยแพร่: "
            "รายงานที่เผยแพร่จะแสดงชื่อโครงการและมาตรการ จึงต้องเผยแพร่แผนและชุดมาตรการก่อน"
        )


def _submit(document: ReportingRound, user: Any, note: str) -> None:
    from reports.services import round_submit

    round_submit(round=document, user=user, note=note)


def _incomplete(document: ReportingRound) -> list[Any]:
    from reports.selectors import incomplete_rows

    return incomplete_rows(document)


def _approve(request: Any, user: Any, step: int, opinion: str) -> None:
    from reports.services import round_approve

    round_approve(round=request.document, user=user, comment=opinion, step=step)


def _send_back(request: Any, user: Any, step: int, reason: str) -> None:
    from reports.services import round_return

    round_return(round=request.document, user=user, reason=reason, step=step)


def _publish(document: ReportingRound, user: Any) -> None:
    from reports.services import round_publish

    round_publish(round=document, user=user)


def _title(rnd: ReportingRound) -> str:
    """The report's name as a memo cites it (its own title if it has one)."""
    if rnd.title:
        return rnd.title
    return (
        f"รายงานผลการดำเนินงาน{rnd.get_kind_display()} ประจำปีงบประมาณ พ.ศ. "
        f"{digits(rnd.fiscal_year, rnd.agency.digit_style)} "
        f"ของ{rnd.agency.name}"
    )


def _follow(document: Any) -> None:
    from reports.services import rounds_follow_revisions

    rounds_follow_revisions(document)


def register_reports() -> None:
    after_publish(DocumentKind.PLAN, _follow)
    after_publish(DocumentKind.MEASURES, _follow)
    register(
        DocumentSpec(
            kind=DocumentKind.REPORT,
            model=ReportingRound,
            state_field="state",
            draft_value=RoundState.OPEN,
            title=_title,
            fiscal_year=lambda r: r.fiscal_year,
            amend=round_copy,
            check_publish=_check_round_sources,
            describe=round_describe,
            # A round's own services also keep its event log and review steps.
            extra={
                "submit": _submit,
                # What the submit confirmation lists (rows without status, result, evidence).
                "incomplete": _incomplete,
                "approve": _approve,
                "send_back": _send_back,
                "publish": _publish,
            },
        )
    )
