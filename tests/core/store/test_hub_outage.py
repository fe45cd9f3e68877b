"""Hub outages: the server restarts mid-session. The app says so plainly, loses no committed
record, carries on by itself once the server is back, and the change feed reconnects."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from mash_desktop.domain.roles import Role
from mash_desktop.services.audit import verify_store
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.context import AppContext
from mash_desktop.services.drafts import DraftService
from mash_desktop.store.hub_changes import DISCONNECTED, RECONNECTED, Change
from mash_desktop.store.hub_connection import HubUnavailable
from mash_desktop.store.offline_drafts import OfflineDrafts
from tests.helpers.contacts import child, contact_input
from tests.helpers.postgres import PostgresCluster

pytestmark = pytest.mark.hub


@pytest.fixture
def store_engine() -> str:
    return "postgresql"


def test_server_restart_mid_session(
    ctx: AppContext, make_user, pg_cluster: PostgresCluster
) -> None:
    # REQ: SEC-3 (nothing committed is lost; the chain stays whole)
    desk = make_user("desk.a", Role.DESK_OFFICER, "POLICE")
    contacts = ContactService(ctx)
    first = contacts.intake(desk, contact_input(ctx.clock.now(), child("Ada", "Before")))
    seen: list[Change] = []
    back = threading.Event()

    def listen(change: Change) -> None:
        seen.append(change)
        if change.table == RECONNECTED:
            back.set()

    feed = ctx.store.open_change_feed()
    assert feed is not None
    feed.subscribe(listen)
    try:
        pg_cluster.stop()
        try:
            with pytest.raises(HubUnavailable) as caught:
                contacts.intake(desk, contact_input(ctx.clock.now(), child("Bo", "During")))
            message = str(caught.value)
            assert "cannot be reached" in message and "nothing was saved" in message
            assert "psycopg" not in message and "Traceback" not in message
        finally:
            pg_cluster.start()
        second = contacts.intake(desk, contact_input(ctx.clock.now(), child("Cy", "After")))
        assert back.wait(10), "the change feed did not reconnect"
    finally:
        feed.stop()
    assert second.id == first.id + 1
    assert [c.table for c in seen if c.table in (DISCONNECTED, RECONNECTED)][:2] == [
        DISCONNECTED,
        RECONNECTED,
    ]
    assert contacts.get(desk, first.id).id == first.id
    assert verify_store(ctx.store).ok


SECRET_WORDS = "Zebedee bruised wrist Thursday"


def file_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_drafts_wait_on_this_computer_encrypted_while_the_hub_is_down(
    ctx: AppContext, make_user, pg_cluster: PostgresCluster, tmp_path: Path
) -> None:
    # REQ: SEC-9 (nothing typed is lost), SEC-1 (never plain text on disk), RQ-7
    desk = make_user("desk.a", Role.DESK_OFFICER, "POLICE")
    folder = tmp_path / "workstation-data"
    ctx.offline_drafts = OfflineDrafts.for_account(folder, "postgresql://hub/mash", "desk.a")
    drafts = DraftService(ctx)
    contacts = ContactService(ctx)
    typed = {"rationale": SECRET_WORDS}
    pg_cluster.stop()
    try:
        drafts.save(desk, "strategy.record", 7, typed)  # no error: it waits here
        contacts.save_draft(desk, {"concern": SECRET_WORDS + " intake"})
        assert drafts.load(desk, "strategy.record", 7).payload == typed  # type: ignore[union-attr]
        assert drafts.keep_here("contact.amend", 3, typed)
    finally:
        pg_cluster.start()
    kept = file_bytes(folder)
    assert kept and SECRET_WORDS.encode() not in kept and b"Zebedee" not in kept
    assert b"SQLite format 3" not in kept
    assert {(d.kind, d.ref) for d in ctx.offline_drafts.waiting()} == {
        ("strategy.record", "7"),
        ("contact.intake", ""),
        ("contact.amend", "3"),
    }
    # After an app restart (a new context, the same account on this computer) it is offered.
    again = AppContext(store=ctx.store, clock=ctx.clock, offline_drafts=ctx.offline_drafts)
    assert DraftService(again).load(desk, "strategy.record", 7).payload == typed  # type: ignore[union-attr]
    assert ContactService(again).load_draft(desk).payload["concern"].startswith("Zebedee")  # type: ignore[union-attr]
    # The hub is back: the next keep moves the draft to the hub; saving the form removes it.
    DraftService(again).save(desk, "strategy.record", 7, typed)
    assert ("strategy.record", "7") not in {(d.kind, d.ref) for d in ctx.offline_drafts.waiting()}
    assert DraftService(again).load(desk, "strategy.record", 7).payload == typed  # type: ignore[union-attr]
    ContactService(again).intake(desk, contact_input(ctx.clock.now(), child("Zeb", "Saved")))
    DraftService(again).discard(desk, "contact.amend", 3)
    assert ctx.offline_drafts.waiting() == []
    assert SECRET_WORDS.encode() not in file_bytes(folder)
    assert verify_store(ctx.store).ok
