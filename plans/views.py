"""Pages of the plans app: the agency page, the plan and item pages, their PDFs and the CSV.

Every object is reached through a scoped queryset (`visible_to(user)`), so another agency's
draft is a 404 on every route. The HTML page, its PDF and the CSV share one selector.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agencies import access
from agencies.access import AuthenticatedHttpRequest, Viewer
from agencies.choices import PublicationStatus
from core.concurrency import ConcurrentEditError
from core.exports import csv_response
from core.forms import AMOUNT_HELP
from core.pdf.service import pdf_response
from core.thai import format_money
from plans import services
from plans.choices import ItemKind
from plans.forms import NO_BUDGET_TEXT, QUARTERS, PlanItemForm, PlanTextsForm
from plans.models import Dimension, Plan, PlanItem
from plans.selectors import (
    ItemFilters,
    item_detail_context,
    item_detail_queryset,
    plan_detail_context,
    plan_detail_queryset,
    plan_fingerprint,
    plan_items_csv_rows,
)


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(plan_detail_queryset(request.user), pk=pk)
    filters = ItemFilters.from_query(request.GET, plan)
    context = plan_detail_context(plan, request.user, filters=filters)
    context["can_edit"] = _editable_now(request.user, plan)
    return render(request, "plans/plan_detail.html", context)


@require_GET
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


@require_GET
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole plan as a Word file in the PDF's layout, from the same context (who may read
    the plan may download it: published plans for everyone, drafts for the agency's staff)."""
    from core.word import docx_response
    from plans.word import plan_docx as build

    plan = get_object_or_404(plan_detail_queryset(request.user), pk=pk)
    context = plan_detail_context(plan, request.user, with_sheets=True)
    return docx_response(build(context), f"{_plan_title(plan)}.docx")


@require_GET
def plan_items_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The items table (with the page's filters) as CSV; UTF-8 with BOM so Excel reads Thai."""
    plan = get_object_or_404(plan_detail_queryset(request.user), pk=pk)
    filters = ItemFilters.from_query(request.GET, plan)
    return csv_response(
        f"{_plan_title(plan)} รายการโครงการ.csv", plan_items_csv_rows(plan, filters)
    )


@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_item_queryset(request), pk=pk)
    context = item_detail_context(item, request.user)
    context["can_edit"] = _editable_now(request.user, item.plan)
    return render(request, "plans/item_detail.html", context)


@require_GET
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
    return f"{plan.title} {plan.agency.short_name} พ.ศ. {plan.first_year}-{plan.last_year}"


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
            return redirect(item.get_absolute_url())
    return _form_page(request, plan=plan, item=item, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """เพิ่มโครงการ to a plan (the same form as editing)."""
    plan = _editable_plan(request, pk)
    if request.method != "POST":
        initial = {"kind": "project", **{f"y{year}_in": True for year in plan.years}}
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
        return redirect(plan.get_absolute_url() + "#items")
    context = {
        "item": item,
        "plan": plan,
        "agency": plan.agency,
        "digits": plan.agency.digit_style,
        "year_count": item.years.count(),
        "report_count": item.years.filter(report_rows__isnull=False).count(),
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
                post = request.POST.copy()
                post["version"] = str(exc.version)
                form = PlanTextsForm(post)
                form.is_valid()
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
