"""Legal holds and two-person destruction of records due under their LA's schedule (ISP-9).

One person proposes, a different person approves; approving destroys the record for real:
every row hanging from the contact is deleted (found through the schema's foreign keys, so
a table added later is included), with SQLite's ``secure_delete`` overwriting the deleted
content and freed pages with zeros, and the write-ahead log checkpointed and truncated so no
older page version survives in it. What remains is a tombstone in the audit trail (reference,
kind, dates, who proposed and approved, why, how many rows) and the proposal row (reference
only). A record under a legal hold, or with paper copies not yet destroyed, is refused.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Table, delete, select, update
from sqlalchemy.orm import Session, load_only

from mash_desktop.domain.clock import to_london
from mash_desktop.domain.copy_register import CopyStatus
from mash_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from mash_desktop.domain.retention import RecordKind
from mash_desktop.services.audit import record
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.governance.retention import (
    HUB_WIDE,
    DueRow,
    due_rows,
    records_user,
    require_la,
)
from mash_desktop.store.models import (
    Agency,
    Base,
    Contact,
    DestructionProposal,
    LegalHold,
    PaperCopy,
    PrintJob,
    StrategyDiscussion,
    User,
)
from mash_desktop.store.sql_dialect import defer_foreign_keys

_PAPER_GONE = {CopyStatus.DESTROYED.value, CopyStatus.VOID.value}


@dataclass(frozen=True)
class DestructionDone:
    reference: str
    rows_removed: int
    log_cleared: bool  # False when another workstation kept the log open; cleared at its close


def _contact(session: Session, contact_id: int) -> Contact:
    # Only what records management needs: on a hub an administrator's role reads no more of
    # a contact than identifiers, dates and codes (SEC-8).
    contact = session.get(
        Contact,
        contact_id,
        options=[
            load_only(
                Contact.id,
                Contact.reference,
                Contact.la_agency_id,
                Contact.received_at,
                Contact.status,
                Contact.outcome,
                Contact.outcome_at,
            )
        ],
    )
    if contact is None:
        raise NotFound("No such record (it may have been destroyed already).")
    return contact


def _la_code(session: Session, contact: Contact) -> str:
    agency = session.get(Agency, contact.la_agency_id) if contact.la_agency_id else None
    return agency.code if agency else HUB_WIDE


def _due_row(session: Session, actor: Actor, contact: Contact, today: date) -> DueRow:
    for row in due_rows(session, actor, today.toordinal()):
        if row.contact_id == contact.id:
            return row
    raise ValidationError(f"{contact.reference} is not yet due for destruction under its schedule.")


def _outstanding_paper(session: Session, contact: Contact) -> list[str]:
    discussions = [
        str(i)
        for i in session.scalars(
            select(StrategyDiscussion.id).where(StrategyDiscussion.contact_id == contact.id)
        )
    ]
    jobs = select(PrintJob.id).where(
        ((PrintJob.object_type == "contact") & (PrintJob.object_id == str(contact.id)))
        | ((PrintJob.object_type == "strategy_discussion") & PrintJob.object_id.in_(discussions))
    )
    return list(
        session.scalars(
            select(PaperCopy.reference).where(
                PaperCopy.job_id.in_(jobs), PaperCopy.status.not_in(_PAPER_GONE)
            )
        )
    )


def _username(session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    return user.username if user else str(user_id)


def _active_hold(session: Session, contact_id: int) -> LegalHold | None:
    return session.scalar(
        select(LegalHold).where(LegalHold.contact_id == contact_id, LegalHold.lifted_at.is_(None))
    )


class DestructionService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def _today(self) -> date:
        return to_london(self.ctx.clock.now()).date()

    # --- legal holds -----------------------------------------------------------------------
    def place_hold(self, actor: Actor, contact_id: int, reason: str) -> int:
        if not reason.strip():
            raise ValidationError(
                "Say what the hold is for (litigation, inquiry...).", {"reason": "Required."}
            )
        with self.ctx.store.transaction() as session:
            user = records_user(session, actor, "place a legal hold")
            contact = _contact(session, contact_id)
            require_la(actor, _la_code(session, contact))
            if _active_hold(session, contact_id) is not None:
                raise ValidationError(f"{contact.reference} is already under a legal hold.")
            hold = LegalHold(
                contact_id=contact.id,
                contact_reference=contact.reference,
                reason=reason.strip(),
                placed_by_id=user.id,
                placed_at=self.ctx.clock.now(),
            )
            session.add(hold)
            session.flush()
            record(
                session,
                self.ctx,
                actor,
                "legal_hold.place",
                "contact",
                contact.id,
                {"reference": contact.reference, "hold": hold.id, "reason": hold.reason},
            )
            return hold.id

    def lift_hold(self, actor: Actor, hold_id: int, reason: str) -> None:
        if not reason.strip():
            raise ValidationError("Say why the hold ends.", {"reason": "Required."})
        with self.ctx.store.transaction() as session:
            user = records_user(session, actor, "lift a legal hold")
            hold = session.get(LegalHold, hold_id)
            if hold is None or hold.lifted_at is not None:
                raise NotFound("No such legal hold in force.")
            hold.lifted_by_id, hold.lifted_at = user.id, self.ctx.clock.now()
            hold.lift_reason = reason.strip()
            record(
                session,
                self.ctx,
                actor,
                "legal_hold.lift",
                "contact",
                hold.contact_id or "",
                {"reference": hold.contact_reference, "hold": hold.id, "reason": reason},
            )

    # --- two-person destruction --------------------------------------------------------------
    def propose(self, actor: Actor, contact_id: int, reason: str) -> int:
        if not reason.strip():
            raise ValidationError(
                "Say why the record can go (e.g. 'retention period ended').",
                {"reason": "Required."},
            )
        with self.ctx.store.transaction() as session:
            user = records_user(session, actor, "propose a destruction")
            contact = _contact(session, contact_id)
            require_la(actor, _la_code(session, contact))
            due = _due_row(session, actor, contact, self._today())
            self._refuse_if_kept(session, contact)
            if due.proposal_id is not None:
                raise ValidationError(f"{contact.reference} is already proposed for destruction.")
            proposal = DestructionProposal(
                contact_id=contact.id,
                contact_reference=contact.reference,
                record_kind=due.kind.value,
                due_on=due.due_on,
                reason=reason.strip(),
                proposed_by_id=user.id,
                proposed_at=self.ctx.clock.now(),
                status="proposed",
            )
            session.add(proposal)
            session.flush()
            record(
                session,
                self.ctx,
                actor,
                "destruction.propose",
                "contact",
                contact.id,
                {
                    "reference": contact.reference,
                    "proposal": proposal.id,
                    "kind": due.kind.value,
                    "due_on": due.due_on.isoformat(),
                },
            )
            return proposal.id

    def refuse(self, actor: Actor, proposal_id: int, note: str) -> None:
        with self.ctx.store.transaction() as session:
            user = records_user(session, actor, "refuse a destruction")
            proposal = self._open_proposal(session, proposal_id)
            proposal.status, proposal.decided_by_id = "refused", user.id
            proposal.decided_at, proposal.decision_note = self.ctx.clock.now(), note.strip()
            record(
                session,
                self.ctx,
                actor,
                "destruction.refuse",
                "contact",
                proposal.contact_id or "",
                {
                    "reference": proposal.contact_reference,
                    "proposal": proposal.id,
                    "note": note.strip(),
                },
            )

    def approve(self, actor: Actor, proposal_id: int) -> DestructionDone:
        """The second person approves: the record is destroyed now, for real."""
        with self.ctx.store.transaction() as session:
            user = records_user(session, actor, "approve a destruction")
            proposal = self._open_proposal(session, proposal_id)
            if proposal.proposed_by_id == user.id:
                raise PermissionDenied("A second person must approve: you proposed this one.")
            contact = _contact(session, proposal.contact_id or 0)
            require_la(actor, _la_code(session, contact))
            due = _due_row(session, actor, contact, self._today())
            self._refuse_if_kept(session, contact)
            tombstone = {
                "reference": contact.reference,
                "kind": RecordKind(proposal.record_kind).label,
                "la": due.la_name,
                "received": to_london(contact.received_at).date().isoformat(),
                "decided": due.decided_on.isoformat(),
                "due_on": due.due_on.isoformat(),
                "rule": due.rule,
                "proposed_by": _username(session, proposal.proposed_by_id),
                "approved_by": user.username,
                "reason": proposal.reason,
            }
            contact_id = contact.id
            removed = remove_contact_rows(session, contact_id)
            proposal.status, proposal.decided_by_id = "destroyed", user.id
            proposal.decided_at = self.ctx.clock.now()
            record(
                session,
                self.ctx,
                actor,
                "record.destroyed",
                "contact",
                contact_id,
                {**tombstone, "rows": dict(sorted(removed.items()))},
            )
        cleared = clear_write_ahead_log(self.ctx)
        return DestructionDone(tombstone["reference"], sum(removed.values()), cleared)

    def _open_proposal(self, session: Session, proposal_id: int) -> DestructionProposal:
        proposal = session.get(DestructionProposal, proposal_id)
        if proposal is None or proposal.status != "proposed":
            raise NotFound("No such destruction waiting for approval.")
        return proposal

    def _refuse_if_kept(self, session: Session, contact: Contact) -> None:
        hold = _active_hold(session, contact.id)
        if hold is not None:
            raise ValidationError(
                f"{contact.reference} is under a legal hold ({hold.reason}); it cannot be "
                "destroyed until the hold is lifted."
            )
        paper = _outstanding_paper(session, contact)
        if paper:
            raise ValidationError(
                f"{contact.reference} still has paper copies not destroyed ({', '.join(paper)}): "
                "destroy them (witnessed) in the copy register first."
            )


def remove_contact_rows(session: Session, contact_id: int) -> Counter[str]:
    """Delete the contact and every row that depends on it, whatever the table. Rows that
    only point at it with ON DELETE SET NULL (holds, proposals) are kept, unlinked."""
    session.flush()
    defer_foreign_keys(session)
    doomed: dict[Table, set[int]] = {Contact.__table__: {contact_id}}  # type: ignore[dict-item]
    changed = True
    while changed:
        changed = False
        for table in Base.metadata.sorted_tables:
            for fk in table.foreign_keys:
                parent_ids = doomed.get(fk.column.table)
                if not parent_ids or fk.ondelete == "SET NULL" or "id" not in table.c:
                    continue
                found = set(session.scalars(select(table.c.id).where(fk.parent.in_(parent_ids))))
                new = found - doomed.get(table, set())
                if new:
                    doomed.setdefault(table, set()).update(new)
                    changed = True
    removed: Counter[str] = Counter()
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            ids = doomed.get(fk.column.table)
            if ids and fk.ondelete == "SET NULL":
                session.execute(
                    update(table).where(fk.parent.in_(ids)).values({fk.parent.name: None})
                )
    for table in reversed(Base.metadata.sorted_tables):
        ids = doomed.get(table)
        if ids:
            session.execute(delete(table).where(table.c.id.in_(ids)))
            removed[table.name] += len(ids)
    session.expire_all()
    return removed


def clear_write_ahead_log(ctx: AppContext) -> bool:
    """Make the deleted rows' older versions leave the disk (the store says how). False when
    another connection still reads an older snapshot."""
    return ctx.store.drop_old_row_versions()
