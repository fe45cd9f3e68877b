"""RQ-7: a logged contact can be corrected (children, household, referrer, consent), each
amendment audited with old and new values and a reason; after a final decision only when a
manager reopens it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from mash_desktop.domain.contact_codes import ContactStatus, Outcome
from mash_desktop.domain.errors import PermissionDenied, ValidationError
from mash_desktop.domain.roles import Role
from mash_desktop.domain.triage import SubjectInput
from mash_desktop.services.contacts.amend import ContactAmendments, amendment_of
from mash_desktop.services.contacts.queue import QueueFilter, QueueService
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.store.models import AuditEntry
from tests.helpers.contacts import child, contact_input

SIBLING = SubjectInput(first_name="Rowan", last_name="Ashdown", address="12 Heron Close, Poole")


@pytest.fixture
def desk(make_user):
    return make_user("desk.one", Role.DESK_OFFICER, "POLICE", "Pat One")


@pytest.fixture
def manager(make_user):
    return make_user("mash.manager", Role.MASH_MANAGER, "LA-DORSET", "Morgan Lead")


def _amend_entries(ctx):
    with ctx.store.transaction() as s:
        return [
            json.loads(e.details)
            for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "contact.amend"))
        ]


# REQ: RQ-7
def test_children_household_referrer_and_consent_corrected_with_old_and_new_in_the_audit(
    ctx, clock, desk
):
    contacts = ContactService(ctx)
    made = contacts.claim(desk, contacts.intake(desk, contact_input(clock.now(), child())).id)
    current = amendment_of(made)
    corrected = replace(
        current,
        referrer_name="Eli Teacher (deputy head)",
        consent_obtained=False,
        consent_reason="Asking would alert the adult at home.",
        children=(replace(current.children[0], last_name="Ashdowne"), SIBLING),
        household=(
            SubjectInput(
                first_name="Dana",
                last_name="Ashdowne",
                is_child=False,
                relationship_to_child="Mother",
            ),
        ),
    )
    after = ContactAmendments(contacts).amend(
        desk, made.id, made.version, corrected, "Referrer rang back with the sibling"
    )
    assert [c.full_name for c in after.children] == ["Amelia Ashdowne", "Rowan Ashdown"]
    assert after.children[0].id == made.children[0].id  # corrected in place, links kept
    assert [p.full_name for p in after.household] == ["Dana Ashdowne"]
    assert after.referrer_name == "Eli Teacher (deputy head)" and not after.consent_obtained
    # The queue finds the contact by the corrected names.
    rows = QueueService(ctx).page(desk, QueueFilter(text="rowan")).rows
    assert [r.id for r in rows] == [made.id]
    (entry,) = _amend_entries(ctx)
    assert entry["reason"] == "Referrer rang back with the sibling"
    changes = {c["field"]: (c["old"], c["new"]) for c in entry["changes"]}
    assert changes["Referrer"] == ("Eli Teacher", "Eli Teacher (deputy head)")
    assert changes["Consent obtained"] == ("Yes", "No")
    assert changes["Child 1"][0].startswith("Amelia Ashdown,")
    assert changes["Child 1"][1].startswith("Amelia Ashdowne,")
    assert changes["Child 2"] == (
        "",
        "Rowan Ashdown, date of birth not known, 12 Heron Close, Poole",
    )
    assert changes["Household member 1"][1].startswith("Dana Ashdowne, Mother")


# REQ: RQ-7
def test_a_correction_needs_a_reason_and_valid_details_and_keeps_nothing_half_done(
    ctx, clock, desk
):
    contacts = ContactService(ctx)
    made = contacts.claim(desk, contacts.intake(desk, contact_input(clock.now())).id)
    amend = ContactAmendments(contacts)
    bad = replace(amendment_of(made), children=(), consent_obtained=False, consent_reason="")
    with pytest.raises(ValidationError) as caught:
        amend.amend(desk, made.id, made.version, bad, "  ")
    assert {"reason", "children", "consent_reason"} <= set(caught.value.fields)
    assert len(contacts.get(desk, made.id).children) == 1
    with pytest.raises(ValidationError, match="Nothing was changed"):
        amend.amend(desk, made.id, made.version, amendment_of(made), "No change really")


# REQ: RQ-7, RQ-6
def test_only_the_officer_holding_the_claim_corrects_an_open_contact(ctx, clock, desk, make_user):
    contacts = ContactService(ctx)
    made = contacts.claim(desk, contacts.intake(desk, contact_input(clock.now())).id)
    other = make_user("desk.two", Role.DESK_OFFICER, "HEALTH", "Sam Two")
    changed = replace(amendment_of(made), referrer_name="Someone else")
    with pytest.raises(PermissionDenied, match="Another officer holds"):
        ContactAmendments(contacts).amend(other, made.id, made.version, changed, "typo")


# REQ: RQ-7
def test_after_the_decision_only_a_managers_reopening_allows_a_correction(
    ctx, clock, desk, manager
):
    contacts = ContactService(ctx)
    made = contacts.claim(manager, contacts.intake(desk, contact_input(clock.now())).id)
    decided = contacts.decide(manager, made.id, made.version, Outcome.EARLY_HELP, "Family agree")
    amend = ContactAmendments(contacts)
    changed = replace(amendment_of(decided), referrer_name="Eli Teacher-Jones")
    with pytest.raises(PermissionDenied, match="must reopen it"):
        amend.amend(manager, made.id, decided.version, changed, "Surname")
    with pytest.raises(PermissionDenied):
        amend.reopen(desk, made.id, "I want to change it")  # a desk officer cannot reopen
    reopened = amend.reopen(manager, made.id, "Referrer's name was wrong on the form")
    assert reopened.status == ContactStatus.OPEN.value and reopened.outcome is None
    claimed = contacts.claim(manager, made.id)
    after = amend.amend(manager, made.id, claimed.version, changed, "Surname was wrong")
    assert after.referrer_name == "Eli Teacher-Jones"
    with ctx.store.transaction() as s:
        reopen = s.scalar(select(AuditEntry).where(AuditEntry.action == "contact.reopen"))
        assert json.loads(reopen.details)["old"]["outcome"] == Outcome.EARLY_HELP.value
