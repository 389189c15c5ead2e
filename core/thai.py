"""Thai digits, money, Buddhist-era years and dates: parsing input and formatting output.

Every place that reads or writes a Thai number or date goes through this module (the template
filters in core/templatetags/thai.py call it too), so both digit sets are accepted everywhere
and output follows the agency's choice.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.utils import timezone

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)
_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)

DIGITS_THAI = "thai"
DIGITS_ARABIC = "arabic"

BE_OFFSET = 543

# Month abbreviations as written in official documents (with and without the final dot),
# plus the full names.
MONTHS_ABBR = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]
MONTHS_FULL = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]

NO_BUDGET_WORDS = ("ไม่ใช้งบประมาณ", "ไม่ใช้งบ", "ไม่มีงบประมาณ", "ไม่ได้ใช้งบประมาณ")


class NoBudget:
    """The explicit "no budget" of a document ("-", "ไม่ใช้งบประมาณ"), unlike a missing value."""

    _instance: NoBudget | None = None

    def __new__(cls) -> NoBudget:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_BUDGET"

    def __bool__(self) -> bool:
        return False


NO_BUDGET = NoBudget()


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


def digits(text: object, style: str = DIGITS_THAI) -> str:
    """Write the digits of `text` in the given style ("thai" or "arabic")."""
    s = "" if text is None else str(text)
    return to_thai_digits(s) if style == DIGITS_THAI else to_arabic_digits(s)


def normalize_text(text: str) -> str:
    """Repair what Word/PDF exports do to Thai text, without changing its meaning.

    NFC does not compose Thai: a decomposed sara am (NIKHAHIT U+0E4D + SARA AA U+0E32, possibly
    with a tone mark before the nikhahit) is rebuilt as U+0E33 so that searching and matching
    work. Non-breaking and zero-width spaces become plain spaces or vanish.
    """
    text = unicodedata.normalize("NFC", text)
    text = re.sub("([\u0e48-\u0e4b]?)\u0e4d([\u0e48-\u0e4b]?)\u0e32", "\\1\\2\u0e33", text)
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return text


def squash_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_AMOUNT_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$|^[+-]?\d+(\.\d+)?$")


def parse_number(text: str, *, signed: bool = True) -> Decimal:
    """A number in Thai or Arabic digits, with optional thousands commas. Raises ValueError.

    With `signed=False` (amounts, years, scores) a sign is refused, "-0" included.
    """
    s = to_arabic_digits(squash_spaces(normalize_text(str(text)))).replace(" ", "")
    if not _AMOUNT_RE.match(s) or (not signed and s[:1] in "+-"):
        raise ValueError(f"not a number: {text!r}")
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise ValueError(f"not a number: {text!r}") from exc


def parse_amount(text: str | None) -> Decimal | NoBudget | None:
    """A budget as written in a document or typed in a form.

    Returns a Decimal for an amount ("๒๐,๐๐๐", "จำนวน ๓๐,๐๐๐ บาท", "20,000.00 บาท"), NO_BUDGET
    for an explicit no-budget ("-", "ไม่ใช้งบประมาณ"), None for an empty cell, and raises
    ValueError for anything else, so that a typo is never read as zero.
    """
    if text is None:
        return None
    s = squash_spaces(normalize_text(str(text)))
    if not s:
        return None
    if any(word in s for word in NO_BUDGET_WORDS):
        return NO_BUDGET
    if s in {"-", "–", "—", "--"}:
        return NO_BUDGET
    s = re.sub(r"^(จำนวน|งบประมาณ|เป็นเงิน)\s*", "", s)
    # Trailing "บาท" and ".-" in any order ("20,000.- บาท"); a bare "500-" is not an amount.
    s = re.sub(r"(?:\s*(?:บาท|\.-))+\s*$", "", s).strip()
    return parse_number(s, signed=False)


# --- Money and numbers typed by a person -----------------------------------------------------

#: The one meaning of "-" wherever a person types an amount or a number (plans, measures,
#: reports, and the services that take typed text from imports): no figure is given
#: (ไม่มี/ไม่ระบุ), exactly like an empty field. It is never zero and never "no budget": a plan
#: year's "ไม่ใช้งบประมาณ" is its own explicit choice (PlanItemYear.no_budget).
NO_AMOUNT_MARKS = ("-", "–", "—", "--")
NO_AMOUNT_MEANING = "ไม่มี/ไม่ระบุ"

#: The largest amount of money the models store (DecimalField(max_digits=14, decimal_places=2)).
MONEY_MAX = Decimal("999999999999.99")
MONEY_PLACES = 2


class ThaiNumberError(ValueError):
    """A typed amount or number that cannot be taken; `code` says why, str() says it in Thai.

    Codes: "invalid" (not a number), "places" (too many decimals), "negative", "too_big".
    """

    MESSAGES = {
        "invalid": "อ่านจำนวนเงินไม่ได้ กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น ๑๒,๓๔๕.๕๐ หรือ 12,345.50",
        "places": "จำนวนเงินมีทศนิยมได้ไม่เกิน ๒ ตำแหน่ง",
        "negative": "จำนวนเงินต้องไม่ติดลบ",
        "too_big": "จำนวนเงินมากเกินไป",
    }

    def __init__(self, code: str, message: str | None = None) -> None:
        self.code = code
        super().__init__(message or self.MESSAGES[code])


_TYPED_NUMBER_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_decimal(
    text: object,
    *,
    places: int = MONEY_PLACES,
    negative: bool = False,
    max_value: Decimal | None = None,
) -> Decimal | None:
    """A number typed by a person: Thai, Arabic or mixed digits, thousands commas, spaces.

    Returns None for an empty value or "-" (NO_AMOUNT_MEANING), a Decimal otherwise; raises
    ThaiNumberError (a ValueError with a Thai message and a `code`) for anything else: letters,
    exponents, NaN, more than `places` decimals (never rounded), a sign when `negative` is False
    ("-0" included), or more than `max_value`. Decimals and ints are checked the same way.
    """
    if text is None:
        return None
    if isinstance(text, bool) or isinstance(text, float):
        raise ThaiNumberError("invalid")
    if isinstance(text, int):
        text = Decimal(text)
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise ThaiNumberError("invalid")
        number = text
    else:
        s = squash_spaces(normalize_text(str(text)))
        if not s:
            return None
        if s in NO_AMOUNT_MARKS:
            return None
        s = to_arabic_digits(s).replace(" ", "")
        if len(s) > 40 or not _TYPED_NUMBER_RE.match(s):
            raise ThaiNumberError("invalid")
        if s[0] in "+-" and not negative:
            raise ThaiNumberError("negative")
        number = Decimal(s.replace(",", ""))
    if number < 0 and not negative:
        raise ThaiNumberError("negative")
    if max_value is not None and abs(number) > max_value:
        raise ThaiNumberError("too_big")
    try:
        exact = number == number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
    except InvalidOperation:  # more digits than a Decimal context holds
        raise ThaiNumberError("too_big") from None
    if not exact:
        raise ThaiNumberError("places")
    return number


def parse_money(text: object) -> Decimal | None:
    """An amount of baht typed by a person or given to a service as text: the one money rule.

    "๑๒,๓๔๕.๕๐", "12,345.50", "๑2,3๔5.5", "12 345" -> Decimal("12345.50") etc.; "" and "-"
    -> None (ไม่มี/ไม่ระบุ, see NO_AMOUNT_MARKS); at most 2 decimals, not negative, at most
    MONEY_MAX; anything else raises ThaiNumberError with a Thai message. Documents, whose
    cells also say "ไม่ใช้งบประมาณ" or "20,000.- บาท", are read by parse_amount instead.
    """
    return parse_decimal(text, places=MONEY_PLACES, negative=False, max_value=MONEY_MAX)


# --- Buddhist-era years and dates -------------------------------------------------------------


def be_to_ce(year: int) -> int:
    return year - BE_OFFSET


def ce_to_be(year: int) -> int:
    return year + BE_OFFSET


def expand_be_year(year: int) -> int:
    """Two-digit Buddhist-era years ("๖๖") mean 25xx; Christian-era years are converted."""
    if year < 100:
        return 2500 + year
    if 1900 <= year < 2200:
        return ce_to_be(year)
    return year


def fiscal_year_of(day: dt.date) -> int:
    """The Buddhist-era fiscal year of a date: FY2567 runs 1 Oct 2023 – 30 Sep 2024."""
    return ce_to_be(day.year + (1 if day.month >= 10 else 0))


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    ce = be_to_ce(fiscal_year_be)
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)


def _month_index(token: str) -> int | None:
    t = token.replace(" ", "")
    for i, name in enumerate(MONTHS_FULL):
        if t.startswith(name):
            return i + 1
    for i, abbr in enumerate(MONTHS_ABBR):
        if t == abbr or t == abbr.rstrip(".") or t.startswith(abbr):
            return i + 1
    return None


_MONTH_ALT = "|".join(
    re.escape(m) for m in sorted(MONTHS_FULL + MONTHS_ABBR, key=len, reverse=True)
)
_MONTH_ALT += "|" + "|".join(re.escape(m.rstrip(".")) for m in MONTHS_ABBR)
_DATE_RE = re.compile(
    rf"(?:(?P<day>\d{{1,2}})\s*)?(?P<month>{_MONTH_ALT})\s*(?:(?:พ\.ศ\.|พ\.ศ)\s*)?(?P<year>\d{{2,4}})?"
)


class ThaiDateError(ValueError):
    """A date or period that cannot be read."""


def _parts(text: str) -> list[tuple[int | None, int, int | None]]:
    s = to_arabic_digits(squash_spaces(normalize_text(text)))
    found = []
    for m in _DATE_RE.finditer(s):
        month = _month_index(m.group("month"))
        if month is None:
            continue
        day = int(m.group("day")) if m.group("day") else None
        year = int(m.group("year")) if m.group("year") else None
        found.append((day, month, year))
    return found


def _last_day(year_ce: int, month: int) -> int:
    nxt = dt.date(year_ce + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def _make_date(day: int | None, month: int, year_be: int, *, end: bool) -> dt.date:
    year_ce = be_to_ce(year_be)
    if day is None:
        day = _last_day(year_ce, month) if end else 1
    try:
        return dt.date(year_ce, month, day)
    except ValueError as exc:
        raise ThaiDateError(f"วันที่ไม่ถูกต้อง: {day}/{month}/{year_be}") from exc


def parse_thai_date(text: str, *, default_year_be: int | None = None, end: bool = False) -> dt.date:
    """One date such as "๕ ตุลาคม ๒๕๖๔", "๓๐ ก.ย. ๖๗" or "31/03/2568" (Buddhist era)."""
    s = to_arabic_digits(squash_spaces(normalize_text(text)))
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})", s)
    if m:
        return _make_date(
            int(m.group(1)), int(m.group(2)), expand_be_year(int(m.group(3))), end=end
        )
    parts = _parts(s)
    if len(parts) != 1:
        raise ThaiDateError(f"อ่านวันที่ไม่ได้: {text!r}")
    day, month, year = parts[0]
    year_be = expand_be_year(year) if year else default_year_be
    if year_be is None:
        raise ThaiDateError(f"ไม่ระบุปี: {text!r}")
    return _make_date(day, month, year_be, end=end)


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """A period "start - end" in the ways documents write it.

    "๑ ต.ค.๖๖ - ๓๐ ก.ย. ๖๗", "ต.ค. ๒๕๖๗ - ก.ย. ๒๕๖๘", "ม.ค. - เม.ย. ๒๕๖๘" (the year written
    once, at the end) and "ต.ค. ๖๔ - ๓๐ ก.ย. ๖๕". A start month after the end month with no
    year of its own belongs to the year before (ต.ค. - ก.ย. ๒๕๖๘ starts in ต.ค. ๒๕๖๗).
    """
    parts = _parts(text)
    if len(parts) != 2:
        raise ThaiDateError(f"อ่านช่วงเวลาไม่ได้: {text!r}")
    (d1, m1, y1), (d2, m2, y2) = parts
    if y2 is None and y1 is None:
        raise ThaiDateError(f"ไม่ระบุปี: {text!r}")
    y2_be = expand_be_year(y2) if y2 is not None else expand_be_year(y1)  # type: ignore[arg-type]
    if y1 is not None:
        y1_be = expand_be_year(y1)
    else:
        y1_be = y2_be - 1 if m1 > m2 else y2_be
    start = _make_date(d1, m1, y1_be, end=False)
    finish = _make_date(d2, m2, y2_be, end=True)
    if finish < start:
        raise ThaiDateError(f"วันสิ้นสุดก่อนวันเริ่ม: {text!r}")
    return start, finish


# --- Formatting -------------------------------------------------------------------------------


def format_number(value: object, style: str = DIGITS_THAI, places: int | None = None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, NoBudget):
        return "-"
    number = Decimal(str(value))
    if places is None:
        places = 0 if number == number.to_integral_value() else 2
    text = f"{number:,.{places}f}"
    return digits(text, style)


def format_money(value: object, style: str = DIGITS_THAI) -> str:
    """Baht with thousands separators; whole amounts without satang ("๒๐,๐๐๐")."""
    return format_number(value, style)


def format_date(day: dt.date | None, style: str = DIGITS_THAI, *, short: bool = False) -> str:
    """ "๕ ตุลาคม ๒๕๖๔" or, short, "๕ ต.ค. ๖๔"."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = day.date()
    if short:
        text = f"{day.day} {MONTHS_ABBR[day.month - 1]} {ce_to_be(day.year) % 100:02d}"
    else:
        text = f"{day.day} {MONTHS_FULL[day.month - 1]} {ce_to_be(day.year)}"
    return digits(text, style)


def format_datetime(moment: dt.datetime | None, style: str = DIGITS_THAI) -> str:
    """ "๕ ตุลาคม ๒๕๖๔ เวลา ๑๔.๓๐ น." in Bangkok time (the portal's time zone)."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    clock = digits(f"{local.hour:02d}.{local.minute:02d}", style)
    return f"{format_date(local.date(), style)} เวลา {clock} น."


# --- Measure and project periods as staff type them -------------------------------------------

#: The longest period text read; anything longer is refused before a regex sees it.
PERIOD_MAX_CHARS = 200

_WHOLE_YEAR_RE = re.compile(
    r"(?:ตลอด\s*)?(?:ทั้ง\s*)?(?:ปีงบประมาณ|ปีงบฯ|ปีงบ|ปี)\s*(?:พ\.?\s*ศ\.?\s*)?(?P<year>\d{2,4})?"
)
_QUARTER_RE = re.compile(
    r"(?:ไตรมาส(?:ที่)?|[Qq])\s*(?P<q1>[1-4])"
    r"(?:\s*(?:-|–|—|ถึง|และ|,)\s*(?:ไตรมาส(?:ที่)?|[Qq])?\s*(?P<q2>[1-4]))?"
    r"\s*(?:/|ปีงบประมาณ|ปีงบฯ|ปี)?\s*(?:พ\.?\s*ศ\.?\s*)?(?P<year>\d{2,4})?"
)


def _fiscal_month_year(month: int, fiscal_year_be: int) -> int:
    """The Buddhist-era calendar year of a month of a fiscal year (ต.ค.–ธ.ค. fall in the year before)."""
    return fiscal_year_be - 1 if month >= 10 else fiscal_year_be


def quarter_bounds(fiscal_year_be: int, quarter: int) -> tuple[dt.date, dt.date]:
    """Quarter 1 of FY2567 is 1 Oct 2023 – 31 Dec 2023; quarter 4 ends on 30 Sep 2024."""
    first_month = (10 + 3 * (quarter - 1) - 1) % 12 + 1
    last_month = (first_month + 1) % 12 + 1
    start = _make_date(1, first_month, _fiscal_month_year(first_month, fiscal_year_be), end=False)
    end = _make_date(None, last_month, _fiscal_month_year(last_month, fiscal_year_be), end=True)
    return start, end


def parse_measure_period(
    text: str, *, fiscal_year_be: int | None = None
) -> tuple[dt.date, dt.date]:
    """A measure's or project's period in any of the ways staff and documents write it.

    Besides what parse_period reads ("๑ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗", "ต.ค. ๒๕๖๖ – ก.ย. ๒๕๖๗"):
    the whole fiscal year ("ตลอดปีงบประมาณ", "ทั้งปี", "ปีงบประมาณ ๒๕๖๗"), quarters
    ("ไตรมาสที่ ๒", "ไตรมาส ๑-๒/๒๕๖๗", "Q3"), one month ("มีนาคม ๒๕๖๗", "มี.ค.") and month
    ranges with no year ("ม.ค. – มี.ค."), whose years come from `fiscal_year_be` (ต.ค.–ธ.ค.
    belong to the calendar year before). Raises ThaiDateError with a Thai message.
    Runs in linear time: the text is capped at PERIOD_MAX_CHARS and read by regexes without
    nested repetition.
    """
    raw = text or ""
    if len(raw) > PERIOD_MAX_CHARS:
        raise ThaiDateError("ระยะเวลายาวเกินไป")
    s = to_arabic_digits(squash_spaces(normalize_text(raw)))
    if not s:
        raise ThaiDateError("ไม่ได้ระบุระยะเวลา")

    def year_or_context(year: str | None) -> int:
        if year:
            return expand_be_year(int(year))
        if fiscal_year_be is None:
            raise ThaiDateError(f"ไม่ระบุปี: {text!r}")
        return fiscal_year_be

    m = _WHOLE_YEAR_RE.fullmatch(s)
    if m:
        return fiscal_year_bounds(year_or_context(m.group("year")))
    m = _QUARTER_RE.fullmatch(s)
    if m:
        fy = year_or_context(m.group("year"))
        q1 = int(m.group("q1"))
        q2 = int(m.group("q2") or q1)
        if q2 < q1:
            raise ThaiDateError(f"วันสิ้นสุดก่อนวันเริ่ม: {text!r}")
        return quarter_bounds(fy, q1)[0], quarter_bounds(fy, q2)[1]
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", s):
        one_day = parse_thai_date(s)
        return one_day, one_day
    parts = _parts(s)
    if len(parts) == 1:
        day, month, year = parts[0]
        year_be = (
            expand_be_year(year)
            if year is not None
            else _fiscal_month_year(month, year_or_context(None))
        )
        return _make_date(day, month, year_be, end=False), _make_date(day, month, year_be, end=True)
    if len(parts) == 2:
        (d1, m1, y1), (d2, m2, y2) = parts
        if y1 is None and y2 is None:
            fy = year_or_context(None)
            y1_be, y2_be = _fiscal_month_year(m1, fy), _fiscal_month_year(m2, fy)
        elif y2 is None:
            y1_be = expand_be_year(y1)  # type: ignore[arg-type]
            y2_be = y1_be + 1 if m2 < m1 else y1_be
        else:
            y2_be = expand_be_year(y2)
            y1_be = expand_be_year(y1) if y1 is not None else (y2_be - 1 if m1 > m2 else y2_be)
        start = _make_date(d1, m1, y1_be, end=False)
        finish = _make_date(d2, m2, y2_be, end=True)
        if finish < start:
            raise ThaiDateError(f"วันสิ้นสุดก่อนวันเริ่ม: {text!r}")
        return start, finish
    raise ThaiDateError(f"อ่านช่วงเวลาไม่ได้: {text!r}")


def format_period(start: dt.date, end: dt.date, style: str = DIGITS_THAI) -> str:
    """The one way a period is written back: "ต.ค. ๒๕๖๖ – ก.ย. ๒๕๖๗" for whole months,
    "๑ ต.ค. ๒๕๖๖ – ๑๕ ม.ค. ๒๕๖๗" otherwise, one month alone as "มี.ค. ๒๕๖๗"."""
    whole = start.day == 1 and end.day == _last_day(end.year, end.month)

    def one(day: dt.date, with_day: bool) -> str:
        text = f"{MONTHS_ABBR[day.month - 1]} {ce_to_be(day.year)}"
        return f"{day.day} {text}" if with_day else text

    if whole and (start.year, start.month) == (end.year, end.month):
        return digits(one(start, False), style)
    if start == end:
        return digits(one(start, True), style)
    return digits(f"{one(start, not whole)} – {one(end, not whole)}", style)
