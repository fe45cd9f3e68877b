"""Controlled paper copies (SEC-5): cabinets, print jobs, copies and their history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mash_desktop.store.models.base import Base
from mash_desktop.store.types import UTCDateTime


class Cabinet(Base):
    """A secure cabinet inside the MASH where paper copies are kept."""

    __tablename__ = "cabinets"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    location: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PrintJob(Base):
    """One request to print M copies of one document; registered before anything prints."""

    __tablename__ = "print_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(80))
    source_agencies: Mapped[str] = mapped_column(Text, default="")  # comma-separated codes
    copy_count: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20))  # registered, sent, printed (old), void
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Where the job went and what the spooler last said of it (SEC-5: follow the print).
    printer_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    spool_job_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    spool_state: Mapped[str | None] = mapped_column(String(20), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    uncollected_incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("security_incidents.id"), nullable=True
    )

    copies: Mapped[list[PaperCopy]] = relationship(
        back_populates="job", order_by="PaperCopy.copy_number"
    )

    __table_args__ = (
        Index("ix_print_jobs_object", "object_type", "object_id"),
        Index("ix_print_jobs_status", "status"),
    )


class PaperCopy(Base):
    """One numbered paper copy and where it is now."""

    __tablename__ = "paper_copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    ref_year: Mapped[int] = mapped_column(Integer)
    ref_serial: Mapped[int] = mapped_column(Integer)
    job_id: Mapped[int] = mapped_column(ForeignKey("print_jobs.id"))
    copy_number: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(200))
    cabinet_id: Mapped[int] = mapped_column(ForeignKey("cabinets.id"))
    status: Mapped[str] = mapped_column(String(20))
    holder: Mapped[str | None] = mapped_column(String(200), nullable=True)
    checked_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    due_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    destroyed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    destroyed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    witness_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    destruction_method: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    job: Mapped[PrintJob] = relationship(back_populates="copies")
    cabinet: Mapped[Cabinet] = relationship()

    __table_args__ = (
        UniqueConstraint("ref_year", "ref_serial", name="uq_paper_copies_year_serial"),
        Index("ix_paper_copies_status", "status"),
        Index("ix_paper_copies_cabinet", "cabinet_id"),
        Index("ix_paper_copies_due", "due_back_at"),
        Index("ix_paper_copies_job", "job_id"),
    )


class CopyEventRow(Base):
    """The life of a copy, one row per event, never updated."""

    __tablename__ = "copy_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    copy_id: Mapped[int] = mapped_column(ForeignKey("paper_copies.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(30))
    by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    cabinet_id: Mapped[int | None] = mapped_column(ForeignKey("cabinets.id"), nullable=True)
    from_cabinet_id: Mapped[int | None] = mapped_column(ForeignKey("cabinets.id"), nullable=True)
    person: Mapped[str | None] = mapped_column(String(200), nullable=True)
    witness_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    method: Mapped[str | None] = mapped_column(String(40), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_copy_events_copy", "copy_id", "at"),)
