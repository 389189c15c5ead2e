"""core.thai: digits, amounts, Buddhist-era years, dates and periods as documents write them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.thai import (
    NO_BUDGET,
    ThaiDateError,
    digits,
    expand_be_year,
    fiscal_year_bounds,
    fiscal_year_of,
    format_date,
    format_money,
    normalize_text,
    parse_amount,
    parse_number,
    parse_period,
    parse_thai_date,
    to_arabic_digits,
    to_thai_digits,
)


def test_it_converts_digits_both_ways():
    assert to_arabic_digits("พ.ศ. ๒๕๖๖") == "พ.ศ. 2566"
    assert to_thai_digits("20,000") == "๒๐,๐๐๐"
    assert digits(2566, "thai") == "๒๕๖๖"
    assert digits("๒๕๖๖", "arabic") == "2566"
    assert digits(None) == ""


def test_it_rebuilds_a_decomposed_sara_am():
    assert normalize_text("ระยะเวลาดํา\u0e32เนินการ".replace("ํา\u0e32", "\u0e4d\u0e32")) == (
        "ระยะเวลาดำเนินการ"
    )


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("๒๐,๐๐๐", Decimal("20000")),
        ("จำนวน ๓๐,๐๐๐ บาท", Decimal("30000")),
        ("20,000.00 บาท", Decimal("20000.00")),
        ("20,000.00", Decimal("20000.00")),
        ("20,000.- บาท", Decimal("20000")),
        ("0.00", Decimal("0")),
        ("๐", Decimal("0")),
    ],
)
def test_it_reads_amounts_in_either_digit_set(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["-", "–", "ไม่ใช้งบประมาณ", "ไม่ใช้งบ"])
def test_it_reads_an_explicit_no_budget(text):
    assert parse_amount(text) is NO_BUDGET
    assert not NO_BUDGET


def test_it_tells_an_empty_cell_from_no_budget():
    assert parse_amount("") is None
    assert parse_amount("   ") is None
    assert parse_amount(None) is None


@pytest.mark.parametrize("text", ["20,0x0.00", "1,2345", "สองหมื่น", "500-", "20,000 20,000"])
def test_it_rejects_what_is_not_an_amount(text):
    # A typo must never be read as zero or as a smaller figure.
    with pytest.raises(ValueError):
        parse_amount(text)


def test_it_parses_plain_numbers():
    assert parse_number("๑,๒๓๔.๕๐") == Decimal("1234.50")
    with pytest.raises(ValueError):
        parse_number("๑๒x")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("๑ ต.ค.๖๖ - ๓๐ ก.ย. ๖๗", dt.date(2023, 10, 1), dt.date(2024, 9, 30)),
        ("ต.ค. ๒๕๖๗ - ก.ย. ๒๕๖๘", dt.date(2024, 10, 1), dt.date(2025, 9, 30)),
        ("ม.ค. - เม.ย. ๒๕๖๘", dt.date(2025, 1, 1), dt.date(2025, 4, 30)),
        ("ต.ค. ๖๔ - ๓๐ ก.ย. ๖๕", dt.date(2021, 10, 1), dt.date(2022, 9, 30)),
        ("ต.ค. - ก.ย. ๒๕๖๘", dt.date(2024, 10, 1), dt.date(2025, 9, 30)),
        ("1 ตุลาคม 2566 - 30 กันยายน 2567", dt.date(2023, 10, 1), dt.date(2024, 9, 30)),
    ],
)
def test_it_reads_periods_as_documents_write_them(text, start, end):
    assert parse_period(text) == (start, end)


@pytest.mark.parametrize("text", ["ต.ค. - ก.ย.", "ตลอดปีงบประมาณ", "๓๐ ก.ย. ๖๗ - ๑ ต.ค. ๖๖"])
def test_it_rejects_periods_it_cannot_read(text):
    with pytest.raises(ThaiDateError):
        parse_period(text)


def test_it_reads_single_dates():
    assert parse_thai_date("๕ ตุลาคม ๒๕๖๔") == dt.date(2021, 10, 5)
    assert parse_thai_date("๓๐ ก.ย. ๖๗") == dt.date(2024, 9, 30)
    assert parse_thai_date("31/03/2568") == dt.date(2025, 3, 31)
    assert parse_thai_date("มี.ค.", default_year_be=2568, end=True) == dt.date(2025, 3, 31)
    with pytest.raises(ThaiDateError):
        parse_thai_date("๓๑ ก.ย. ๒๕๖๗")


def test_it_knows_the_fiscal_year():
    # FY2567 runs 1 Oct 2023 - 30 Sep 2024.
    assert fiscal_year_of(dt.date(2023, 10, 1)) == 2567
    assert fiscal_year_of(dt.date(2024, 9, 30)) == 2567
    assert fiscal_year_of(dt.date(2023, 9, 30)) == 2566
    assert fiscal_year_bounds(2567) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))


def test_it_expands_short_and_christian_era_years():
    assert expand_be_year(66) == 2566
    assert expand_be_year(2024) == 2567
    assert expand_be_year(2566) == 2566


def test_it_formats_in_the_agency_digit_style():
    assert format_money(Decimal("110000.00")) == "๑๑๐,๐๐๐"
    assert format_money(Decimal("1234.5"), "arabic") == "1,234.50"
    assert format_money(NO_BUDGET) == "-"
    assert format_date(dt.date(2021, 10, 5)) == "๕ ตุลาคม ๒๕๖๔"
    assert format_date(dt.date(2024, 9, 30), "arabic", short=True) == "30 ก.ย. 67"
