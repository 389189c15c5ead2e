"""Reads of the portal's cross-app pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies import access
from agencies.access import Viewer
from agencies.choices import PublicationStatus
from agencies.models import Agency
from plans.models import Plan
from plans.selectors import agency_plans

#: The other sections of an agency page: (label, URL name taking the agency code).
AGENCY_SECTIONS = (
    (_("ผลการประเมิน ITA"), "measures:agency_ita"),
    (_("มาตรการส่งเสริมคุณธรรมและความโปร่งใส"), "measures:agency_measures"),
    (_("รายงานผลการดำเนินงาน"), "reports:agency_reports"),
    (_("ลิงก์สำหรับตอบแบบ OIT (ITAS)"), "portal:oit_sheet_latest"),
)


def agency_overview(agency: Agency, user: Viewer) -> dict[str, Any]:
    """The agency page: its plans visible to `user`, links to its other sections."""
    return {
        "agency": agency,
        "digits": agency.digit_style,
        "plans": agency_plans(agency, user),
        "sections": [
            (str(label), reverse(name, kwargs={"code": agency.code}))
            for label, name in AGENCY_SECTIONS
        ],
        "can_edit": access.can_edit(user, agency),
    }


def agency_search(
    q: str, *, province: int | None = None, order: str | None = None
) -> QuerySet[Any]:
    """The home page's agency finder: name, short name or district containing `q` (served by
    the trigram indexes of agencies migration 0004), or the exact code; with the number of
    published plans of each agency."""
    # A correlated count, not a JOIN + GROUP BY over every agency: it runs for the rows of the
    # page only (and the paginator's COUNT(*) stays a plain count of agencies).
    published = (
        Plan.objects.filter(agency=OuterRef("pk"), status=PublicationStatus.PUBLISHED)
        .order_by()
        .values("agency")
        .annotate(n=Count("pk"))
        .values("n")
    )
    agencies = Agency.objects.with_place().annotate(
        published_plans=Coalesce(Subquery(published, output_field=IntegerField()), 0)
    )
    if q:
        agencies = agencies.filter(
            Q(name__icontains=q) | Q(short_name__icontains=q) | Q(district__icontains=q) | Q(code=q)
        )
    if province is not None:
        agencies = agencies.filter(province_id=province)
    return agencies.order_by(order or "province__name", "name")
