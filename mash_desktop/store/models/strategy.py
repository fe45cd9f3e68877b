"""Strategy discussions: request and record, attendees, actions, copies sent, escalations and
outcome feedback (SD-0 to SD-11)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mash_desktop.store.models.base import Base
from mash_desktop.store.types import UTCDateTime


class StrategyDiscussion(Base):
    """One strategy request (the Pan-Dorset Strategy Request Form) and, once held, its record."""

    __tablename__ = "strategy_discussions"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    la_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    status: Mapped[str] = mapped_column(String(20), default="requested")
    # --- the request (SD-2, SD-1, SD-11) ---
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    trigger: Mapped[str] = mapped_column(String(30), default="urgent_referral")
    reason: Mapped[str] = mapped_column(Text)  # reasonable cause to suspect significant harm
    paediatrician_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    child_in_hospital: Mapped[bool] = mapped_column(Boolean, default=False)
    hospital_note: Mapped[str] = mapped_column(Text, default="")
    emergency_no_mash: Mapped[bool] = mapped_column(Boolean, default=False)
    # --- added by 0030_protocol_rules (SD-1, SD-12, SD-13) ---
    child_looked_after: Mapped[bool] = mapped_column(Boolean, default=False)
    hospital_absent_reason: Mapped[str] = mapped_column(Text, default="")
    s47_lead_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), nullable=True)
    criminal_lead_agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id"), nullable=True
    )
    protection: Mapped[str | None] = mapped_column(String(30), nullable=True)
    protection_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # --- the discussion (SD-3, SD-4, SD-5, SD-8, SD-9) ---
    out_of_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    mode: Mapped[str] = mapped_column(String(20), default="meeting")
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    information_shared: Mapped[str] = mapped_column(Text, default="")
    criminal_investigation: Mapped[str] = mapped_column(Text, default="")
    s47_started: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    further_information: Mapped[str] = mapped_column(Text, default="")
    immediate_actions: Mapped[str] = mapped_column(Text, default="")
    legal_action_needed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    legal_action: Mapped[str] = mapped_column(Text, default="")
    shared_with_family: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    allocated_social_worker: Mapped[str] = mapped_column(String(200), default="")
    allocated_team: Mapped[str] = mapped_column(String(200), default="")
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # --- out of hours (SD-9): shown to the LA from the next working morning until acknowledged
    ooh_visible_from: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ooh_acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ooh_acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), nullable=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    invitations: Mapped[list[StrategyInvitation]] = relationship(
        back_populates="discussion", cascade="all, delete-orphan", order_by="StrategyInvitation.id"
    )
    attendees: Mapped[list[StrategyAttendee]] = relationship(
        back_populates="discussion", cascade="all, delete-orphan", order_by="StrategyAttendee.id"
    )
    missing_reasons: Mapped[list[StrategyMissingReason]] = relationship(
        back_populates="discussion", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_strategy_contact", "contact_id"),
        Index("ix_strategy_la_ooh", "la_agency_id", "out_of_hours", "ooh_acknowledged_at"),
    )


class StrategyInvitation(Base):
    """An agency invited on the request (SD-2): police and health always, others chosen."""

    __tablename__ = "strategy_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    discussion_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_discussions.id", ondelete="CASCADE")
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))

    discussion: Mapped[StrategyDiscussion] = relationship(back_populates="invitations")


class StrategyAttendee(Base):
    """One person on the attendee checklist (SD-3)."""

    __tablename__ = "strategy_attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    discussion_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_discussions.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(200))
    role_title: Mapped[str] = mapped_column(String(200), default="")
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    minimum_role: Mapped[str | None] = mapped_column(String(30), nullable=True)
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    senior_enough: Mapped[bool | None] = mapped_column(Boolean, nullable=True)  # SD-13
    hospital_staff: Mapped[bool] = mapped_column(Boolean, default=False)  # SD-1

    discussion: Mapped[StrategyDiscussion] = relationship(back_populates="attendees")


class StrategyMissingReason(Base):
    """Why a minimum attendee (SD-3) was not there; completion needs one per missing role."""

    __tablename__ = "strategy_missing_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    discussion_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_discussions.id", ondelete="CASCADE")
    )
    minimum_role: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text)

    discussion: Mapped[StrategyDiscussion] = relationship(back_populates="missing_reasons")


class StrategyAction(Base):
    """An agreed action (SD-6): who does what by when."""

    __tablename__ = "strategy_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    discussion_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_discussions.id", ondelete="CASCADE")
    )
    description: Mapped[str] = mapped_column(Text)
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    owner_person: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_strategy_actions_status_due", "status", "due_on"),
        Index("ix_strategy_actions_discussion", "discussion_id"),
    )


class StrategyActionFeedback(Base):
    """A partner's feedback note against an action (SD-6)."""

    __tablename__ = "strategy_action_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("strategy_actions.id", ondelete="CASCADE"))
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text)
    status_after: Mapped[str] = mapped_column(String(20))

    __table_args__ = (Index("ix_strategy_feedback_action", "action_id"),)


class StrategyCopy(Base):
    """The record's copy owed to one agency involved, and its sending (SD-4)."""

    __tablename__ = "strategy_copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    discussion_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_discussions.id", ondelete="CASCADE")
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    channel: Mapped[str | None] = mapped_column(String(20), nullable=True)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    address: Mapped[str] = mapped_column(String(200), default="")  # SD-16: where it went
    review_note: Mapped[str] = mapped_column(Text, default="")  # SEC-5: old post records

    __table_args__ = (Index("ix_strategy_copies_due", "sent_at", "due_at"),)


class StrategyEscalation(Base):
    """A partner's disagreement with the outcome and the escalation step taken (SD-10)."""

    __tablename__ = "strategy_escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    discussion_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_discussions.id", ondelete="CASCADE")
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disagreement: Mapped[str] = mapped_column(Text)
    escalation_step: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    resolution: Mapped[str] = mapped_column(Text, default="")


class StrategyOutcomeFeedback(Base):
    """The LA's feedback of the assessment outcome and conference date to partners (SD-8)."""

    __tablename__ = "strategy_outcome_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    discussion_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_discussions.id", ondelete="CASCADE")
    )
    assessment_outcome: Mapped[str] = mapped_column(String(30))
    conference_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    late_reason: Mapped[str] = mapped_column(Text, default="")  # SD-15: conference after due


class StrategyConferenceRequest(Base):
    """A partner asks children's social care to convene a conference (SD-18), and the answer."""

    __tablename__ = "strategy_conference_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    discussion_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_discussions.id", ondelete="CASCADE")
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    concern: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(String(20), nullable=True)  # agreed | declined
    answer_note: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (Index("ix_conference_requests_discussion", "discussion_id"),)
