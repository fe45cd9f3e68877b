"""Reading the copy register: the filtered list and one copy's record with its history.

Core queries over joined tables (no ORM objects leave here), so a register of thousands of
copies lists and prints quickly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from mash_desktop.domain.clock import format_london
from mash_desktop.domain.copy_register import CopyEvent, CopyStatus, DestructionMethod
from mash_desktop.store.models import Cabinet, CopyEventRow, PaperCopy, PrintJob, User

DEFAULT_COLLECT = timedelta(minutes=15)


@dataclass(frozen=True)
class CopyFilter:
    status: CopyStatus | None = None
    cabinet_id: int | None = None
    overdue_only: bool = False
    text: str = ""  # part of a reference, title or recipient

    def describe(self, cabinet: str = "") -> str:
        """The filter in words; ``cabinet`` names the chosen cabinet (never its row id)."""
        parts = []
        if self.status:
            parts.append(f"status {self.status.label}")
        if self.cabinet_id:
            parts.append(f"cabinet {cabinet or 'chosen'}")
        if self.overdue_only:
            parts.append("overdue returns only")
        if self.text:
            parts.append(f"matching '{self.text}'")
        return ", ".join(parts) or "all copies"


@dataclass(frozen=True)
class CopyRow:
    id: int
    reference: str
    copy_number: int
    copy_count: int
    document_kind: str
    title: str
    object_type: str
    object_id: str
    recipient: str
    cabinet_id: int
    cabinet: str
    status: CopyStatus
    holder: str
    due_back_at: datetime | None
    printed_by: str
    printed_at: datetime
    updated_at: datetime
    overdue: bool
    printer: str = ""
    sent_at: datetime | None = None
    not_collected: bool = False  # sent to the printer and not scanned in within the hub's time

    @property
    def status_text(self) -> str:
        """Status in words; overdue is said, not only coloured."""
        if self.not_collected:
            return f"Sent to {self.printer or 'printer'} - NOT COLLECTED"
        if self.overdue:
            return f"{self.status.label} - OVERDUE"
        return self.status.label


@dataclass(frozen=True)
class CopyEventView:
    at: datetime
    kind: CopyEvent
    by: str
    cabinet: str
    from_cabinet: str
    person: str
    witness: str
    method: str
    note: str

    def describe(self) -> str:
        """One line of the copy's history, in words."""
        text = self.kind.label
        if self.from_cabinet and self.cabinet:
            text += f" from {self.from_cabinet} to {self.cabinet}"
        elif self.cabinet:
            text += f" ({self.cabinet})"
        if self.person:
            text += f"; person: {self.person}"
        if self.method:
            text += f"; method: {DestructionMethod(self.method).label}"
        if self.witness:
            text += f"; witnessed by {self.witness}"
        if self.note:
            text += f"; {self.note}"
        return text


@dataclass(frozen=True)
class CopyRecord:
    copy: CopyRow
    history: tuple[CopyEventView, ...]


def _rows_query() -> Any:  # a Select of 21 columns
    printer = aliased(User)
    return (
        select(
            PaperCopy.id,
            PaperCopy.reference,
            PaperCopy.copy_number,
            PrintJob.copy_count,
            PrintJob.document_kind,
            PrintJob.title,
            PrintJob.object_type,
            PrintJob.object_id,
            PaperCopy.recipient,
            PaperCopy.cabinet_id,
            Cabinet.code,
            Cabinet.name,
            PaperCopy.status,
            PaperCopy.holder,
            PaperCopy.due_back_at,
            printer.full_name,
            printer.username,
            PrintJob.requested_at,
            PaperCopy.updated_at,
            PrintJob.printer_name,
            PrintJob.sent_at,
        )
        .join(PrintJob, PaperCopy.job_id == PrintJob.id)
        .join(Cabinet, PaperCopy.cabinet_id == Cabinet.id)
        .join(printer, PrintJob.requested_by_id == printer.id)
    )


def _to_row(r: tuple, now: datetime, collect_within: timedelta) -> CopyRow:  # type: ignore[type-arg]
    status = CopyStatus(r[12])
    overdue = status is CopyStatus.CHECKED_OUT and r[14] is not None and r[14] < now
    sent_at = r[20]
    not_collected = (
        status is CopyStatus.SENT and sent_at is not None and now - sent_at >= collect_within
    )
    return CopyRow(
        id=r[0],
        reference=r[1],
        copy_number=r[2],
        copy_count=r[3],
        document_kind=r[4],
        title=r[5],
        object_type=r[6],
        object_id=r[7],
        recipient=r[8],
        cabinet_id=r[9],
        cabinet=f"{r[10]}: {r[11]}",
        status=status,
        holder=r[13] or "",
        due_back_at=r[14],
        printed_by=f"{r[15]} ({r[16]})",
        printed_at=r[17],
        updated_at=r[18],
        overdue=overdue,
        printer=r[19] or "",
        sent_at=sent_at,
        not_collected=not_collected,
    )


def list_copy_rows(
    session: Session,
    flt: CopyFilter,
    now: datetime,
    limit: int,
    collect_within: timedelta = DEFAULT_COLLECT,
) -> list[CopyRow]:
    """Copies matching ``flt``, newest first, at most ``limit``."""
    query = _rows_query()
    if flt.status is not None:
        query = query.where(PaperCopy.status == flt.status.value)
    if flt.cabinet_id is not None:
        query = query.where(PaperCopy.cabinet_id == flt.cabinet_id)
    if flt.overdue_only:
        query = query.where(
            and_(
                PaperCopy.status == CopyStatus.CHECKED_OUT.value,
                PaperCopy.due_back_at < now,
            )
        )
    if flt.text.strip():
        like = f"%{flt.text.strip()}%"
        query = query.where(
            PaperCopy.reference.ilike(like)
            | PrintJob.title.ilike(like)
            | PaperCopy.recipient.ilike(like)
        )
    query = query.order_by(PaperCopy.id.desc()).limit(limit)
    return [_to_row(tuple(r), now, collect_within) for r in session.execute(query)]


def copy_record(
    session: Session, reference: str, now: datetime, collect_within: timedelta = DEFAULT_COLLECT
) -> CopyRecord | None:
    """One copy and its whole history, oldest event first."""
    row = session.execute(_rows_query().where(PaperCopy.reference == reference)).first()
    if row is None:
        return None
    copy = _to_row(tuple(row), now, collect_within)
    by, witness = aliased(User), aliased(User)
    cab, from_cab = aliased(Cabinet), aliased(Cabinet)
    events = session.execute(
        select(
            CopyEventRow.at,
            CopyEventRow.kind,
            by.full_name,
            by.username,
            cab.code,
            from_cab.code,
            CopyEventRow.person,
            witness.full_name,
            witness.username,
            CopyEventRow.method,
            CopyEventRow.note,
        )
        .join(by, CopyEventRow.by_user_id == by.id)
        .outerjoin(witness, CopyEventRow.witness_id == witness.id)
        .outerjoin(cab, CopyEventRow.cabinet_id == cab.id)
        .outerjoin(from_cab, CopyEventRow.from_cabinet_id == from_cab.id)
        .where(CopyEventRow.copy_id == copy.id)
        .order_by(CopyEventRow.id)
    )
    history = tuple(
        CopyEventView(
            at=e[0],
            kind=CopyEvent(e[1]),
            by=f"{e[2]} ({e[3]})",
            cabinet=e[4] or "",
            from_cabinet=e[5] or "",
            person=e[6] or "",
            witness=f"{e[7]} ({e[8]})" if e[7] else "",
            method=e[9] or "",
            note=e[10] or "",
        )
        for e in events
    )
    return CopyRecord(copy, history)


def format_due(row: CopyRow) -> str:
    """When a checked-out copy is due back, in UK time."""
    return format_london(row.due_back_at) if row.due_back_at else ""
