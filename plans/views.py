"""Pages of the plans app: the agency page, the plan and item pages, their PDFs and the CSV.

Every object is reached through a scoped queryset (`visible_to(user)`), so another agency's
draft is a 404 on every route. The HTML page, its PDF and the CSV share one selector.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from agencies import access, workflow
from agencies.access import AuthenticatedHttpRequest, Viewer
from agencies.choices import PublicationStatus
from core.concurrency import ConcurrentEditError, conflict_row, conflict_view, rebind_at_version
from core.exports import csv_response
from core.forms import AMOUNT_HELP
from core.pagecache import cache_public_page
from core.pdf.service import pdf_response
from core.thai import digits, format_money
from plans import services
from plans.choices import ItemKind
from plans.forms import (
    NO_BUDGET_TEXT,
    QUARTERS,
    SHEET_FORM_FIELDS,
    ForewordForm,
    Part1TextsForm,
    PlanItemForm,
    PlanStartForm,
    PlanTextsForm,
    ProjectSheetForm,
    RiskFormSet,
    TargetFormSet,
    risk_inputs,
    target_inputs,
)
from plans.models import Dimension, Plan, PlanItem, ProjectSheet
from plans.selectors import (
    WIZARD_STEPS,
    ItemFilters,
    item_detail_context,
    item_detail_queryset,
    plan_at,
    plan_detail_context,
    plan_detail_queryset,
    plan_fingerprint,
    plan_items_csv_rows,
    plan_items_grouped,
    plan_summary,
    plan_wizard_state,
)


@require_safe
@cache_public_page()  # anonymous visitors: the whole page until the next publish
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(plan_detail_queryset(request.user), pk=pk)
    filters = ItemFilters.from_query(request.GET, plan)
    context = plan_detail_context(plan, request.user, filters=filters)
    context["can_edit"] = _editable_now(request.user, plan)
    return render(request, "plans/plan_detail.html", context)


@require_safe
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The whole plan as an A4 document: part 1, the summary, the items, every sheet."""
    plan = get_object_or_404(plan_detail_queryset(request.user), pk=pk)
    title = _plan_title(plan)

    def context() -> dict:
        return {**plan_detail_context(plan, request.user, with_sheets=True), "title": title}

    return pdf_response(
        request,
        template_name="plans/pdf/plan.html",
        context=context,
        title=title,
        author=plan.agency.name,
        filename=f"{title}.pdf",
        fingerprint=plan_fingerprint(plan),
    )


@require_safe
def plan_stable(
    request: HttpRequest,
    code: str,
    first: int,
    last: int,
    revision: int | None = None,
    pdf: bool = False,
) -> HttpResponseBase:
    """A published plan at its stable address (/a/<code>/plan/2566-2570/, …/r<N>/, …/pdf/)."""
    plan = plan_at(request.user, code=code, first_year=first, last_year=last, revision=revision)
    return (plan_pdf if pdf else plan_detail)(request, pk=plan.pk)


def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole plan as a Word file in the PDF's layout, from the same context (who may read
    the plan may download it: published plans for everyone, drafts for the agency's staff)."""
    from core.word import docx_response
    from plans.word import plan_docx as build

    plan = get_object_or_404(plan_detail_queryset(request.user), pk=pk)
    context = plan_detail_context(plan, request.user, with_sheets=True)
    return docx_response(build(context), f"{_plan_title(plan)}.docx")


@require_safe
def plan_items_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The items table (with the page's filters) as CSV; UTF-8 with BOM so Excel reads Thai."""
    plan = get_object_or_404(plan_detail_queryset(request.user), pk=pk)
    filters = ItemFilters.from_query(request.GET, plan)
    return csv_response(
        f"{_plan_title(plan)} รายการโครงการ.csv", plan_items_csv_rows(plan, filters)
    )


@require_safe
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_item_queryset(request), pk=pk)
    context = item_detail_context(item, request.user)
    context["can_edit"] = _editable_now(request.user, item.plan)
    return render(request, "plans/item_detail.html", context)


@require_safe
def item_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = get_object_or_404(_item_queryset(request), pk=pk)
    title = f"{item.title[:80]} – {item.plan.agency.short_name}"
    context = item_detail_context(item, request.user)
    context["title"] = title
    return pdf_response(
        request,
        template_name="plans/pdf/item.html",
        context=context,
        title=title,
        author=item.plan.agency.name,
        filename=f"โครงการ {item.pk} {item.plan.agency.short_name}.pdf",
    )


def _item_queryset(request: HttpRequest):
    return item_detail_queryset(request.user).prefetch_related("years")


def _plan_title(plan) -> str:
    style = plan.agency.digit_style
    years = f"{digits(plan.first_year, style)}-{digits(plan.last_year, style)}"
    return f"{plan.title} {plan.agency.short_name} พ.ศ. {years}"


# --- Staff editing ------------------------------------------------------------------------------
# Objects are reached through Plan.objects.editable_by(user): another agency's user gets a 404,
# a user who may read the plan but not change it (its auditor) a 403.


def _editable_now(user: Viewer, plan: Plan) -> bool:
    """Staff of the agency, and the plan still a draft (a published plan is amended)."""
    return access.can_edit(user, plan.agency) and plan.status == PublicationStatus.DRAFT


def _editable_plan(request: HttpRequest, pk: int) -> Plan:
    return access.get_for_write(
        Plan.objects.select_related("agency__province", "edition"), request.user, pk=pk
    )


def _editable_item(request: HttpRequest, pk: int) -> PlanItem:
    items = PlanItem.objects.select_related(
        "plan__agency__province", "plan__edition", "dimension", "subdimension"
    )
    return access.get_for_write(items, request.user, pk=pk)


def _form_page(
    request: HttpRequest,
    *,
    plan: Plan,
    form: PlanItemForm,
    item: PlanItem | None = None,
    conflict: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    sub_parents = dict(
        Dimension.objects.filter(edition_id=plan.edition_id, parent__isnull=False).values_list(
            "pk", "parent_id"
        )
    )
    context = {
        "plan": plan,
        "agency": plan.agency,
        "digits": plan.agency.digit_style,
        "item": item,
        "form": form,
        "year_rows": form.year_rows(),
        "conflict": conflict,
        "sub_parents": sub_parents,
        "amount_help": AMOUNT_HELP,
        "from_wizard": _from_wizard(request),
    }
    return render(request, "plans/item_form.html", context, status=status)


def _years_text(years: dict, digits: str) -> list[str]:
    lines = []
    for year, (budget, no_budget, quarters) in sorted(years.items()):
        if no_budget:
            money = NO_BUDGET_TEXT
        elif budget is None:
            money = "ไม่ระบุ"
        else:
            money = format_money(budget, digits) + " บาท"
        qs = " ".join(str(n) for n in QUARTERS if n in quarters) or "-"
        lines.append(f"ปี {year}: {money} · ไตรมาส {qs}")
    return lines


def _item_conflict(form: PlanItemForm, exc: ConcurrentEditError, digits: str) -> dict:
    """What the other person saved next to what this user typed (fields that differ)."""
    current = exc.current
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    kinds: dict[str | None, str | Promise] = dict(
        ItemKind.choices
    )  # the choices of the form's "kind"
    theirs_kind = kinds.get(current["kind"], current["kind"])
    pairs = [
        ("kind", theirs_kind, kinds.get(data.get("kind"), "")),
        ("number", current["number"], data.get("number", "")),
        ("title", current["title"], data.get("title", "")),
        ("dimension", str(current["dimension"]), str(data.get("dimension") or "")),
        (
            "subdimension",
            str(current["subdimension"] or "ไม่ระบุภารกิจ"),
            str(data.get("subdimension") or "ไม่ระบุภารกิจ"),
        ),
        ("responsible_unit", current["responsible_unit"], data.get("responsible_unit", "")),
        ("note", current["note"], data.get("note", "")),
    ]
    rows = [
        {"name": name, "label": form.fields[name].label, "theirs": [t], "yours": [y]}
        for name, t, y in pairs
        if " ".join(str(t).split()) != " ".join(str(y).split())
    ]
    theirs_years = _years_text(current["years"], digits)
    yours_years = _years_text(form.years_input(), digits) if data else []
    if theirs_years != yours_years:
        rows.append(
            {
                "name": "years",
                "label": _("งบประมาณและไตรมาส"),
                "theirs": theirs_years,
                "yours": yours_years,
            }
        )
    return {
        "message": str(exc),
        "rows": rows,
        "updated_by": current.get("updated_by", ""),
        "updated_at": current.get("updated_at"),
    }


def _from_wizard(request: HttpRequest) -> bool:
    """The item form was opened from the wizard's part 2 (it goes back there after saving)."""
    return "wizard" in (request.GET.get("next"), request.POST.get("next"))


def _wizard_item_url(item: PlanItem) -> str:
    return reverse("plans:wizard_part2", args=[item.plan_id]) + f"#item-{item.pk}"


def _add_service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """แก้ไขโครงการ: the item's fields and, per plan year, whether it is in, budget, quarters."""
    item = _editable_item(request, pk)
    plan = item.plan
    if request.method != "POST":
        return _form_page(request, plan=plan, item=item, form=PlanItemForm(plan=plan, item=item))
    form = PlanItemForm(request.POST, plan=plan, item=item)
    if form.is_valid():
        try:
            services.plan_item_update(
                item=item,
                user=request.user,
                version=form.cleaned_data["version"],
                years=form.years_input(),
                **form.item_fields(),
            )
        except ConcurrentEditError as exc:
            # Keep what this user typed, show the other person's values beside it, and carry
            # the stored version so that saving again (after merging) is accepted.
            conflict = _item_conflict(form, exc, plan.agency.digit_style)
            data = request.POST.copy()
            data["version"] = str(exc.version)
            form = PlanItemForm(data, plan=plan, item=item)
            form.is_valid()
            return _form_page(
                request, plan=plan, item=item, form=form, conflict=conflict, status=409
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, _("บันทึกการแก้ไขโครงการแล้ว"))
            if _from_wizard(request):
                return redirect(_wizard_item_url(item))
            return redirect(item.get_absolute_url())
    return _form_page(request, plan=plan, item=item, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """เพิ่มโครงการ to a plan (the same form as editing)."""
    plan = _editable_plan(request, pk)
    if request.method != "POST":
        # No year is ticked: an item is in the plan only in the years the staff choose.
        initial: dict[str, Any] = {"kind": "project"}
        dimension = request.GET.get("dimension", "")
        if dimension.isdigit():
            initial["dimension"] = int(dimension)
        return _form_page(request, plan=plan, form=PlanItemForm(plan=plan, initial=initial))
    form = PlanItemForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            item = services.plan_item_create(
                plan=plan, user=request.user, years=form.years_input(), **form.item_fields()
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, _("เพิ่มโครงการแล้ว"))
            if _from_wizard(request):
                if "another" in request.POST:
                    return redirect(
                        reverse("plans:item_add", args=[plan.pk])
                        + f"?next=wizard&dimension={item.dimension_id}"
                    )
                return redirect(_wizard_item_url(item))
            return redirect(item.get_absolute_url())
    return _form_page(request, plan=plan, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete an item after a confirmation page (the deletion itself is a POST)."""
    item = _editable_item(request, pk)
    plan = item.plan
    if request.method == "POST":
        try:
            services.plan_item_delete(item=item, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(item.get_absolute_url())
        messages.success(request, _("ลบโครงการแล้ว"))
        if _from_wizard(request):
            return redirect("plans:wizard_part2", pk=plan.pk)
        return redirect(plan.get_absolute_url() + "#items")
    context = {
        "item": item,
        "plan": plan,
        "agency": plan.agency,
        "digits": plan.agency.digit_style,
        "year_count": item.years.count(),
        "sheet_count": item.sheets.count(),
        "report_count": item.years.filter(report_rows__isnull=False).count(),
        "from_wizard": _from_wizard(request),
    }
    return render(request, "plans/item_confirm_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The plan's title and part-1 texts."""
    plan = _editable_plan(request, pk)
    conflict = None
    status = 200
    if request.method != "POST":
        form = PlanTextsForm.for_plan(plan)
    else:
        form = PlanTextsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.plan_update(
                    plan=plan,
                    user=request.user,
                    version=data["version"],
                    **{
                        name: data[name]
                        for name in ("title", "rationale", "objectives", "benefits")
                    },
                )
            except ConcurrentEditError as exc:
                current = exc.current
                conflict = {
                    "message": str(exc),
                    "rows": [
                        {
                            "name": name,
                            "label": form.fields[name].label,
                            "theirs": [current[name]],
                            "yours": [data[name]],
                        }
                        for name in ("title", "rationale", "objectives", "benefits")
                        if " ".join(current[name].split()) != " ".join(data[name].split())
                    ],
                    "updated_by": current.get("updated_by", ""),
                    "updated_at": current.get("updated_at"),
                }
                form = rebind_at_version(PlanTextsForm, request.POST, exc.version)
                status = 409
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกการแก้ไขแผนแล้ว"))
                return redirect(plan.get_absolute_url() + "#part1")
    context = {
        "plan": plan,
        "agency": plan.agency,
        "digits": plan.agency.digit_style,
        "form": form,
        "conflict": conflict,
    }
    return render(request, "plans/plan_edit.html", context, status=status)


# --- The new-plan wizard ------------------------------------------------------------------------
# A new plan is a draft from its first step, so each step is just an editor of that draft and
# the progress shown is read from the draft (plans.selectors.plan_wizard_state): a staff member
# can leave at any step and come back to /plans/<pk>/wizard/ later, on any device.


def _wizard_context(plan: Plan, step: str, **extra: Any) -> dict[str, Any]:
    state = plan_wizard_state(plan)
    keys = [s.key for s in state.steps]
    index = keys.index(step)
    return {
        "plan": plan,
        "agency": plan.agency,
        "digits": plan.agency.digit_style,
        "state": state,
        "step": state.step(step),
        "previous_step": keys[index - 1] if index > 0 else None,
        "next_step": keys[index + 1] if index + 1 < len(keys) else None,
        **extra,
    }


def _next_url(plan: Plan, request: HttpRequest, step: str) -> str:
    """Where "save" goes: the next step when the user pressed "save and continue"."""
    keys = [key for key, _label in WIZARD_STEPS]
    if "continue" in request.POST and step in keys[:-1]:
        step = keys[keys.index(step) + 1]
    return reverse(f"plans:wizard_{step}", args=[plan.pk])


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """สร้างแผนใหม่: the edition, the title, and how the plan starts."""
    agency = access.agency_for_write(request.user, code, check=access.can_start_plan)
    form = PlanStartForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_start(
                agency=agency,
                user=request.user,
                edition=data["edition"],
                title=data["title"],
                start=data["start"],
                examples=data.get("examples") or [],
                previous=data.get("previous"),
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, _("สร้างแผนฉบับร่างแล้ว กรอกส่วนที่ ๑ ต่อได้เลย"))
            return redirect("plans:wizard_part1", pk=plan.pk)
    existing = Plan.objects.filter(agency=agency).current().order_by("-first_year")
    context = {
        "agency": agency,
        "digits": agency.digit_style,
        "form": form,
        "existing": list(existing),
        "steps": WIZARD_STEPS,
    }
    return render(request, "plans/wizard_start.html", context)


@login_required
def plan_wizard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Resume the wizard where the draft stands (its first step not done yet)."""
    plan = _editable_plan(request, pk)
    return redirect(f"plans:wizard_{plan_wizard_state(plan).resume}", pk=plan.pk)


def _part1_formsets(plan: Plan, data: Any = None) -> tuple[Any, Any]:
    years, digits = plan.years, plan.agency.digit_style
    if data is None:
        risks = RiskFormSet(
            prefix="risks",
            initial=[
                {"step": r.step, "risks": r.risks, "level": r.level, "controls": r.controls}
                for r in plan.risks.all()
            ]
            or None,
        )
        targets = TargetFormSet(
            prefix="targets",
            form_kwargs={"years": years, "digits": digits},
            initial=[
                {"label": t.label, **{f"y{y}": t.value_for(y) for y in years}}
                for t in plan.targets.all()
            ]
            or None,
        )
        # One empty row each, so the tables can grow without JavaScript as well.
        risks.extra = 1
        targets.extra = 1
        return risks, targets
    risks = RiskFormSet(data, prefix="risks")
    targets = TargetFormSet(data, prefix="targets", form_kwargs={"years": years, "digits": digits})
    return risks, targets


@login_required
@require_http_methods(["GET", "POST"])
def wizard_part1(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ส่วนที่ ๑: rationale, objectives, benefits, the risk table and the targets table."""
    plan = _editable_plan(request, pk)
    conflict = None
    status = 200
    if request.method != "POST":
        form = Part1TextsForm(
            initial={
                "rationale": plan.rationale,
                "objectives": plan.objectives,
                "benefits": plan.benefits,
                "version": plan.version,
            }
        )
        risks, targets = _part1_formsets(plan)
    else:
        form = Part1TextsForm(request.POST)
        risks, targets = _part1_formsets(plan, request.POST)
        valid = [form.is_valid(), risks.is_valid(), targets.is_valid()]
        if all(valid):
            data = form.cleaned_data
            try:
                services.plan_part1_set(
                    plan=plan,
                    user=request.user,
                    version=data["version"],
                    rationale=data["rationale"],
                    objectives=data["objectives"],
                    benefits=data["benefits"],
                    risks=risk_inputs(risks),
                    targets=target_inputs(targets, plan.years),
                )
            except ConcurrentEditError as exc:
                current = exc.current
                conflict = conflict_view(
                    exc,
                    [
                        conflict_row(name, form.fields[name].label, current[name], data[name])
                        for name in ("rationale", "objectives", "benefits")
                    ]
                    + [
                        conflict_row(
                            "risks",
                            _("ตารางความเสี่ยง"),
                            current["risks"],
                            [r.step for r in risk_inputs(risks)],
                        )
                    ],
                )
                form = rebind_at_version(Part1TextsForm, request.POST, exc.version)
                status = 409
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกส่วนที่ ๑ แล้ว"))
                return redirect(_next_url(plan, request, "part1"))
    context = _wizard_context(
        plan,
        "part1",
        form=form,
        risks=risks,
        targets=targets,
        conflict=conflict,
        has_errors=request.method == "POST" and conflict is None,
    )
    return render(request, "plans/wizard_part1.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def wizard_part2(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ส่วนที่ ๒: the items grouped by dimension and sub-dimension, with their order and the
    totals per year (computed from the rows); POST moves an item up or down."""
    plan = _editable_plan(request, pk)
    if request.method == "POST":
        item = get_object_or_404(PlanItem.objects.filter(plan=plan), pk=request.POST.get("item"))
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        try:
            services.plan_item_move(
                item=item, user=request.user, version=version, up=request.POST.get("move") == "up"
            )
        except ConcurrentEditError as exc:
            messages.error(request, str(exc))
        return redirect(reverse("plans:wizard_part2", args=[plan.pk]) + f"#item-{item.pk}")
    dimensions = Dimension.objects.filter(edition_id=plan.edition_id, parent__isnull=True)
    context = _wizard_context(
        plan,
        "part2",
        table=plan_items_grouped(plan),
        summary=plan_summary(plan),
        dimensions=dimensions.order_by("sort_key"),
        quarters=QUARTERS,
    )
    return render(request, "plans/wizard_part2.html", context)


@login_required
@require_safe
def wizard_part3(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ส่วนที่ ๓: every item and its sheets (รายละเอียดโครงการ), with what is still missing."""
    plan = _editable_plan(request, pk)
    items = (
        PlanItem.objects.filter(plan=plan)
        .select_related("dimension", "subdimension")
        .prefetch_related("sheets")
        .order_by("dimension__sort_key", F("subdimension__sort_key").asc(nulls_last=True), "order")
    )
    return render(request, "plans/wizard_part3.html", _wizard_context(plan, "part3", items=items))


@login_required
@require_http_methods(["GET", "POST"])
def sheet_edit(
    request: AuthenticatedHttpRequest, pk: int, sheet_pk: int | None = None
) -> HttpResponse:
    """The part-3 sheet of an item: a new one, or one of its sheets (`sheet_pk`)."""
    item = _editable_item(request, pk)
    plan = item.plan
    sheet = get_object_or_404(ProjectSheet, item=item, pk=sheet_pk) if sheet_pk else None
    conflict = None
    status = 200
    if request.method != "POST":
        if sheet is not None:
            form = ProjectSheetForm.for_sheet(sheet)
        else:
            form = ProjectSheetForm(initial={"title": item.title, "owner": item.responsible_unit})
    else:
        form = ProjectSheetForm(request.POST)
        if form.is_valid():
            try:
                services.project_sheet_save(
                    item=item,
                    user=request.user,
                    sheet=sheet,
                    version=form.cleaned_data["version"],
                    **form.sheet_fields(),
                )
            except ConcurrentEditError as exc:
                conflict = conflict_view(
                    exc,
                    [
                        conflict_row(
                            name,
                            form.fields[name].label,
                            exc.current[name],
                            form.cleaned_data[name],
                        )
                        for name in SHEET_FORM_FIELDS
                    ],
                )
                form = rebind_at_version(ProjectSheetForm, request.POST, exc.version)
                status = 409
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกรายละเอียดโครงการแล้ว"))
                return redirect(reverse("plans:wizard_part3", args=[plan.pk]) + f"#item-{item.pk}")
    context = _wizard_context(plan, "part3", item=item, sheet=sheet, form=form, conflict=conflict)
    return render(request, "plans/wizard_sheet.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def wizard_foreword(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """คำนำ: the plan's foreword."""
    plan = _editable_plan(request, pk)
    conflict = None
    status = 200
    if request.method != "POST":
        form = ForewordForm(initial={"foreword": plan.foreword, "version": plan.version})
    else:
        form = ForewordForm(request.POST)
        if form.is_valid():
            try:
                services.plan_update(
                    plan=plan,
                    user=request.user,
                    version=form.cleaned_data["version"],
                    foreword=form.cleaned_data["foreword"],
                )
            except ConcurrentEditError as exc:
                conflict = conflict_view(
                    exc,
                    [
                        conflict_row(
                            "foreword",
                            form.fields["foreword"].label,
                            exc.current["foreword"],
                            form.cleaned_data["foreword"],
                        )
                    ],
                )
                form = rebind_at_version(ForewordForm, request.POST, exc.version)
                status = 409
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกคำนำแล้ว"))
                return redirect(_next_url(plan, request, "foreword"))
    context = _wizard_context(plan, "foreword", form=form, conflict=conflict)
    return render(request, "plans/wizard_foreword.html", context, status=status)


@login_required
@require_safe
def wizard_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ตรวจทาน: the plan as it will be published, what is still missing, and the proposal."""
    plan = _editable_plan(request, pk)
    context = _wizard_context(plan, "review")
    context.update(plan_detail_context(plan, request.user))
    return render(request, "plans/wizard_review.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete a draft plan started by mistake, after a page that says what goes with it;
    a plan that was proposed or published is a 403 (withdrawn through the chain)."""
    plan = access.get_for_read(
        Plan.objects.select_related("agency__province", "edition"), request.user, pk=pk
    )
    agency = plan.agency
    access.require(
        access.can_delete(request.user, agency, state=workflow.state_of(plan)),
        _("ลบได้เฉพาะฉบับร่าง เอกสารที่เสนอหรือเผยแพร่แล้วต้องถอนผ่านสายการอนุมัติ"),
    )
    blockers = workflow.delete_blockers(plan) + services.plan_delete_blockers(plan)
    if request.method == "POST":
        try:
            services.plan_delete(plan=plan, user=request.user)
        except ValidationError as exc:
            blockers = exc.messages
        else:
            messages.success(request, _("ลบแผนฉบับร่างแล้ว"))
            return redirect(agency.get_absolute_url())
    return render(
        request,
        "partials/delete_confirm.html",
        {
            "agency": agency,
            "digits": agency.digit_style,
            "heading": _("ลบแผน (ฉบับร่าง)"),
            "name": plan.title,
            "back_url": plan.get_absolute_url(),
            "goes_with": services.plan_delete_summary(plan),
            "blockers": blockers,
            "button": _("ลบแผน"),
        },
        status=400 if blockers and request.method == "POST" else 200,
    )
