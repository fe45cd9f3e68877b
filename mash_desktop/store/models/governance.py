"""Information governance records: legal holds and two-person destruction (ISP-9); the
agreement, its signatories and each user's acknowledgement (GOV-2, GOV-3); non-compliance and
complaints (GOV-3)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mash_desktop.store.models.base import Base
from mash_desktop.store.types import UTCDateTime


class LegalHold(Base):
    """A hold (litigation, inquiry) that stops a record's destruction until it is lifted."""

    __tablename__ = "legal_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True
    )
    contact_reference: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    placed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lift_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (Index("ix_legal_holds_contact", "contact_id"),)


class DestructionProposal(Base):
    """Destruction of a record due under its LA's schedule: proposed by one person, approved
    (and carried out) or refused by another. Holds only the reference once destroyed."""

    __tablename__ = "destruction_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True
    )
    contact_reference: Mapped[str] = mapped_column(String(40))
    record_kind: Mapped[str] = mapped_column(String(40))
    due_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20))  # proposed, destroyed, refused
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decision_note: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (
        Index("ix_destruction_proposals_contact", "contact_id"),
        Index("ix_destruction_proposals_status", "status"),
    )


class AgreementVersion(Base):
    """A version of the information sharing agreement (GOV-2): when it took effect and when
    the partners must review it next."""

    __tablename__ = "agreement_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    effective_on: Mapped[date] = mapped_column(Date)
    review_due_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reviewed_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class AgreementSignatory(Base):
    """A partner's signature of one version: who signed for it and when (GOV-2)."""

    __tablename__ = "agreement_signatories"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("agreement_versions.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    signatory: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    signed_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("version_id", "agency_id", name="uq_agreement_signatories_partner"),
    )


class AgreementAcknowledgement(Base):
    """A user read and accepted a version of the agreement (GOV-3, ISP-10.1.1)."""

    __tablename__ = "agreement_acknowledgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("agreement_versions.id", ondelete="CASCADE"))
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("user_id", "version_id", name="uq_agreement_acknowledgements_user"),
    )


class GovernanceConcern(Base):
    """A partner's non-compliance with the agreement, or a complaint about the hub, for the
    Management Board (GOV-3, ISP-9.1.2, 11.1.1)."""

    __tablename__ = "governance_concerns"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # non_compliance, complaint
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), nullable=True)
    received_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    action_taken: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20))  # open, closed
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (Index("ix_governance_concerns_received", "received_on"),)
