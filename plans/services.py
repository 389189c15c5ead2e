"""Writes of the plans app: typed keyword-only services named <entity>_<action>."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, ProtectedError
from django.utils.translation import gettext as _

from agencies import access, workflow
from agencies.access import Actor
from core.concurrency import ConcurrentEditError, version_claim
from core.thai import MONEY_MAX, ThaiNumberError, digits, normalize_text, parse_money
from plans.choices import ItemKind
from plans.models import Dimension, Plan, PlanItem, PlanItemYear

# --- Editing a plan in the browser ------------------------------------------------------------

#: What a plan year of an item is: (budget or None, explicitly no budget, quarters 1–4).
YearInput = tuple[Decimal | str | None, bool, set[int]]

MAX_BUDGET = MONEY_MAX  # PlanItemYear.budget: 14 digits, 2 decimals
_ITEM_FIELDS = ("kind", "number", "title", "dimension", "subdimension", "responsible_unit", "note")
_PLAN_TEXT_FIELDS = ("title", "rationale", "objectives", "benefits")


def _last_actor(obj: Any) -> str:
    """Who saved `obj` last, as the audit log recorded it ("" when nobody is known)."""
    entry = (
        LogEntry.objects.get_for_object(obj)
        .filter(actor__isnull=False)
        .select_related("actor")
        .order_by("-timestamp")
        .first()
    )
    if entry is None:
        return ""
    actor = entry.actor
    return actor.get_full_name() or actor.get_username()


def _clean_item_fields(plan: Plan, fields: dict[str, Any]) -> dict[str, Any]:
    """Check an item's fields against its plan (Thai messages keyed by field)."""
    errors: dict[str, str] = {}
    cleaned = dict(fields)
    for name in ("number", "responsible_unit", "note"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "title" in cleaned:
        cleaned["title"] = " ".join(normalize_text(cleaned["title"] or "").split())
        if not cleaned["title"]:
            errors["title"] = _("ต้องระบุชื่อโครงการ/กิจกรรม/มาตรการ")
    if "kind" in cleaned and cleaned["kind"] not in ItemKind.values:
        errors["kind"] = _("ประเภทไม่ถูกต้อง")
    dimension = cleaned.get("dimension")
    if "dimension" in cleaned and (
        dimension is None or dimension.edition_id != plan.edition_id or dimension.parent_id
    ):
        errors["dimension"] = _("กรุณาเลือกมิติของแผนนี้")
    sub = cleaned.get("subdimension")
    if sub is not None and dimension is not None and sub.parent_id != dimension.pk:
        errors["subdimension"] = _("ภารกิจตามมิติที่เลือกไม่ได้อยู่ภายใต้มิติที่ %(number)s") % {
            "number": dimension.number
        }
    if len(cleaned.get("number", "")) > 20:
        errors["number"] = _("ลำดับยาวเกิน ๒๐ ตัวอักษร")
    if len(cleaned.get("responsible_unit", "")) > 300:
        errors["responsible_unit"] = _("ผู้รับผิดชอบยาวเกิน ๓๐๐ ตัวอักษร")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def plan_item_create(
    *,
    plan: Plan,
    user: Actor,
    kind: str = ItemKind.PROJECT,
    number: str = "",
    title: str,
    dimension: Dimension,
    subdimension: Dimension | None = None,
    responsible_unit: str = "",
    note: str = "",
    years: Mapping[int, YearInput] | None = None,
) -> PlanItem:
    """Add a project/activity/measure to a plan, after the plan's other items of its dimension."""
    access.require(access.can_act(user, plan.agency))
    fields = _clean_item_fields(
        plan,
        {
            "kind": kind,
            "number": number,
            "title": title,
            "dimension": dimension,
            "subdimension": subdimension,
            "responsible_unit": responsible_unit,
            "note": note,
        },
    )
    last = PlanItem.objects.filter(plan=plan).aggregate(top=Max("order"))["top"] or 0
    item = PlanItem.objects.create(plan=plan, order=last + 1, **fields)
    if years:
        plan_item_years_set(item=item, years=years, user=user)
    return item


def _item_snapshot(item: PlanItem) -> dict[str, Any]:
    years = {
        y.year: (y.budget, y.no_budget, set(y.quarters))
        for y in PlanItemYear.objects.filter(item=item).order_by("year")
    }
    return {
        **{name: getattr(item, name) for name in _ITEM_FIELDS},
        "years": years,
        "updated_by": _last_actor(item),
        "updated_at": item.updated_at,
        "version": item.version,
    }


@transaction.atomic
def plan_item_update(
    *,
    item: PlanItem,
    user: Actor,
    version: int | None,
    years: Mapping[int, YearInput] | None = None,
    **fields: Any,
) -> PlanItem:
    """Change an item (and its years) if nobody saved it since `version` was read; else
    ConcurrentEditError with the values now stored (core.concurrency.version_claim).

    `fields` may be kind, number, title, dimension, subdimension, responsible_unit, note.
    """
    access.require(access.can_act(user, item.plan.agency))
    unknown = set(fields) - set(_ITEM_FIELDS)
    if unknown:
        raise TypeError(f"plan_item_update: unknown fields {sorted(unknown)}")
    version_claim(
        PlanItem,
        pk=item.pk,
        version=version,
        stale=lambda stored: ConcurrentEditError(
            current=_item_snapshot(stored),
            version=stored.version,
            message=_("มีผู้อื่นแก้ไขโครงการนี้แล้ว กรุณาตรวจสอบข้อมูลล่าสุดก่อนบันทึกอีกครั้ง"),
        ),
    )
    current = PlanItem.objects.select_related("plan").get(pk=item.pk)
    if "dimension" in fields and "subdimension" not in fields:
        fields["subdimension"] = current.subdimension
    if "subdimension" in fields and "dimension" not in fields:
        fields["dimension"] = current.dimension
    cleaned = _clean_item_fields(current.plan, fields)
    for name, value in cleaned.items():
        setattr(current, name, value)
    current.save()
    if years is not None:
        plan_item_years_set(item=current, years=years, user=user, touch_item=False)
    return current


@transaction.atomic
def plan_item_years_set(
    *,
    item: PlanItem,
    years: Mapping[int, YearInput],
    user: Actor,
    touch_item: bool = True,
) -> list[PlanItemYear]:
    """Make the item's rows of the plan's years exactly `years`: a year of the plan missing from
    `years` loses its row (refused if a progress report uses it), a year outside the plan gets
    none. Rows are saved one by one (never queryset.update) so the audit log sees each change.
    """
    access.require(access.can_act(user, item.plan.agency))
    plan = item.plan
    style = plan.agency.digit_style
    errors: list[str] = []
    wanted: dict[int, YearInput] = {}
    for year, (budget, no_budget, quarters) in years.items():
        if year not in plan.years:
            continue
        try:
            # The one money rule (core.thai.parse_money): typed text or a Decimal.
            budget = parse_money(budget)
        except ThaiNumberError as exc:
            errors.append(
                _("งบประมาณปี %(year)s: %(error)s") % {"year": digits(year, style), "error": exc}
            )
            budget = None
        if no_budget and budget:
            errors.append(
                _("ปี %(year)s ระบุทั้งจำนวนเงินและ “ไม่ใช้งบประมาณ” กรุณาเลือกอย่างใดอย่างหนึ่ง")
                % {"year": digits(year, style)}
            )
        if set(quarters) - {1, 2, 3, 4}:
            errors.append(_("ไตรมาสของปี %(year)s ต้องเป็น ๑ ถึง ๔") % {"year": digits(year, style)})
        if budget is not None:
            budget = budget.quantize(Decimal("0.01"))
        wanted[year] = (budget, bool(no_budget), set(quarters))
    if errors:
        raise ValidationError(errors)

    existing = {y.year: y for y in PlanItemYear.objects.select_for_update().filter(item=item)}
    changed = False
    for year in plan.years:
        row = existing.get(year)
        if year not in wanted:
            if row is not None:
                try:
                    with transaction.atomic():
                        row.delete()
                except ProtectedError:
                    raise ValidationError(
                        _(
                            "นำปี %(year)s ออกจากแผนของโครงการนี้ไม่ได้ "
                            "เพราะมีรายงานผลการดำเนินงานอ้างถึงปีนั้นอยู่"
                        )
                        % {"year": digits(year, style)}
                    ) from None
                changed = True
            continue
        budget, no_budget, quarters = wanted[year]
        values = {
            "budget": budget,
            "no_budget": no_budget,
            **{f"q{n}": n in quarters for n in (1, 2, 3, 4)},
        }
        if row is None:
            PlanItemYear.objects.create(item=item, year=year, **values)
            changed = True
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
            changed = True
    if changed and touch_item:
        # A change of its years is a change of the item: a newer version for the edit form's
        # concurrency check, and a newer updated_at for the plan's fingerprint.
        PlanItem.objects.filter(pk=item.pk).update(version=F("version") + 1)
        item.save(update_fields=["updated_at"])
    return list(PlanItemYear.objects.filter(item=item).order_by("year"))


@transaction.atomic
def plan_item_delete(*, item: PlanItem, user: Actor) -> None:
    """Remove an item with its years; refused while a progress report uses one of them."""
    access.require(access.can_act(user, item.plan.agency))
    try:
        with transaction.atomic():
            item.delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "ลบโครงการนี้ไม่ได้ เพราะมีรายงานผลการดำเนินงานอ้างถึงโครงการนี้อยู่ "
                "หากไม่ดำเนินการแล้ว ให้บันทึกสถานะในรายงาน หรือนำปีที่ยังไม่มีรายงานออกจากแผน"
            )
        ) from None


def _plan_snapshot(plan: Plan) -> dict[str, Any]:
    return {
        **{name: getattr(plan, name) for name in _PLAN_TEXT_FIELDS},
        "updated_by": _last_actor(plan),
        "updated_at": plan.updated_at,
        "version": plan.version,
    }


@transaction.atomic
def plan_update(*, plan: Plan, user: Actor, version: int | None, **fields: str) -> Plan:
    """Change a plan's part-1 texts (title, rationale, objectives, benefits) if nobody saved
    the plan since `version` was read; else ConcurrentEditError."""
    access.require(access.can_act(user, plan.agency))
    unknown = set(fields) - set(_PLAN_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"plan_update: unknown fields {sorted(unknown)}")
    version_claim(
        Plan,
        pk=plan.pk,
        version=version,
        stale=lambda stored: ConcurrentEditError(
            current=_plan_snapshot(stored),
            version=stored.version,
            message=_("มีผู้อื่นแก้ไขแผนนี้แล้ว กรุณาตรวจสอบข้อมูลล่าสุดก่อนบันทึกอีกครั้ง"),
        ),
    )
    current = Plan.objects.get(pk=plan.pk)
    if "title" in fields:
        fields["title"] = " ".join(normalize_text(fields["title"] or "").split())
        if not fields["title"]:
            raise ValidationError({"title": _("ต้องระบุชื่อแผน")})
        if len(fields["title"]) > 300:
            raise ValidationError({"title": _("ชื่อแผนยาวเกิน ๓๐๐ ตัวอักษร")})
    for name, value in fields.items():
        if name != "title":
            value = normalize_text(value or "").strip()
        setattr(current, name, value)
    current.save()
    return current


# --- Deleting a draft plan --------------------------------------------------------------------


def plan_delete_summary(plan: Plan) -> list[tuple[str, int]]:
    """What goes with a plan when it is deleted, for the confirmation page."""
    return [
        (_("โครงการ/กิจกรรม/มาตรการ"), plan.items.count()),
        (_("งบประมาณรายปี"), PlanItemYear.objects.filter(item__plan=plan).count()),
        (_("รายละเอียดโครงการ (ส่วนที่ ๓)"), plan.sheets.count()),
        (_("ค่าเป้าหมายรายปี"), plan.targets.count()),
        (_("ความเสี่ยงการทุจริต"), plan.risks.count()),
        (
            _("การเชื่อมโยงจากมาตรการ"),
            # one row per link: the measures app links its measures to plan items
            PlanItem.objects.filter(plan=plan, measures__isnull=False).count(),
        ),
    ]


def plan_delete_blockers(plan: Plan) -> list[str]:
    """Why a draft plan cannot be deleted now (empty when it can)."""
    used = PlanItemYear.objects.filter(item__plan=plan, report_rows__isnull=False).distinct()
    if used.exists():
        return [
            _("โครงการในแผนนี้ %(n)s ปีงบประมาณอยู่ในรอบรายงานผลการดำเนินงาน กรุณาลบรอบรายงานนั้นก่อน")
            % {"n": digits(used.count(), plan.agency.digit_style)}
        ]
    return []


@transaction.atomic
def plan_delete(*, plan: Plan, user: Actor) -> None:
    """Delete a draft plan started by mistake, with its items, budgets, sheets and part 1.

    Only a draft that was never proposed (agencies.workflow.delete_check, 403 otherwise)."""
    workflow.delete_check(plan, user)
    blockers = plan_delete_blockers(plan)
    if blockers:
        raise ValidationError(blockers)
    plan.delete()
