"""Writes of the plans app: typed keyword-only services named <entity>_<action>."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, ProtectedError
from django.utils.translation import gettext as _

from agencies import access, workflow
from agencies.access import Actor
from agencies.choices import PublicationStatus
from agencies.models import Agency
from core.concurrency import ConcurrentEditError, version_claim
from core.copying import copy_row
from core.thai import MONEY_MAX, ThaiNumberError, digits, normalize_text, parse_money
from plans.choices import ItemKind, RiskLevel
from plans.models import (
    SHEET_TEXT_FIELDS,
    Dimension,
    DimensionEdition,
    ExampleProject,
    Plan,
    PlanItem,
    PlanItemYear,
    PlanTarget,
    ProjectSheet,
    RiskRow,
)

# --- Editing a plan in the browser ------------------------------------------------------------

#: What a plan year of an item is: (budget or None, explicitly no budget, quarters 1–4).
YearInput = tuple[Decimal | str | None, bool, set[int]]

MAX_BUDGET = MONEY_MAX  # PlanItemYear.budget: 14 digits, 2 decimals
_ITEM_FIELDS = ("kind", "number", "title", "dimension", "subdimension", "responsible_unit", "note")
_PLAN_TEXT_FIELDS = ("title", "rationale", "objectives", "benefits", "foreword")


def _require_change(user: Actor, plan: Plan) -> None:
    """A plan changes only while it is a draft, and only by its agency (access policy)."""
    access.require(access.can_act(user, plan.agency))
    access.require(
        access.can_change_draft(user, plan.agency, plan.status),
        _("แผนนี้เสนอหรือเผยแพร่แล้ว แก้ไขไม่ได้ หากต้องการเปลี่ยนแปลงให้ขอแก้ไขแผนผ่านสายการอนุมัติ"),
    )


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
    _require_change(user, plan)
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
    _require_change(user, item.plan)
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
    _require_change(user, item.plan)
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
    """Remove an item with its years and its detail sheets (part 3: they describe this item
    alone, and a sheet of no item could no longer be opened or removed); refused while a
    progress report uses one of its years."""
    _require_change(user, item.plan)
    try:
        with transaction.atomic():
            ProjectSheet.objects.filter(item=item).delete()
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
    _require_change(user, plan)
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


# --- A new plan in the browser, and the parts the import used to be the only way to fill --------

#: How a new plan starts (plans.forms.PlanStartForm): empty, from NACC's example projects, or as
#: a copy of the agency's previous plan.
START_EMPTY, START_EXAMPLES, START_COPY = "empty", "examples", "copy"


@dataclass(frozen=True)
class RiskInput:
    """A row of the part-1 risk table as the editor sends it."""

    step: str
    risks: str = ""
    level: str = ""
    controls: str = ""


@dataclass(frozen=True)
class TargetInput:
    """A row of the part-1 targets table: a label and a value per plan year (typed text)."""

    label: str
    values: Mapping[int, str] = field(default_factory=dict)


@transaction.atomic
def plan_start(
    *,
    agency: Agency,
    user: Actor,
    edition: DimensionEdition,
    title: str,
    start: str = START_EMPTY,
    examples: Iterable[ExampleProject] = (),
    previous: Plan | None = None,
) -> Plan:
    """Open a new draft plan of `agency` for `edition`'s years: empty, with the chosen NACC
    example projects as items, or with part 1, the items and the sheets of `previous` (one of
    the agency's own plans) carried over. No year of any item is ticked: staff choose them."""
    access.require(access.can_start_plan(user, agency))
    # Two staff starting the same plan at once: the second waits here, then gets the Thai
    # "already has a plan" answer below instead of the database's uniqueness error.
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    errors: dict[str, str] = {}
    title = " ".join(normalize_text(title or "").split())
    if not title:
        errors["title"] = _("ต้องระบุชื่อแผน")
    elif len(title) > 300:
        errors["title"] = _("ชื่อแผนยาวเกิน ๓๐๐ ตัวอักษร")
    existing = Plan.objects.filter(
        agency=agency, first_year=edition.first_year, root__isnull=True
    ).first()
    if existing is not None:
        errors["edition"] = _("หน่วยงานมีแผน พ.ศ. %(first)s–%(last)s อยู่แล้ว (%(title)s)") % {
            "first": digits(str(edition.first_year), agency.digit_style),
            "last": digits(str(edition.last_year), agency.digit_style),
            "title": existing.title,
        }
    if start not in (START_EMPTY, START_EXAMPLES, START_COPY):
        errors["start"] = _("กรุณาเลือกวิธีเริ่มต้นแผน")
    if start == START_COPY and (previous is None or previous.agency_id != agency.pk):
        errors["previous"] = _("กรุณาเลือกแผนเดิมของหน่วยงานที่จะคัดลอก")
    chosen = list(examples) if start == START_EXAMPLES else []
    if start == START_EXAMPLES and not chosen:
        errors["examples"] = _("กรุณาเลือกตัวอย่างโครงการอย่างน้อย ๑ รายการ")
    if any(example.edition_id != edition.pk for example in chosen):
        errors["examples"] = _("ตัวอย่างโครงการที่เลือกไม่ได้อยู่ในชุดมิติของแผนนี้")
    if errors:
        raise ValidationError(errors)

    plan = Plan.objects.create(
        agency=agency,
        edition=edition,
        title=title,
        first_year=edition.first_year,
        last_year=edition.last_year,
        status=PublicationStatus.DRAFT,
    )
    if start == START_EXAMPLES:
        for order, example in enumerate(chosen, start=1):
            PlanItem.objects.create(
                plan=plan,
                order=order,
                kind=example.kind,
                title=example.title,
                dimension_id=example.dimension_id,
                subdimension_id=example.subdimension_id,
                responsible_unit=example.responsible_unit,
            )
    elif start == START_COPY and previous is not None:
        _plan_carry_over(previous, plan)
    return plan


def _plan_carry_over(previous: Plan, plan: Plan) -> None:
    """Part 1, the items (matched to the new edition's dimensions by number) and their sheets of
    `previous`, copied into the new draft `plan`. Years and budgets stay behind: the new plan's
    years are other years, and staff tick the ones each item runs in."""
    for name in ("rationale", "objectives", "benefits", "foreword"):
        setattr(plan, name, getattr(previous, name))
    plan.save()
    for risk in RiskRow.objects.filter(plan=previous):
        copy_row(risk, plan=plan)
    for target in PlanTarget.objects.filter(plan=previous):
        copy_row(target, plan=plan, values={})
    nodes = {d.number: d for d in Dimension.objects.filter(edition_id=plan.edition_id)}
    items: dict[int, PlanItem] = {}
    for item in PlanItem.objects.filter(plan=previous).select_related("dimension", "subdimension"):
        dimension = nodes.get(item.dimension.number)
        if dimension is None:
            continue  # a dimension the new edition no longer has: nothing to file it under
        sub = nodes.get(item.subdimension.number) if item.subdimension else None
        if sub is not None and sub.parent_id != dimension.pk:
            sub = None
        items[item.pk] = copy_row(
            item, plan=plan, dimension=dimension, subdimension=sub, version=1, key=uuid.uuid4()
        )
    for sheet in ProjectSheet.objects.filter(plan=previous, item_id__in=list(items)):
        assert sheet.item_id is not None
        copy_row(sheet, plan=plan, item=items[sheet.item_id], version=1, source_line=None)


def _part1_snapshot(plan: Plan) -> dict[str, Any]:
    return {
        **_plan_snapshot(plan),
        "risks": [
            f"{r.step} · {r.get_level_display()} · {r.controls}"
            for r in RiskRow.objects.filter(plan=plan)
        ],
        "targets": [t.label for t in PlanTarget.objects.filter(plan=plan)],
    }


@transaction.atomic
def plan_part1_set(
    *,
    plan: Plan,
    user: Actor,
    version: int | None,
    rationale: str,
    objectives: str,
    benefits: str,
    risks: Sequence[RiskInput],
    targets: Sequence[TargetInput],
) -> Plan:
    """Part 1 of a draft plan as one save: its texts, the risk table and the targets table
    (rows in the order given), if nobody saved the plan since `version`; else
    ConcurrentEditError."""
    _require_change(user, plan)
    errors: dict[str, list[str]] = {}
    for n, risk in enumerate(risks, start=1):
        if not risk.step.strip():
            errors.setdefault("risks", []).append(
                _("แถวที่ %(n)s ของตารางความเสี่ยง: ต้องระบุขั้นตอนการดำเนินงาน")
                % {"n": digits(str(n), plan.agency.digit_style)}
            )
        if risk.level and risk.level not in RiskLevel.values:
            errors.setdefault("risks", []).append(_("ระดับความเสี่ยงไม่ถูกต้อง"))
    for n, target in enumerate(targets, start=1):
        if not target.label.strip():
            errors.setdefault("targets", []).append(
                _("แถวที่ %(n)s ของตารางเป้าหมาย: ต้องระบุค่าเป้าหมาย")
                % {"n": digits(str(n), plan.agency.digit_style)}
            )
        elif len(target.label.strip()) > 500:
            errors.setdefault("targets", []).append(_("ค่าเป้าหมายยาวเกิน ๕๐๐ ตัวอักษร"))
    if errors:
        raise ValidationError(errors)
    version_claim(
        Plan,
        pk=plan.pk,
        version=version,
        stale=lambda stored: ConcurrentEditError(
            current=_part1_snapshot(stored),
            version=stored.version,
            message=_("มีผู้อื่นแก้ไขส่วนที่ ๑ ของแผนนี้แล้ว กรุณาตรวจสอบข้อมูลล่าสุดก่อนบันทึกอีกครั้ง"),
        ),
    )
    current = Plan.objects.get(pk=plan.pk)
    current.rationale = normalize_text(rationale or "").strip()
    current.objectives = normalize_text(objectives or "").strip()
    current.benefits = normalize_text(benefits or "").strip()
    current.save()
    # The tables are replaced row by row (the audit log sees each), in the order typed.
    for row in RiskRow.objects.filter(plan=current):
        row.delete()
    for order, risk in enumerate(risks, start=1):
        RiskRow.objects.create(
            plan=current,
            order=order,
            step=normalize_text(risk.step).strip(),
            risks=normalize_text(risk.risks).strip(),
            level=risk.level,
            controls=normalize_text(risk.controls).strip(),
        )
    for target_row in PlanTarget.objects.filter(plan=current):
        target_row.delete()
    for order, target in enumerate(targets, start=1):
        PlanTarget.objects.create(
            plan=current,
            order=order,
            label=" ".join(normalize_text(target.label).split()),
            values={
                str(year): " ".join(normalize_text(text).split())
                for year, text in target.values.items()
                if year in current.years and (text or "").strip()
            },
        )
    return current


@transaction.atomic
def plan_item_move(*, item: PlanItem, user: Actor, version: int | None, up: bool) -> PlanItem:
    """Move an item one place up or down among the items of its dimension and sub-dimension
    (what part 2 lists together). The whole plan is renumbered 1, 2, 3 … in the order the page
    shows, so items imported with equal `order` values move predictably."""
    _require_change(user, item.plan)
    version_claim(
        PlanItem,
        pk=item.pk,
        version=version,
        stale=lambda stored: ConcurrentEditError(
            current=_item_snapshot(stored),
            version=stored.version,
            message=_("มีผู้อื่นแก้ไขหรือย้ายโครงการนี้แล้ว กรุณาตรวจสอบลำดับล่าสุดอีกครั้ง"),
        ),
    )
    rows = list(
        PlanItem.objects.select_for_update(of=("self",))
        .filter(plan_id=item.plan_id)
        .order_by(
            "dimension__sort_key",
            F("subdimension__sort_key").asc(nulls_last=True),
            "order",
            "pk",
        )
    )
    index = next(n for n, row in enumerate(rows) if row.pk == item.pk)
    other = index - 1 if up else index + 1
    moved = rows[index]
    if 0 <= other < len(rows) and (
        rows[other].dimension_id == moved.dimension_id
        and rows[other].subdimension_id == moved.subdimension_id
    ):
        rows[index], rows[other] = rows[other], rows[index]
    for order, row in enumerate(rows, start=1):
        if row.order != order:
            row.order = order
            row.save(update_fields=["order", "updated_at"])
    return PlanItem.objects.get(pk=item.pk)


_SHEET_FIELDS = ("title", *SHEET_TEXT_FIELDS)


def _sheet_snapshot(sheet: ProjectSheet) -> dict[str, Any]:
    return {
        **{name: getattr(sheet, name) for name in _SHEET_FIELDS},
        "updated_by": _last_actor(sheet),
        "updated_at": sheet.updated_at,
        "version": sheet.version,
    }


@transaction.atomic
def project_sheet_save(
    *,
    item: PlanItem,
    user: Actor,
    sheet: ProjectSheet | None = None,
    version: int | None = None,
    **fields: str,
) -> ProjectSheet:
    """Write the part-3 sheet (รายละเอียดโครงการ) of an item: a new one when `sheet` is None,
    else that sheet if nobody saved it since `version` (ConcurrentEditError otherwise)."""
    _require_change(user, item.plan)
    unknown = set(fields) - set(_SHEET_FIELDS)
    if unknown:
        raise TypeError(f"project_sheet_save: unknown fields {sorted(unknown)}")
    cleaned = {name: normalize_text(value or "").strip() for name, value in fields.items()}
    if "title" in cleaned:
        cleaned["title"] = " ".join(cleaned["title"].split())
        if not cleaned["title"]:
            raise ValidationError({"title": _("ต้องระบุชื่อโครงการ")})
    if sheet is None:
        last = ProjectSheet.objects.filter(plan_id=item.plan_id).aggregate(top=Max("order"))
        cleaned.setdefault("title", item.title)
        return ProjectSheet.objects.create(
            plan_id=item.plan_id, item=item, order=(last["top"] or 0) + 1, **cleaned
        )
    if sheet.item_id != item.pk:
        raise ValidationError(_("รายละเอียดโครงการนี้ไม่ได้เป็นของโครงการที่เลือก"))
    version_claim(
        ProjectSheet,
        pk=sheet.pk,
        version=version,
        stale=lambda stored: ConcurrentEditError(
            current=_sheet_snapshot(stored),
            version=stored.version,
            message=_("มีผู้อื่นแก้ไขรายละเอียดโครงการนี้แล้ว กรุณาตรวจสอบข้อมูลล่าสุดก่อนบันทึกอีกครั้ง"),
        ),
    )
    current = ProjectSheet.objects.get(pk=sheet.pk)
    for name, value in cleaned.items():
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
