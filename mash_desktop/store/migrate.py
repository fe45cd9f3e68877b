"""Schema migrations (alembic): copy the file aside, refuse a newer database, upgrade.

One linear history: ``0007_one_history`` joined the first build's four feature branches, and
every later migration has exactly one parent (a test keeps it so). A store is upgraded to the
head; a store at several older heads (the first build) is upgraded through the join.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Protocol

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from mash_desktop.store.errors import DatabaseTooNew, StoreError


class Store(Protocol):
    """What migrating needs of an open store (the engine module's ``Store`` has it)."""

    @property
    def path(self) -> Path: ...

    @property
    def engine(self) -> Engine: ...


class EngineOwner(Protocol):
    """A local store or a hub store: anything with an engine."""

    @property
    def engine(self) -> Engine: ...

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def known_heads() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revisions(store: EngineOwner) -> set[str]:
    # A read (engine.READ_ONLY_OPTION): opening must not queue for the write lock.
    with store.engine.execution_options(mash_read_only=True).connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return set()
        return {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}


def upgrade_store(store: Store) -> Path | None:
    """Bring the schema to the app's heads; returns the pre-migration copy, if one was made."""
    current = current_revisions(store)
    unknown = current - known_revisions()
    if unknown:
        raise DatabaseTooNew(
            f"{store.path} was written by a newer version of MASH Desktop "
            f"(schema {', '.join(sorted(unknown))}). Install the newer version to open it; "
            "the file was not changed."
        )
    if current == known_heads():
        return None
    backup = copy_aside(store, current) if current else None
    cfg = alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
    return backup


def copy_aside(store: Store, current: set[str]) -> Path:
    """A byte copy of the (encrypted) file, taken after folding the WAL back into it."""
    # A raw connection: through the engine, the "begin" hook would wrap the checkpoint in
    # BEGIN IMMEDIATE, and SQLite refuses to checkpoint inside a transaction ("table is locked").
    raw = store.engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
    label = "+".join(sorted(current))[:60]
    stamp = 0
    while True:
        target = store.path.with_name(f"{store.path.name}.before-{label}.{stamp}.bak")
        if not target.exists():
            break
        stamp += 1
    try:
        shutil.copy2(store.path, target)
    except OSError as exc:
        raise StoreError(
            f"Could not copy the database aside before upgrading it ({exc}); nothing was changed."
        ) from exc
    return target


def check_hub_schema(store: EngineOwner) -> None:
    """A workstation never migrates a hub: it refuses a schema it does not match."""
    current = current_revisions(store)
    if current - known_revisions():
        raise DatabaseTooNew(
            "The hub was upgraded by a newer version of MASH Desktop. Install the newer "
            "version on this workstation to use it."
        )
    if current != known_heads():
        raise StoreError(
            "The hub's database is not ready for this version of MASH Desktop. Ask the hub "
            "administrator to run 'mash-desktop hub migrate'."
        )


def upgrade_hub(store: EngineOwner) -> bool:
    """Bring the hub's schema to the app's heads (the hub owner only); True if it changed.

    PostgreSQL runs each migration's DDL inside the transaction: a failed upgrade leaves the
    hub as it was, so no copy is taken aside (back the server up with pg_dump first)."""
    current = current_revisions(store)
    if current - known_revisions():
        raise DatabaseTooNew(
            "The hub was upgraded by a newer version of MASH Desktop; nothing was changed."
        )
    if current == known_heads():
        return False
    cfg = alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
    return True
