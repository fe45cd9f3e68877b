"""The research migration builds exactly what the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mash_desktop.store.models import Base

RESEARCH_TABLES = {
    "research_requests",
    "research_findings",
    "sharing_decisions",
    "intelligence_packages",
    "package_items",
    "disclosures",
}


def test_migrated_research_tables_match_the_models(ctx):
    with ctx.store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ours = [d for d in diff if RESEARCH_TABLES & set(_tables(d))]
    assert ours == []


def _tables(diff):
    items = diff if isinstance(diff, list) else [diff]
    names = []
    for item in items:
        for part in item:
            name = getattr(part, "name", None)
            table = getattr(part, "table", None)
            if table is not None:
                names.append(table.name)
            if isinstance(part, str) or name:
                names.append(part if isinstance(part, str) else name)
    return names


def test_the_comparison_would_notice_a_drift(ctx):
    from sqlalchemy import Column, Integer, MetaData

    drifted = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(drifted)
    drifted.tables["research_findings"].append_column(Column("extra", Integer))
    with ctx.store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), drifted)
    assert [d for d in diff if RESEARCH_TABLES & set(_tables(d))]


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
