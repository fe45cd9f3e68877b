"""Hub outages: the server restarts mid-session. The app says so plainly, loses no committed
record, carries on by itself once the server is back, and the change feed reconnects."""

from __future__ import annotations

import threading

import pytest

from mash_desktop.domain.roles import Role
from mash_desktop.services.audit import verify_store
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.context import AppContext
from mash_desktop.store.hub_changes import DISCONNECTED, RECONNECTED, Change
from mash_desktop.store.hub_connection import HubUnavailable
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
