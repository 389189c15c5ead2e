"""Small builders for the measures page/form tests (real rows through the services)."""

from __future__ import annotations

from typing import Any

from agencies.access import SYSTEM
from agencies.choices import PublicationStatus
from conftest import publish_through_chain, seed_path
from core.importing.service import document_import
from measures.models import ITAResult, MeasureSet
from measures.services import measure_create, measure_set_create


def seed_set(prefix: str, code: str) -> MeasureSet:
    """Import a shipped seed (published) and return its measure set."""
    path = seed_path(prefix)
    document_import(user=SYSTEM, data=path.read_bytes(), filename=path.name, agency_code=code)
    for result in ITAResult.objects.filter(agency__code=code, status=PublicationStatus.DRAFT):
        publish_through_chain(result)
    return publish_through_chain(MeasureSet.objects.get(agency__code=code))


def set_with_measure(agency, *, status: str = PublicationStatus.DRAFT, **measure_fields):
    """A set of FY2567 of `agency` with one measure; returns (set, measure)."""
    measure_set = measure_set_create(
        user=SYSTEM,
        agency=agency,
        fiscal_year=2567,
        title="มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
        ita_year=2566,
    )
    fields: dict[str, Any] = {
        "title_html": "การเปิดเผยข้อมูลสาธารณะ",
        "responsible_units": "สำนักปลัด",
        "period_text": "๑ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗",
        "steps": ["จัดทำประกาศ", "เผยแพร่บนเว็บไซต์"],
        "results": {"annual": {"summary": "ดำเนินการแล้ว", "outcome": "ประชาชนรับทราบ"}},
    }
    fields.update(measure_fields)
    measure = measure_create(user=SYSTEM, measure_set=measure_set, **fields)
    if status == PublicationStatus.PUBLISHED:
        publish_through_chain(measure_set)
        measure.refresh_from_db()
    return measure_set, measure
