"""Drafts of any form (SEC-9): what a user has typed and not yet saved, kept in the encrypted
store so a crash, a lock or a restart loses nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mash_desktop.store.models.base import Base
from mash_desktop.store.types import UTCDateTime


class FormDraft(Base):
    """One unsaved form per user, per kind of form, per record (e.g. one strategy record)."""

    __tablename__ = "form_drafts"
    __table_args__ = (UniqueConstraint("user_id", "kind", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    ref: Mapped[str] = mapped_column(String(80))
    payload: Mapped[str] = mapped_column(Text)  # JSON of the form's fields
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
