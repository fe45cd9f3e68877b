"""The migrations produce exactly the models (issue 10): every table, column, type, index and
foreign key, in both directions of drift; and the history stays one line."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Integer, MetaData

from mash_desktop.store.engine import open_store
from mash_desktop.store.keys import KeyMaterial
from mash_desktop.store.migrate import alembic_config
from mash_desktop.store.models import Base

KEY = KeyMaterial.passphrase("synthetic schema pass")


def test_migrated_schema_has_no_drift_from_the_models(db_path: Path) -> None:
    store = open_store(db_path, KEY, create=True)
    try:
        with store.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": False}
            )
            diff = compare_metadata(context, Base.metadata)
    finally:
        store.close()
    # Tables only in the database (alembic's own bookkeeping aside) and only in the models
    # both show up here, as do columns, types, indexes, unique constraints and foreign keys.
    assert diff == []


def _drift(db_path: Path, metadata: MetaData) -> list[object]:
    store = open_store(db_path, KEY, create=True)
    try:
        with store.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))
    finally:
        store.close()


def _copy_of_models() -> MetaData:
    copy = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(copy)
    return copy


def test_the_comparison_sees_a_column_only_in_the_models(db_path: Path) -> None:
    drifted = _copy_of_models()
    drifted.tables["research_findings"].append_column(Column("extra", Integer))
    assert any("extra" in repr(d) for d in _drift(db_path, drifted))


def test_the_comparison_sees_a_table_only_in_the_database(db_path: Path) -> None:
    drifted = _copy_of_models()
    drifted.remove(drifted.tables["cabinets"])
    assert any(d[0] == "remove_table" for d in _drift(db_path, drifted) if isinstance(d, tuple))


def test_the_comparison_sees_a_changed_type(db_path: Path) -> None:
    drifted = _copy_of_models()
    drifted.tables["contacts"].c.concern.type = Integer()
    assert any("concern" in repr(d) for d in _drift(db_path, drifted))


def test_history_is_one_line_from_the_join() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    joined = False
    for revision in script.walk_revisions():  # newest first
        if revision.revision == "0007_one_history":
            joined = True
        parents = revision.down_revision
        if not joined:
            assert isinstance(parents, str), f"{revision.revision} must have exactly one parent"
