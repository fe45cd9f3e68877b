"""Data subjects' rights: subject access requests with the items gathered for review and
their redactions (ISP-7), and objections and restrictions recorded against a person (ISP-14)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mash_desktop.store.models.base import Base
from mash_desktop.store.types import UTCDateTime


class SubjectAccessRequest(Base):
    """One request, answered by one partner from its own contributions (ISP-5.7.2)."""

    __tablename__ = "subject_access_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    person_name: Mapped[str] = mapped_column(String(200))
    person_dob: Mapped[date | None] = mapped_column(Date, nullable=True)
    requester: Mapped[str] = mapped_column(String(200), default="")
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    elsewhere: Mapped[str] = mapped_column(Text, default="{}")  # JSON {agency_id: {kind: n}}
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_subject_access_received", "received_on"),)


class SubjectAccessSubject(Base):
    """A record of the person (a child or household member on a contact) the request covers."""

    __tablename__ = "subject_access_subjects"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("subject_access_requests.id", ondelete="CASCADE")
    )
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))

    __table_args__ = (Index("ix_subject_access_subjects_request", "request_id"),)


class SubjectAccessItem(Base):
    """One item the partner contributed, its text as gathered and the reviewer's decision."""

    __tablename__ = "subject_access_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("subject_access_requests.id", ondelete="CASCADE")
    )
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    source_id: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(20), default="pending")
    exemption: Mapped[str | None] = mapped_column(String(30), nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (
        Index("ix_subject_access_items_request", "request_id", "position"),
        Index("ix_subject_access_items_contact", "contact_id"),
    )


class SubjectAccessRedaction(Base):
    """A span of an item's text to black out, with the exemption that justifies it."""

    __tablename__ = "subject_access_redactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("subject_access_items.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    exemption: Mapped[str] = mapped_column(String(30))
    marked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_subject_access_redactions_item", "item_id"),)


class PersonRight(Base):
    """An objection to processing or a restriction, recorded against a person (ISP-14)."""

    __tablename__ = "person_rights"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[date] = mapped_column(Date)
    detail: Mapped[str] = mapped_column(Text)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lift_reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_person_rights_open", "lifted_at", "subject_id"),)
