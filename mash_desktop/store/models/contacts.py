"""A contact (referral), the people on it (RQ-1), intake drafts and person-match decisions (RQ-3)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mash_desktop.store.models.base import Base
from mash_desktop.store.types import UTCDateTime


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    la_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), nullable=True)
    referrer_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), nullable=True)
    referrer_name: Mapped[str] = mapped_column(String(200), default="")
    referrer_contact: Mapped[str] = mapped_column(String(200), default="")
    channel: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    concern: Mapped[str] = mapped_column(Text, default="")
    consent_obtained: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    child_in_hospital: Mapped[bool] = mapped_column(Boolean, default=False)
    call_notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    rag: Mapped[str] = mapped_column(String(10), default="amber")
    rag_reason: Mapped[str] = mapped_column(Text, default="")
    decision_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="open")
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome_rationale: Mapped[str | None] = mapped_column(Text, nullable=True)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    csc_case_open: Mapped[bool] = mapped_column(Boolean, default=False)
    allocated_team: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Added by the queue migration (0003_queue): what the queue shows and searches without
    # joining every child, kept in step with the subjects by the contact service.
    first_child_name: Mapped[str] = mapped_column(String(200), default="")
    first_child_dob: Mapped[date | None] = mapped_column(Date, nullable=True)
    child_search: Mapped[str] = mapped_column(Text, default="")
    child_count: Mapped[int] = mapped_column(Integer, default=0)

    subjects: Mapped[list[Subject]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Subject.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The open queue: its order (due time, then id) and its name filter read from this
        # index alone, without a row lookup per open contact (issue 11: 1,000,000 contacts).
        Index("ix_contacts_open_queue", "status", "decision_due_at", "id", "child_search"),
        Index("ix_contacts_received", "received_at"),
        Index("ix_contacts_updated", "updated_at"),
        # Covering index for the queue's text filter and due-time order over every status:
        # SQLite scans this small index instead of decrypting every page of the wide table.
        Index("ix_contacts_due_search", "decision_due_at", "child_search"),
        # Covering index for the Management Board figures (GOV-1): a year of contacts counted
        # by outcome, agency, LA and timeliness without reading the wide rows.
        Index(
            "ix_contacts_board",
            "received_at",
            "outcome",
            "status",
            "referrer_agency_id",
            "la_agency_id",
            "outcome_at",
            "decision_due_at",
        ),
    )


class Subject(Base):
    """A child or household member named on a contact."""

    __tablename__ = "subjects"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    is_child: Mapped[bool] = mapped_column(Boolean, default=True)
    relationship_to_child: Mapped[str] = mapped_column(String(80), default="")
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    dob: Mapped[date | None] = mapped_column(Date, nullable=True)
    gender: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    nhs_number: Mapped[str | None] = mapped_column(String(10), nullable=True)
    school: Mapped[str] = mapped_column(String(200), default="")
    other_identifiers: Mapped[str] = mapped_column(Text, default="")
    # Added by 0110_person_search: the keys a name search finds this person by (RQ-8),
    # kept in step with the names by the contact service (domain.person_search.name_keys).
    name_keys: Mapped[str] = mapped_column(Text, default="")

    contact: Mapped[Contact] = relationship(back_populates="subjects")

    __table_args__ = (
        Index("ix_subjects_contact", "contact_id"),
        Index("ix_subjects_name", "last_name", "first_name"),
        Index("ix_subjects_dob", "dob"),
        Index("ix_subjects_nhs", "nhs_number"),
    )


class ContactDraft(Base):
    """An unfinished intake form, kept in the encrypted store so no typing is lost."""

    __tablename__ = "contact_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    payload: Mapped[str] = mapped_column(Text)  # JSON of the form's fields
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PersonLink(Base):
    """A decision that two subjects are (or are not) the same child."""

    __tablename__ = "person_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    other_subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("subject_id", "other_subject_id", name="uq_person_links_pair"),
        Index("ix_person_links_other", "other_subject_id"),
    )
