"""SEC-3, RQ-7: the audit trail is searched for a record by the words the About column shows
(a contact's reference), not only by its internal type and number; on both engines."""

from __future__ import annotations

from mash_desktop.domain.contact_codes import Outcome
from mash_desktop.domain.roles import Role
from mash_desktop.services.audit import AuditFilter, AuditService
from mash_desktop.services.contacts.service import ContactService
from tests.helpers.contacts import contact_input


def test_a_contacts_entries_are_found_by_its_reference(ctx, clock, make_user) -> None:
    # REQ: SEC-3, RQ-7
    manager = make_user("mash.manager", Role.MASH_MANAGER, "LA-DORSET", "Morgan Lead")
    contacts = ContactService(ctx)
    first = contacts.claim(manager, contacts.intake(manager, contact_input(clock.now())).id)
    contacts.decide(manager, first.id, first.version, Outcome.EARLY_HELP, "Family agree")
    other = contacts.intake(manager, contact_input(clock.now()))
    audit = AuditService(ctx)
    rows = audit.search(manager, AuditFilter(object_text=first.reference.lower()))
    assert {r.action for r in rows} >= {"contact.create", "contact.claim", "contact.decide"}
    assert {r.object_label for r in rows} == {f"Contact {first.reference}"}
    assert other.reference not in {r.object_label for r in rows}
    # The internal form still works for those who know it; nothing matches nothing.
    assert audit.search(manager, AuditFilter(object_text=f"contact:{other.id}"))
    assert audit.search(manager, AuditFilter(object_text="MASH-1999-")) == []
