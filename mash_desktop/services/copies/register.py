"""The copy register (SEC-5, InfoSec 2.2): every paper copy's life, from registration to
secure destruction. Copies are registered before anything prints; a print that fails or is
cancelled leaves void rows. No copy can be logged as leaving the MASH: the attempt is refused
and recorded as a security incident (SEC-4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from mash_desktop.domain.clock import to_london
from mash_desktop.domain.copy_register import (
    CopyEvent,
    CopyStatus,
    make_reference,
    next_usable_serial,
    parse_reference,
)
from mash_desktop.domain.errors import NotFound, ValidationError
from mash_desktop.printing.document import CopyStamp, PrintableDocument
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active
from mash_desktop.services.context import Actor
from mash_desktop.services.copies.movements import CopyMovements
from mash_desktop.services.copies.rows import (
    CopyEventView,
    CopyFilter,
    CopyRecord,
    CopyRow,
    copy_record,
    list_copy_rows,
)
from mash_desktop.services.print_permissions import require_view
from mash_desktop.services.settings import read_setting
from mash_desktop.store.models import Cabinet, PaperCopy, PrintJob, User

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


class CopyRegisterService(CopyMovements):
    """Printing steps and reading the register; movements come from ``CopyMovements``."""

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
            serial = int(
                session.scalar(
                    select(func.max(PaperCopy.ref_serial)).where(PaperCopy.ref_year == year)
                )
                or 0
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

    # --- reading ------------------------------------------------------------------------
    def find(self, actor: Actor, text: str) -> CopyRecord:
        """Scan to find: a typed or scanned reference opens the copy's record and history."""
        _year, _serial, reference = parse_reference(text)
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            collect = timedelta(minutes=int(read_setting(session, "copy_collect_minutes")))
            result = copy_record(session, reference, self.ctx.clock.now(), collect)
            if result is None:
                raise NotFound(f"No copy {reference} in the register.")
            record(session, self.ctx, actor, "copy.view", "paper_copy", reference)
            return result

    def list_copies(self, actor: Actor, flt: CopyFilter, limit: int = 2000) -> list[CopyRow]:
        """The register, filtered by status, cabinet and overdue returns."""
        with self.ctx.store.transaction() as session:
            require_active(session, actor)
            collect = timedelta(minutes=int(read_setting(session, "copy_collect_minutes")))
            rows = list_copy_rows(session, flt, self.ctx.clock.now(), limit, collect)
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
        from mash_desktop.services.copies.documents import register_document

        rows = self.list_copies(actor, flt, limit)
        cabinet = ""
        if flt.cabinet_id:
            with self.ctx.store.transaction() as session:
                found = session.get(Cabinet, flt.cabinet_id)
                cabinet = _cabinet_label(found) if found else ""
        return register_document(rows, flt.describe(cabinet), self.ctx.clock.now())
