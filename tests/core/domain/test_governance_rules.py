"""Plain rules of information governance: retention due dates (ISP-9) and how the Board
figures judge a timescale and a period (GOV-1)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mash_desktop.domain.board import LATE, NOT_YET_DUE, ON_TIME, OVERDUE, judge, period_bounds
from mash_desktop.domain.retention import (
    DEFAULT_SCHEDULE,
    Anchor,
    RecordKind,
    RetentionRule,
    check_rule,
    due_on,
    kind_of,
)


def test_record_kind_follows_the_outcome():
    # REQ: ISP-9
    assert kind_of(None, "open", False) is None  # undecided: never due
    assert kind_of("nfa", "decided", False) is RecordKind.NFA_CONTACT
    assert kind_of("advice", "decided", False) is RecordKind.NFA_CONTACT
    assert kind_of("s17", "decided", False) is RecordKind.ASSESSMENT_CONTACT
    assert kind_of("nfa", "decided", True) is RecordKind.CHILD_PROTECTION  # a discussion was held
    assert kind_of(None, "routed", False) is RecordKind.ROUTED_CONTACT
    assert set(DEFAULT_SCHEDULE) == set(RecordKind)


def test_due_dates_by_decision_or_by_birthday():
    # REQ: ISP-9
    six = RetentionRule(Anchor.DECISION, 6)
    assert due_on(six, date(2026, 11, 24), date(2019, 3, 7)) == date(2032, 11, 24)
    until25 = RetentionRule(Anchor.BIRTH, 25)
    assert due_on(until25, date(2026, 11, 24), date(2019, 3, 7)) == date(2044, 3, 7)
    assert due_on(until25, date(2026, 11, 24), None) == date(2051, 11, 24)  # no DOB: later
    assert due_on(until25, date(2026, 1, 1), date(2016, 2, 29)) == date(2041, 2, 28)
    assert until25.describe() == "until the youngest child's 25th birthday"
    with pytest.raises(ValueError, match="between 1 and"):
        check_rule("decision", 0)
    with pytest.raises(ValueError, match="years after the decision"):
        check_rule("forever", 5)


def test_timescales_are_judged_on_time_late_overdue_or_not_yet_due():
    # REQ: GOV-1
    due = datetime(2026, 3, 4, 12, tzinfo=UTC)
    now = datetime(2026, 3, 5, tzinfo=UTC)
    assert judge(due, due, now) == ON_TIME
    assert judge(due, datetime(2026, 3, 4, 13, tzinfo=UTC), now) == LATE
    assert judge(due, None, now) == OVERDUE
    assert judge(due, None, datetime(2026, 3, 4, tzinfo=UTC)) == NOT_YET_DUE


def test_a_period_is_whole_uk_days():
    # REQ: GOV-1
    begin, until = period_bounds(date(2026, 6, 1), date(2026, 6, 30))
    assert begin == datetime(2026, 5, 31, 23, tzinfo=UTC)  # BST
    assert until == datetime(2026, 6, 30, 23, tzinfo=UTC)
    with pytest.raises(ValueError, match="ends before it starts"):
        period_bounds(date(2026, 2, 1), date(2026, 1, 1))
