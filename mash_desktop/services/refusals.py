"""Every refusal on the record (SEC-3, SEC-4).

A refusal rolls its transaction back, and the audit entry of the attempt with it; so the
store hands each refusal here once the rollback is done, and it is written in a transaction
of its own: who, what they tried, on what, and why. Repeated refusals of one user in a short
time (settings ``refusal_incident_count`` in ``refusal_incident_minutes``) open a security
incident (attempted unauthorised access) for the MASH manager, as a lock-out does.
"""

from __future__ import annotations

from datetime import timedelta
from types import TracebackType
from typing import Any

from sqlalchemy import func, select

from mash_desktop.domain.clock import to_utc
from mash_desktop.domain.errors import MashError, NotAuthorised, Refusal
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.services.audit import append_entry
from mash_desktop.services.context import REFUSAL_RECORDERS, Actor, AppContext
from mash_desktop.services.incidents import record_incident
from mash_desktop.services.settings import read_setting
from mash_desktop.store.models import AuditEntry

REFUSED = "access.refused"
_REASONS = {
    "permission": "their role or agency does not allow it",
    "withdrawn": "their agency has withdrawn from the agreement",
    "need_to_know": "need to know: the item is not their agency's or not shared with it",
    "suspended": "their account is suspended",
    "locked": "their account is locked",
    "removed": "their account was removed",
    "logged_out": "they had logged out (a window of the ended session)",
}


def record_refusal(ctx: AppContext, error: MashError) -> None:
    """Write the refusal ``error`` carries (or, for a bare NotAuthorised, the acting user of
    the service call it came from) to the audit trail; open an incident when they repeat."""
    call = _service_call(error.__traceback__)
    refusal = error.refusal
    if refusal is None:
        if not isinstance(error, NotAuthorised) or call.actor is None:
            return
        refusal = Refusal(
            call.actor.user_id,
            call.actor.username,
            call.actor.agency_code,
            "permission",
            call.name,
        )
    with ctx.store.transaction() as session:
        now = ctx.clock.now()
        append_entry(
            session,
            ctx.store,
            now,
            refusal.username,
            refusal.agency,
            REFUSED,
            call.object_type,
            call.object_id,
            {
                "tried": refusal.tried,
                "call": call.name,
                "reason": refusal.reason,
                "why": _REASONS.get(refusal.reason, refusal.reason),
            },
        )
        limit = int(read_setting(session, "refusal_incident_count"))
        minutes = int(read_setting(session, "refusal_incident_minutes"))
        since = to_utc(now - timedelta(minutes=minutes)).isoformat(timespec="microseconds")
        recent = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(
                AuditEntry.actor == refusal.username,
                AuditEntry.action == REFUSED,
                AuditEntry.at >= since,
            )
        )
        if recent == limit:
            incident = record_incident(
                session,
                ctx,
                None,
                IncidentKind.UNAUTHORISED_ACCESS,
                f"{refusal.username} was refused {limit} times within {minutes} minutes "
                f"(last: {refusal.tried}).",
                "user",
                refusal.user_id,
                {"refusals": limit, "minutes": minutes, "last_reason": refusal.reason},
            )
            incident.user_id = refusal.user_id  # whose access: a manager may suspend them
            incident.username = refusal.username
            incident.agency_code = refusal.agency


class _Call:
    """The service method a refusal came out of: its name, acting user and object."""

    def __init__(self) -> None:
        self.name = ""
        self.actor: Actor | None = None
        self.object_type = ""
        self.object_id = ""


def _service_call(tb: TracebackType | None) -> _Call:
    """Read the outermost service frame of the traceback: the method that opened the
    refused transaction. Its arguments name the acting user and the record (``*_id``,
    ``reference``), so every service is covered without each raise naming them again."""
    call = _Call()
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_globals.get("__name__", "").startswith("mash_desktop.services."):
            code = frame.f_code
            call.name = code.co_qualname
            arguments: dict[str, Any] = {
                name: frame.f_locals.get(name)
                for name in code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
            }
            for name, value in arguments.items():
                if isinstance(value, Actor) and call.actor is None:
                    call.actor = value
                elif (
                    not call.object_type
                    and isinstance(value, int | str)
                    and (name.endswith("_id") or name == "reference")
                ):
                    call.object_type = name.removesuffix("_id")
                    call.object_id = str(value)
            return call
        tb = tb.tb_next
    return call


REFUSAL_RECORDERS.append(record_refusal)
