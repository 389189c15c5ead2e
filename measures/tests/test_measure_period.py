"""Periods are kept as printed and parsed into Buddhist-era dates when they can be read."""

from __future__ import annotations

import datetime as dt

import pytest

from agencies.access import SYSTEM
from measures.services import measure_create, measure_period_parse, measure_set_create


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("๑ ต.ค.๖๖ - ๓๐ ก.ย. ๖๗", dt.date(2023, 10, 1), dt.date(2024, 9, 30)),
        ("ต.ค. ๒๕๖๗ - ก.ย. ๒๕๖๘", dt.date(2024, 10, 1), dt.date(2025, 9, 30)),
        ("ม.ค. - เม.ย. ๒๕๖๘", dt.date(2025, 1, 1), dt.date(2025, 4, 30)),
        ("ต.ค. ๖๔ - ๓๐ ก.ย. ๖๕", dt.date(2021, 10, 1), dt.date(2022, 9, 30)),
    ],
)
def test_it_parses_the_four_forms_of_the_documents(text, start, end):
    assert measure_period_parse(text) == (start, end, "")


def test_it_warns_and_keeps_no_dates_when_a_period_is_unreadable():
    # Without the set's fiscal year, "the whole fiscal year" has no dates.
    start, end, warning = measure_period_parse("ตลอดปีงบประมาณ")
    assert (start, end) == (None, None)
    assert "อ่านระยะเวลาดำเนินการไม่ได้" in warning


def test_the_sets_fiscal_year_dates_the_whole_year():
    assert measure_period_parse("ตลอดปีงบประมาณ", 2567) == (
        dt.date(2023, 10, 1),
        dt.date(2024, 9, 30),
        "",
    )


@pytest.mark.django_db
def test_measure_create_stores_the_text_and_the_dates(agency_a):
    measure_set = measure_set_create(
        user=SYSTEM, agency=agency_a, fiscal_year=2568, title="มาตรการ ๒๕๖๘"
    )
    measure = measure_create(
        user=SYSTEM,
        measure_set=measure_set,
        title_html="มาตรการ ก",
        period_text="ม.ค. - เม.ย. ๒๕๖๘",
    )
    measure.refresh_from_db()
    assert measure.period_text == "ม.ค. - เม.ย. ๒๕๖๘"
    assert measure.period_start == dt.date(2025, 1, 1)
    other = measure_create(
        user=SYSTEM, measure_set=measure_set, title_html="มาตรการ ข", period_text="เร็วที่สุด"
    )
    assert other.period_start is None
    assert other.warnings
    whole = measure_create(
        user=SYSTEM, measure_set=measure_set, title_html="มาตรการ ค", period_text="ตลอดปีงบประมาณ"
    )
    assert (whole.period_start, whole.period_end) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))
