"""Reads of the portal's cross-app pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies import access
from agencies.access import Viewer
from agencies.models import Agency
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
