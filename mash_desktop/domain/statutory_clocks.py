"""The statutory clocks of one child (SD-15, SD-16), tracked rather than only printed.

- Initial child protection conference: 15 working days from the strategy discussion at which
  s47 enquiries were initiated, "if more than one has been held" the FIRST one (Working
  Together 2015): so one date per child, whatever the number of discussions.
- Assessment: a decision no later than 45 working days from the point of referral into
  children's social care.
- Copies of the record: 48 hours from when the discussion was held, completed or not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from mash_desktop.domain.working_days import (
    assessment_due,
    icpc_due,
    working_days_between,
)

DUE_SOON_WORKING_DAYS = 3  # shown as "due soon" this many working days ahead


class ClockState(StrEnum):
    RUNNING = "running"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"

    @property
    def label(self) -> str:
        return {
            "running": "On time",
            "due_soon": "Due soon",
            "overdue": "Overdue",
            "met": "Met",
            "met_late": "Met late",
        }[self.value]


@dataclass(frozen=True)
class HeldDiscussion:
    """What the clocks need to know about one discussion about the child."""

    held_at: datetime | None
    s47_started: bool | None


def first_s47_discussion(discussions: Iterable[HeldDiscussion]) -> datetime | None:
    """When s47 enquiries were FIRST initiated for the child: the earliest held discussion
    that started them (a later, reconvened one does not restart the ICPC clock)."""
    times = [d.held_at for d in discussions if d.s47_started and d.held_at is not None]
    return min(times) if times else None


def child_icpc_due(discussions: Iterable[HeldDiscussion]) -> date | None:
    first = first_s47_discussion(discussions)
    return icpc_due(first) if first is not None else None


def child_assessment_due(referrals: Iterable[datetime]) -> date | None:
    """45 working days from the child's (earliest) referral into children's social care."""
    times = list(referrals)
    return assessment_due(min(times)) if times else None


def clock_state(due: date, today: date, done_on: date | None = None) -> ClockState:
    """Where a working-day clock stands today; a clock met (done_on) stays met or met late."""
    if done_on is not None:
        return ClockState.MET if done_on <= due else ClockState.MET_LATE
    if today > due:
        return ClockState.OVERDUE
    if working_days_between(today, due) <= DUE_SOON_WORKING_DAYS:
        return ClockState.DUE_SOON
    return ClockState.RUNNING


def conference_needs_reason(conference_on: date, due: date | None) -> bool:
    """A conference held after its due date needs the reason on the record (SD-15)."""
    return due is not None and conference_on > due
