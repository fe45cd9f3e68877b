"""Contacts logged before romanised name search are found by it after the upgrade (RQ-8)."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from mash_desktop.store.engine import build_engine, open_store
from mash_desktop.store.keys import load_keyring_key
from mash_desktop.store.migrate import alembic_config
from tests.helpers.old_store_rows import insert_old_contact


def test_upgrade_rebuilds_the_child_search_text_of_existing_contacts(db_path):
    # REQ: RQ-8
    key = load_keyring_key(db_path, create=True)
    engine = build_engine(db_path, key)
    cfg = alembic_config()
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003_queue")
        insert_old_contact(conn, now, {"child_search": "zoë łukaszewska"})
        conn.execute(
            text(
                "INSERT INTO subjects (id, contact_id, is_child, relationship_to_child, "
                "first_name, last_name, gender, address, postcode, school, other_identifiers) "
                "VALUES (1, 1, 1, '', 'Zoë', 'Łukaszewska', '', '', '', '', '')"
            )
        )
    engine.dispose()
    store = open_store(db_path, key)
    try:
        with store.engine.connect() as conn:
            search = conn.execute(text("SELECT child_search FROM contacts")).scalar_one()
        assert search == "zoë łukaszewska zoe lukaszewska"
    finally:
        store.close()
