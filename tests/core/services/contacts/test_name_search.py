"""Names through the real services and encrypted store: stored as typed (NFC), unstorable
characters refused, found by the queue search and matched across contacts whatever their
accents, spelling or script (RQ-1, RQ-3, RQ-8)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mash_desktop.domain.errors import ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.matching import MatchingService
from mash_desktop.services.contacts.queue import QueueFilter, QueueService
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.store.models import Subject
from tests.helpers.contacts import child, contact_input

DOB = date(2016, 4, 9)


@pytest.fixture
def desk(make_user):
    return make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")


def test_a_name_is_stored_as_typed_in_composed_form(ctx, clock, desk):
    # REQ: RQ-1
    contacts = ContactService(ctx)
    detail = contacts.intake(desk, contact_input(clock.now(), child("Zoe\u0308", "ښکلا ځدراڼ")))
    with ctx.store.transaction() as s:
        stored = s.scalars(select(Subject).where(Subject.contact_id == detail.id)).one()
        assert (stored.first_name, stored.last_name) == ("Zoë", "ښکلا ځدراڼ")


def test_a_control_character_in_a_name_is_refused_with_a_field_error(ctx, clock, desk):
    # REQ: RQ-1
    contacts = ContactService(ctx)
    with pytest.raises(ValidationError) as refused:
        contacts.intake(desk, contact_input(clock.now(), child("Amelia\x00", "Ashdown")))
    assert refused.value.fields["child.0.first_name"] == (
        "Child 1: the first name has a control character (a tab, line break or similar). Retype it."
    )
    assert QueueService(ctx).page(desk, QueueFilter()).total == 0  # nothing half-saved


def test_queue_search_finds_a_child_whatever_the_accents_spelling_or_script(ctx, clock, desk):
    # REQ: RQ-8
    contacts = ContactService(ctx)
    now = clock.now()
    contacts.intake(desk, contact_input(now, child("Zoë", "Łukaszewska")))
    contacts.intake(desk, contact_input(now, child("Muhammad", "Rahimi")))
    contacts.intake(desk, contact_input(now, child("Олена", "Коваленко")))
    queue = QueueService(ctx)

    def found(text: str) -> list[str]:
        return sorted(r.child_name for r in queue.page(desk, QueueFilter(text=text)).rows)

    assert found("zoe lukasz") == ["Zoë Łukaszewska"]
    assert found("ZOË") == ["Zoë Łukaszewska"]
    assert found("Mohamed") == ["Muhammad Rahimi"]
    assert found("محمد") == ["Muhammad Rahimi"]
    assert found("olena koval") == ["Олена Коваленко"]
    assert found("Олена") == ["Олена Коваленко"]
    assert found("ahmed") == []


def test_an_earlier_contact_is_matched_across_spellings_and_scripts(ctx, clock, desk):
    # REQ: RQ-3
    contacts = ContactService(ctx)
    now = clock.now()
    earlier = contacts.intake(
        desk, contact_input(now - timedelta(days=90), child("Mohamed", "Al-Ahmad", DOB))
    )
    other = contacts.intake(
        desk, contact_input(now - timedelta(days=60), child("Yousef", "Haddad", DOB))
    )
    new = contacts.intake(desk, contact_input(now, child("محمد", "الأحمد", DOB)))
    rows = MatchingService(ctx).matches(desk, new.id)
    assert [r.other_contact_id for r in rows] == [earlier.id]
    assert other.id not in [r.other_contact_id for r in rows]
    assert "first name: spellings of the same name (محمد / Mohamed)" in rows[0].reasons
    assert "surname has the same consonants" in rows[0].reasons
