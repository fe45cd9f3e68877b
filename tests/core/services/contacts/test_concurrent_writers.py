"""RQ-6 with writers side by side: on a hub two officers' changes to different contacts do not
wait for each other, while two changes to the same contact still meet as before (the second
waits for the first, then gets the same plain message as one after the other)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from mash_desktop.domain.errors import ConflictError
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts import service as contact_service
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.context import AppContext
from tests.core.services.contacts.test_service import edit_of
from tests.helpers.contacts import child, contact_input
from tests.helpers.hub_fixtures import second_store

HELD = "held-writer"


@pytest.fixture
def desk(make_user):
    return make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")


@pytest.fixture
def other(make_user):
    return make_user("desk.two", Role.DESK_OFFICER, "HEALTH", "Hana Two")


class Held:
    """A service call on another workstation, stopped inside its transaction (after its
    change, before its commit) until ``go()``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.inside, self.release = threading.Event(), threading.Event()
        real = contact_service.record

        def record(*args: Any, **kwargs: Any) -> Any:
            entry = real(*args, **kwargs)
            if threading.current_thread().name == HELD:
                self.inside.set()
                assert self.release.wait(30), "the held transaction was never let go"
            return entry

        monkeypatch.setattr(contact_service, "record", record)

    def go(self) -> None:
        self.release.set()


class Call(threading.Thread):
    def __init__(self, fn: Callable[[], Any], name: str = "writer") -> None:
        super().__init__(name=name, daemon=True)
        self.fn, self.result, self.error, self.took = fn, None, None, 0.0

    def run(self) -> None:
        start = time.monotonic()
        try:
            self.result = self.fn()
        except BaseException as exc:  # handed to the test
            self.error = exc
        self.took = time.monotonic() - start


@pytest.fixture
def workstation(ctx: AppContext, clock) -> Iterator[ContactService]:
    """A second workstation's contact service (its own connection)."""
    store2 = second_store(ctx.store)
    try:
        yield ContactService(AppContext(store2, clock))
    finally:
        store2.close()


@pytest.mark.hub
@pytest.mark.parametrize("store_engine", ["postgresql"], indirect=True)
def test_writers_on_different_contacts_do_not_wait_for_each_other(
    ctx, clock, desk, other, workstation, monkeypatch
):
    # REQ: RQ-6 (several officers work the queue at once; on a hub side by side)
    service = ContactService(ctx)
    first = service.intake(desk, contact_input(clock.now(), child("Ada", "First")))
    second = service.intake(desk, contact_input(clock.now(), child("Bo", "Second")))
    held = Held(monkeypatch)
    a = Call(lambda: workstation.claim(desk, first.id), name=HELD)
    a.start()
    try:
        assert held.inside.wait(20), "the first claim never reached its audit entry"
        # The first claim holds its row and has not committed; another officer's claim of a
        # different contact goes through at once (one hub-wide write lock made it wait).
        b = Call(lambda: service.claim(other, second.id))
        b.start()
        b.join(10)
        assert not b.is_alive() and b.error is None, b.error
        assert b.took < 5 and a.is_alive()
        assert b.result.claimed_by == "Hana Two"
    finally:
        held.go()
        a.join(20)
    assert a.error is None, a.error
    assert service.get(desk, first.id).claimed_by == "Pat One"


def test_second_claim_of_the_same_contact_waits_then_gets_the_plain_message(
    ctx, clock, desk, other, workstation, monkeypatch
):
    # REQ: RQ-6 (a contact is claimed by one officer at a time, even at the same moment)
    service = ContactService(ctx)
    made = service.intake(desk, contact_input(clock.now(), child("Cy", "Same")))
    held = Held(monkeypatch)
    a = Call(lambda: workstation.claim(desk, made.id), name=HELD)
    a.start()
    try:
        assert held.inside.wait(20)
        b = Call(lambda: service.claim(other, made.id))
        b.start()
        b.join(1.0)
        assert b.is_alive(), "the second claim did not wait for the first one's commit"
    finally:
        held.go()
        a.join(20)
    b.join(20)
    assert a.error is None, a.error
    assert isinstance(b.error, ConflictError)
    assert "Pat One holds this contact" in str(b.error)
    assert service.get(desk, made.id).claimed_by == "Pat One"


def test_same_version_saved_at_once_second_gets_the_conflict_and_loses_nothing(
    ctx, clock, desk, workstation, monkeypatch
):
    # REQ: RQ-6 (nobody's save is lost to another's)
    service = ContactService(ctx)
    made = service.claim(desk, service.intake(desk, contact_input(clock.now())).id)
    held = Held(monkeypatch)
    a = Call(
        lambda: workstation.save(desk, made.id, made.version, edit_of(made, concern="First")),
        name=HELD,
    )
    a.start()
    try:
        assert held.inside.wait(20)
        b = Call(lambda: service.save(desk, made.id, made.version, edit_of(made, concern="Next")))
        b.start()
        b.join(1.0)
        assert b.is_alive(), "the second save did not wait for the first one's commit"
    finally:
        held.go()
        a.join(20)
    b.join(20)
    assert a.error is None, a.error
    assert isinstance(b.error, ConflictError)
    assert "changed by someone else" in str(b.error)
    assert b.error.theirs.concern == "First" and b.error.mine["concern"] == "Next"
    assert service.get(desk, made.id).concern == "First"
