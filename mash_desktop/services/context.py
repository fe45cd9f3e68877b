"""What every service needs: the open store, a clock, and who is acting."""

from __future__ import annotations

from dataclasses import dataclass, field

from mash_desktop.domain.clock import Clock, SystemClock
from mash_desktop.domain.roles import Role
from mash_desktop.store.hub import AnyStore


@dataclass(frozen=True)
class Actor:
    """The logged-in user, as services see them. Checked against the store on every call."""

    user_id: int
    username: str
    full_name: str
    agency_code: str
    agency_kind: str
    role: Role


SYSTEM_ACTOR_NAME = "system"


@dataclass
class AppContext:
    store: AnyStore
    clock: Clock = field(default_factory=SystemClock)
