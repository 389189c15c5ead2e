"""Sanity checks of the measures app that ask rather than refuse (core/checks.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from agencies.choices import PublicationStatus
from agencies.models import Agency
from core.thai import digits, fiscal_year_bounds, format_date, format_period, parse_decimal
from measures.models import ITAResult, MeasureSet


def measure_warnings(
    measure_set: MeasureSet, start: dt.date | None, end: dt.date | None
) -> list[str]:
    """A measure's period that runs outside the set's fiscal year."""
    if start is None or end is None:
        return []
    first, last = fiscal_year_bounds(measure_set.fiscal_year)
    if first <= start and end <= last:
        return []
    style = measure_set.agency.digit_style
    return [
        _(
            "ระยะเวลาดำเนินการ (%(period)s) อยู่นอกปีงบประมาณ %(year)s "
            "(%(first)s – %(last)s) ของชุดมาตรการนี้"
        )
        % {
            "period": format_period(start, end, style),
            "year": digits(measure_set.fiscal_year, style),
            "first": format_date(first, style, short=True),
            "last": format_date(last, style, short=True),
        }
    ]


def last_ita_score(agency: Agency, before_year: int) -> tuple[int, Decimal] | None:
    """The agency's latest ITA total before `before_year` (the newest current revision)."""
    result = (
        ITAResult.objects.filter(agency=agency, fiscal_year__lt=before_year, total__isnull=False)
        .exclude(status__in=[PublicationStatus.SUPERSEDED, PublicationStatus.WITHDRAWN])
        .order_by("-fiscal_year", "-revision_number")
        .first()
    )
    if result is None or result.total is None:
        return None
    return result.fiscal_year, result.total


def ita_target_warnings(agency: Agency, targets: Mapping[int, object]) -> list[str]:
    """An ITA target (per fiscal year, typed as a score) lower than the agency's latest score
    before that year: allowed, but it plans for doing worse."""
    style = agency.digit_style
    warnings = []
    for year in sorted(targets):
        raw = targets[year]
        text = str(raw).replace("ร้อยละ", "").replace("คะแนน", "").strip()
        try:
            target = parse_decimal(text, places=2)
        except ValueError:
            continue
        last = last_ita_score(agency, year)
        if target is None or last is None or target >= last[1]:
            continue
        warnings.append(
            _("ค่าเป้าหมาย ITA ปี %(year)s (%(target)s) ต่ำกว่าคะแนนปี %(last_year)s (%(score)s)")
            % {
                "year": digits(year, style),
                "target": digits(target, style),
                "last_year": digits(last[0], style),
                "score": digits(last[1], style),
            }
        )
    return warnings
