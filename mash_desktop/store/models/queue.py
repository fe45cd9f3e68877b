"""Intake drafts and person-match decisions (RQ-1, RQ-3)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mash_desktop.store.models.base import Base
from mash_desktop.store.types import UTCDateTime


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
