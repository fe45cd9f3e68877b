"""A first-build store upgrades to the research tables (their drift is checked by
test_schema_matches_models)."""

from __future__ import annotations

RESEARCH_TABLES = {
    "research_requests",
    "research_findings",
    "sharing_decisions",
    "intelligence_packages",
    "package_items",
    "disclosures",
}


def test_a_foundation_only_store_upgrades_to_the_research_tables(tmp_path):
    from alembic import command
    from sqlalchemy import inspect

    from mash_desktop.store.engine import build_engine, open_store
    from mash_desktop.store.keys import load_keyring_key
    from mash_desktop.store.migrate import alembic_config

    path = tmp_path / "old.db"
    key = load_keyring_key(path, create=True)
    engine = build_engine(path, key)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_foundation")
    engine.dispose()
    store = open_store(path, key)
    try:
        assert set(inspect(store.engine).get_table_names()) >= RESEARCH_TABLES
    finally:
        store.close()
