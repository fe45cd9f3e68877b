"""RAG clocks (RQ-2): a decision is due a set number of hours after receipt."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from mash_desktop.domain.clock import to_utc
from mash_desktop.domain.contact_codes import Rag

DEFAULT_HOURS: Mapping[Rag, int] = {Rag.RED: 4, Rag.AMBER: 24, Rag.GREEN: 72}


def decision_due(received_at: datetime, rag: Rag, hours: Mapping[Rag, int]) -> datetime:
    """When the decision on a contact received at ``received_at`` with ``rag`` is due."""
    return to_utc(received_at) + timedelta(hours=hours[rag])


def time_left(due_at: datetime, now: datetime) -> timedelta:
    """Negative once the decision is overdue."""
    return to_utc(due_at) - to_utc(now)


def is_overdue(due_at: datetime, now: datetime) -> bool:
    return to_utc(now) > to_utc(due_at)


def format_time_left(left: timedelta) -> str:
    """'3 h 05 min left' or 'OVERDUE 1 h 10 min': readable without colour."""
    seconds = int(left.total_seconds())
    overdue = seconds < 0
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    if days:
        text = f"{days} d {hours} h"
    elif hours:
        text = f"{hours} h {minutes:02d} min"
    else:
        text = f"{minutes} min"
    return f"OVERDUE {text}" if overdue else f"{text} left"


def hours_from_settings(values: Mapping[str, object]) -> dict[Rag, int]:
    """Read ``rag_hours_red/amber/green`` settings into a clock table; each must be positive."""
    table: dict[Rag, int] = {}
    for rag in Rag:
        value = int(str(values[f"rag_hours_{rag.value}"]))
        if value <= 0:
            raise ValueError(f"rag_hours_{rag.value} must be positive")
        table[rag] = value
    return table
