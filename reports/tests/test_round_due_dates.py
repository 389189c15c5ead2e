"""Due and overdue are decided on the Bangkok date, at the edges of the due date."""

from __future__ import annotations

import datetime as dt

import pytest

from agencies.access import SYSTEM
from reports.calendar import bangkok_today, default_due_date, followed_up_year, round_period
from reports.choices import RoundKind
from reports.selectors import agency_calendar
from reports.services import round_open, round_submit

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def test_the_default_calendar_of_fiscal_year_2567():
    assert default_due_date(2567, RoundKind.Q1) == dt.date(2024, 1, 31)
    assert default_due_date(2567, RoundKind.Q2) == dt.date(2024, 4, 30)
    assert default_due_date(2567, RoundKind.H1) == dt.date(2024, 4, 30)
    assert default_due_date(2567, RoundKind.Q4) == dt.date(2024, 10, 31)
    assert default_due_date(2567, RoundKind.ANNUAL) == dt.date(2024, 10, 31)
    assert round_period(2567, RoundKind.H1) == (dt.date(2023, 10, 1), dt.date(2024, 3, 31))
    assert round_period(2567, RoundKind.ANNUAL) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))


def test_the_auditors_follow_up_the_year_whose_reports_are_due():
    # October to April: last year's 12-month report is the one falling due (31 October).
    assert followed_up_year(dt.date(2026, 12, 3)) == 2569
    assert followed_up_year(dt.date(2027, 4, 30)) == 2569  # this year's 6-month: due today
    # From May: this year's 6-month report is due (30 April), then late.
    assert followed_up_year(dt.date(2027, 5, 1)) == 2570
    assert followed_up_year(dt.date(2027, 9, 30)) == 2570
    assert followed_up_year(dt.date(2027, 10, 1)) == 2570  # FY2571 begins; 2570's annual due


def test_bangkok_midnight_is_17_00_utc():
    assert bangkok_today(dt.datetime(2024, 4, 30, 16, 59, 59, tzinfo=UTC)) == dt.date(2024, 4, 30)
    assert bangkok_today(dt.datetime(2024, 4, 30, 17, 0, 0, tzinfo=UTC)) == dt.date(2024, 5, 1)


def _h1_entry(agency, now):
    return next(e for e in agency_calendar(agency, now) if e.kind == RoundKind.H1)


def test_it_is_due_today_until_bangkok_midnight_and_overdue_after(agency_a, alice):
    round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)

    before = _h1_entry(agency_a, dt.datetime(2024, 4, 29, 16, 59, 59, tzinfo=UTC))
    assert (before.is_due_today, before.is_overdue, before.days_left) == (False, False, 1)

    # 2024-04-29T17:00Z is already 30 April in Bangkok: due today.
    start = _h1_entry(agency_a, dt.datetime(2024, 4, 29, 17, 0, 0, tzinfo=UTC))
    assert (start.is_due_today, start.is_overdue, start.days_left) == (True, False, 0)

    last_second = _h1_entry(agency_a, dt.datetime(2024, 4, 30, 16, 59, 59, tzinfo=UTC))
    assert (last_second.is_due_today, last_second.is_overdue) == (True, False)

    after = _h1_entry(agency_a, dt.datetime(2024, 4, 30, 17, 0, 0, tzinfo=UTC))
    assert (after.is_due_today, after.is_overdue, after.days_left) == (False, True, -1)


def test_a_submitted_round_is_never_overdue(agency_a, alice):
    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    from plans.tests.factories import item_create, plan_create

    item_create(plan_create(agency_a, with_source=False), budgets={2567: None})
    from reports.services import round_rows_sync

    round_rows_sync(user=SYSTEM, round=rnd)
    round_submit(round=rnd, user=alice)
    entry = _h1_entry(agency_a, dt.datetime(2024, 5, 2, 3, 0, tzinfo=UTC))
    assert entry.round == rnd and not entry.is_overdue and not entry.is_due_today


def test_it_lists_the_expected_reports_nobody_opened_yet(agency_a):
    entries = agency_calendar(agency_a, dt.date(2024, 5, 1))
    assert [(e.kind, e.fiscal_year, e.due_date, e.is_expected) for e in entries] == [
        (RoundKind.H1, 2567, dt.date(2024, 4, 30), True),
        (RoundKind.ANNUAL, 2567, dt.date(2024, 10, 31), True),
    ]
    assert entries[0].is_overdue and not entries[1].is_overdue


def test_a_moved_due_date_is_the_one_that_counts(agency_a, alice, root):
    from reports.services import round_due_date_set

    rnd = round_open(agency=agency_a, fiscal_year=2567, kind=RoundKind.H1, user=alice)
    round_due_date_set(round=rnd, user=root, due_date=dt.date(2024, 5, 31))
    entry = _h1_entry(agency_a, dt.date(2024, 5, 15))
    assert entry.due_date == dt.date(2024, 5, 31) and not entry.is_overdue
    event = rnd.events.last()
    assert event is not None and event.data == {"from": "2024-04-30", "to": "2024-05-31"}
