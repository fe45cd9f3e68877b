"""People logged before person search are found by it after the upgrade (RQ-8): the
migration fills in every person's name keys, children and household members alike."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from mash_desktop.domain.person_search import name_keys
from mash_desktop.store.engine import build_engine, open_store
from mash_desktop.store.keys import load_keyring_key
from mash_desktop.store.migrate import alembic_config
from tests.helpers.old_store_rows import insert_old_contact


def test_upgrade_fills_in_the_name_keys_of_people_already_stored(db_path):
    # REQ: RQ-8
    key = load_keyring_key(db_path, create=True)
    engine = build_engine(db_path, key)
    cfg = alembic_config()
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0012_hub_need_to_know")
        insert_old_contact(conn, now, {"child_search": "zoë łukaszewska"})
        for sid, is_child, first, last in ((1, 1, "Zoë", "Łukaszewska"), (2, 0, "محمد", "حداد")):
            conn.execute(
                text(
                    "INSERT INTO subjects (id, contact_id, is_child, relationship_to_child, "
                    "first_name, last_name, gender, address, postcode, school, "
                    "other_identifiers) VALUES (:id, 1, :child, '', :first, :last, '', '', '', "
                    "'', '')"
                ),
                {"id": sid, "child": is_child, "first": first, "last": last},
            )
    engine.dispose()
    store = open_store(db_path, key)
    try:
        with store.engine.connect() as conn:
            keys = dict(conn.execute(text("SELECT id, name_keys FROM subjects")).all())
        assert keys == {1: name_keys("Zoë", "Łukaszewska"), 2: name_keys("محمد", "حداد")}
        assert " zoe " in keys[1] and " muhammad " in keys[2]
    finally:
        store.close()
