"""Measure periods as staff type them: read into Buddhist-era dates, written back one way."""

from __future__ import annotations

import datetime as dt

import pytest

from core.thai import ThaiDateError, format_period, parse_measure_period

D = dt.date
FY67 = (D(2023, 10, 1), D(2024, 9, 30))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # the whole fiscal year, with or without its year
        ("ตลอดปีงบประมาณ", *FY67),
        ("ตลอดปีงบประมาณ พ.ศ. ๒๕๖๗", *FY67),
        ("ตลอดปีงบประมาณ พ.ศ.2567", *FY67),
        ("ตลอดทั้งปีงบประมาณ", *FY67),
        ("ทั้งปี", *FY67),
        ("ตลอดปี", *FY67),
        ("ปีงบประมาณ 2568", D(2024, 10, 1), D(2025, 9, 30)),
        ("ปีงบฯ ๖๘", D(2024, 10, 1), D(2025, 9, 30)),
        # month ranges, with the year written twice, once or never
        ("ต.ค. ๒๕๖๖ – ก.ย. ๒๕๖๗", *FY67),
        ("ต.ค.66-ก.ย.67", *FY67),
        ("ตุลาคม 2566 ถึง กันยายน 2567", *FY67),
        ("ต.ค. - ก.ย.", *FY67),
        ("ต.ค. - ก.ย. ๒๕๖๗", *FY67),
        ("ต.ค. ๒๕๖๖ - มี.ค.", D(2023, 10, 1), D(2024, 3, 31)),
        ("ม.ค. – มี.ค.", D(2024, 1, 1), D(2024, 3, 31)),
        ("ธ.ค. - ก.พ.", D(2023, 12, 1), D(2024, 2, 29)),
        ("พฤศจิกายน – ธันวาคม", D(2023, 11, 1), D(2023, 12, 31)),
        # days
        ("๑ ต.ค.๖๖ - ๓๐ ก.ย. ๖๗", *FY67),
        ("1 ตุลาคม 2566 - 30 กันยายน 2567", *FY67),
        ("๑ ม.ค. - ๑๕ ก.พ.", D(2024, 1, 1), D(2024, 2, 15)),
        ("15/01/2567", D(2024, 1, 15), D(2024, 1, 15)),
        # one month
        ("มีนาคม ๒๕๖๗", D(2024, 3, 1), D(2024, 3, 31)),
        ("มี.ค.", D(2024, 3, 1), D(2024, 3, 31)),
        ("ต.ค.", D(2023, 10, 1), D(2023, 10, 31)),
        # quarters of the fiscal year
        ("ไตรมาสที่ ๑", D(2023, 10, 1), D(2023, 12, 31)),
        ("ไตรมาส 2", D(2024, 1, 1), D(2024, 3, 31)),
        ("ไตรมาสที่ ๓/๒๕๖๗", D(2024, 4, 1), D(2024, 6, 30)),
        ("ไตรมาส ๑-๒", D(2023, 10, 1), D(2024, 3, 31)),
        ("ไตรมาสที่ ๓ ถึง ไตรมาสที่ ๔", D(2024, 4, 1), D(2024, 9, 30)),
        ("Q4", D(2024, 7, 1), D(2024, 9, 30)),
        ("q1 - q4 ปีงบประมาณ 2567", *FY67),
        ("ไตรมาส ๒ ปี ๒๕๖๘", D(2025, 1, 1), D(2025, 3, 31)),
    ],
)
def test_it_reads_the_forms_staff_type(text, start, end):
    assert parse_measure_period(text, fiscal_year_be=2567) == (start, end)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "เร็วที่สุด", "๓๐ ก.ย. ๖๗ - ๑ ต.ค. ๖๖", "ไตรมาส ๓-๑", "๓๑ ก.พ. ๒๕๖๗", "ไตรมาส ๕"],
)
def test_it_refuses_what_it_cannot_read(text):
    with pytest.raises(ThaiDateError):
        parse_measure_period(text, fiscal_year_be=2567)


@pytest.mark.parametrize("text", ["ตลอดปีงบประมาณ", "ไตรมาสที่ ๒", "ม.ค. – มี.ค.", "มี.ค."])
def test_without_a_fiscal_year_a_form_that_needs_one_is_refused(text):
    with pytest.raises(ThaiDateError, match="ไม่ระบุปี"):
        parse_measure_period(text)


def test_it_refuses_very_long_text_at_once():
    with pytest.raises(ThaiDateError):
        parse_measure_period("ต.ค. " * 1000, fiscal_year_be=2567)


@pytest.mark.parametrize(
    ("start", "end", "style", "label"),
    [
        (*FY67, "thai", "ต.ค. ๒๕๖๖ – ก.ย. ๒๕๖๗"),
        (*FY67, "arabic", "ต.ค. 2566 – ก.ย. 2567"),
        (D(2024, 3, 1), D(2024, 3, 31), "thai", "มี.ค. ๒๕๖๗"),
        (D(2024, 1, 1), D(2024, 2, 15), "thai", "๑ ม.ค. ๒๕๖๗ – ๑๕ ก.พ. ๒๕๖๗"),
    ],
)
def test_it_writes_a_period_back_one_way(start, end, style, label):
    assert format_period(start, end, style) == label
