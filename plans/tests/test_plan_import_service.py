"""plans.import_service.plan_import: the service the plan importer calls with parsed data."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from agencies.access import SYSTEM
from agencies.models import SourceDocument
from conftest import seed_path
from core.importing.source import read_source
from plans.import_service import plan_import
from plans.importers.plan_layout import FiveYearPlanLayout
from plans.models import PlanItem

pytestmark = pytest.mark.django_db


def _parsed():
    return FiveYearPlanLayout().parse(read_source(seed_path("001").read_bytes(), "001.txt"))


def _document(agency) -> SourceDocument:
    return SourceDocument.objects.create(agency=agency, document_type="plan", filename="001.txt")


def test_it_writes_the_parsed_plan_for_the_agency(agency_a):
    parsed = _parsed()
    result = plan_import(
        agency=agency_a, data=parsed.plan, document=_document(agency_a), submit=False, user=SYSTEM
    )
    assert result.plan.agency == agency_a and result.plan.status == "draft"
    assert PlanItem.objects.filter(plan=result.plan).count() == len(parsed.plan.items)


def test_another_agencys_staff_may_not_import_a_plan(agency_a, charlie):
    with pytest.raises(PermissionDenied):
        plan_import(
            agency=agency_a,
            data=_parsed().plan,
            document=_document(agency_a),
            submit=False,
            user=charlie,
        )
    assert not PlanItem.objects.exists()
