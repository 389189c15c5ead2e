"""Two people editing one row: the second save is refused with the values now stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reports.choices import RoundKind, RowStatus
from reports.services import (
    ConcurrentEditError,
    RoundError,
    report_row_update,
    round_open,
    round_submit,
)
from reports.tests.factories import plan_2566_2570

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(agency_a, alice):
    plan_2566_2570(agency_a)
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.Q1, user=alice)
    return rnd.rows.order_by("order").first()


def test_it_refuses_a_save_from_a_stale_version(row, alice, bob):
    seen_by_alice = row.version
    seen_by_bob = row.version
    report_row_update(row=row, data={"done_text": "บันทึกของบ็อบ"}, version=seen_by_bob, user=bob)

    with pytest.raises(ConcurrentEditError) as caught:
        report_row_update(
            row=row, data={"done_text": "บันทึกของอลิส"}, version=seen_by_alice, user=alice
        )
    current = caught.value.current
    assert current["done_text"] == "บันทึกของบ็อบ"
    assert current["version"] == seen_by_alice + 1
    assert current["updated_by"] == "bob"
    row.refresh_from_db()
    assert row.done_text == "บันทึกของบ็อบ"

    # Starting again from the current version works.
    saved = report_row_update(
        row=row, data={"done_text": "บันทึกของอลิส"}, version=current["version"], user=alice
    )
    assert (saved.done_text, saved.version, saved.updated_by) == ("บันทึกของอลิส", 3, alice)


def test_it_reads_budgets_in_either_digit_set_and_refuses_negative_ones(row, alice):
    row = report_row_update(row=row, data={"budget_used": "๑๒,๕๐๐.๕๐"}, version=1, user=alice)
    assert row.budget_used == Decimal("12500.50")
    with pytest.raises(ValidationError) as caught:
        report_row_update(row=row, data={"budget_used": "-5"}, version=row.version, user=alice)
    assert "budget_used" in caught.value.message_dict
    with pytest.raises(ValidationError):
        report_row_update(row=row, data={"budget_used": "ห้าพัน"}, version=row.version, user=alice)


def test_deferred_and_cancelled_need_a_reason(row, alice):
    for status in (RowStatus.DEFERRED, RowStatus.CANCELLED):
        with pytest.raises(ValidationError) as caught:
            report_row_update(row=row, data={"status": status}, version=row.version, user=alice)
        assert "status_reason" in caught.value.message_dict
    row = report_row_update(
        row=row,
        data={"status": RowStatus.DEFERRED, "status_reason": "ไม่ได้รับจัดสรรงบประมาณ"},
        version=row.version,
        user=alice,
    )
    assert row.status == RowStatus.DEFERRED


def test_only_the_agencys_staff_edit_and_only_while_open(row, alice, charlie, dave):
    for outsider in (charlie, dave):
        with pytest.raises(PermissionDenied):
            report_row_update(row=row, data={"note": "x"}, version=row.version, user=outsider)
    round_submit(round=row.round, user=alice)
    row.refresh_from_db()
    with pytest.raises(RoundError):
        report_row_update(row=row, data={"note": "x"}, version=row.version, user=alice)
