"""An existing store made before the queue work opens, upgrades and keeps its contacts."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import inspect, text

from mash_desktop.store.engine import Store, build_engine, open_store
from mash_desktop.store.keys import load_keyring_key
from mash_desktop.store.migrate import alembic_config


def test_foundation_store_upgrades_with_its_contacts(db_path):
    key = load_keyring_key(db_path, create=True)
    engine = build_engine(db_path, key)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_foundation")
        now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC).replace(tzinfo=None)
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
        conn.execute(
            text(
                "INSERT INTO contacts (id, reference, referrer_name, referrer_contact, channel, "
                "received_at, concern, consent_obtained, child_in_hospital, rag, rag_reason, "
                "decision_due_at, status, csc_case_open, created_by_id, created_at, updated_at, "
                "version) VALUES (1, 'OLD-1', 'R', '', 'phone', :now, 'c', 1, 0, 'red', '', "
                ":now, 'open', 0, 1, :now, :now, 1)"
            ),
            {"now": now},
        )
    engine.dispose()
    store: Store = open_store(db_path, key)
    try:
        insp = inspect(store.engine)
        assert {"contact_drafts", "person_links"} <= set(insp.get_table_names())
        with store.engine.connect() as conn:
            row = conn.execute(
                text("SELECT reference, first_child_name, child_count FROM contacts")
            ).one()
        assert tuple(row) == ("OLD-1", "", 0)
    finally:
        store.close()
