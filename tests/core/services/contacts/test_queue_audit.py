"""The trail records people, not timers (SEC-3): a listing a person asked for is recorded
with the contacts it showed; a timer's refresh only when it shows contacts not yet shown."""

from __future__ import annotations

import json

from sqlalchemy import select

from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.queue import QueueFilter, QueueService
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.store.models import AuditEntry
from tests.helpers.contacts import child, contact_input


def queue_entries(ctx, actor: str) -> list[dict]:
    with ctx.store.transaction() as s:
        rows = s.scalars(
            select(AuditEntry.details)
            .where(AuditEntry.actor == actor, AuditEntry.action == "queue.view")
            .order_by(AuditEntry.seq)
        ).all()
    return [json.loads(d) for d in rows]


def test_refreshes_are_recorded_only_for_what_they_newly_show(ctx, clock, make_user):
    # REQ: SEC-3
    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE")
    other = make_user("desk.two", Role.DESK_OFFICER, "HEALTH")
    contacts = ContactService(ctx)
    first = [
        contacts.intake(other, contact_input(clock.now(), child(f"Ava{n}"))).id for n in range(3)
    ]
    queue = QueueService(ctx)
    page = queue.page(desk, QueueFilter())  # the person opened the queue
    shown = {row.id for row in page.rows}
    [listing] = queue_entries(ctx, "desk.one")
    assert sorted(listing["contacts"]) == sorted(first) and "refresh" not in listing
    for _ in range(20):  # a poll every few seconds for a minute: nothing new on screen
        queue.page(desk, QueueFilter(), refresh=True, shown=shown)
    assert len(queue_entries(ctx, "desk.one")) == 1
    new = contacts.intake(other, contact_input(clock.now(), child("Bea"))).id
    page = queue.page(desk, QueueFilter(), refresh=True, shown=shown)
    entries = queue_entries(ctx, "desk.one")
    assert len(entries) == 2 and entries[-1] == {"refresh": True, "contacts": [new]}
    queue.page(desk, QueueFilter(text="ava"))  # a search the person typed
    queue.page(desk, QueueFilter(), limit=2, offset=2)  # scrolling on
    entries = queue_entries(ctx, "desk.one")
    assert entries[-2]["text"] is True and len(entries[-2]["contacts"]) == 3
    assert entries[-1]["from"] == 2 and len(entries[-1]["contacts"]) == 2
