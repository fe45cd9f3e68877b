"""Security incidents (SEC-4, InfoSec 1.1.1): recorded when they happen, listed for the board.

Other services record an incident with :func:`record_incident` inside their own transaction.
When the incident comes with a refusal (the user is told no), record it in a transaction of
its own and raise after it commits, so the refusal never rolls the incident back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.domain.roles import AUDIT_READERS, BOARD_REPORTERS
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active, require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.object_names import object_names
from mash_desktop.store.models import SecurityIncident


@dataclass(frozen=True)
class IncidentRow:
    id: int
    kind: IncidentKind
    occurred_at: datetime
    username: str
    agency_code: str
    object_type: str
    object_id: str
    summary: str
    details: dict[str, Any]
    status: str
    reported_to_board_at: datetime | None = None
    user_id: int | None = None
    about: str = ""  # in words: "User Pat One", not "user 4"


def record_incident(
    session: Session,
    ctx: AppContext,
    actor: Actor | None,
    kind: IncidentKind,
    summary: str,
    object_type: str = "",
    object_id: str | int = "",
    details: dict[str, Any] | None = None,
) -> SecurityIncident:
    """Add an incident (kind, when, who, what) and audit it, in the caller's transaction."""
    incident = SecurityIncident(
        kind=kind.value,
        occurred_at=ctx.clock.now(),
        user_id=actor.user_id if actor else None,
        username=actor.username if actor else "system",
        agency_code=actor.agency_code if actor else "",
        object_type=object_type,
        object_id=str(object_id),
        summary=summary,
        details=json.dumps(details or {}, sort_keys=True),
        status="open",
    )
    session.add(incident)
    session.flush()
    record(
        session,
        ctx,
        actor,
        "security_incident.record",
        "security_incident",
        incident.id,
        {"kind": kind.value, "object": f"{object_type}:{object_id}", "summary": summary},
    )
    return incident


def _row(incident: SecurityIncident) -> IncidentRow:
    return IncidentRow(
        incident.id,
        IncidentKind(incident.kind),
        incident.occurred_at,
        incident.username,
        incident.agency_code,
        incident.object_type,
        incident.object_id,
        incident.summary,
        json.loads(incident.details or "{}"),
        incident.status,
        incident.reported_to_board_at,
        incident.user_id,
    )


class SecurityIncidentService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def list(
        self,
        actor: Actor,
        since: datetime | None = None,
        until: datetime | None = None,
        kind: IncidentKind | None = None,
    ) -> list[IncidentRow]:
        """Incidents, newest first: MASH managers, auditors and administrators only."""
        with self.ctx.store.transaction() as session:
            require_role(session, actor, AUDIT_READERS, "see security incidents")
            query = select(SecurityIncident).order_by(SecurityIncident.occurred_at.desc())
            if since is not None:
                query = query.where(SecurityIncident.occurred_at >= since)
            if until is not None:
                query = query.where(SecurityIncident.occurred_at < until)
            if kind is not None:
                query = query.where(SecurityIncident.kind == kind.value)
            incidents = list(session.scalars(query))
            names = object_names(session, ((i.object_type, i.object_id) for i in incidents))
            rows = [
                replace(_row(i), about=names.get((i.object_type, i.object_id), ""))
                for i in incidents
            ]
            record(
                session,
                self.ctx,
                actor,
                "security_incident.list",
                "security_incident",
                "",
                {"count": len(rows)},
            )
            return rows

    def report(
        self,
        actor: Actor,
        kind: IncidentKind,
        summary: str,
        object_type: str = "",
        object_id: str = "",
    ) -> IncidentRow:
        """Any member of staff records an incident they saw (InfoSec 1.1.1, ISP-8.1.2)."""
        if not summary.strip():
            raise ValidationError("Say what happened.", {"summary": "Required."})
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            incident = record_incident(
                session,
                self.ctx,
                actor,
                kind,
                summary.strip(),
                object_type,
                object_id,
                {"reported_by_staff": True},
            )
            return _row(incident)

    def mark_reported_to_board(self, actor: Actor, incident_ids: Sequence[int]) -> None:
        """A MASH manager records that the incidents went to the Management Board."""
        with self.ctx.store.transaction() as session:
            require_role(
                session,
                actor,
                BOARD_REPORTERS,
                "report incidents to the Management Board",
            )
            for incident_id in incident_ids:
                incident = session.get(SecurityIncident, incident_id)
                if incident is None:
                    raise NotFound(f"No security incident {incident_id}.")
                if incident.reported_to_board_at is None:
                    incident.reported_to_board_at = self.ctx.clock.now()
                    incident.status = "reported"
                    record(
                        session,
                        self.ctx,
                        actor,
                        "security_incident.report_to_board",
                        "security_incident",
                        incident.id,
                    )
