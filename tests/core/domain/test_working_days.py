"""Working-day timescales (SD-7) and the next working morning for out-of-hours records (SD-9)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mash_desktop.domain.clock import LONDON
from mash_desktop.domain.working_days import (
    add_working_days,
    assessment_due,
    icpc_due,
    is_working_day,
    next_working_morning,
    working_days_between,
)

# The first call loads the holidays package's calendars (~0.4 s): no per-example deadline.
NO_DEADLINE = settings(deadline=None)
DATES = st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31))


# --- table tests around Christmas, Easter and substitute days -----------------------------
# REQ: SD-7
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 24), True),  # Thursday, Christmas Eve is an ordinary day
        (date(2026, 12, 25), False),  # Friday, Christmas Day
        (date(2026, 12, 28), False),  # Monday, Boxing Day (substitute for Saturday 26th)
        (date(2026, 12, 29), True),
        (date(2027, 12, 27), False),  # Christmas 2027 is a Saturday: Monday substitutes
        (date(2027, 12, 28), False),  # and Boxing Day (Sunday) moves to Tuesday
        (date(2027, 12, 29), True),
        (date(2027, 3, 26), False),  # Good Friday 2027
        (date(2027, 3, 29), False),  # Easter Monday 2027
        (date(2026, 4, 3), False),  # Good Friday 2026
        (date(2026, 4, 6), False),  # Easter Monday 2026
        (date(2026, 8, 31), False),  # late summer bank holiday (England and Wales)
        (date(2026, 8, 3), True),  # Scotland's summer holiday is not England's
        (date(2028, 1, 3), False),  # New Year's Day 2028 is a Saturday: Monday substitutes
        (date(2026, 11, 28), False),  # a Saturday
    ],
)
def test_is_working_day_table(day: date, working: bool) -> None:
    assert is_working_day(day) is working


# REQ: SD-7
@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Thursday 17 Dec 2026 + 15: skips Christmas (Fri 25), Boxing Day observed (Mon 28)
        # and New Year's Day (Fri 1 Jan 2027): 18, 21-24, 29-31 Dec, 4-8, 11, 12 Jan.
        (date(2026, 12, 17), 15, date(2027, 1, 12)),
        # Wednesday 22 Dec 2027 + 5: 23, 24, (25-28 closed), 29, 30, 31 Dec.
        (date(2027, 12, 22), 5, date(2027, 12, 31)),
        # Over Easter 2027: Thursday 25 March + 1 is Tuesday 30 March.
        (date(2027, 3, 25), 1, date(2027, 3, 30)),
        # From a Saturday, day 1 is the Monday.
        (date(2026, 11, 28), 1, date(2026, 11, 30)),
        (date(2026, 11, 24), 0, date(2026, 11, 24)),
    ],
)
def test_add_working_days_table(start: date, days: int, expected: date) -> None:
    assert add_working_days(start, days) == expected


# REQ: SD-7
def test_icpc_due_15_working_days_across_christmas() -> None:
    # The s47 discussion on Thursday 17 December 2026 at 14:00 London (GMT).
    held = datetime(2026, 12, 17, 14, 0, tzinfo=UTC)
    assert icpc_due(held) == date(2027, 1, 12)


# REQ: SD-7
def test_icpc_due_uses_the_london_date_not_utc() -> None:
    # 23:30 UTC on 1 June 2026 is 00:30 BST on Tuesday 2 June in London.
    assert icpc_due(datetime(2026, 6, 1, 23, 30, tzinfo=UTC)) == add_working_days(
        date(2026, 6, 2), 15
    )


# REQ: SD-7
def test_assessment_due_45_working_days_across_easter_and_may() -> None:
    # Referral Monday 1 March 2027. 45 working days skip Good Friday (26 Mar), Easter Monday
    # (29 Mar) and the early May bank holiday (3 May): 1 March + 45 calendar weekdays would be
    # 3 May; three holidays push it to Thursday 6 May 2027.
    referral = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
    assert assessment_due(referral) == date(2027, 5, 6)


# --- property tests ----------------------------------------------------------------------
# REQ: SD-7
@NO_DEADLINE
@given(DATES, st.integers(min_value=1, max_value=80))
def test_result_is_a_working_day_with_exactly_n_working_days(start: date, n: int) -> None:
    due = add_working_days(start, n)
    assert is_working_day(due)
    assert working_days_between(start, due) == n
    assert due > start


# REQ: SD-7
@NO_DEADLINE
@given(DATES, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_adding_in_two_steps_is_the_same(start: date, a: int, b: int) -> None:
    assert add_working_days(add_working_days(start, a), b) == add_working_days(start, a + b)


# REQ: SD-7
@NO_DEADLINE
@given(DATES)
def test_working_day_means_weekday_and_not_england_bank_holiday(day: date) -> None:
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=day.year)
    assert is_working_day(day) == (day.weekday() < 5 and day not in calendar)


# REQ: SD-7
@NO_DEADLINE
@given(DATES, st.integers(min_value=1, max_value=60))
def test_monotonic_in_days(start: date, n: int) -> None:
    assert add_working_days(start, n) > add_working_days(start, n - 1)


# --- next working morning (SD-9) ----------------------------------------------------------
# REQ: SD-9
@pytest.mark.parametrize(
    ("at", "expected"),
    [
        # Friday 27 Nov 2026 22:40 GMT: the LA sees it on Monday 30 Nov at 09:00.
        (datetime(2026, 11, 27, 22, 40, tzinfo=UTC), datetime(2026, 11, 30, 9, 0, tzinfo=UTC)),
        # Friday 22 May 2026 23:00 BST (22:00 UTC); Monday 25 May is a bank holiday: Tuesday
        # 26 May 09:00 BST = 08:00 UTC.
        (datetime(2026, 5, 22, 22, 0, tzinfo=UTC), datetime(2026, 5, 26, 8, 0, tzinfo=UTC)),
        # 03:10 on a Tuesday: the same morning.
        (datetime(2026, 11, 24, 3, 10, tzinfo=UTC), datetime(2026, 11, 24, 9, 0, tzinfo=UTC)),
        # Christmas Eve 2027 (Friday) evening: Christmas and Boxing Day substitutes on Monday
        # and Tuesday: Wednesday 29 December.
        (datetime(2027, 12, 24, 19, 0, tzinfo=UTC), datetime(2027, 12, 29, 9, 0, tzinfo=UTC)),
    ],
)
def test_next_working_morning_table(at: datetime, expected: datetime) -> None:
    assert next_working_morning(at) == expected


# REQ: SD-9
@NO_DEADLINE
@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2031, 12, 31)))
def test_next_working_morning_is_after_and_on_a_working_day(naive: datetime) -> None:
    at = naive.replace(tzinfo=UTC)
    morning = next_working_morning(at)
    assert morning > at
    london = morning.astimezone(LONDON)
    assert is_working_day(london.date())
    assert (london.hour, london.minute) == (9, 0)
    # No working morning was skipped in between.
    day = at.astimezone(LONDON).date()
    while day < london.date():
        if is_working_day(day):
            skipped = datetime(day.year, day.month, day.day, 9, 0, tzinfo=LONDON)
            assert skipped <= at
        day += timedelta(days=1)
