"""Working-day timescales (SD-7, SD-9).

Working days exclude Saturdays, Sundays and the bank holidays of England (the same list as
Wales), taken from the ``holidays`` package with substitute ("observed") days included, so a
Christmas Day that falls on a Saturday moves the bank holiday to the Monday after.
Times are judged on the Europe/London calendar: a discussion at 23:30 UTC on a summer evening
is already the next day in London.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from mash_desktop.domain.clock import LONDON, to_london, to_utc

ICPC_WORKING_DAYS = 15  # initial child protection conference after the s47 discussion
ASSESSMENT_WORKING_DAYS = 45  # assessment decision after the referral
WORKING_MORNING = time(9, 0)  # when the LA's day starts, for out-of-hours records (SD-9)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year, observed=True)
    return frozenset(calendar.keys())


def bank_holiday_name(day: date) -> str | None:
    """The bank holiday's name for staff (``None`` on an ordinary day)."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=day.year, observed=True)
    return calendar.get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday (substitute days count)."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself is day 0).

    ``start`` need not be a working day: a discussion on a Saturday counts from the Monday
    (the first working day after it is day 1). ``days`` must not be negative.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after ``start`` up to and including ``end`` (0 if end<=start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def london_date(at: datetime) -> date:
    return to_london(at).date()


def icpc_due(s47_discussion_at: datetime) -> date:
    """Initial child protection conference due: 15 working days after the strategy
    discussion at which s47 enquiries were started (SD-7, Working Together 2015)."""
    return add_working_days(london_date(s47_discussion_at), ICPC_WORKING_DAYS)


def assessment_due(referral_at: datetime) -> date:
    """Assessment decision due: 45 working days from the point of referral (SD-7)."""
    return add_working_days(london_date(referral_at), ASSESSMENT_WORKING_DAYS)


def next_working_morning(at: datetime) -> datetime:
    """The first working-day 09:00 (London) after ``at``, in UTC (SD-9).

    An out-of-hours record made on Friday night is there for the LA on Monday morning, or on
    Tuesday when Monday is a bank holiday; a call at 03:00 on a Tuesday is there at 09:00 the
    same Tuesday.
    """
    local = to_london(at)
    day = local.date()
    if not (is_working_day(day) and local.time() < WORKING_MORNING):
        day += timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
    return to_utc(datetime.combine(day, WORKING_MORNING, tzinfo=LONDON))
