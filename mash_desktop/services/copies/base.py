"""Shared steps of the copy register services: finding a copy, recording its events."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.copy_register import (
    CopyEvent,
    CopyStatus,
    check_transition,
    parse_reference,
)
from mash_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.models import Cabinet, CopyEventRow, PaperCopy, PrintJob, User


class RegisterBase:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

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

    def void_job(self, actor: Actor, job_id: int, reason: str) -> None:
        """Nothing printed (cancelled, refused, failed): the copies become void, never lost."""
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
                {
                    "job": job.id,
                    "reason": reason,
                    "spool_job": job.spool_job_id,
                    "copies": [c.reference for c in job.copies],
                },
            )

    def _password_ok(self, session: Session, user: User, password: str) -> bool:
        return self.ctx.store.passwords.matches(
            session, user.username, user.password_hash, password
        )
