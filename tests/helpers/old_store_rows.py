"""Rows written straight into a store at an old schema, for upgrade tests (synthetic)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, text


def insert_old_contact(
    conn: Connection, now: datetime, extra: dict[str, str] | None = None
) -> None:
    """An agency, a user and contact 1 ('OLD-1'), with ``extra`` columns set as given."""
    conn.execute(
        text(
            "INSERT INTO agencies (id, code, name, kind, active) "
            "VALUES (1, 'POLICE', 'Police', 'police', 1)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO users (id, username, full_name, agency_id, role, password_hash, "
            "failed_attempts, locked, suspended, created_at) "
            "VALUES (1, 'u', 'U', 1, 'desk_officer', 'x', 0, 0, 0, :now)"
        ),
        {"now": now},
    )
    extra = extra or {}
    columns = "".join(f", {name}" for name in extra)
    values = "".join(f", :{name}" for name in extra)
    conn.execute(
        text(
            "INSERT INTO contacts (id, reference, referrer_name, referrer_contact, channel, "
            "received_at, concern, consent_obtained, child_in_hospital, rag, rag_reason, "
            "decision_due_at, status, csc_case_open, created_by_id, created_at, updated_at, "
            f"version{columns}) VALUES (1, 'OLD-1', 'R', '', 'phone', :now, 'c', 1, 0, 'red', "
            f"'', :now, 'open', 0, 1, :now, :now, 1{values})"
        ),
        {"now": now, **extra},
    )
