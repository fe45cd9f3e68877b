"""Alembic environment: always run programmatically with an open connection."""

from __future__ import annotations

from alembic import context

from mash_desktop.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("MASH Desktop migrations run through mash_desktop.store.migrate only")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
