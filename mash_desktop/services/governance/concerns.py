"""Non-compliance by a partner and complaints about the hub (GOV-3, ISP-9.1.2, 11.1.1):
recorded with what was done about them, and brought to the Management Board."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import select

from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.domain.roles import BOARD_REPORTERS, GOVERNANCE_READERS
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.models import Agency, GovernanceConcern

RECORDERS = BOARD_REPORTERS
READERS = GOVERNANCE_READERS


class ConcernKind(StrEnum):
    NON_COMPLIANCE = "non_compliance"
    COMPLAINT = "complaint"

    @property
    def label(self) -> str:
        return {
            "non_compliance": "Partner not complying with the agreement",
            "complaint": "Complaint about the hub",
        }[self.value]

    @property
    def short_label(self) -> str:
        return {"non_compliance": "Non-compliance", "complaint": "Complaint"}[self.value]


@dataclass(frozen=True)
class ConcernRow:
    id: int
    kind: ConcernKind
    partner: str
    received_on: date
    summary: str
    action_taken: str
    status: str


class ConcernService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def record(
        self,
        actor: Actor,
        kind: ConcernKind,
        received_on: date,
        summary: str,
        agency_code: str = "",
    ) -> int:
        errors = {}
        if not summary.strip():
            errors["summary"] = "Say what happened."
        if kind is ConcernKind.NON_COMPLIANCE and not agency_code:
            errors["partner"] = "Name the partner concerned."
        if errors:
            raise ValidationError(
                "The concern cannot be recorded: " + " ".join(errors.values()), errors
            )
        with self.ctx.store.transaction() as session:
            require_role(session, actor, RECORDERS, "record non-compliance and complaints")
            agency_id = None
            if agency_code:
                agency_id = session.scalar(select(Agency.id).where(Agency.code == agency_code))
                if agency_id is None:
                    raise NotFound(f"No partner {agency_code}.")
            row = GovernanceConcern(
                kind=kind.value,
                agency_id=agency_id,
                received_on=received_on,
                summary=summary.strip(),
                action_taken="",
                status="open",
                recorded_by_id=actor.user_id,
                recorded_at=self.ctx.clock.now(),
            )
            session.add(row)
            session.flush()
            record(
                session,
                self.ctx,
                actor,
                "concern.record",
                "concern",
                row.id,
                {"kind": kind.value, "partner": agency_code},
            )
            return row.id

    def close(self, actor: Actor, concern_id: int, action_taken: str) -> None:
        if not action_taken.strip():
            raise ValidationError("Say what was done.", {"action_taken": "Required."})
        with self.ctx.store.transaction() as session:
            require_role(session, actor, RECORDERS, "close non-compliance and complaints")
            row = session.get(GovernanceConcern, concern_id)
            if row is None or row.status != "open":
                raise NotFound("No such open concern.")
            row.status, row.action_taken = "closed", action_taken.strip()
            row.closed_at = self.ctx.clock.now()
            record(session, self.ctx, actor, "concern.close", "concern", row.id)

    def list(
        self, actor: Actor, since: date | None = None, until: date | None = None
    ) -> list[ConcernRow]:
        with self.ctx.store.transaction() as session:
            require_role(session, actor, READERS, "see non-compliance and complaints")
            names = dict(session.execute(select(Agency.id, Agency.name)).all())
            query = select(GovernanceConcern).order_by(GovernanceConcern.received_on.desc())
            if since:
                query = query.where(GovernanceConcern.received_on >= since)
            if until:
                query = query.where(GovernanceConcern.received_on < until)
            return [
                ConcernRow(
                    c.id,
                    ConcernKind(c.kind),
                    names.get(c.agency_id, "") if c.agency_id else "",
                    c.received_on,
                    c.summary,
                    c.action_taken,
                    c.status,
                )
                for c in session.scalars(query)
            ]
