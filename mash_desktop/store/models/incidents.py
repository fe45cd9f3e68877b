"""Security incidents of the kinds in InfoSec 1.1.1, for the Management Board (SEC-4)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mash_desktop.store.models.base import Base
from mash_desktop.store.types import UTCDateTime


class SecurityIncident(Base):
    """A security incident of a kind in InfoSec 1.1.1, for the Management Board (SEC-4)."""

    __tablename__ = "security_incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(80))
    agency_code: Mapped[str] = mapped_column(String(40), default="")
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[str] = mapped_column(String(80), default="")
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    reported_to_board_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (
        Index("ix_security_incidents_at", "occurred_at"),
        Index("ix_security_incidents_kind", "kind"),
    )
