"""Every change keeps who, when and what: the audit log of edits made in the portal."""

from __future__ import annotations

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse

from measures.services import measure_update
from measures.tests.factories import set_with_measure
from reports.choices import RoundKind
from reports.services import report_row_update, round_open
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db


def _entries(obj):
    return LogEntry.objects.get_for_object(obj).order_by("timestamp")


def test_it_records_who_changed_a_measure_and_what(agency_a, alice):
    _, measure = set_with_measure(agency_a)
    with set_actor(alice):
        measure_update(
            measure=measure, version=measure.version, user=alice, issue="ด้านการเปิดเผยข้อมูล"
        )
    entry = _entries(measure).filter(action=LogEntry.Action.UPDATE).last()
    assert entry.actor == alice
    assert entry.changes_dict["issue"][1] == "ด้านการเปิดเผยข้อมูล"
    assert entry.timestamp is not None


def test_it_records_report_row_edits_made_by_a_conditional_update(agency_a, alice):
    plan_2566_2570(agency_a)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    row = rnd.rows.order_by("order")[0]
    report_row_update(
        row=row,
        data={"done_text": "จัดอบรมแล้ว", "budget_used": "๑๒,๕๐๐"},
        version=row.version,
        user=alice,
    )
    entry = _entries(row).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == alice
    assert entry.changes_dict["done_text"] == ["", "จัดอบรมแล้ว"]
    assert entry.changes_dict["budget_used"][1] == "12500.00"


def test_it_records_the_actor_of_a_change_made_through_a_page(client_for, agency_a, alice):
    """The middleware ties a change made in a request to the signed-in user."""
    _, measure = set_with_measure(agency_a)
    response = client_for(alice).post(
        reverse("measures:measure_results", args=[measure.pk]),
        {
            "period": "m6",
            "summary": "จัดทำคู่มือแล้ว",
            "outcome": "ประชาชนได้รับบริการเร็วขึ้น",
            "suggestions": "",
        },
    )
    assert response.status_code == 302
    result = measure.results.get(period="m6")
    entry = _entries(result).get(action=LogEntry.Action.CREATE)
    assert entry.actor == alice
    assert entry.changes_dict["summary"][1] == "จัดทำคู่มือแล้ว"
