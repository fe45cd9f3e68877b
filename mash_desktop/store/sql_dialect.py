"""The few statements that differ between SQLCipher and PostgreSQL, for services to call
without asking which engine they are on."""

from __future__ import annotations

from sqlalchemy.orm import Session


def defer_foreign_keys(session: Session) -> None:
    """Check foreign keys at commit for the rest of this transaction."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    else:
        session.connection().exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")
