"""Sanity checks of the plans app that ask rather than refuse (core/checks.py).

Before a plan is proposed, the submit confirmation (agencies.views.document_submit, through
the plan's DocumentSpec.extra["incomplete"]) lists the items without a part-3 project sheet
and the targets the higher layers find odd. An ITA target lower than last year's score needs
the ITA results, which live above this layer: the measures app registers that check here
(register_target_check, from its AppConfig.ready()).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from agencies.models import Agency
from core.thai import to_arabic_digits
from plans.choices import ItemKind
from plans.models import Plan

#: (agency, {fiscal year: value typed}) -> Thai warnings, for target rows about ITA.
TargetCheck = Callable[[Agency, Mapping[int, object]], list[str]]
_TARGET_CHECKS: list[TargetCheck] = []


def register_target_check(check: TargetCheck) -> None:
    if check not in _TARGET_CHECKS:
        _TARGET_CHECKS.append(check)


@dataclass(frozen=True)
class PlanWarning:
    """A part of a plan to look at again before proposing it (the submit confirmation's row)."""

    order: int
    title: str
    url: str
    missing: list[str]


def _years(values: Mapping[str, object]) -> dict[int, object]:
    years = {}
    for key, value in (values or {}).items():
        digits_only = to_arabic_digits(str(key)).strip()
        if digits_only.isdigit() and value not in (None, ""):
            years[int(digits_only)] = value
    return years


def plan_warnings(plan: Plan) -> list[PlanWarning]:
    """Projects without a project sheet (ส่วนที่ ๓), and ITA targets the registered checks
    question (e.g. lower than the agency's last score)."""
    found = []
    items = plan.items.filter(kind=ItemKind.PROJECT, sheets__isnull=True).order_by("order", "pk")
    for item in items:
        found.append(
            PlanWarning(
                order=item.order,
                title=item.title,
                url=item.get_absolute_url(),
                missing=[_("ยังไม่มีรายละเอียดโครงการ (ส่วนที่ ๓)")],
            )
        )
    for target in plan.targets.order_by("order"):
        if "ITA" not in target.label.upper():
            continue
        messages = [
            message
            for check in _TARGET_CHECKS
            for message in check(plan.agency, _years(target.values))
        ]
        if messages:
            found.append(
                PlanWarning(
                    order=target.order,
                    title=_("ค่าเป้าหมาย: %(label)s") % {"label": target.label},
                    url=plan.get_absolute_url(),
                    missing=messages,
                )
            )
    return found
