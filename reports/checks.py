"""Sanity checks of the reports app that ask rather than refuse (core/checks.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from core.thai import digits, format_money
from reports.models import ReportRow

#: Spending more than the plan is allowed; this many times the plan is asked about in words.
OVER_PLAN_RATIO = Decimal(1)


def row_warnings(row: ReportRow, data: dict[str, Any]) -> list[str]:
    """Budget used above the year's planned budget of the item (or spent on an item the plan
    gave no budget)."""
    used = data.get("budget_used")
    if used is None or row.plan_item_year is None or used <= 0:
        return []
    style = row.round.agency.digit_style
    planned = row.plan_item_year.budget
    if not planned:
        return [
            _("แผนไม่ได้ตั้งงบประมาณให้โครงการนี้ในปี %(year)s แต่รายงานว่าใช้ %(used)s บาท")
            % {
                "year": digits(row.plan_item_year.year, style),
                "used": format_money(used, style),
            }
        ]
    if used <= planned * OVER_PLAN_RATIO:
        return []
    ratio = (used / planned).quantize(Decimal("0.1"))
    return [
        _(
            "งบประมาณที่ใช้ %(used)s บาท มากกว่างบประมาณตามแผน %(planned)s บาท "
            "(%(ratio)s เท่า) กรุณาตรวจสอบว่าพิมพ์ตัวเลขถูกต้อง"
        )
        % {
            "used": format_money(used, style),
            "planned": format_money(planned, style),
            "ratio": digits(ratio, style),
        }
    ]
