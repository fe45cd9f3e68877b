from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import inspect

from mash_desktop.domain.contact_codes import LinkDecision, Rag
from mash_desktop.domain.errors import PermissionDenied
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.matching import MatchingService
from mash_desktop.services.contacts.queue import QueueFilter, QueueService, QueueSort
from mash_desktop.services.contacts.service import ContactService
from tests.helpers.contacts import child, contact_input


@pytest.fixture
def desk(make_user):
    return make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")


def test_queue_tables_exist(ctx):
    tables = set(inspect(ctx.store.engine).get_table_names())
    assert {"contact_drafts", "person_links"} <= tables
    columns = {c["name"] for c in inspect(ctx.store.engine).get_columns("contacts")}
    assert {"first_child_name", "child_search", "child_count"} <= columns


def test_queue_filters_sorts_and_pages(ctx, clock, desk):
    # REQ: RQ-2
    contacts = ContactService(ctx)
    now = clock.now()
    red = contacts.intake(desk, contact_input(now, child("Ivy", "Larkspur"), rag="red"))
    contacts.intake(
        desk,
        contact_input(now - timedelta(days=4), child("Noah", "Saltmarsh"), rag="green"),
    )
    contacts.intake(
        desk,
        contact_input(
            now, child("Leo", "Orchard"), child("Mia", "Orchard"), referrer_agency_code="HEALTH"
        ),
    )
    queue = QueueService(ctx)
    page = queue.page(desk, QueueFilter())
    assert page.total == 3
    assert page.rows[0].id != red.id or page.rows[0].rag is Rag.RED
    by_due = [r.decision_due_at for r in queue.page(desk, QueueFilter(), QueueSort.DUE).rows]
    assert by_due == sorted(by_due)
    assert [r.child_name for r in queue.page(desk, QueueFilter(text="orch")).rows] == [
        "Leo Orchard"
    ]
    assert queue.page(desk, QueueFilter(text="mia orch")).total == 1  # second child too
    assert queue.page(desk, QueueFilter(rag="red")).rows[0].id == red.id
    assert queue.page(desk, QueueFilter(agency_code="HEALTH")).total == 1
    overdue = queue.page(desk, QueueFilter(overdue_only=True)).rows
    assert [r.child_name for r in overdue] == ["Noah Saltmarsh"]  # 96 h > 72 h green clock
    assert len(queue.page(desk, QueueFilter(), limit=2).rows) == 2
    assert len(queue.page(desk, QueueFilter(), limit=2, offset=2).rows) == 1
    names = [r.child_name for r in queue.page(desk, QueueFilter(), QueueSort.CHILD, True).rows]
    assert names == sorted(names, reverse=True)


def test_change_token_moves_when_another_change_lands(ctx, clock, desk):
    # REQ: RQ-2, RQ-6
    queue = QueueService(ctx)
    before = queue.change_token(desk)
    made = ContactService(ctx).intake(desk, contact_input(clock.now()))
    after_intake = queue.change_token(desk)
    assert after_intake != before
    clock.advance(timedelta(seconds=5))
    ContactService(ctx).claim(desk, made.id)
    assert queue.change_token(desk) != after_intake


def test_auditor_cannot_read_the_queue(ctx, make_user):
    # REQ: SEC-2
    auditor = make_user("aud", Role.AUDITOR)
    with pytest.raises(PermissionDenied):
        QueueService(ctx).page(auditor, QueueFilter())


def test_matches_list_earlier_contacts_with_reasons_and_record_decisions(ctx, clock, desk):
    # REQ: RQ-3
    contacts = ContactService(ctx)
    now = clock.now()
    by_nhs = contacts.intake(
        desk, contact_input(now - timedelta(days=300), child("Amy", "Brackley", nhs="9434765919"))
    )
    misspelt = contacts.intake(
        desk,
        contact_input(now - timedelta(days=200), child("Amelia", "Ashdowne", date(2019, 7, 3))),
    )
    contacts.intake(
        desk, contact_input(now - timedelta(days=100), child("Oscar", "Ashdown", date(2019, 3, 7)))
    )
    new = contacts.intake(
        desk, contact_input(now, child("Amelia", "Ashdown", date(2019, 3, 7), nhs="9434765919"))
    )
    matching = MatchingService(ctx)
    rows = matching.matches(desk, new.id)
    assert [r.other_contact_id for r in rows] == [by_nhs.id, misspelt.id]
    assert rows[0].kind == "nhs"
    assert "same NHS number" in rows[0].reasons
    assert "surname spelled differently" in rows[1].reasons
    assert "day and month swapped" in rows[1].reasons
    matching.decide(desk, rows[1].child_subject_id, rows[1].other_subject_id, LinkDecision.SAME)
    matching.decide(
        desk, rows[0].child_subject_id, rows[0].other_subject_id, LinkDecision.NOT_SAME, "twin"
    )
    decided = {r.other_contact_id: r.decision for r in matching.matches(desk, new.id)}
    assert decided == {by_nhs.id: LinkDecision.NOT_SAME, misspelt.id: LinkDecision.SAME}
    from sqlalchemy import select

    from mash_desktop.store.models import AuditEntry

    with ctx.store.transaction() as s:
        acts = list(s.scalars(select(AuditEntry.action)))
    assert {"person.link_same", "person.not_same", "person.match_view"} <= set(acts)
