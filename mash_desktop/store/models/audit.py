from __future__ import annotations

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mash_desktop.store.models.base import Base


class AuditEntry(Base):
    """Append-only; fields are kept as the exact text the chain MAC was computed over."""

    __tablename__ = "audit_entries"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))  # ISO 8601 UTC
    actor: Mapped[str] = mapped_column(String(80))
    agency: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(80))
    details: Mapped[str] = mapped_column(Text)
    mac: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_actor", "actor"),
        Index("ix_audit_action", "action"),
        Index("ix_audit_object", "object_type", "object_id"),
        Index("ix_audit_at", "at"),
    )
