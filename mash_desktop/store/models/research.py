"""Agency research on a contact, its sharing and the final intelligence package (ISP-1..ISP-5)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mash_desktop.store.models.accounts import Agency
from mash_desktop.store.models.base import Base
from mash_desktop.store.types import UTCDateTime


class ResearchRequest(Base):
    """One agency asked to research one contact (ISP-1); its panel on the contact view."""

    __tablename__ = "research_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(20), default="requested")
    researcher_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    agency: Mapped[Agency] = relationship(lazy="joined")
    findings: Mapped[list[ResearchFinding]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="ResearchFinding.id"
    )
    checked: Mapped[ResearchSystemsChecked | None] = relationship(
        cascade="all, delete-orphan", uselist=False
    )

    @property
    def systems_checked(self) -> str:
        """Which systems the agency checked: its own row, which another agency's role cannot
        read on a hub (row-level security, ISP-2), so it reads as "" there."""
        return self.checked.text if self.checked is not None else ""

    @systems_checked.setter
    def systems_checked(self, value: str) -> None:
        if self.checked is None:
            if value:  # a new panel has no row: the researching agency writes the first
                self.checked = ResearchSystemsChecked(text=value)
        else:
            self.checked.text = value

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("contact_id", "agency_id", name="uq_research_requests_contact_agency"),
        Index("ix_research_requests_agency_state", "agency_id", "state"),
    )


class ResearchSystemsChecked(Base):
    """The systems an agency checked for its panel (kept apart from the panel so that the
    hub's row-level security can keep it to that agency, ISP-2)."""

    __tablename__ = "research_systems_checked"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("research_requests.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(Text, default="")


class ResearchFinding(Base):
    """What an agency found about one person on the contact (or the household)."""

    __tablename__ = "research_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("research_requests.id", ondelete="CASCADE"))
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("subjects.id", ondelete="SET NULL"), nullable=True
    )
    about: Mapped[str] = mapped_column(String(200), default="")  # shown name, kept if unlinked
    system: Mapped[str] = mapped_column(String(200), default="")
    finding: Mapped[str] = mapped_column(Text)
    relevance: Mapped[str] = mapped_column(String(20))
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    sensitivity_note: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # ISP-5 / ISP-7.1.4: the originating partner's permission to disseminate outside the MASH.
    outside_permitted: Mapped[bool] = mapped_column(Boolean, default=False)
    outside_permitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), nullable=True
    )
    outside_permitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outside_permission_note: Mapped[str] = mapped_column(Text, default="")
    amended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # ISP-13

    request: Mapped[ResearchRequest] = relationship(back_populates="findings")

    __table_args__ = (Index("ix_research_findings_request", "request_id"),)


class SharingDecision(Base):
    """The record of a decision to share (or, by the originating partner, to withhold) an item."""

    __tablename__ = "sharing_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("research_findings.id", ondelete="CASCADE"))
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(20))  # shared | withheld
    schedule2: Mapped[str] = mapped_column(Text)  # JSON list of codes (domain.sharing)
    schedule3: Mapped[str] = mapped_column(Text)
    gateways: Mapped[str] = mapped_column(Text)
    consent: Mapped[str] = mapped_column(String(20))
    consent_note: Mapped[str] = mapped_column(Text, default="")
    answers: Mapped[str] = mapped_column(Text)  # JSON {PI-1: answer, ... PI-6: answer}
    duty_of_confidence: Mapped[bool] = mapped_column(Boolean, default=False)
    holder_representative: Mapped[str] = mapped_column(String(200), default="")
    holder_views: Mapped[str] = mapped_column(Text, default="")
    partner_decision: Mapped[str | None] = mapped_column(String(20), nullable=True)
    partner_decided_by: Mapped[str] = mapped_column(String(200), default="")
    # --- added by 0030_protocol_rules (ISP-10, ISP-12) ---
    consent_given_by: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[str | None] = mapped_column(String(20), nullable=True)
    capacity_note: Mapped[str] = mapped_column(Text, default="")
    third_parties: Mapped[str | None] = mapped_column(String(20), nullable=True)
    third_party_note: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str | None] = mapped_column(String(20), nullable=True)
    advice_note: Mapped[str] = mapped_column(Text, default="")
    mental_illness_treatment: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_sharing_decisions_finding", "finding_id"),)


class WithholdReversal(Base):
    """ISP-3: a manager of the originating partner reverses its "do not disclose", with why."""

    __tablename__ = "withhold_reversals"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("research_findings.id", ondelete="CASCADE"))
    decision_id: Mapped[int] = mapped_column(ForeignKey("sharing_decisions.id"))
    reversed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reversed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_withhold_reversals_finding", "finding_id"),)


class FindingAmendment(Base):
    """ISP-13: the originator corrected a shared item; the earlier text stays here."""

    __tablename__ = "finding_amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("research_findings.id", ondelete="CASCADE"))
    amended_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    amended_at: Mapped[datetime] = mapped_column(UTCDateTime)
    old_text: Mapped[str] = mapped_column(Text)
    new_text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_finding_amendments_finding", "finding_id"),)


class IntelligencePackage(Base):
    """The final intelligence package for the operational team (ISP-4, InfoSec 2.1.2)."""

    __tablename__ = "intelligence_packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    recipient: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | issued
    composed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    items: Mapped[list[PackageItem]] = relationship(
        back_populates="package", cascade="all, delete-orphan", order_by="PackageItem.id"
    )

    __table_args__ = (Index("ix_intelligence_packages_contact", "contact_id"),)


class PackageItem(Base):
    __tablename__ = "package_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(
        ForeignKey("intelligence_packages.id", ondelete="CASCADE")
    )
    finding_id: Mapped[int] = mapped_column(ForeignKey("research_findings.id"))
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)

    package: Mapped[IntelligencePackage] = relationship(back_populates="items")
    finding: Mapped[ResearchFinding] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("package_id", "finding_id", name="uq_package_items_package_finding"),
    )


class Disclosure(Base):
    """The onward-sharing log: who disclosed what, to whom, on what basis."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    finding_id: Mapped[int | None] = mapped_column(
        ForeignKey("research_findings.id"), nullable=True
    )
    package_id: Mapped[int | None] = mapped_column(
        ForeignKey("intelligence_packages.id"), nullable=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    disclosed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    from_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    to_party: Mapped[str] = mapped_column(String(200))
    what: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_disclosures_contact", "contact_id", "at"),)


class PermissionRequest(Base):
    """A MASH manager asks an item's originating partner for leave to disseminate it outside
    the MASH (ISP-5, ISP-7.1.4); the partner grants or refuses it, with a note."""

    __tablename__ = "permission_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("research_findings.id", ondelete="CASCADE")
    )
    package_id: Mapped[int | None] = mapped_column(
        ForeignKey("intelligence_packages.id", ondelete="SET NULL"), nullable=True
    )
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending|granted|refused
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    answer_note: Mapped[str] = mapped_column(Text, default="")

    finding: Mapped[ResearchFinding] = relationship(lazy="joined")

    __table_args__ = (
        Index("ix_permission_requests_finding", "finding_id"),
        Index("ix_permission_requests_status", "status"),
    )
