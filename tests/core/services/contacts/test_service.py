from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from mash_desktop.domain.contact_codes import Channel, ContactStatus, Outcome, Rag
from mash_desktop.domain.errors import ConflictError, PermissionDenied, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.services.contacts.service import ContactEdit, ContactService
from mash_desktop.services.context import AppContext
from mash_desktop.store.models import AuditEntry
from tests.helpers.contacts import child, contact_input
from tests.helpers.hub_fixtures import second_store


@pytest.fixture
def desk(make_user):
    return make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")


@pytest.fixture
def manager(make_user):
    return make_user("mash.manager", Role.MASH_MANAGER, "LA-DORSET", "Morgan Lead")


def actions(ctx):
    with ctx.store.transaction() as s:
        return [(e.action, e.actor, e.object_id) for e in s.scalars(select(AuditEntry))]


def edit_of(detail, **changes):
    base = ContactEdit(
        rag=detail.rag,
        rag_reason=detail.rag_reason,
        concern=detail.concern,
        call_notes=detail.call_notes,
        child_in_hospital=detail.child_in_hospital,
        csc_case_open=detail.csc_case_open,
        allocated_team=detail.allocated_team,
    )
    return replace(base, **changes)


def test_intake_records_everything_and_starts_the_rag_clock(ctx, clock, desk):
    # REQ: RQ-1, RQ-2
    service = ContactService(ctx)
    data = contact_input(clock.now(), child(), rag="red", rag_reason="Injury disclosed")
    made = service.intake(desk, data)
    assert made.reference.startswith("MASH-2026-")
    assert made.rag is Rag.RED
    assert made.decision_due_at == data.received_at + timedelta(hours=4)
    assert made.children[0].first_name == "Amelia"
    assert made.status == ContactStatus.OPEN
    assert ("contact.create", "desk.one", str(made.id)) in actions(ctx)


def test_intake_names_each_missing_field(ctx, clock, desk):
    # REQ: RQ-1, SEC-6
    data = contact_input(
        clock.now(),
        child(first="", nhs="943 476 5918"),
        referrer_name="",
        channel=Channel.PHONE,
        consent_obtained=False,
        concern=" ",
    )
    with pytest.raises(ValidationError) as err:
        ContactService(ctx).intake(desk, data)
    fields = err.value.fields
    assert {"referrer_name", "call_notes", "consent_reason", "concern"} <= set(fields)
    assert "child.0.first_name" in fields
    assert "NHS number" in fields["child.0.nhs_number"]


def test_draft_survives_a_restart(ctx, clock, desk):
    # REQ: RQ-1
    ContactService(ctx).save_draft(desk, {"referrer_name": "Half typed", "concern": "Bruis"})
    ctx.store.close()
    store = second_store(ctx.store)
    try:
        again = AppContext(store, clock)
        draft = ContactService(again).load_draft(desk)
        assert draft is not None
        assert draft.payload["concern"] == "Bruis"
        ContactService(again).intake(desk, contact_input(clock.now()))
        assert ContactService(again).load_draft(desk) is None  # a logged contact ends its draft
    finally:
        store.close()


def test_view_is_audited(ctx, clock, desk):
    # REQ: SEC-3, RQ-5
    service = ContactService(ctx)
    made = service.intake(desk, contact_input(clock.now()))
    service.get(desk, made.id)
    assert ("contact.view", "desk.one", str(made.id)) in actions(ctx)


def test_claim_is_exclusive_release_and_take_over(ctx, clock, desk, manager, make_user):
    # REQ: RQ-6
    other = make_user("desk.two", Role.DESK_OFFICER, "HEALTH", "Hana Two")
    service = ContactService(ctx)
    made = service.intake(desk, contact_input(clock.now()))
    held = service.claim(desk, made.id)
    assert held.claimed_by == "Pat One"
    with pytest.raises(ConflictError, match="Pat One holds this contact"):
        service.claim(other, made.id)
    with pytest.raises(PermissionDenied):
        service.release(other, made.id)
    with pytest.raises(PermissionDenied):
        service.take_over(other, made.id, "because")
    taken = service.take_over(manager, made.id, "Pat is off sick")
    assert taken.claimed_by == "Morgan Lead"
    released = service.release(manager, made.id)
    assert released.claimed_by == ""
    assert service.claim(other, made.id).claimed_by == "Hana Two"
    kinds = [a[0] for a in actions(ctx)]
    assert {"contact.claim", "contact.take_over", "contact.release"} <= set(kinds)


def test_save_needs_the_claim(ctx, clock, desk):
    # REQ: RQ-6
    service = ContactService(ctx)
    made = service.intake(desk, contact_input(clock.now()))
    with pytest.raises(PermissionDenied, match="Claim"):
        service.save(desk, made.id, made.version, edit_of(made, concern="More"))


def test_second_process_gets_a_conflict_with_both_versions(ctx, clock, desk, manager):
    # REQ: RQ-6
    service = ContactService(ctx)
    made = service.claim(desk, service.intake(desk, contact_input(clock.now())).id)
    # A second workstation: its own engine on the same file, or its own hub connection.
    store2 = second_store(ctx.store)
    try:
        service2 = ContactService(AppContext(store2, clock))
        seen_by_manager = service2.get(manager, made.id)
        clock.advance(timedelta(minutes=1))
        saved = service.save(desk, made.id, made.version, edit_of(made, concern="Officer's update"))
        assert saved.version > made.version
        # The manager takes the claim over (not version-checked: a claim is not an edit) ...
        service2.take_over(manager, made.id, "cover")
        # ... then saves the edit made on the version read before the officer's save.
        with pytest.raises(ConflictError) as err:
            service2.save(
                manager,
                made.id,
                seen_by_manager.version,
                edit_of(seen_by_manager, concern="Manager's update"),
            )
        assert err.value.mine["concern"] == "Manager's update"
        assert err.value.theirs.concern == "Officer's update"
        assert "changed by someone else" in str(err.value)
        # Nothing silently lost: the officer's text is still the stored one.
        assert service.get(desk, made.id).concern == "Officer's update"
    finally:
        store2.close()


def test_rag_change_needs_reason_and_moves_the_clock(ctx, clock, desk):
    # REQ: RQ-2, RQ-5
    service = ContactService(ctx)
    made = service.claim(desk, service.intake(desk, contact_input(clock.now())).id)
    with pytest.raises(ValidationError) as err:
        service.save(desk, made.id, made.version, edit_of(made, rag=Rag.RED, rag_reason=""))
    assert "rag_reason" in err.value.fields
    saved = service.save(
        desk, made.id, made.version, edit_of(made, rag=Rag.RED, rag_reason="Disclosure")
    )
    assert saved.decision_due_at == saved.received_at + timedelta(hours=4)


def test_decision_records_who_when_why(ctx, clock, desk, manager):
    # REQ: RQ-5
    service = ContactService(ctx)
    made = service.intake(desk, contact_input(clock.now()))
    with pytest.raises(PermissionDenied):
        service.decide(desk, made.id, made.version, Outcome.EARLY_HELP, "why")
    held = service.claim(manager, made.id)
    with pytest.raises(ValidationError):
        service.decide(manager, made.id, held.version, Outcome.EARLY_HELP, " ")
    done = service.decide(manager, made.id, held.version, Outcome.EARLY_HELP, "Needs support")
    assert done.status == ContactStatus.DECIDED
    assert done.outcome == Outcome.EARLY_HELP
    assert done.outcome_by == "Morgan Lead"
    assert done.outcome_at == clock.now()
    assert done.outcome_rationale == "Needs support"
    assert ("contact.decide", "mash.manager", str(made.id)) in actions(ctx)


def test_open_csc_case_is_routed_not_taken_to_strategy(ctx, clock, desk, manager):
    # REQ: RQ-4, SD-0
    service = ContactService(ctx)
    made = service.intake(
        desk,
        contact_input(clock.now(), csc_case_open=True, allocated_team="Poole Locality Team 2"),
    )
    assert not service.strategy_discussion_allowed(desk, made.id).allowed
    held = service.claim(manager, made.id)
    with pytest.raises(ValidationError, match="allocated team"):
        service.decide(manager, made.id, held.version, Outcome.STRATEGY_DISCUSSION, "s47")
    routed = service.route_to_allocated_team(manager, made.id, held.version, "")
    assert routed.status == ContactStatus.ROUTED
    assert "Poole Locality Team 2" in routed.outcome_rationale
    plain = service.intake(desk, contact_input(clock.now()))
    assert service.strategy_discussion_allowed(desk, plain.id).allowed


def test_rag_timescales_are_settings(ctx, clock, desk, admin):
    # REQ: RQ-2
    from mash_desktop.services.settings import SettingsService

    SettingsService(ctx).set(admin, "rag_hours_red", 2)
    data = contact_input(clock.now(), rag="red")
    made = ContactService(ctx).intake(desk, data)
    assert made.decision_due_at == data.received_at + timedelta(hours=2)
