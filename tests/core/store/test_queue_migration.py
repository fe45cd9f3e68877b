"""An existing store made before the queue work opens, upgrades and keeps its contacts."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import inspect, text

from mash_desktop.store.engine import Store, build_engine, open_store
from mash_desktop.store.keys import load_keyring_key
from mash_desktop.store.migrate import alembic_config
from tests.helpers.old_store_rows import insert_old_contact


def test_foundation_store_upgrades_with_its_contacts(db_path):
    key = load_keyring_key(db_path, create=True)
    engine = build_engine(db_path, key)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_foundation")
        now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC).replace(tzinfo=None)
        insert_old_contact(conn, now)
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
