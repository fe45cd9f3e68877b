"""What every service needs: the open store, a clock, and who is acting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from mash_desktop.domain.clock import Clock, SystemClock
from mash_desktop.domain.errors import MashError
from mash_desktop.domain.roles import Role
from mash_desktop.store.hub import AnyStore
from mash_desktop.store.offline_drafts import OfflineDrafts


@dataclass
class Login:
    """One log-in of an actor; once logged out, every service refuses that actor (SEC-2)."""

    ended: bool = False


@dataclass(frozen=True)
class Actor:
    """The logged-in user, as services see them. Checked against the store on every call."""

    user_id: int
    username: str
    full_name: str
    agency_code: str
    agency_kind: str
    role: Role
    # Not part of who the user is: a new log-in of the same user is equal, with its own Login.
    login: Login = field(default_factory=Login, compare=False, repr=False)


SYSTEM_ACTOR_NAME = "system"


@dataclass
class AppContext:
    store: AnyStore
    clock: Clock = field(default_factory=SystemClock)
    # On a hub: where this account's drafts wait on this computer while the server cannot
    # be reached (SEC-9). A local store is never unreachable, so it has none.
    offline_drafts: OfflineDrafts | None = None

    def __post_init__(self) -> None:
        # Refusals are audited by the services, after the store rolls the refused work back.
        self.store.on_refusal = partial(_record_refusal, self)


# Filled by services/refusals.py, which services/__init__.py imports (no import circle).
REFUSAL_RECORDERS: list[Callable[[AppContext, MashError], None]] = []


def _record_refusal(ctx: AppContext, error: MashError) -> None:
    for recorder in REFUSAL_RECORDERS:
        recorder(ctx, error)
