"""Migration 0020 builds exactly what the models describe (form drafts, must-change flag)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mash_desktop.store.models import Base


def test_drafts_and_password_flag_match_the_models(ctx):
    with ctx.store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    text = repr(diff)
    assert "form_drafts" not in text
    assert "must_change_password" not in text
