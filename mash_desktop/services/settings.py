"""Hub settings kept in the store (JSON values), with defaults."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from mash_desktop.domain.roles import ADMINISTRATORS
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active, require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.models import Setting

DEFAULTS: dict[str, Any] = {
    "idle_lock_minutes": 10,
    "rag_hours_red": 4,
    "rag_hours_amber": 24,
    "rag_hours_green": 72,
    # SD-14: the protocol's core operational hours (London time, Monday to Friday).
    "core_hours_start": "09:00",
    "core_hours_end": "17:00",
    # Paper copies (SEC-5): a copy sent to the printer is checked in by a scan within this
    # time or shows as not collected; past the longer limit a security incident is opened.
    # A job waiting at a paused or stopped printer this long is cancelled and voided.
    "copy_collect_minutes": 15,
    "copy_uncollected_incident_minutes": 60,
    "print_hold_void_minutes": 30,
}


def read_setting(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    if row is None:
        if key not in DEFAULTS:
            raise KeyError(key)
        return DEFAULTS[key]
    return json.loads(row.value)


class SettingsService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def get(self, actor: Actor, key: str) -> Any:
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            return read_setting(session, key)

    def all(self, actor: Actor) -> dict[str, Any]:
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            return {key: read_setting(session, key) for key in DEFAULTS}

    def set(self, admin: Actor, key: str, value: Any) -> None:
        with self.ctx.store.transaction() as session:
            require_role(session, admin, ADMINISTRATORS, "change settings")
            if key not in DEFAULTS:
                raise KeyError(key)
            row = session.get(Setting, key)
            old = read_setting(session, key)
            if row is None:
                session.add(Setting(key=key, value=json.dumps(value)))
            else:
                row.value = json.dumps(value)
            record(
                session,
                self.ctx,
                admin,
                "setting.change",
                "setting",
                key,
                {"from": old, "to": value},
            )

    def idle_lock_minutes_for_login(self) -> int:
        """Read before anyone is logged in (the login screen needs it); not personal data."""
        with self.ctx.store.transaction() as session:
            return int(read_setting(session, "idle_lock_minutes"))
