"""Core operational hours (SD-14): whether a strategy discussion is an out-of-hours one.

The protocol holds MASH strategy discussions "during core operational hours" (protocol 1) and
hands the rest to the LA's Out of Hours Service by telephone (protocol 10). So the clock
decides, not the role of whoever is at the keyboard: an LA manager requesting one at 22:00
gets the telephone out-of-hours form, and a bank holiday Monday is out of hours all day.

The protocol does not print the hours; the hub sets them (settings ``core_hours_start`` and
``core_hours_end``, London wall-clock "HH:MM"), Monday to Friday except England and Wales
bank holidays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from mash_desktop.domain.clock import to_london
from mash_desktop.domain.working_days import bank_holiday_name, is_working_day

DEFAULT_START = "09:00"
DEFAULT_END = "17:00"


@dataclass(frozen=True)
class CoreHours:
    start: time
    end: time

    @classmethod
    def parse(cls, start: str = DEFAULT_START, end: str = DEFAULT_END) -> CoreHours:
        """From the "HH:MM" settings; a bad setting is a ValueError naming it."""
        try:
            begin, finish = time.fromisoformat(start), time.fromisoformat(end)
        except ValueError as exc:
            raise ValueError(f"Core hours must be HH:MM, not {start!r} to {end!r}.") from exc
        if not begin < finish:
            raise ValueError("Core hours must start before they end.")
        return cls(begin, finish)

    def label(self) -> str:
        return f"{self.start:%H:%M} to {self.end:%H:%M}, Monday to Friday except bank holidays"


def is_core_hours(at: datetime, hours: CoreHours) -> bool:
    """Inside the hub's core hours on a working day (London time)."""
    local = to_london(at)
    return is_working_day(local.date()) and hours.start <= local.time() < hours.end


def out_of_hours_reason(at: datetime, hours: CoreHours) -> str | None:
    """Why ``at`` is out of hours, in words for the form; None inside core hours."""
    if is_core_hours(at, hours):
        return None
    local = to_london(at)
    holiday = bank_holiday_name(local.date())
    if holiday:
        return f"{local:%d/%m/%Y} is a bank holiday ({holiday})"
    if local.weekday() >= 5:
        return f"{local:%A} is outside core hours"
    return f"{local:%H:%M} is outside core hours ({hours.label()})"
