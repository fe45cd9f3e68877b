"""The queue's timer records nothing unless it shows a person something new (SEC-3)."""

from __future__ import annotations

import json

from sqlalchemy import select

from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.store.models import AuditEntry
from tests.helpers.contacts import child, contact_input
from ui.contacts.queue_view import QueueView
from ui.kit.session import UiSession


def queue_entries(ctx) -> list[dict]:
    with ctx.store.transaction() as s:
        rows = s.scalars(
            select(AuditEntry.details)
            .where(AuditEntry.actor == "desk.one", AuditEntry.action == "queue.view")
            .order_by(AuditEntry.seq)
        ).all()
    return [json.loads(d) for d in rows]


def test_polling_writes_no_entry_until_something_new_is_shown(qtbot, ctx, clock, make_user):
    # REQ: SEC-3
    desk = make_user("desk.one", Role.DESK_OFFICER, "POLICE")
    other = make_user("desk.two", Role.DESK_OFFICER, "HEALTH")
    ContactService(ctx).intake(other, contact_input(clock.now(), child("Ava")))
    view = QueueView(UiSession(ctx, desk))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    opened = len(queue_entries(ctx))
    assert opened == 1
    for _ in range(10):
        view.poll()  # what the poll timer does
    assert len(queue_entries(ctx)) == opened
    # Another officer's claim changes the store but shows nothing new: still no entry.
    ContactService(ctx).claim(other, view.model.shown_ids().__iter__().__next__())
    view.poll()
    assert len(queue_entries(ctx)) == opened
    new = ContactService(ctx).intake(other, contact_input(clock.now(), child("Bea"))).id
    view.poll()
    assert view.model.rowCount() == 2
    assert queue_entries(ctx)[-1] == {"refresh": True, "contacts": [new]}
    view.refresh_button.click()  # the person asked: recorded with what it showed
    assert len(queue_entries(ctx)) == opened + 2
    assert "refresh" not in queue_entries(ctx)[-1]
