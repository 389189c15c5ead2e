"""The reporting calendar: each round's period and its default due date, in one place.

Periods follow the fiscal year (FY2567 = 1 Oct 2023 – 30 Sep 2024, DOMAIN.md): Q1 ต.ค.–ธ.ค.,
Q2 ม.ค.–มี.ค., Q3 เม.ย.–มิ.ย., Q4 ก.ค.–ก.ย.; the 6-month report covers ต.ค.–มี.ค. (as of
31 มี.ค.) and the 12-month report the whole year (as of 30 ก.ย.).

Default due dates: the last day of the month after the period ends.
- Q1 → 31 ม.ค., Q2 → 30 เม.ย., Q3 → 31 ก.ค., Q4 → 31 ต.ค.
- 6-month report → 30 เม.ย. We chose the end of April rather than a date inside the ITA's
  OIT window because the window's dates change every year (NACC announces them) while agencies
  are asked to publish the 6-month report by April so it can be cited as OIT evidence; a site
  admin moves the stored due_date of a round in the admin when a year differs.
- 12-month report → 31 ต.ค.
The defaults are copied onto the round when it is opened (ReportingRound.due_date); changing
them here does not move rounds already opened.

Dates are local to Thailand: "today" is the Asia/Bangkok date (bangkok_today).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.thai import be_to_ce, fiscal_year_of
from reports.choices import RoundKind

BANGKOK = ZoneInfo("Asia/Bangkok")

# kind -> (first month, last month) of the period; months before October belong to the
# fiscal year's second calendar year.
PERIOD_MONTHS: dict[str, tuple[int, int]] = {
    RoundKind.Q1: (10, 12),
    RoundKind.Q2: (1, 3),
    RoundKind.Q3: (4, 6),
    RoundKind.Q4: (7, 9),
    RoundKind.H1: (10, 3),
    RoundKind.ANNUAL: (10, 9),
}

# kind -> month whose last day is the default due date.
DUE_MONTH: dict[str, int] = {
    RoundKind.Q1: 1,
    RoundKind.Q2: 4,
    RoundKind.Q3: 7,
    RoundKind.Q4: 10,
    RoundKind.H1: 4,
    RoundKind.ANNUAL: 10,
}


def _calendar_year(fiscal_year_be: int, month: int) -> int:
    """The Christian-era year of a month of a Buddhist-era fiscal year."""
    ce = be_to_ce(fiscal_year_be)
    return ce - 1 if month >= 10 else ce


def _last_day_of_month(year: int, month: int) -> dt.date:
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def round_period(fiscal_year: int, kind: str) -> tuple[dt.date, dt.date]:
    """The first and last day a round reports on."""
    first, last = PERIOD_MONTHS[kind]
    start = dt.date(_calendar_year(fiscal_year, first), first, 1)
    end = _last_day_of_month(_calendar_year(fiscal_year, last), last)
    return start, end


def default_due_date(fiscal_year: int, kind: str) -> dt.date:
    """The default due date of a round (see the module docstring)."""
    month = DUE_MONTH[kind]
    _, end = round_period(fiscal_year, kind)
    year = end.year if month > end.month else end.year + 1
    return _last_day_of_month(year, month)


def followed_up_year(today: dt.date) -> int:
    """The fiscal year whose 6- and 12-month reports are followed up on `today`: the current
    one once its 6-month report is due (May to September); before that (October to April)
    the previous one, whose 12-month report falls due in October and is then the one late."""
    year = fiscal_year_of(today)
    return year if today > default_due_date(year, RoundKind.H1) else year - 1


def bangkok_today(now: dt.datetime | dt.date | None = None) -> dt.date:
    """The date in Bangkok at `now` (an aware datetime, a date, or the current time)."""
    if now is None:
        now = timezone.now()
    if isinstance(now, dt.datetime):
        if timezone.is_naive(now):
            raise ValueError("bangkok_today needs an aware datetime")
        return now.astimezone(BANGKOK).date()
    return now
