"""Pages, PDFs and staff forms of the measures app.

Reading: every object comes through `visible_to(user)` (another agency's draft is a 404).
Editing: every object comes through `editable_by(user)`; a user who may only read the agency
(its auditor) gets a 403, anyone else a 404, and anonymous users are sent to the login page.
A page and its PDF share one context function, built on the selectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agencies import access, workflow
from agencies.access import AuthenticatedHttpRequest, Viewer
from agencies.choices import PublicationStatus
from agencies.models import Agency
from agencies.selectors import workflow_panel
from core.checks import confirm_context, unconfirmed
from core.concurrency import conflict_row, conflict_view, rebind_at_version
from core.html import clean_html, html_to_text
from core.pdf.service import pdf_response
from core.thai import digits, format_number, format_period
from measures.charts import NATIONAL_TARGET, ScorePoint, ita_score_chart
from measures.checks import measure_warnings
from measures.choices import MeasureColumn, MeasureSetKind, ResultPeriod
from measures.forms import (
    START_COPY,
    START_INDICATORS,
    ITAResultForm,
    MeasureForm,
    MeasureResultForm,
    MeasureSetForm,
)
from measures.models import ITAFramework, ITAResult, Measure, MeasureSet, Memo
from measures.selectors import (
    ita_history,
    ita_result_at,
    measure_set_at,
    measures_for_set,
    plan_item_search,
    plan_items_for_set,
)
from measures.services import (
    ConcurrentEditError,
    IndicatorScoreInput,
    ita_result_record,
    measure_create,
    measure_result_record,
    measure_set_copy_from,
    measure_set_create,
    measure_set_delete,
    measure_set_delete_blockers,
    measure_set_delete_summary,
    measure_set_from_indicators,
    measure_update,
)

# --- Scoped access ----------------------------------------------------------------------------


def _editable_set(request: HttpRequest, pk: int) -> MeasureSet:
    return access.get_for_write(MeasureSet.objects.select_related("agency"), request.user, pk=pk)


def _editable_measure(request: HttpRequest, pk: int) -> Measure:
    return access.get_for_write(Measure.objects.select_related("set__agency"), request.user, pk=pk)


# --- The measures table -----------------------------------------------------------------------

# Share of the table's width each column gets (normalised over the columns a document has).
COLUMN_WIDTHS: dict[str, int] = {
    MeasureColumn.TITLE: 16,
    MeasureColumn.STEPS: 24,
    MeasureColumn.RESPONSIBLE: 9,
    MeasureColumn.PERIOD: 9,
    MeasureColumn.SUMMARY: 22,
    MeasureColumn.OUTCOME: 20,
    MeasureColumn.SUGGESTIONS: 14,
}


@dataclass(frozen=True)
class Column:
    """A column of a set's table, in the document's order, with its printed header."""

    key: str
    label: str
    width: int


def set_columns(measure_set: MeasureSet) -> list[Column]:
    keys = [k for k in measure_set.columns if k in MeasureColumn.values]
    labels = measure_set.column_labels or {}
    total = sum(COLUMN_WIDTHS[k] for k in keys) or 1
    return [
        Column(
            key=k,
            label=" ".join(str(labels.get(k) or MeasureColumn(k).label).split()),
            width=round(100 * COLUMN_WIDTHS[k] / total),
        )
        for k in keys
    ]


def _period_order(period: str) -> int:
    return ResultPeriod.values.index(period) if period in ResultPeriod.values else 99


def set_detail_context(
    measure_set: MeasureSet, user: Viewer, *, period: str | None = None
) -> dict[str, Any]:
    """What the set's page and its PDF show: the measures in order, one result period, the
    columns in the document's order and the memo (when the user may see it)."""
    agency = measure_set.agency
    measures = list(measures_for_set(measure_set))
    periods = sorted({r.period for m in measures for r in m.results.all()}, key=_period_order)
    if period not in periods:
        period = periods[-1] if periods else None
    for measure in measures:
        measure.result = next((r for r in measure.results.all() if r.period == period), None)
    memo = None
    if measure_set.memo_id:
        memo = (
            Memo.objects.visible_to(user)
            .prefetch_related("signatures")
            .filter(pk=measure_set.memo_id)
            .first()
        )
    return {
        **(_memo_parts(memo) if memo else {}),
        "agency": agency,
        "digits": agency.digit_style,
        "measure_set": measure_set,
        "measures": measures,
        "columns": set_columns(measure_set),
        "periods": [(p, ResultPeriod(p).label) for p in periods],
        "period": period,
        "period_label": ResultPeriod(period).label if period else "",
        "memo": memo,
        "can_edit": access.can_edit(user, agency) and measure_set.status == PublicationStatus.DRAFT,
        "wf": workflow_panel(measure_set, user),
        "title": measure_set.title,
    }


def _visible_sets(request: HttpRequest) -> QuerySet[MeasureSet]:
    return MeasureSet.objects.visible_to(request.user).select_related("agency__province")


@require_safe
def set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure_set = get_object_or_404(_visible_sets(request), pk=pk)
    context = set_detail_context(measure_set, request.user, period=request.GET.get("period"))
    return render(request, "measures/set_detail.html", context)


@require_safe
def set_stable(
    request: HttpRequest,
    code: str,
    year: int,
    revision: int | None = None,
    pdf: bool = False,
    kind: str = MeasureSetKind.MEASURES,
) -> HttpResponseBase:
    """Published measures (or the report on them) at their stable address
    (/a/<code>/measures/2567/, …/2567/results/, …/r<N>/, …/pdf/)."""
    found = measure_set_at(request.user, code=code, fiscal_year=year, kind=kind, revision=revision)
    return (set_pdf if pdf else set_detail)(request, pk=found.pk)


@require_safe
def results_stable(
    request: HttpRequest, code: str, year: int, revision: int | None = None, pdf: bool = False
) -> HttpResponseBase:
    return set_stable(request, code, year, revision=revision, pdf=pdf, kind=MeasureSetKind.REPORT)


@require_safe
def ita_stable(
    request: HttpRequest, code: str, year: int, revision: int | None = None
) -> HttpResponse:
    """A published ITA result at its stable address (/a/<code>/ita/2567/, …/r<N>/)."""
    result = ita_result_at(request.user, code=code, fiscal_year=year, revision=revision)
    return ita_result_detail(request, pk=result.pk)


@require_safe
def set_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The set as an A4 document: the memo (portrait) when there is one, then the table on
    landscape pages."""
    measure_set = get_object_or_404(_visible_sets(request), pk=pk)
    context = set_detail_context(measure_set, request.user, period=request.GET.get("period"))
    agency = measure_set.agency
    return pdf_response(
        request,
        template_name="measures/pdf/set.html",
        context=context,
        title=measure_set.title,
        author=agency.name,
        filename=(
            f"{measure_set.get_kind_display()} {digits(measure_set.fiscal_year, agency.digit_style)}"
            f" {agency.short_name}.pdf"
        ),
        landscape=context["memo"] is None,
    )


@require_safe
def set_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The set as a Word file in the PDF's layout, from the same context (same readers)."""
    from core.word import docx_response
    from measures.word import set_docx as build

    measure_set = get_object_or_404(_visible_sets(request), pk=pk)
    context = set_detail_context(measure_set, request.user, period=request.GET.get("period"))
    agency = measure_set.agency
    return docx_response(
        build(context),
        f"{measure_set.get_kind_display()} ปีงบประมาณ {measure_set.fiscal_year} {agency.short_name}.docx",
    )


# --- Memos ------------------------------------------------------------------------------------


def _memo_parts(memo: Memo) -> dict[str, Any]:
    """What templates/measures/_memo.html draws besides the memo itself."""
    return {
        "paragraphs": [p.strip() for p in memo.body.split("\n") if p.strip()],
        "signatures": list(memo.signatures.all()),
    }


def memo_context(memo: Memo) -> dict[str, Any]:
    return {
        **_memo_parts(memo),
        "agency": memo.agency,
        "digits": memo.agency.digit_style,
        "memo": memo,
        "measure_sets": list(memo.measure_sets.all()),
        "title": memo.subject or str(_("บันทึกข้อความ")),
    }


def _visible_memo(request: HttpRequest, pk: int) -> Memo:
    memos = (
        Memo.objects.visible_to(request.user)
        .select_related("agency__province")
        .prefetch_related("signatures", "measure_sets")
    )
    return get_object_or_404(memos, pk=pk)


@require_safe
def memo_detail(request: HttpRequest, pk: int) -> HttpResponse:
    memo = _visible_memo(request, pk)
    context = memo_context(memo)
    context["measure_sets"] = [s for s in context["measure_sets"] if s in _visible_sets(request)]
    return render(request, "measures/memo_detail.html", context)


@require_safe
def memo_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    memo = _visible_memo(request, pk)
    return pdf_response(
        request,
        template_name="measures/pdf/memo.html",
        context=memo_context(memo),
        title=memo.subject or _("บันทึกข้อความ"),
        author=memo.agency.name,
        filename=f"บันทึกข้อความ {memo.agency.short_name}.pdf",
    )


# --- Agency pages: measure sets and ITA -------------------------------------------------------

SET_SORTS = {"year": ("fiscal_year", "kind"), "-year": ("-fiscal_year", "kind")}


@require_safe
def agency_measures(request: HttpRequest, code: str) -> HttpResponse:
    """The agency's measure sets and reports (drafts only for its own people)."""
    agency = get_object_or_404(Agency.objects.with_place(), code=code)
    sets = (
        MeasureSet.objects.visible_to(request.user)
        .current()
        .filter(agency=agency)
        .annotate(measure_count=Count("measures"))
    )
    query = request.GET.get("q", "").strip()
    if query:
        sets = sets.filter(Q(title__icontains=query) | Q(measures__title__icontains=query))
        sets = sets.distinct()
    sort = request.GET.get("sort", "-year")
    sets = sets.order_by(*SET_SORTS.get(sort, SET_SORTS["-year"]))
    page = Paginator(sets, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "measures/agency_measures.html",
        {
            "agency": agency,
            "digits": agency.digit_style,
            "page": page,
            "query": query,
            "sort": sort,
            "can_edit": access.can_edit(request.user, agency),
        },
    )


def ita_context(agency: Agency, user: Viewer) -> dict[str, Any]:
    """The agency's ITA history: the chart, the totals with computed and stated grades, the
    indicator scores per year and the grade schemes that graded each year."""
    history = ita_history(agency, user=user)
    ascending = list(reversed(history))
    style = agency.digit_style
    chart = ita_score_chart(
        [
            ScorePoint(
                year=row.fiscal_year,
                score=row.result.total,
                grade=str(row.grade) if row.grade.is_known else "",
            )
            for row in ascending
        ],
        style=style,
        title=_("คะแนน ITA ของ%(name)s") % {"name": agency.name},
    )
    years = [row.fiscal_year for row in ascending]
    indicators: dict[int, dict[str, Any]] = {}
    for row in ascending:
        for score in row.result.indicator_scores.all():
            entry = indicators.setdefault(
                score.indicator.number,
                {"number": score.indicator.number, "scores": {}},
            )
            # The newest year's name wins: frameworks rename indicators.
            entry["name"] = score.indicator.name
            entry["instrument"] = score.indicator.instrument
            entry["scores"][row.fiscal_year] = score
    indicator_rows = [
        {**entry, "cells": [entry["scores"].get(year) for year in years]}
        for _number, entry in sorted(indicators.items())
    ]
    schemes: dict[int, dict[str, Any]] = {}
    for row in ascending:
        scheme = row.result.grade_scheme
        if scheme is not None:
            schemes.setdefault(scheme.pk, {"scheme": scheme, "years": []})["years"].append(
                row.fiscal_year
            )
    return {
        "agency": agency,
        "digits": style,
        "history": history,
        "chart": chart,
        "years": years,
        "indicator_rows": indicator_rows,
        "schemes": list(schemes.values()),
        "target": NATIONAL_TARGET,
        "can_edit": access.can_edit(user, agency),
        "title": _("ผลการประเมิน ITA ของ%(name)s") % {"name": agency.name},
    }


@require_safe
def agency_ita(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.with_place(), code=code)
    return render(request, "measures/agency_ita.html", ita_context(agency, request.user))


@require_safe
def ita_result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One ITA result (one revision): its scores, the chain that approved it, its history."""
    result = access.get_for_read(
        ITAResult.objects.select_related("agency__province").with_grading(), request.user, pk=pk
    )
    scores = result.indicator_scores.select_related("indicator").order_by("indicator__number")
    return render(
        request,
        "measures/ita_result.html",
        {
            "agency": result.agency,
            "digits": result.agency.digit_style,
            "result": result,
            "scores": scores,
            "wf": workflow_panel(result, request.user),
        },
    )


@require_safe
def agency_ita_pdf(request: HttpRequest, code: str) -> HttpResponseBase:
    agency = get_object_or_404(Agency.objects.with_place(), code=code)
    context = ita_context(agency, request.user)
    return pdf_response(
        request,
        template_name="measures/pdf/ita.html",
        context=context,
        title=context["title"],
        author=agency.name,
        filename=f"ผลการประเมิน ITA {agency.short_name}.pdf",
    )


# --- Staff: measure sets ----------------------------------------------------------------------


def default_set_title(kind: MeasureSetKind, fiscal_year: int, agency: Agency) -> str:
    """The title a new set gets when none is typed, its year in the agency's digits."""
    return _("%(kind)s ประจำปีงบประมาณ พ.ศ. %(year)s ของ%(agency)s") % {
        "kind": kind.label,
        "year": digits(fiscal_year, agency.digit_style),
        "agency": agency.name,
    }


@login_required
@require_http_methods(["GET", "POST"])
def set_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """A new set, written from the ITA result shown on the same page: from the lowest
    indicators (preselected), as a copy of last year's set, or empty."""
    agency = access.agency_for_write(request.user, code)
    history = ita_history(agency, user=request.user)
    latest = history[0] if history else None
    form = MeasureSetForm(
        request.POST or None, agency=agency, ita_result=latest.result if latest else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind = MeasureSetKind(data["kind"])
        title = data["title"] or default_set_title(kind, data["fiscal_year"], agency)
        with transaction.atomic():
            if data["start"] == START_COPY:
                measure_set = measure_set_copy_from(
                    source_set=data["copy_from"],
                    fiscal_year=data["fiscal_year"],
                    title=title,
                    user=request.user,
                )
                measure_set.kind = kind
                measure_set.intro = data["intro"] or measure_set.intro
                measure_set.save(update_fields=["kind", "intro", "updated_at"])
            elif data["start"] == START_INDICATORS:
                measure_set = measure_set_from_indicators(
                    user=request.user,
                    agency=agency,
                    fiscal_year=data["fiscal_year"],
                    kind=kind,
                    title=title,
                    intro=data["intro"],
                    scores=list(data["weak_scores"]),
                )
            else:
                measure_set = measure_set_create(
                    user=request.user,
                    agency=agency,
                    fiscal_year=data["fiscal_year"],
                    kind=kind,
                    title=title,
                    intro=data["intro"],
                    ita_year=data["fiscal_year"] - 1,
                )
        messages.success(
            request,
            _("สร้างชุดมาตรการแล้ว (ฉบับร่าง) มี %(n)s มาตรการ")
            % {"n": digits(measure_set.measures.count(), agency.digit_style)},
        )
        return redirect(measure_set.get_absolute_url())
    lowest = []
    if latest is not None:
        scored = [s for s in latest.result.indicator_scores.all() if s.score is not None]
        lowest = sorted(scored, key=lambda s: (s.score, s.indicator.number))
    return render(
        request,
        "measures/set_form.html",
        {
            "agency": agency,
            "digits": agency.digit_style,
            "form": form,
            "ita": latest,
            "ita_scores": lowest,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete a draft set opened by mistake, after a page that says what goes with it.
    Anything that left the draft state is a 403 (withdrawn through the chain instead)."""
    # Read first, then the one delete rule: a published set is a 403 that says why.
    measure_set = access.get_for_read(
        MeasureSet.objects.select_related("agency"), request.user, pk=pk
    )
    agency = measure_set.agency
    access.require(
        access.can_delete(request.user, agency, state=workflow.state_of(measure_set)),
        _("ลบได้เฉพาะฉบับร่าง เอกสารที่เสนอหรือเผยแพร่แล้วต้องถอนผ่านสายการอนุมัติ"),
    )
    blockers = workflow.delete_blockers(measure_set) + measure_set_delete_blockers(measure_set)
    if request.method == "POST":
        try:
            measure_set_delete(measure_set=measure_set, user=request.user)
        except ValidationError as exc:
            blockers = exc.messages
        else:
            messages.success(request, _("ลบชุดมาตรการฉบับร่างแล้ว"))
            return redirect("measures:agency_measures", code=agency.code)
    return render(
        request,
        "partials/delete_confirm.html",
        {
            "agency": agency,
            "digits": agency.digit_style,
            "heading": _("ลบชุดมาตรการ (ฉบับร่าง)"),
            "name": measure_set.title,
            "back_url": measure_set.get_absolute_url(),
            "goes_with": measure_set_delete_summary(measure_set),
            "blockers": blockers,
            "button": _("ลบชุดมาตรการ"),
        },
        status=400 if blockers and request.method == "POST" else 200,
    )


# --- Staff: measures --------------------------------------------------------------------------


def steps_apply(steps: list[str], action: str) -> list[str]:
    """The method steps after an editor button: "add", "remove:<i>", "up:<i>", "down:<i>"."""
    steps = list(steps)
    verb, _sep, arg = (action or "").partition(":")
    try:
        index = int(arg) if arg else -1
    except ValueError:
        return steps
    if verb == "add":
        steps.append("")
    elif verb == "remove" and 0 <= index < len(steps):
        steps.pop(index)
    elif verb == "up" and 0 < index < len(steps):
        steps[index - 1], steps[index] = steps[index], steps[index - 1]
    elif verb == "down" and 0 <= index < len(steps) - 1:
        steps[index + 1], steps[index] = steps[index], steps[index + 1]
    return steps


def _posted_steps(request: HttpRequest) -> list[str]:
    return request.POST.getlist("steps")


def _posted_pks(values: list[str]) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()][:500]


def picker_context(request: HttpRequest, form: MeasureForm, measure_set: MeasureSet) -> dict:
    """The plan item picker's chips (what the form holds) and, after a search posted without
    JavaScript, its matches."""
    if form.is_bound:
        chosen_pks = _posted_pks(cast(QueryDict, form.data).getlist("plan_items"))
    else:
        chosen_pks = [getattr(p, "pk", p) for p in form.initial.get("plan_items", [])]
    items = plan_items_for_set(measure_set, user=request.user)
    by_pk = {item.pk: item for item in items.filter(pk__in=chosen_pks)}
    query = request.POST.get("plan_q", "").strip()[:100] if request.method == "POST" else ""
    searched = request.method == "POST" and "plan_search" in request.POST
    results = (
        plan_item_search(measure_set, user=request.user, query=query, exclude=chosen_pks)
        if searched
        else []
    )
    return {
        "chosen": [by_pk[pk] for pk in dict.fromkeys(chosen_pks) if pk in by_pk],
        "query": query,
        "searched": searched,
        "results": results,
    }


def _period_label(form: MeasureForm, measure: Measure | None, style: str) -> str:
    """The period as read (core.thai.format_period), so staff see how their text was taken."""
    if form.is_bound:
        period = getattr(form, "cleaned_data", {}).get("period")
        return period.label(style) if period else ""
    if measure is not None and measure.period_start and measure.period_end:
        return format_period(measure.period_start, measure.period_end, style)
    return ""


def _form_page(
    request: HttpRequest,
    *,
    measure_set: MeasureSet,
    form: MeasureForm,
    steps: list[str],
    measure: Measure | None = None,
    conflict: dict[str, Any] | None = None,
    warnings: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    agency = measure_set.agency
    return render(
        request,
        "measures/measure_form.html",
        {
            "agency": agency,
            "digits": agency.digit_style,
            "measure_set": measure_set,
            "measure": measure,
            "form": form,
            "steps": steps,
            "steps_url": reverse("measures:steps_editor", kwargs={"pk": measure_set.pk}),
            "conflict": conflict,
            "picker": picker_context(request, form, measure_set),
            "period_label": _period_label(form, measure, agency.digit_style),
            **confirm_context(warnings or []),
        },
        status=status,
    )


def _asked(request: HttpRequest, form: MeasureForm, measure_set: MeasureSet) -> list[str]:
    """The sanity warnings (measures/checks.py) this save must still ask about."""
    period = form.cleaned_data.get("period")
    found = measure_warnings(
        measure_set, period.start if period else None, period.end if period else None
    )
    return unconfirmed(found, request.POST)


def _service_fields(form: MeasureForm) -> dict[str, Any]:
    data = form.cleaned_data
    period = data.get("period")
    return {
        "number": data["number"],
        "issue": data["issue"],
        "title_html": data["title"],
        "responsible_units": data["responsible_units"],
        "period_text": period.text if period else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    measure_set = _editable_set(request, pk)
    if request.method == "GET":
        form = MeasureForm(measure_set=measure_set)
        return _form_page(request, measure_set=measure_set, form=form, steps=[""])
    steps = _posted_steps(request)
    form = MeasureForm(request.POST, measure_set=measure_set)
    if "step_action" in request.POST:  # the editor's buttons without JavaScript
        steps = steps_apply(steps, request.POST["step_action"])
        return _form_page(request, measure_set=measure_set, form=form, steps=steps)
    if "plan_search" in request.POST:  # the picker's search without JavaScript
        return _form_page(request, measure_set=measure_set, form=form, steps=steps)
    if form.is_valid() and (asked := _asked(request, form, measure_set)):
        return _form_page(request, measure_set=measure_set, form=form, steps=steps, warnings=asked)
    if form.is_valid():
        try:
            measure = measure_create(
                user=request.user,
                measure_set=measure_set,
                steps=steps,
                indicators=form.cleaned_data["indicators"],
                plan_items=form.cleaned_data["plan_items"],
                **_service_fields(form),
            )
        except ValidationError as exc:
            form.add_error("title" if "title" in exc.message_dict else None, exc)
        else:
            messages.success(request, _("เพิ่มมาตรการแล้ว"))
            return redirect(measure.get_absolute_url())
    return _form_page(request, measure_set=measure_set, form=form, steps=steps, status=400)


def _measure_initial(measure: Measure) -> dict[str, Any]:
    return {
        "number": measure.number,
        "issue": measure.issue,
        "title": measure.title_html or measure.title,
        "responsible_units": measure.responsible_units,
        "period": measure.period_text,
        "indicators": list(measure.indicators.all()),
        "plan_items": list(measure.plan_items.all()),
        "version": measure.version,
    }


def _squash(text: str) -> str:
    return " ".join(html_to_text(clean_html(text or "")).split())


def conflict_rows(form: MeasureForm, steps: list[str], current: dict[str, Any]) -> list[dict]:
    """Field by field, what the other person saved next to what this user typed (only the
    fields that differ)."""
    data = cast(QueryDict, form.data)  # a bound form's POST
    indicators = cast(forms.ModelMultipleChoiceField, form.fields["indicators"])
    plan_items = cast(forms.ModelMultipleChoiceField, form.fields["plan_items"])
    assert indicators.queryset is not None and plan_items.queryset is not None
    indicator_names = {i.pk: str(i) for i in indicators.queryset}
    item_names = {p.pk: p.title[:120] for p in plan_items.queryset}

    def chosen(name: str, names: dict[int, str]) -> list[str]:
        pks = {int(v) for v in data.getlist(name) if str(v).isdigit()}
        return sorted(names.get(pk, str(pk)) for pk in pks)

    pairs: list[tuple[str, Any, Any, Any]] = [
        ("number", form.fields["number"].label, current["number"], data.get("number", "")),
        ("issue", form.fields["issue"].label, current["issue"], data.get("issue", "")),
        ("title", form.fields["title"].label, current["title_html"], data.get("title", "")),
        (
            "responsible_units",
            form.fields["responsible_units"].label,
            current["responsible_units"],
            data.get("responsible_units", ""),
        ),
        ("period", form.fields["period"].label, current["period_text"], data.get("period", "")),
    ]
    rows = []
    for name, label, theirs, yours in pairs:
        if _squash(theirs) != _squash(yours):
            rows.append(
                {
                    "name": name,
                    "label": label,
                    "theirs": [_squash(theirs)],
                    "yours": [_squash(yours)],
                }
            )
    their_steps = [_squash(s) for s in current["steps"]]
    your_steps = [_squash(s) for s in steps if _squash(s)]
    if their_steps != your_steps:
        rows.append(
            {"name": "steps", "label": _("วิธีดำเนินการ"), "theirs": their_steps, "yours": your_steps}
        )
    for name, names in (("indicators", indicator_names), ("plan_items", item_names)):
        theirs = sorted(names.get(pk, str(pk)) for pk in current[name])
        yours = chosen(name, names)
        if theirs != yours:
            rows.append(
                {"name": name, "label": form.fields[name].label, "theirs": theirs, "yours": yours}
            )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    measure = _editable_measure(request, pk)
    measure_set = measure.set
    if request.method == "GET":
        form = MeasureForm(initial=_measure_initial(measure), measure_set=measure_set)
        steps = [step.html for step in measure.steps.all()] or [""]
        return _form_page(request, measure_set=measure_set, form=form, steps=steps, measure=measure)
    steps = _posted_steps(request)
    form = MeasureForm(request.POST, measure_set=measure_set)
    if "step_action" in request.POST:
        steps = steps_apply(steps, request.POST["step_action"])
        return _form_page(request, measure_set=measure_set, form=form, steps=steps, measure=measure)
    if "plan_search" in request.POST:  # the picker's search without JavaScript
        return _form_page(request, measure_set=measure_set, form=form, steps=steps, measure=measure)
    if form.is_valid() and (asked := _asked(request, form, measure_set)):
        return _form_page(
            request,
            measure_set=measure_set,
            form=form,
            steps=steps,
            measure=measure,
            warnings=asked,
        )
    if form.is_valid():
        version = form.cleaned_data["version"] or 0
        try:
            updated = measure_update(
                measure=measure,
                version=version,
                user=request.user,
                steps=steps,
                indicators=form.cleaned_data["indicators"],
                plan_items=form.cleaned_data["plan_items"],
                **_service_fields(form),
            )
        except ConcurrentEditError as exc:
            # Keep what this user typed, show the other person's values beside it, and carry
            # the current version so that saving again (after merging) is accepted.
            data = request.POST.copy()
            data["version"] = str(exc.version)
            form = MeasureForm(data, measure_set=measure_set)
            form.is_valid()
            conflict = conflict_view(exc, conflict_rows(form, steps, exc.current))
            return _form_page(
                request,
                measure_set=measure_set,
                form=form,
                steps=steps,
                measure=measure,
                conflict=conflict,
                status=409,
            )
        except ValidationError as exc:
            form.add_error("title" if "title_html" in exc.message_dict else None, exc.messages)
        else:
            messages.success(request, _("บันทึกมาตรการแล้ว"))
            return redirect(updated.get_absolute_url())
    return _form_page(
        request, measure_set=measure_set, form=form, steps=steps, measure=measure, status=400
    )


@login_required
@require_safe
def plan_item_search_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The picker's htmx search: the agency's plan items matching `plan_q`, without those
    already chosen (`plan_items`), as a fragment of ticking boxes."""
    measure_set = _editable_set(request, pk)
    query = request.GET.get("plan_q", "").strip()[:100]
    results = plan_item_search(
        measure_set,
        user=request.user,
        query=query,
        exclude=_posted_pks(request.GET.getlist("plan_items")),
    )
    return render(
        request,
        "measures/_plan_item_results.html",
        {
            "digits": measure_set.agency.digit_style,
            "picker": {"results": results, "query": query, "searched": True},
        },
    )


@login_required
@require_POST
def steps_editor(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the method-steps editor after adding, removing or moving a step (the typed text
    of every step comes back as it was)."""
    measure_set = _editable_set(request, pk)
    action = request.POST.get("step_action", "")
    steps = steps_apply(_posted_steps(request), action)
    return render(
        request,
        "measures/_steps_editor.html",
        {
            "steps": steps,
            "steps_url": reverse("measures:steps_editor", kwargs={"pk": measure_set.pk}),
            "digits": measure_set.agency.digit_style,
            "autofocus_last": action == "add",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record what a measure achieved in a reporting period (one period at a time)."""
    measure = _editable_measure(request, pk)
    results = {r.period: r for r in measure.results.all()}
    period = request.POST.get("period") or request.GET.get("period")
    if period not in ResultPeriod.values:
        period = max(results, key=_period_order) if results else ResultPeriod.ANNUAL.value
    conflict = None
    status = 200
    if request.method == "POST":
        form = MeasureResultForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                measure_result_record(
                    user=request.user,
                    measure=measure,
                    period=data["period"],
                    summary=data["summary"],
                    outcome=data["outcome"],
                    suggestions=data["suggestions"],
                    version=data["version"] if data["version"] is not None else 0,
                )
            except ConcurrentEditError as exc:
                # Keep what was typed, show the stored values beside it, and carry the stored
                # version so that saving again (after merging) is accepted.
                conflict = conflict_view(
                    exc,
                    [
                        conflict_row(
                            name,
                            form.fields[name].label,
                            _squash(exc.current[name]),
                            _squash(data[name]),
                        )
                        for name in ("summary", "outcome", "suggestions")
                    ],
                )
                form = rebind_at_version(MeasureResultForm, request.POST, exc.version)
                status = 409
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("บันทึกผลการดำเนินการแล้ว"))
                return redirect(
                    f"{measure.set.get_absolute_url()}?period={data['period']}#measure-{measure.pk}"
                )
    else:
        current = results.get(period)
        form = MeasureResultForm(
            initial={
                "period": period,
                "summary": current.summary if current else "",
                "outcome": current.outcome if current else "",
                "suggestions": current.suggestions if current else "",
                "version": current.version if current else 0,
            }
        )
    agency = measure.set.agency
    return render(
        request,
        "measures/result_form.html",
        {
            "agency": agency,
            "digits": agency.digit_style,
            "measure": measure,
            "measure_set": measure.set,
            "form": form,
            "recorded": [(p, ResultPeriod(p).label) for p in sorted(results, key=_period_order)],
            "period": period,
            "conflict": conflict,
        },
        status=status,
    )


# --- Staff: ITA results -----------------------------------------------------------------------


def _posted_year(request: HttpRequest) -> int | None:
    from measures.forms import ThaiYearField

    raw = request.POST.get("fiscal_year") if request.method == "POST" else request.GET.get("year")
    try:
        return ThaiYearField(required=False).clean(raw)
    except ValidationError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def ita_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Record an agency's ITA result of a year with its indicator scores."""
    agency = access.agency_for_write(request.user, code)
    year = _posted_year(request)
    if year is None:
        latest = ITAFramework.objects.order_by("-fiscal_year").first()
        year = latest.fiscal_year if latest else None
    framework = (
        ITAFramework.objects.filter(fiscal_year=year).prefetch_related("indicators").first()
        if year
        else None
    )
    existing = (
        ITAResult.objects.editable_by(request.user)
        .filter(agency=agency, fiscal_year=year)
        .prefetch_related("indicator_scores__indicator")
        .first()
        if year
        else None
    )
    old_scores = (
        {s.indicator.number: s for s in existing.indicator_scores.all()} if existing else {}
    )
    conflict = None
    status = 200
    if request.method == "POST":
        form = ITAResultForm(request.POST, framework=framework, style=agency.digit_style)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            inputs = []
            for indicator, name in form.indicator_fields:
                old = old_scores.get(indicator.number)
                if data.get(name) is None and old is None:
                    continue
                inputs.append(
                    IndicatorScoreInput(
                        number=indicator.number,
                        score=data.get(name),
                        stated_delta=old.stated_delta if old else None,
                        analysis=old.analysis if old else "",
                    )
                )
            try:
                ita_result_record(
                    user=request.user,
                    agency=agency,
                    fiscal_year=data["fiscal_year"],
                    total=data["total"],
                    iit=data["iit"],
                    eit=data["eit"],
                    oit=data["oit"],
                    stated_grade=data["stated_grade"],
                    stated_delta=existing.stated_delta if existing else None,
                    stated_previous_grade=existing.stated_previous_grade if existing else "",
                    analysis=data["analysis"],
                    indicator_scores=inputs,
                    version=data["version"] if data["version"] is not None else 0,
                )
            except ConcurrentEditError as exc:
                conflict = conflict_view(
                    exc, _ita_conflict_rows(form, exc.current, agency.digit_style)
                )
                form = rebind_at_version(
                    ITAResultForm, request.POST, exc.version, framework=framework
                )
                status = 409
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("บันทึกผลการประเมิน ITA แล้ว"))
                return redirect("measures:agency_ita", code=agency.code)
    else:
        initial: dict[str, Any] = {"fiscal_year": year, "version": 0}
        if existing is not None:
            initial.update(
                version=existing.version,
                total=existing.total,
                iit=existing.iit,
                eit=existing.eit,
                oit=existing.oit,
                stated_grade=existing.stated_grade,
                analysis=existing.analysis,
            )
            for number, score in old_scores.items():
                initial[f"indicator_{number}"] = score.score
        # The year and the scores in the agency's digits, as the rest of the page reads (the
        # fields read either set back).
        initial = {
            k: digits(v, agency.digit_style)
            if k != "version" and isinstance(v, int | Decimal)
            else v
            for k, v in initial.items()
        }
        form = ITAResultForm(initial=initial, framework=framework, style=agency.digit_style)
    return render(
        request,
        "measures/ita_form.html",
        {
            "agency": agency,
            "digits": agency.digit_style,
            "form": form,
            "framework": framework,
            "year": year,
            "existing": existing,
            "years": list(ITAFramework.objects.values_list("fiscal_year", flat=True)),
            "conflict": conflict,
        },
        status=status,
    )


def _ita_conflict_rows(
    form: ITAResultForm, current: dict[str, Any], style: str
) -> list[dict[str, Any] | None]:
    """The stored ITA figures next to what this user typed (only those that differ)."""
    data = form.cleaned_data

    def shown(value: Any) -> str:
        return format_number(value, style) if value is not None else ""

    rows = [
        conflict_row(name, form.fields[name].label, shown(current[name]), shown(data.get(name)))
        for name in ("total", "iit", "eit", "oit")
    ]
    rows.append(
        conflict_row(
            "stated_grade",
            form.fields["stated_grade"].label,
            current["stated_grade"],
            data.get("stated_grade", ""),
        )
    )
    rows.append(
        conflict_row(
            "analysis", form.fields["analysis"].label, current["analysis"], data.get("analysis", "")
        )
    )
    scores = current.get("indicator_scores", {})
    for indicator, name in form.indicator_fields:
        rows.append(
            conflict_row(
                name,
                form.fields[name].label,
                shown(scores.get(indicator.number)),
                shown(data.get(name)),
            )
        )
    return rows
