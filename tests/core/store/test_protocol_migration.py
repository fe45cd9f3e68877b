"""Migration 0030: a strategy copy once logged as sent by post is kept as it was and flagged
for review, not silently changed (SEC-5, SD-16)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select

from mash_desktop.domain.strategy import CopyChannel
from mash_desktop.store.engine import build_engine, open_store
from mash_desktop.store.keys import load_keyring_key
from mash_desktop.store.migrate import alembic_config
from mash_desktop.store.models import StrategyCopy

AT = "2026-11-20 10:00:00.000000"


def test_sec5_copies_logged_as_posted_are_flagged_for_review_not_rewritten(tmp_path):
    # REQ: SEC-5 SD-16
    path = tmp_path / "old.db"
    key = load_keyring_key(path, create=True)
    engine = build_engine(path, key)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007_one_history")
    raw = engine.raw_connection()  # outside any transaction, so the PRAGMA takes effect
    try:
        cursor = raw.cursor()
        # Only the copy rows matter here; the rows they point at are not needed for the step.
        cursor.execute("PRAGMA foreign_keys = OFF")
        cursor.execute(
            "INSERT INTO strategy_copies (id, discussion_id, agency_id, due_at, sent_at, channel, "
            "sent_by_id) VALUES (1, 1, 2, ?, ?, 'secure_post', 1), "
            "(2, 1, 3, ?, ?, 'secure_email', 1)",
            (AT, AT, AT, AT),
        )
        raw.commit()
    finally:
        raw.close()
    engine.dispose()
    store = open_store(path, key)
    try:
        with store.transaction() as s:
            copy, emailed = s.scalars(select(StrategyCopy).order_by(StrategyCopy.id))
            assert emailed.review_note == ""
            assert copy.channel == CopyChannel.SECURE_POST.value  # not silently changed
            assert copy.sent_at is not None
            assert "post" in copy.review_note and "check" in copy.review_note.lower()
            assert CopyChannel(copy.channel).label.startswith("Post (older record, flagged")
    finally:
        store.close()
