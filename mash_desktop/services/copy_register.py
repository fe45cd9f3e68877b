"""The copy register (SEC-5, InfoSec 2.2): every paper copy's life, from registration to
secure destruction. Copies are registered before anything prints; a print that fails or is
cancelled leaves void rows. No copy can be logged as leaving the MASH: the attempt is refused
and recorded as a security incident (SEC-4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mash_desktop.domain.clock import to_london
from mash_desktop.domain.copy_register import (
    CopyEvent,
    CopyStatus,
    DestructionMethod,
    check_transition,
    check_witness,
    make_reference,
    next_usable_serial,
    parse_reference,
)
from mash_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.printing.document import CopyStamp, PrintableDocument
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active, require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.copy_register_queries import (
    CopyEventView,
    CopyFilter,
    CopyRecord,
    CopyRow,
    copy_record,
    list_copy_rows,
)
from mash_desktop.services.print_permissions import register_view_check, require_view
from mash_desktop.services.security_incidents import record_incident
from mash_desktop.store.models import Cabinet, CopyEventRow, PaperCopy, PrintJob, User

__all__ = [
    "CopyEventView",
    "CopyFilter",
    "CopyRecord",
    "CopyRegisterService",
    "CopyRequest",
    "CopyRow",
    "PrintJobRow",
    "RegisteredCopy",
]

MAX_COPIES = 20
DEFAULT_CHECKOUT_HOURS = 8
# Who handles paper in the hub; auditors read the register but do not move paper.
HANDLERS = frozenset(
    {Role.DESK_OFFICER, Role.MASH_MANAGER, Role.LA_MANAGER, Role.OOH_MANAGER, Role.ADMINISTRATOR}
)
_hasher = PasswordHasher()


@dataclass(frozen=True)
class CopyRequest:
    """One copy asked for in the print dialog: who it is for and where it will be kept."""

    recipient: str
    cabinet_id: int


@dataclass(frozen=True)
class RegisteredCopy:
    id: int
    reference: str
    copy_number: int
    recipient: str
    cabinet_label: str


@dataclass(frozen=True)
class PrintJobRow:
    id: int
    document_kind: str
    title: str
    object_type: str
    object_id: str
    copy_count: int
    status: str
    printed_by: str
    printed_at: datetime
    copies: tuple[RegisteredCopy, ...]

    def stamps(self) -> tuple[CopyStamp, ...]:
        """What each copy carries on every page, in copy order."""
        return tuple(
            CopyStamp(
                reference=c.reference,
                copy_number=c.copy_number,
                copy_count=self.copy_count,
                printed_by=self.printed_by,
                printed_at=self.printed_at,
                recipient=c.recipient,
                cabinet=c.cabinet_label,
            )
            for c in self.copies
        )


def _cabinet_label(cabinet: Cabinet) -> str:
    return f"{cabinet.code}: {cabinet.name}"


def _job_row(job: PrintJob, user: User) -> PrintJobRow:
    return PrintJobRow(
        job.id,
        job.document_kind,
        job.title,
        job.object_type,
        job.object_id,
        job.copy_count,
        job.status,
        f"{user.full_name} ({user.username})",
        job.requested_at,
        tuple(
            RegisteredCopy(c.id, c.reference, c.copy_number, c.recipient, _cabinet_label(c.cabinet))
            for c in job.copies
        ),
    )


def _view_register(session: Session, actor: Actor, _object_id: str) -> None:
    require_active(session, actor)


register_view_check("copy_register", _view_register)


class CopyRegisterService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # --- printing -----------------------------------------------------------------------
    def register_print(
        self, actor: Actor, document: PrintableDocument, requests: Sequence[CopyRequest]
    ) -> PrintJobRow:
        """Record the copies before printing: one register row per copy, status registered."""
        errors: dict[str, str] = {}
        if not 1 <= len(requests) <= MAX_COPIES:
            errors["copies"] = f"Print between 1 and {MAX_COPIES} copies."
        for n, req in enumerate(requests, start=1):
            if not req.recipient.strip():
                errors[f"recipient_{n}"] = f"Copy {n}: name who it is for."
        with self.ctx.store.transaction() as session:
            user = require_active(session, actor)
            require_view(session, actor, document.object_type, document.object_id)
            cabinets = {}
            for n, req in enumerate(requests, start=1):
                cabinet = session.get(Cabinet, req.cabinet_id)
                if cabinet is None or not cabinet.active:
                    errors[f"cabinet_{n}"] = f"Copy {n}: choose a secure cabinet in use."
                else:
                    cabinets[n] = cabinet
            if errors:
                raise ValidationError(
                    "The copies cannot be registered: " + "; ".join(errors.values()), errors
                )
            now = self.ctx.clock.now()
            job = PrintJob(
                document_kind=document.kind,
                title=document.title[:300],
                object_type=document.object_type,
                object_id=str(document.object_id),
                source_agencies=",".join(document.source_agencies),
                copy_count=len(requests),
                requested_by_id=user.id,
                requested_at=now,
                status="registered",
            )
            session.add(job)
            session.flush()
            year = to_london(now).year
            serial = session.scalar(
                select(func.coalesce(func.max(PaperCopy.ref_serial), 0)).where(
                    PaperCopy.ref_year == year
                )
            )
            for n, req in enumerate(requests, start=1):
                serial = next_usable_serial(year, serial)
                copy = PaperCopy(
                    reference=make_reference(year, serial),
                    ref_year=year,
                    ref_serial=serial,
                    job=job,
                    copy_number=n,
                    recipient=req.recipient.strip(),
                    cabinet=cabinets[n],
                    status=CopyStatus.REGISTERED.value,
                    created_at=now,
                    updated_at=now,
                )
                session.add(copy)
                session.flush()
                self._event(session, copy, actor, CopyEvent.REGISTERED, cabinet_id=copy.cabinet_id)
            session.refresh(job)
            row = _job_row(job, user)
            record(
                session,
                self.ctx,
                actor,
                "print.register",
                document.object_type,
                document.object_id,
                {
                    "job": job.id,
                    "kind": document.kind,
                    "copies": [c.reference for c in row.copies],
                    "sources": list(document.source_agencies),
                },
            )
            return row

    def confirm_printed(self, actor: Actor, job_id: int, page_count: int) -> None:
        """The printer took the job: each copy is now paper in its cabinet."""
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            job = self._job(session, actor, job_id)
            for copy in job.copies:
                check_transition(CopyEvent.PRINTED, CopyStatus(copy.status), copy.reference)
                self._set_status(copy, CopyStatus.IN_CABINET)
                self._event(session, copy, actor, CopyEvent.PRINTED, cabinet_id=copy.cabinet_id)
            job.status = "printed"
            job.page_count = page_count
            job.finished_at = self.ctx.clock.now()
            record(
                session,
                self.ctx,
                actor,
                "print.printed",
                job.object_type,
                job.object_id,
                {"job": job.id, "pages": page_count, "copies": [c.reference for c in job.copies]},
            )

    def void_job(self, actor: Actor, job_id: int, reason: str) -> None:
        """The print was cancelled or failed: the registered copies become void, not lost."""
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            job = self._job(session, actor, job_id)
            for copy in job.copies:
                check_transition(CopyEvent.VOIDED, CopyStatus(copy.status), copy.reference)
                self._set_status(copy, CopyStatus.VOID)
                self._event(session, copy, actor, CopyEvent.VOIDED, note=reason)
            job.status = "void"
            job.void_reason = reason
            job.finished_at = self.ctx.clock.now()
            record(
                session,
                self.ctx,
                actor,
                "print.void",
                job.object_type,
                job.object_id,
                {"job": job.id, "reason": reason, "copies": [c.reference for c in job.copies]},
            )

    # --- movements ----------------------------------------------------------------------
    def move(self, actor: Actor, reference: str, cabinet_id: int, note: str = "") -> None:
        """Move a copy from its cabinet to another secure cabinet."""
        with self.ctx.store.transaction() as session:
            require_role(session, actor, HANDLERS, "move paper copies")
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
            require_role(session, actor, HANDLERS, "check out paper copies")
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
            require_role(session, actor, HANDLERS, "return paper copies")
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
            user = require_role(session, actor, HANDLERS, "destroy paper copies")
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
            if not self._password_ok(witness, witness_password):
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
            require_role(session, actor, HANDLERS, "report a paper copy missing")
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
            require_role(session, actor, HANDLERS, "record a found paper copy")
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

    # --- reading ------------------------------------------------------------------------
    def find(self, actor: Actor, text: str) -> CopyRecord:
        """Scan to find: a typed or scanned reference opens the copy's record and history."""
        _year, _serial, reference = parse_reference(text)
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            result = copy_record(session, reference, self.ctx.clock.now())
            if result is None:
                raise NotFound(f"No copy {reference} in the register.")
            record(session, self.ctx, actor, "copy.view", "paper_copy", reference)
            return result

    def list_copies(self, actor: Actor, flt: CopyFilter, limit: int = 2000) -> list[CopyRow]:
        """The register, filtered by status, cabinet and overdue returns."""
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            rows = list_copy_rows(session, flt, self.ctx.clock.now(), limit)
            record(
                session,
                self.ctx,
                actor,
                "copy_register.view",
                "copy_register",
                "",
                {"filter": flt.describe(), "count": len(rows)},
            )
            return rows

    def register_document(
        self, actor: Actor, flt: CopyFilter, limit: int = 100_000
    ) -> PrintableDocument:
        """The register itself as a printable document (audited like any view)."""
        from mash_desktop.services.copy_register_report import register_document

        rows = self.list_copies(actor, flt, limit)
        return register_document(rows, flt.describe(), self.ctx.clock.now())

    # --- helpers ------------------------------------------------------------------------
    def _job(self, session: Session, actor: Actor, job_id: int) -> PrintJob:
        job = session.get(PrintJob, job_id)
        if job is None:
            raise NotFound("No such print job.")
        if job.requested_by_id != actor.user_id:
            raise PermissionDenied("Only the person who started a print can finish or cancel it.")
        return job

    def _copy(self, session: Session, reference: str) -> PaperCopy:
        _year, _serial, canonical = parse_reference(reference)
        copy = session.scalar(select(PaperCopy).where(PaperCopy.reference == canonical))
        if copy is None:
            raise NotFound(f"No copy {canonical} in the register.")
        return copy

    def _active_cabinet(self, session: Session, cabinet_id: int) -> Cabinet:
        cabinet = session.get(Cabinet, cabinet_id)
        if cabinet is None or not cabinet.active:
            raise ValidationError("Choose a secure cabinet in use.", {"cabinet": "Not in use."})
        return cabinet

    def _set_status(self, copy: PaperCopy, status: CopyStatus) -> None:
        copy.status = status.value
        copy.updated_at = self.ctx.clock.now()

    def _event(
        self,
        session: Session,
        copy: PaperCopy,
        actor: Actor,
        kind: CopyEvent,
        cabinet_id: int | None = None,
        from_cabinet_id: int | None = None,
        person: str | None = None,
        witness_id: int | None = None,
        method: str | None = None,
        note: str = "",
    ) -> None:
        session.add(
            CopyEventRow(
                copy_id=copy.id,
                at=self.ctx.clock.now(),
                kind=kind.value,
                by_user_id=actor.user_id,
                cabinet_id=cabinet_id,
                from_cabinet_id=from_cabinet_id,
                person=person,
                witness_id=witness_id,
                method=method,
                note=note,
            )
        )

    def _audit(
        self,
        session: Session,
        actor: Actor,
        action: str,
        copy: PaperCopy,
        details: dict[str, object],
    ) -> None:
        record(session, self.ctx, actor, action, "paper_copy", copy.reference, details)

    @staticmethod
    def _password_ok(user: User, password: str) -> bool:
        try:
            return _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
