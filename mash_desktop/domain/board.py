"""Management Board figures (GOV-1): the period and how a timescale is judged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from mash_desktop.domain.clock import LONDON

ON_TIME, LATE, OVERDUE, NOT_YET_DUE = "On time", "Late", "Overdue now", "Not yet due"
TIMELINESS_ORDER = (ON_TIME, LATE, OVERDUE, NOT_YET_DUE)
WARNINGS = (LATE, OVERDUE)


def judge(due: datetime | date, done: datetime | date | None, now: datetime | date) -> str:
    """On time (done by the due time), late (done after it), overdue now (not done and past
    it), or not yet due."""
    if done is not None:
        return ON_TIME if done <= due else LATE
    return OVERDUE if now > due else NOT_YET_DUE


@dataclass
class Timeliness:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TIMELINESS_ORDER, 0))

    def add(self, verdict: str, n: int = 1) -> None:
        self.counts[verdict] += n

    def rows(self) -> tuple[tuple[str, int], ...]:
        return tuple((k, self.counts[k]) for k in TIMELINESS_ORDER)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """UTC instants of the London days ``start`` to ``end`` inclusive: [from, until)."""
    if end < start:
        raise ValueError("The period ends before it starts.")
    begin = datetime.combine(start, time(0), LONDON).astimezone(UTC)
    until = datetime.combine(date.fromordinal(end.toordinal() + 1), time(0), LONDON)
    return begin, until.astimezone(UTC)
