"""Paper copies after printing (SEC-5, InfoSec 2.2): moved between secure cabinets, checked
out and returned inside the MASH, reported missing and found, destroyed with a witness. Any
attempt to log a copy as leaving the MASH is refused and recorded as a security incident."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from mash_desktop.domain.copy_register import (
    CopyEvent,
    CopyStatus,
    DestructionMethod,
    check_transition,
    check_witness,
)
from mash_desktop.domain.errors import PermissionDenied, ValidationError
from mash_desktop.domain.roles import PAPER_HANDLERS
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.services.authz import require_active, require_role
from mash_desktop.services.context import Actor
from mash_desktop.services.copies.base import RegisterBase
from mash_desktop.services.incidents import record_incident
from mash_desktop.store.models import User

DEFAULT_CHECKOUT_HOURS = 8


class CopyMovements(RegisterBase):
    def move(self, actor: Actor, reference: str, cabinet_id: int, note: str = "") -> None:
        """Move a copy from its cabinet to another secure cabinet."""
        with self.ctx.store.transaction() as session:
            require_role(session, actor, PAPER_HANDLERS, "move paper copies")
            copy = self._copy(session, reference)
            check_transition(CopyEvent.MOVED, CopyStatus(copy.status), copy.reference)
            target = self._active_cabinet(session, cabinet_id)
            if target.id == copy.cabinet_id:
                raise ValidationError(
                    f"Copy {copy.reference} is already in {target.code}.", {"cabinet": "Same."}
                )
            origin = copy.cabinet_id
            copy.cabinet = target
            copy.updated_at = self.ctx.clock.now()
            self._event(
                session,
                copy,
                actor,
                CopyEvent.MOVED,
                cabinet_id=target.id,
                from_cabinet_id=origin,
                note=note,
            )
            self._audit(session, actor, "copy.move", copy, {"to": target.code, "note": note})

    def check_out(
        self,
        actor: Actor,
        reference: str,
        to_person: str,
        leaves_mash: bool = False,
        due_back_at: datetime | None = None,
        where: str = "",
    ) -> None:
        """Take a copy out of its cabinet for use inside the MASH by a named person.

        ``leaves_mash`` is refused always (InfoSec 2.2.1) and recorded as a security incident.
        """
        if leaves_mash:
            self.refuse_removal(actor, reference, f"check out to {to_person}: {where}".strip())
        if not to_person.strip():
            raise ValidationError("Name who takes the copy.", {"person": "Required."})
        now = self.ctx.clock.now()
        due = due_back_at or now + timedelta(hours=DEFAULT_CHECKOUT_HOURS)
        if due <= now:
            raise ValidationError("The return time must be in the future.", {"due": "Too early."})
        with self.ctx.store.transaction() as session:
            require_role(session, actor, PAPER_HANDLERS, "check out paper copies")
            copy = self._copy(session, reference)
            check_transition(CopyEvent.CHECKED_OUT, CopyStatus(copy.status), copy.reference)
            self._set_status(copy, CopyStatus.CHECKED_OUT)
            copy.holder = to_person.strip()
            copy.checked_out_at = now
            copy.due_back_at = due
            self._event(
                session,
                copy,
                actor,
                CopyEvent.CHECKED_OUT,
                cabinet_id=copy.cabinet_id,
                person=copy.holder,
                note=f"{where} (due back {due.isoformat()})".strip(),
            )
            self._audit(
                session,
                actor,
                "copy.check_out",
                copy,
                {"to": copy.holder, "where": where, "due": due.isoformat()},
            )

    def return_copy(self, actor: Actor, reference: str, cabinet_id: int | None = None) -> None:
        """A checked-out copy comes back to its cabinet (or to another secure cabinet)."""
        with self.ctx.store.transaction() as session:
            require_role(session, actor, PAPER_HANDLERS, "return paper copies")
            copy = self._copy(session, reference)
            check_transition(CopyEvent.RETURNED, CopyStatus(copy.status), copy.reference)
            origin = copy.cabinet_id
            if cabinet_id is not None:
                copy.cabinet = self._active_cabinet(session, cabinet_id)
            person = copy.holder
            self._set_status(copy, CopyStatus.IN_CABINET)
            copy.holder = None
            copy.due_back_at = None
            session.flush()
            self._event(
                session,
                copy,
                actor,
                CopyEvent.RETURNED,
                cabinet_id=copy.cabinet_id,
                from_cabinet_id=origin if origin != copy.cabinet_id else None,
                person=person,
            )
            self._audit(session, actor, "copy.return", copy, {"from": person})

    def destroy(
        self,
        actor: Actor,
        reference: str,
        method: DestructionMethod,
        witness_username: str,
        witness_password: str,
    ) -> None:
        """Secure destruction, witnessed by another person who confirms with their password."""
        with self.ctx.store.transaction() as session:
            user = require_role(session, actor, PAPER_HANDLERS, "destroy paper copies")
            copy = self._copy(session, reference)
            check_transition(CopyEvent.DESTROYED, CopyStatus(copy.status), copy.reference)
            witness = session.scalar(
                select(User).where(User.username == witness_username.strip().lower())
            )
            check_witness(user.id, witness.id if witness else None)
            assert witness is not None
            if witness.suspended or witness.locked or not witness.agency.active:
                raise ValidationError(
                    f"{witness.full_name} cannot witness: their account is not active.",
                    {"witness": "Account not active."},
                )
            if not self._password_ok(session, witness, witness_password):
                raise ValidationError(
                    "The witness's password is wrong: the witness must confirm in person.",
                    {"witness_password": "Wrong password."},
                )
            now = self.ctx.clock.now()
            self._set_status(copy, CopyStatus.DESTROYED)
            copy.holder = None
            copy.due_back_at = None
            copy.destroyed_at = now
            copy.destroyed_by_id = user.id
            copy.witness_id = witness.id
            copy.destruction_method = method.value
            self._event(
                session,
                copy,
                actor,
                CopyEvent.DESTROYED,
                witness_id=witness.id,
                method=method.value,
            )
            self._audit(
                session,
                actor,
                "copy.destroy",
                copy,
                {"method": method.value, "witness": witness.username},
            )

    def report_missing(self, actor: Actor, reference: str, note: str) -> None:
        """A copy is not where the register says: a misplacement incident (InfoSec 1.1.1)."""
        if not note.strip():
            raise ValidationError("Say where it was last seen.", {"note": "Required."})
        with self.ctx.store.transaction() as session:
            require_role(session, actor, PAPER_HANDLERS, "report a paper copy missing")
            copy = self._copy(session, reference)
            check_transition(CopyEvent.REPORTED_MISSING, CopyStatus(copy.status), copy.reference)
            self._set_status(copy, CopyStatus.MISSING)
            self._event(session, copy, actor, CopyEvent.REPORTED_MISSING, note=note)
            self._audit(session, actor, "copy.missing", copy, {"note": note})
            record_incident(
                session,
                self.ctx,
                actor,
                IncidentKind.MISPLACEMENT,
                f"Paper copy {copy.reference} reported missing",
                "paper_copy",
                copy.reference,
                {"note": note},
            )

    def found(self, actor: Actor, reference: str, cabinet_id: int, note: str = "") -> None:
        """A missing copy is back: it goes into a secure cabinet."""
        with self.ctx.store.transaction() as session:
            require_role(session, actor, PAPER_HANDLERS, "record a found paper copy")
            copy = self._copy(session, reference)
            check_transition(CopyEvent.FOUND, CopyStatus(copy.status), copy.reference)
            copy.cabinet = self._active_cabinet(session, cabinet_id)
            self._set_status(copy, CopyStatus.IN_CABINET)
            copy.holder = None
            copy.due_back_at = None
            session.flush()
            self._event(
                session, copy, actor, CopyEvent.FOUND, cabinet_id=copy.cabinet_id, note=note
            )
            self._audit(session, actor, "copy.found", copy, {"cabinet": copy.cabinet.code})

    def refuse_removal(self, actor: Actor, reference: str, destination: str) -> None:
        """Any attempt to log a copy as leaving the MASH: refused, and recorded as an incident.

        The incident and the refused event are committed before the refusal is raised.
        """
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            copy = self._copy(session, reference)
            self._event(session, copy, actor, CopyEvent.REMOVAL_REFUSED, note=destination)
            self._audit(session, actor, "copy.removal_refused", copy, {"to": destination})
            incident = record_incident(
                session,
                self.ctx,
                actor,
                IncidentKind.UNAUTHORISED_DISCLOSURE,
                f"Attempt to log paper copy {copy.reference} as leaving the MASH secure "
                "environment (refused)",
                "paper_copy",
                copy.reference,
                {"destination": destination, "status": copy.status},
            )
            incident_id = incident.id
        raise PermissionDenied(
            "No paper copy may leave the MASH secure environment (Information Security "
            f"Protocol 2.2.1). The attempt was refused and recorded as security incident "
            f"{incident_id}."
        )
