"""The printing migration creates the copy register's tables, and they match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from mash_desktop.store.migrate import current_revisions, known_heads
from mash_desktop.store.models import Base

PRINTING_TABLES = {"cabinets", "print_jobs", "paper_copies", "copy_events", "security_incidents"}


def test_store_opens_with_the_printing_tables(ctx):
    # REQ: SEC-5
    names = set(inspect(ctx.store.engine).get_table_names())
    assert names >= PRINTING_TABLES
    assert current_revisions(ctx.store) == known_heads()


def test_printing_migration_matches_the_models(ctx):
    with ctx.store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)

    def table_of(diff):
        item = diff[0] if isinstance(diff, list) else diff
        for part in item[1:]:
            name = getattr(part, "name", None)
            table = getattr(part, "table", None)
            if table is not None:
                return table.name
            if isinstance(name, str) and name in PRINTING_TABLES:
                return name
            if isinstance(part, str) and part in PRINTING_TABLES:
                return part
        return None

    ours = [d for d in diffs if table_of(d) in PRINTING_TABLES]
    assert ours == []
